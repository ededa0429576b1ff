"""Partial reports merge exactly (issue 16): for random partitions of a corpus,
merge(score(parts)) == score(all), through the Python API and through --shard files."""

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.score.engine import score_files
from annotator.score.aggregate import FirstByKey
from annotator.score.merge import MergeError, first_by_key, merge_reports
from annotator.score.partial import score_records
from annotator.score.stats import bootstrap_intervals
from synth import records


def _same(a: dict, b: dict) -> None:
    a, b = dict(a), dict(b)
    a.pop("run", None), b.pop("run", None)
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def _corpus(n: int, seed: int):
    golds, preds, texts = records(n, 6, seed=seed, safe=False)
    rng = random.Random(seed)
    for g, p in zip(golds, preds):  # quotes and claims too, so attributes and end-to-end merge
        if g["entities"]:
            e = g["entities"][0]
            g["quotes"] = [{"id": "q1", "start": e["start"], "end": e["end"], "text": e["text"], "kind": "direct", "speaker": None, "cue": None}]
            if rng.random() < 0.7:
                p["quotes"] = [{"start": e["start"], "end": e["end"], "text": e["text"], "kind": rng.choice(["direct", "indirect"]), "speaker": None, "cue": None}]
            if rng.random() < 0.3:  # string-anchored entities: alignment counts merge
                p["entities"] = [{"text": x["text"], "label": x["label"]} for x in p["entities"]]
    items = list(zip(golds, [p if random.Random(i).random() < 0.9 else None for i, p in enumerate(preds)], texts))
    return items


ITEMS = _corpus(80, 3)
WHOLE = score_records(ITEMS, keys=range(len(ITEMS)), max_errors=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assignment=st.lists(st.integers(0, 4), min_size=len(ITEMS), max_size=len(ITEMS)), order=st.randoms(use_true_random=False))
def test_merge_of_random_partitions_equals_scoring_all(assignment, order):
    """Any partition, parts merged in any order: the same report, errors capped the same way,
    and the same bootstrap intervals from the merged per-document vectors."""
    parts: dict[int, list[int]] = {}
    for i, part in enumerate(assignment):
        parts.setdefault(part, []).append(i)
    reports = [score_records([ITEMS[i] for i in idx], keys=idx, max_errors=25) for idx in parts.values()]
    order.shuffle(reports)
    merged = merge_reports(reports, max_errors=25)
    _same(merged, WHOLE)
    with_ci = merge_reports(reports, bootstrap=50, seed=4, max_errors=25)
    assert with_ci["bootstrap"] == bootstrap_intervals(WHOLE["per_document"], 50, 4)


def test_overlapping_or_different_reports_are_refused():
    a = score_records(ITEMS[:10])
    with pytest.raises(MergeError, match="in report 1 and in report 2"):
        merge_reports([a, a])
    from annotator.score.document import Options

    b = score_records(ITEMS[10:20], options=Options(min_iou=0.3))
    with pytest.raises(MergeError, match="options"):
        merge_reports([a, b])
    with pytest.raises(MergeError, match="not an annotator score report"):
        merge_reports([a, {"format": "something"}])


def test_shards_of_files_merge_into_the_whole_report(tmp_path):
    """--shard I/N of the same files, merged: the report of scoring the files at once."""
    golds, preds, _ = records(120, 5, seed=9, safe=False)
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in golds), encoding="utf-8")
    preds.reverse()  # out of order: documents are still listed in gold order
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds[:-3]), encoding="utf-8")
    whole = score_files([gold], [pred], max_errors=40).data
    shards = [score_files([gold], [pred], shard=(i, 3), max_errors=40).data for i in range(3)]
    assert sorted(d for s in shards for d in s["per_document"]) == sorted(whole["per_document"])
    assert all(s["shard"] == {"index": i + 1, "count": 3} for i, s in enumerate(shards))
    assert all(0 < s["documents"]["scored"] < 120 for s in shards)
    _same(merge_reports(shards, max_errors=40), whole)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers()), max_size=80), st.integers(0, 40))
def test_first_by_key_keeps_what_the_running_list_keeps(pairs, limit):
    """The merge lists errors in one stable sort: the items FirstByKey keeps when they come
    one by one (stable among equal keys, whatever the order they come in)."""
    running = FirstByKey(limit)
    for key, item in pairs:
        running.extend(key, [item])
    assert first_by_key(pairs, limit) == running.items
