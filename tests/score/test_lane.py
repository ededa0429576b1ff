"""The scorer's fast lane (``annotator.score.lane``, ``bulk``) gives exactly the report of
the general path, line by line: on clean corpora (where it must be used), and on corpora
with every kind of problem (where it must step aside and leave the wording to the general path).

Small batches (``validate.batch.BATCH``) put batch boundaries everywhere."""

import json
import random
from pathlib import Path
from typing import Any

import pytest
from helpers import gold_record, pred_record, write_jsonl
from synth import records

from annotator.extract.baseline import extract_document
from annotator.io.corpus import load_documents
from annotator.model import text_sha256
from annotator.score import bulk, engine, lane
from annotator.validate import batch
from annotator.score.engine import ScoreInputError, score_files
from annotator.score.schemes import score_layer

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = next((ROOT / "corpus" / "gold").glob("*.jsonl"))


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(batch, "BATCH", 7)


@pytest.fixture
def lane_calls(monkeypatch):
    """How many batches the lane scored, and how many of them in bulk."""
    calls = {"batches": 0, "bulk": 0}
    real_add, real_bulk = lane.add_batch, lane.score_entities

    def add_batch(*args, **kw):
        calls["batches"] += 1
        return real_add(*args, **kw)

    def score_entities(*args, **kw):
        result = real_bulk(*args, **kw)
        calls["bulk"] += result is not None
        return result

    monkeypatch.setattr(lane, "add_batch", add_batch)
    monkeypatch.setattr(lane, "score_entities", score_entities)
    return calls


def _run(gold: Path, pred: Path, enabled: bool, **kw) -> tuple[int, dict | list[str]]:
    """(0, the JSON report without its run time) or (2, the input errors)."""
    lane.ENABLED = enabled
    try:
        data = score_files([gold], [pred], bootstrap=50, seed=3, **kw).data
    except ScoreInputError as e:
        return 2, e.lines
    finally:
        lane.ENABLED = True
    data.pop("run")
    return 0, data


def same_with_and_without(gold: Path, pred: Path, max_errors: int = 25, **kw) -> tuple[int, Any]:
    """Score with the lane and without: the same result. Few errors are listed (``max_errors``)
    so that most batches are scored in bulk."""
    fast, slow = _run(gold, pred, True, max_errors=max_errors, **kw), _run(gold, pred, False, max_errors=max_errors, **kw)
    assert fast == slow
    return fast


def _corpus(tmp_path: Path, n: int = 40, k: int = 6, seed: int = 1, **kw) -> tuple[list, list, list]:
    golds, preds, texts = records(n, k, seed=seed, safe=False, **kw)  # duplicates, overlaps, spurious
    return golds, preds, texts


def _files(tmp_path: Path, golds: list, preds: list) -> tuple[Path, Path]:
    return write_jsonl(tmp_path / "gold.jsonl", golds), write_jsonl(tmp_path / "pred.jsonl", preds)


def test_clean_corpus_goes_through_the_lane_with_the_same_report(tmp_path, lane_calls):
    golds, preds, _ = _corpus(tmp_path, n=300, k=8)
    code, data = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and data["documents"]["scored"] == 300
    assert lane_calls["batches"] > 0 and lane_calls["bulk"] > 0


def test_errors_listed_and_counted_across_the_limit(tmp_path, lane_calls):
    golds, preds, _ = _corpus(tmp_path, n=700, k=8, seed=5)
    code, data = same_with_and_without(*_files(tmp_path, golds, preds), max_errors=1000)
    assert code == 0 and data["errors_total"] > len(data["errors"]) == 1000
    assert lane_calls["bulk"] > 0


def test_registry_instead_of_embedded_texts(tmp_path, lane_calls):
    golds, preds, texts = _corpus(tmp_path)
    docs = write_jsonl(tmp_path / "documents.jsonl", [
        {"doc_id": g["doc_id"], "text": t, "text_sha256": g["text_sha256"], "lang": "ar", "source": "synthetic"} for g, t in zip(golds, texts)])
    for g in golds:
        del g["text"]
    code, _ = same_with_and_without(*_files(tmp_path, golds, preds), docs=docs)
    assert code == 0 and lane_calls["bulk"] > 0


