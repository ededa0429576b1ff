"""The fast lane's bulk scorer (``annotator.score.bulk``) on inputs the other lane tests do not
shape: spans listed in any order in their records (the spans left after the identical pairs
are sorted from the records' order), gold and predictions, with offsets and string-anchored.
Each report is compared with the general path's, line by line (``test_lane``'s helper)."""

import random

import pytest
from synth import records
from test_lane import _files, same_with_and_without

from annotator.validate import batch


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(batch, "BATCH", 7)


def _shuffled(seed: int, anchored: bool) -> tuple[list, list]:
    golds, preds, _ = records(60, 8, seed=seed, safe=False)
    rng = random.Random(seed)
    for g in golds:
        rng.shuffle(g["entities"])
    for p in preds:
        if anchored:
            p["entities"] = [{"text": e["text"], "label": e["label"]} for e in p["entities"]]
        rng.shuffle(p["entities"])
    return golds, preds


@pytest.mark.parametrize("anchored", [False, True], ids=["offsets", "string-anchored"])
def test_spans_in_any_order_in_their_records(tmp_path, anchored):
    golds, preds = _shuffled(11, anchored)
    assert any(g["entities"] != sorted(g["entities"], key=lambda e: (e["start"], e["end"])) for g in golds)
    code, data = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and data["documents"]["scored"] == 60
