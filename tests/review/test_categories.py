"""Review categories: small hand-made fixtures with each category, and the counts of a review
equal to ``annotator score``'s on the seed gold and the held-out text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotator.extract import extract_corpus
from annotator.io.corpus import load_documents
from annotator.io.jsonl import dumps_line
from annotator.review.categories import review_document
from annotator.review.load import Review, load_review
from annotator.score.document import score_document
from annotator.score.engine import ScoreInputError, score_files

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = ROOT / "corpus" / "gold" / "000_9cb6c4488f67ca16.jsonl"
SEED_DOCS = ROOT / "corpus" / "documents.jsonl"
HELDOUT = ROOT / "tests" / "extract" / "heldout"

TEXT = "قال الوزير أحمد علي إن الجيش قتل 20 مقاتلا في بغداد أمس."


def _at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def ent(word: str, label: str, ident: str | None = None, anchored: bool = False) -> dict:
    s, e = (None, None) if anchored else _at(word)
    return {"id": ident, "start": None if anchored else s, "end": None if anchored else e, "text": word, "label": label}


def quote(word: str, kind: str, speaker=None, cue=None) -> dict:
    s, e = _at(word)
    return {"id": None, "start": s, "end": e, "text": word, "kind": kind, "speaker": speaker, "cue": cue}


def claim(word: str, value, unit: str | None, kind: str = "count") -> dict:
    s, e = _at(word)
    return {"id": None, "start": s, "end": e, "text": word, "kind": kind, "value": value, "unit": unit, "source": None,
            "time": None, "place": None}


def record(entities=(), quotes=(), claims=()) -> dict:
    return {"doc_id": "d", "entities": list(entities), "quotes": list(quotes), "claims": list(claims)}


def review(gold: dict, pred: dict):
    return review_document(gold, pred, TEXT, score_document(gold, pred, TEXT))


def by_category(doc) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in doc.items:
        for name in item.categories:
            out.setdefault(name, []).append(item)
    return out


def test_each_entity_category_from_the_scorers_matching() -> None:
    gold = record([ent("أحمد علي", "PER"), ent("الجيش", "ORG"), ent("بغداد", "LOC"), ent("الوزير", "PER"), ent("أمس", "TIME")])
    pred = record([
        ent("أحمد علي", "PER"),  # correct
        ent("الجيش قتل", "ORG"),  # boundary
        ent("بغداد", "ORG"),  # wrong label
        ent("قال الوزير", "LOC"),  # wrong label and boundary
        ent("مقاتلا", "PER"),  # spurious
    ])  # أمس: missed
    got = by_category(review(gold, pred))
    assert {k: len(v) for k, v in got.items()} == {"correct": 1, "boundary": 1, "label": 1, "label+boundary": 1, "missed": 1, "spurious": 1}
    b = got["boundary"][0]
    assert b.gold_at == _at("الجيش") and b.pred_at == (_at("الجيش")[0], _at("قتل")[1])
    assert "overlap" in b.lenient_schemes() and "strict" not in b.lenient_schemes()
    assert got["label"][0].label("gold") == "LOC" and got["label"][0].label("pred") == "ORG"
    assert got["missed"][0].gold["text"] == "أمس" and got["missed"][0].pred is None
    assert got["spurious"][0].pred["text"] == "مقاتلا" and got["spurious"][0].gold is None
    assert not got["correct"][0].is_error


def test_items_are_in_reading_order_with_their_own_keys() -> None:
    gold = record([ent("بغداد", "LOC"), ent("أحمد علي", "PER")])
    pred = record([ent("أمس", "TIME"), ent("أحمد علي", "PER")])
    doc = review(gold, pred)
    starts = [item.extent[0] for item in doc.items]
    assert starts == sorted(starts)
    assert [item.key for item in doc.items] == [("review", str(i)) for i in range(len(doc.items))]


def test_string_anchored_predictions_go_through_the_scorers_alignment() -> None:
    gold = record([ent("بغداد", "LOC"), ent("الجيش", "ORG")])
    pred = record([ent("بغداد", "LOC", anchored=True), ent("دمشق", "LOC", anchored=True), ent("الجيش", "PER", anchored=True)])
    doc = review(gold, pred)
    got = by_category(doc)
    assert got["correct"][0].pred_at == _at("بغداد")
    assert got["label"][0].pred_at == _at("الجيش") and got["label"][0].pred["text"] == "الجيش"
    unplaced = got["spurious"][0]
    assert unplaced.pred["text"] == "دمشق" and unplaced.pred_at is None and unplaced.extent is None
    assert doc.items[-1] is unplaced  # nowhere in the text: listed last


def test_quote_attribute_errors_speaker_cue_kind() -> None:
    speaker = ent("أحمد علي", "PER", "e1")
    other = ent("الوزير", "PER", "e2")
    cue_q, cue_other = {"start": 0, "end": 3, "text": "قال"}, {"start": _at("أمس")[0], "end": _at("أمس")[1], "text": "أمس"}
    gold = record([speaker, other], [quote("الجيش قتل 20 مقاتلا", "indirect", "e1", cue_q)])
    pred = record([speaker, other], [quote("الجيش قتل 20 مقاتلا", "direct", "e2", cue_other)])
    got = by_category(review(gold, pred))
    item = got["speaker"][0]
    assert item.category == "correct" and item.is_error
    assert {name for name, _, _ in item.wrong} == {"speaker", "cue", "kind"}
    wrong = {name: (g, p) for name, g, p in item.wrong}
    assert wrong["speaker"][0]["text"] == "أحمد علي" and wrong["speaker"][1]["text"] == "الوزير"
    assert wrong["kind"] == ("indirect", "direct")
    assert got["cue"] == got["kind"] == [item]


def test_claim_value_and_unit_errors_with_a_boundary_error() -> None:
    gold = record(claims=[claim("20 مقاتلا", 20, "fighter"), claim("أمس", "2024-01-01", None, "date")])
    pred = record(claims=[claim("20", 21, "person"), claim("أمس", "2024-01-01", None, "date")])
    got = by_category(review(gold, pred))
    item = got["value"][0]
    assert item.category == "boundary" and got["unit"] == [item]
    assert dict((n, (g, p)) for n, g, p in item.wrong) == {"value": (20, 21), "unit": ("fighter", "person")}
    assert len(got["correct"]) == 1 and not got["correct"][0].wrong


def test_no_prediction_record_means_every_gold_span_missed() -> None:
    gold = record([ent("بغداد", "LOC")], claims=[claim("20 مقاتلا", 20, "fighter")])
    doc = review_document(gold, None, TEXT, score_document(gold, None, TEXT))
    assert [i.category for i in doc.items] == ["missed", "missed"]


# --- the counts of a review are the counts of ``annotator score`` ---------------------------


def _expected_from_review(review: Review) -> dict:
    """What ``annotator score`` must report, computed from the review's items only."""
    out: dict = {}
    for doc in review.docs.values():
        for item in doc.items:
            layer = out.setdefault(item.layer, {"strict": [0] * 5, "exact": [0] * 5, "type": [0] * 5, "attributes": {}})
            cat = item.category
            for scheme, ok in (("strict", ("correct",)), ("exact", ("correct", "label")), ("type", ("correct", "boundary"))):
                row = layer[scheme]
                if cat == "missed":
                    row[3] += 1
                elif cat == "spurious":
                    row[4] += 1
                elif cat in ok:
                    row[0] += 1
                elif scheme == "strict" or cat != "correct":
                    row[1] += 1
            if item.gold is not None and item.pred is not None and item.layer != "entities":
                wrong = {name for name, _, _ in item.wrong}
                names = ("speaker", "cue", "kind") if item.layer == "quotes" else ("value", "unit", "kind")
                for name in names:
                    acc = layer["attributes"].setdefault(name, [0, 0])
                    acc[0] += name not in wrong
                    acc[1] += 1
    return out