def test_string_anchored_and_mixed_predictions(tmp_path, lane_calls):
    golds, preds, _ = _corpus(tmp_path)
    rng = random.Random(2)
    for p in preds:
        if rng.random() < 0.5:
            p["entities"] = [{"text": e["text"], "label": e["label"]} if rng.random() < 0.7 else e for e in p["entities"]]
    code, _ = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and lane_calls["batches"] > 0


def test_string_anchored_predictions_only(tmp_path, lane_calls):
    golds, preds, _ = _corpus(tmp_path)
    for p in preds:
        p["entities"] = [{"text": e["text"], "label": e["label"]} for e in p["entities"]]
    code, data = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and data["layers"]["entities"]["alignment"]["aligned"] + data["layers"]["entities"]["alignment"]["ambiguous"] > 0
    assert lane_calls["batches"] > 0


def test_documents_with_quotes_and_claims_among_others(tmp_path, lane_calls):
    """The seed article's gold (quotes, claims, nested entities, meta) and the baseline's
    prediction, between synthetic documents."""
    golds, preds, _ = _corpus(tmp_path, n=20)
    seed_gold = json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[0])
    doc = load_documents(ROOT / "corpus" / "documents.jsonl")[seed_gold["doc_id"]]
    seed_gold["text"] = doc.text
    seed_pred = extract_document(doc).model_dump(mode="json")
    golds.insert(9, seed_gold)
    preds.insert(9, seed_pred)
    code, data = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and data["layers"]["quotes"]["schemes"]["strict"]["correct"] > 0
    assert lane_calls["batches"] > 0


def _break(case: str, golds: list, preds: list, lines: dict[str, list[str]]) -> None:
    """One problem at line 10 (or near it) of a clean corpus."""
    g, p = golds[9], preds[9]
    if case == "gold hash":
        g["text_sha256"] = "0" * 64
        del p["text_sha256"]  # (else the prediction's hash, compared with the gold's, tells it)
    elif case == "span text":
        p["entities"][0]["text"] += "x"
    elif case == "span past the end":
        p["entities"][0]["end"] = len(g["text"]) + 5
    elif case == "reversed span":
        p["entities"][0]["start"], p["entities"][0]["end"] = p["entities"][0]["end"], p["entities"][0]["start"]
    elif case == "label not in the set":
        g["entities"][2]["label"] = "NOPE"
    elif case == "empty span":
        p["entities"][0].update(end=p["entities"][0]["start"], text="")
    elif case == "duplicate id":
        g["entities"][1]["id"] = g["entities"][0]["id"]
    elif case == "unknown field":
        p["confidence"] = 0.5
    elif case == "prediction hash":
        p["text_sha256"] = "1" * 64
    elif case == "prediction missing":
        del preds[9]
    elif case == "predictions out of order":
        preds[9], preds[12] = preds[12], preds[9]
    elif case == "duplicate gold":
        golds[10] = dict(golds[9])
    elif case == "duplicate prediction":
        preds[10] = dict(preds[9])
    elif case == "prediction of no gold":
        preds.insert(9, {**p, "doc_id": "nowhere"})
    elif case == "not NFC":
        g["text"] = g["text"].replace("أ", "ا\u0654", 1)
    elif case == "unusable number in meta":
        lines["gold"][9] = lines["gold"][9].replace('"status"', '"meta": {"x": 1e400}, "status"', 1)
    elif case == "blank line":
        lines["pred"].insert(9, "")
    elif case == "not JSON":
        lines["gold"][9] = lines["gold"][9][:-1]
    elif case == "repeated key":
        lines["pred"][9] = lines["pred"][9].replace('"entities"', '"doc_id": "x", "entities"', 1)
    elif case == "CRLF":
        lines["gold"][9] += "\r"
    elif case == "no final newline":
        lines["end"] = True


BROKEN = ["gold hash", "label not in the set", "empty span", "span text", "span past the end", "reversed span", "duplicate id", "unknown field", "prediction hash",
          "prediction missing", "predictions out of order", "duplicate gold", "duplicate prediction", "prediction of no gold",
          "not NFC", "unusable number in meta", "blank line", "not JSON", "repeated key", "CRLF", "no final newline"]
