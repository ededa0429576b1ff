"""Quotes and claims through the whole document scorer: matching with attributes, order
independence, unplaced predictions, and the table / progress output."""

import re
import io
import json
import random

from annotator.model import Annotation, Prediction
from annotator.score import command
from annotator.score.command import run_score
from annotator.score.document import score_document
from helpers import gold_record, pred_record, write_jsonl

TEXT = "قال الوزير «سنبقى» ثم قال السفير «سنغادر» وأضاف أن 300 جندي وصلوا في 2023-08."


def at(word):
    s = TEXT.index(word)
    return s, s + len(word)


def q(word, speaker=None, kind="direct"):
    s, e = at(word)
    return {"start": s, "end": e, "text": word, "kind": kind, "speaker": speaker, "cue": None}


GOLD = Annotation.model_validate(gold_record(
    "d", TEXT,
    entities=[{"id": "e1", **dict(zip(("start", "end"), at("الوزير"))), "text": "الوزير", "label": "PER"},
              {"id": "e2", **dict(zip(("start", "end"), at("السفير"))), "text": "السفير", "label": "PER"}],
    quotes=[{"id": "q1", **q("سنبقى", "e1")}, {"id": "q2", **q("سنغادر", "e2")}],
))


def test_identical_quote_spans_with_different_speakers_do_not_depend_on_order():
    s, e = at("الوزير")
    right = {**q("سنبقى"), "speaker": {"start": s, "end": e, "text": "الوزير"}}
    wrong = {**q("سنبقى"), "speaker": {"text": "السفير"}}
    results = []
    for quotes in ([right, wrong], [wrong, right]):
        doc = score_document(GOLD.model_dump(), Prediction.model_validate(pred_record("d", TEXT, quotes=quotes)).model_dump(), TEXT)
        results.append((doc.layers["quotes"].counts["strict"].as_list(), doc.attributes["quotes.speaker"].as_dict()))
    assert results[0] == results[1]
    assert results[0][0] == [1, 0, 0, 1, 1]  # q1 matched, q2 missed, the other copy spurious


def test_unplaced_quote_does_not_shift_attributes_of_the_others():
    s, e = at("السفير")
    quotes = [{"text": "لا يوجد في النص", "speaker": None}, {**q("سنغادر"), "speaker": {"start": s, "end": e, "text": "السفير"}}]
    doc = score_document(GOLD.model_dump(), Prediction.model_validate(pred_record("d", TEXT, quotes=quotes)).model_dump(), TEXT)
    assert doc.alignment["quotes"].not_found == 1
    assert doc.attributes["quotes.speaker"].as_dict() == {"correct": 1, "total": 1, "accuracy": 1.0}
    assert doc.layers["quotes"].counts["strict"].as_list() == [1, 0, 0, 1, 1]


def test_random_order_of_predictions_never_changes_a_document_score():
    rng = random.Random(4)
    s1, e1 = at("الوزير")
    quotes = [q("سنبقى", kind="indirect"), {**q("سنغادر"), "speaker": {"start": s1, "end": e1, "text": "الوزير"}}, q("سنبقى", kind="direct"), {"text": "سنغادر"}]
    seen = set()
    for _ in range(10):
        rng.shuffle(quotes)
        doc = score_document(GOLD.model_dump(), Prediction.model_validate(pred_record("d", TEXT, quotes=list(quotes))).model_dump(), TEXT)
        seen.add(json.dumps([doc.layers["quotes"].counts["strict"].as_list(), {k: v.as_dict() for k, v in doc.attributes.items()}]))
    assert len(seen) == 1


def _files(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [GOLD.model_dump(mode="json")])
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record("d", TEXT, quotes=[q("سنبقى")])])
    return gold, pred


def test_table_report_shows_layers_attributes_and_skips_empty_layers(tmp_path):
    gold, pred = _files(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert run_score(gold, pred, bootstrap=0, stdout=out, stderr=err) == 0
    text = out.getvalue()
    assert "== quotes ==" in text and "speaker" in text and "end_to_end f1" in text
    assert "== claims == nothing to score" in text
    assert err.getvalue() == ""  # no progress bar: not a terminal


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_unless_quiet(tmp_path):
    gold, pred = _files(tmp_path)
    err = FakeTTY()
    assert run_score(gold, pred, bootstrap=0, stdout=io.StringIO(), stderr=err) == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", err.getvalue())
    assert "scoring" in shown and "1/1 documents" in shown  # Rich's bar, on the terminal
    err = FakeTTY()
    assert run_score(gold, pred, bootstrap=0, quiet=True, stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == ""


def test_gold_label_outside_the_label_set_is_invalid(tmp_path):
    rec = GOLD.model_dump(mode="json")
    rec["entities"][0]["label"] = "ALIEN"
    gold = write_jsonl(tmp_path / "g.jsonl", [rec])
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record("d", TEXT)])
    err = io.StringIO()
    assert run_score(gold, pred, bootstrap=0, stdout=io.StringIO(), stderr=err) == 1
    assert f"{gold}:1: entities[0].label: 'ALIEN' is not in the label set" in err.getvalue()


def test_empty_gold_is_invalid_input_not_a_usage_error(tmp_path):
    """No gold record at all is a finding about the data (exit 1), as ``validate`` says of an empty file."""
    gold = tmp_path / "g.jsonl"
    gold.write_text("", encoding="utf-8")
    pred = write_jsonl(tmp_path / "p.jsonl", [])
    err = io.StringIO()
    assert run_score(gold, pred, bootstrap=0, stdout=io.StringIO(), stderr=err) == 1
    assert "no gold records to score" in err.getvalue()