def _assert_same_counts(gold: Path, preds: Path, docs: Path) -> Review:
    review = load_review(gold, [preds], documents=docs)
    report = score_files([gold], [preds], docs=docs).data["layers"]
    expected = _expected_from_review(review)
    assert set(expected) <= set(report)
    for layer, want in expected.items():
        for scheme in ("strict", "exact", "type"):
            got = report[layer]["schemes"][scheme]
            assert [got[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")] == want[scheme], (layer, scheme)
        for name, (correct, total) in want["attributes"].items():
            assert report[layer]["attributes"][name]["correct"] == correct, (layer, name)
            assert report[layer]["attributes"][name]["total"] == total, (layer, name)
    for layer in set(report) - set(expected):  # layers with nothing on either side
        assert report[layer]["schemes"]["strict"]["possible"] == report[layer]["schemes"]["strict"]["actual"] == 0
    return review


def _baseline(docs: Path, out: Path, anchored: bool = False) -> Path:
    preds = extract_corpus(load_documents(docs).values())
    lines = []
    for p in preds:
        data = json.loads(dumps_line(p))
        if anchored:  # the same predictions as strings only: aligned by the scorer
            for layer in ("entities", "quotes", "claims"):
                for span in data[layer]:
                    span["start"] = span["end"] = None
        lines.append(json.dumps(data, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_counts_equal_score_on_the_seed_gold(tmp_path: Path) -> None:
    review = _assert_same_counts(SEED_GOLD, _baseline(SEED_DOCS, tmp_path / "pred.jsonl"), SEED_DOCS)
    assert review.counts()["correct"] > 50


def test_counts_equal_score_on_the_heldout_text(tmp_path: Path) -> None:
    review = _assert_same_counts(HELDOUT / "gold.jsonl", _baseline(HELDOUT / "documents.jsonl", tmp_path / "pred.jsonl"), HELDOUT / "documents.jsonl")
    counts = review.counts()
    assert sum(counts[c] for c in ("missed", "spurious", "boundary", "label", "label+boundary")) > 0  # the baseline is weaker here


@pytest.mark.parametrize("docs", [SEED_DOCS, HELDOUT / "documents.jsonl"], ids=["seed", "heldout"])
def test_counts_equal_score_with_string_anchored_predictions(tmp_path: Path, docs: Path) -> None:
    gold = SEED_GOLD if docs == SEED_DOCS else HELDOUT / "gold.jsonl"
    _assert_same_counts(gold, _baseline(docs, tmp_path / "pred.jsonl", anchored=True), docs)


# --- hostile input: one FILE:LINE message each -------------------------------------------------


def _lines(gold: Path, preds: Path, docs: Path = SEED_DOCS) -> list[str]:
    with pytest.raises(ScoreInputError) as e:
        load_review(gold, [preds], documents=docs)
    return e.value.lines


def test_prediction_for_an_unknown_document(tmp_path: Path) -> None:
    preds = tmp_path / "p.jsonl"
    rec = json.loads(_baseline(SEED_DOCS, tmp_path / "base.jsonl").read_text(encoding="utf-8"))
    preds.write_text(json.dumps({**rec, "doc_id": "nowhere"}, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = _lines(SEED_GOLD, preds)
    assert lines == [f"{preds}:1: doc_id: unknown document 'nowhere': not in the document registry and no embedded text"]


def test_offsets_whose_text_does_not_align(tmp_path: Path) -> None:
    preds = tmp_path / "p.jsonl"
    rec = json.loads(_baseline(SEED_DOCS, tmp_path / "base.jsonl").read_text(encoding="utf-8"))
    rec["entities"][0]["text"] = "not this"
    preds.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = _lines(SEED_GOLD, preds)
    assert len(lines) == 1 and lines[0].startswith(f"{preds}:1: ") and "text" in lines[0]


def test_unreadable_and_missing_files(tmp_path: Path) -> None:
    preds = tmp_path / "p.jsonl"
    preds.write_bytes(b"\xff\xfe{not json\n")
    lines = _lines(SEED_GOLD, preds)
    assert len(lines) == 1 and lines[0].startswith(f"{preds}:1: ")
    assert _lines(SEED_GOLD, tmp_path / "absent.jsonl") == [f"{tmp_path / 'absent.jsonl'}: no such file or directory"]
    assert _lines(tmp_path / "gold.jsonl", preds)[0].startswith(f"{tmp_path / 'gold.jsonl'}: no such file")


def test_review_reads_without_writing(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(SEED_GOLD.read_bytes())
    preds = _baseline(SEED_DOCS, tmp_path / "pred.jsonl")
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    load_review(gold, [preds], documents=SEED_DOCS)
    assert {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()} == before