LINE_CASES = ("unusable number in meta", "blank line", "not JSON", "repeated key", "CRLF", "no final newline")


@pytest.mark.parametrize("case", BROKEN)
def test_a_problem_anywhere_gives_the_general_paths_report(tmp_path, case):
    golds, preds, _ = _corpus(tmp_path, n=30, k=5, seed=4)
    if case not in LINE_CASES:
        _break(case, golds, preds, {})
    lines = {"gold": [json.dumps(r, ensure_ascii=False) for r in golds], "pred": [json.dumps(r, ensure_ascii=False) for r in preds]}
    if case in LINE_CASES:
        _break(case, golds, preds, lines)
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("\n".join(lines["gold"]) + "\n", encoding="utf-8")
    pred.write_text("\n".join(lines["pred"]) + ("" if lines.get("end") else "\n"), encoding="utf-8")
    code, _ = same_with_and_without(gold, pred)
    if case not in ("prediction missing", "predictions out of order", "prediction of no gold", "CRLF", "no final newline"):
        assert code == 2  # an input error, worded by the general path


def _random_doc(rng: random.Random, text_len: int = 60) -> tuple[str, list, list]:
    text = "".join(rng.choice("ab cd،") for _ in range(text_len))

    def spans(n: int) -> list:
        out = set()
        for _ in range(n):
            s = rng.randrange(text_len - 1)
            out.add((s, rng.randint(s + 1, min(text_len, s + 12)), rng.choice("XYZ")))
        return sorted(out)

    return text, spans(rng.randint(0, 8)), spans(rng.randint(0, 8))


def test_bulk_scoring_equals_scoring_each_document():
    """Overlapping, nested and touching spans across many documents: per document the flat
    vector of score_layer, and the label counts summed."""
    rng = random.Random(11)
    for _ in range(30):
        docs = [_random_doc(rng) for _ in range(rng.randint(1, 12))]
        golds = [{"entities": [{"start": s, "end": e, "label": lab} for s, e, lab in g]} for _, g, _ in docs]
        preds = [{"entities": [{"start": s, "end": e, "label": lab} for s, e, lab in p]} for _, _, p in docs]
        result = bulk.score_entities(bulk.Columns.of(golds), bulk.Columns.of(preds), [t for t, _, _ in docs], 0.5)
        judged, missed, spurious = [], [], []
        for (text, g, p), flat in zip(docs, result.flats):
            layer = score_layer(list(g), list(p), text, min_iou=0.5)
            assert flat == (layer.flat_counts() if g or p else None)
            judged += [(a[2], b[2], o) for a, b, o in layer.judged]
            missed += layer.missed_labels
            spurious += layer.spurious_labels
        assert sorted(result.judged) == sorted(judged)
        assert sorted(result.missed_labels) == sorted(missed) and sorted(result.spurious_labels) == sorted(spurious)


def test_bulk_leaves_documents_with_spans_given_twice_to_the_general_path():
    once = {"entities": [{"start": 0, "end": 2, "label": "X"}]}
    twice = {"entities": [{"start": 0, "end": 2, "label": "X"}, {"start": 0, "end": 2, "label": "X"}]}
    result = bulk.score_entities(bulk.Columns.of([once, twice, once]), bulk.Columns.of([once, once, twice]), ["abcd"] * 3, 0.5)
    assert result.skipped == {1, 2}
    assert result.flats[0] == score_layer([(0, 2, "X")], [(0, 2, "X")], "abcd").flat_counts()
    assert result.gold_labels == ["X"]  # the skipped documents' spans are not counted here


def test_helpers_records_are_valid_for_the_lane(tmp_path, lane_calls):
    """A hand-made corpus of the helpers' records (ids absent in predictions, labels of a set)."""
    text = "قال وزير الدفاع في بغداد إن اللجنة المشتركة ستجتمع"
    golds = [gold_record(f"d{i}", text, [{"id": "e1", "start": 4, "end": 15, "text": text[4:15], "label": "PER"}]) for i in range(10)]
    preds = [pred_record(f"d{i}", text, [{"start": 4, "end": 15, "text": text[4:15], "label": "PER" if i % 2 else "ORG"}]) for i in range(10)]
    code, data = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and data["layers"]["entities"]["schemes"]["strict"]["correct"] == 5
    assert lane_calls["batches"] > 0


def test_long_prediction_lines_cut_the_batch(tmp_path, monkeypatch, lane_calls):
    """A batch of predictions is bounded in bytes as the gold's is (memory: a prediction line
    may be far longer than its gold's): the batch is cut short, goes the general way, and the
    report is the same."""
    monkeypatch.setattr(batch, "BATCH_BYTES", 4000)
    golds, preds, _ = _corpus(tmp_path, n=40, k=3)
    for g in golds:
        g["text"] = g["text"][:400]  # short gold lines (the spans stay inside)
        g["entities"] = [e for e in g["entities"] if e["end"] <= 400]
        g["text_sha256"] = text_sha256(g["text"])
    for i, p in enumerate(preds):
        p["entities"] = [e for e in p["entities"] if e["end"] <= 400]
        p.pop("text_sha256", None)
        if i % 9 == 4:
            p["meta"] = {"padding": "x" * 6000}  # longer than a whole batch
    cut = []
    real_take = batch.take

    def take(lines, size, most=None):
        taken = real_take(lines, size, most)
        cut.append(most is not None and 0 < len(taken) < most)
        return taken

    monkeypatch.setattr(engine, "take", take)
    code, data = same_with_and_without(*_files(tmp_path, golds, preds))
    assert code == 0 and data["documents"]["scored"] == 40
    assert any(cut) and lane_calls["batches"] > 3  # cut short, and in step again after it


def test_bulk_of_string_anchored_predictions_equals_scoring_each_document():
    """Aligned first (found once, several times, not at all; with offsets given beside them),
    then scored in bulk: per document score_document's vector, unplaced predictions spurious,
    the alignment counts summed."""
    from annotator.score.aggregate import Totals
    from annotator.score.document import score_document

    rng = random.Random(5)
    words = ["قال", "وزير", "الدفاع", "بغداد", "لداعش", "غائب"]
    golds, preds, texts = [], [], []
    for d in range(25):
        tokens = [rng.choice(words[:5]) for _ in range(rng.randint(3, 12))]
        text = " ".join(tokens)
        starts = [sum(len(t) + 1 for t in tokens[:i]) for i in range(len(tokens))]
        gold = [{"start": s, "end": s + len(t), "text": t, "label": rng.choice("XY")} for s, t in zip(starts, tokens) if rng.random() < 0.5]
        pred = []
        for _ in range(rng.randint(0, 6)):
            word = rng.choice(words)
            if rng.random() < 0.3 and word in tokens:
                i = tokens.index(word)
                pred.append({"start": starts[i], "end": starts[i] + len(word), "text": word, "label": rng.choice("XY")})
            else:
                pred.append({"start": None, "end": None, "text": word, "label": rng.choice("XY")})
        golds.append({"doc_id": f"d{d}", "entities": gold, "quotes": [], "claims": []})
        preds.append({"doc_id": f"d{d}", "entities": pred, "quotes": [], "claims": []})
        texts.append(text)
    columns, unplaced, alignment = bulk.placed(preds, texts)
    result = bulk.score_entities(bulk.Columns.of(golds), columns, texts, 0.5, unplaced)
    each, together = Totals(max_errors=0), Totals(max_errors=0)
    for d, (g, p, t) in enumerate(zip(golds, preds, texts)):
        scored = score_document(g, p, t)
        if d in result.skipped:
            continue
        layer = scored.layers.get("entities")
        assert result.flats[d] == (layer.flat_counts() if layer else None)
        each.add(scored, d)
    together.add_entity_counts(result)
    kept = [d for d in range(len(golds)) if d not in result.skipped]
    together.add_entity_vectors([f"d{d}" for d in kept], [result.flats[d] for d in kept], [len(unplaced[d]) for d in kept])
    for d in kept:
        together.alignment["entities"].add(alignment.of(d))
    assert together.to_dict() == each.to_dict() and together.errors_total == each.errors_total
    assert each.alignment["entities"].not_found and each.alignment["entities"].ambiguous
