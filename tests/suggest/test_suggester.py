"""The suggestion state and edits without the UI: identical mentions under the search's
normalisation, a suggestion the record cannot take, rollback, and meta.suggest."""

import json
from pathlib import Path

from annotator.io.corpus import Corpus
from annotator.suggest.load import read_prediction_file
from annotator.suggest.suggester import Suggester
from annotator.tui.session import Session
from suggest.data import prediction, write_corpus, write_predictions
from tui.helpers import make_corpus, span

TEXT = "زار أوستن بغداد، ثم عاد اوستن إلى عمّان وأُوستن يبتسم. وسجلت 12 غارة في 2024."


def open_suggester(tmp_path: Path, corpus: Corpus, record: dict) -> tuple[Session, Suggester]:
    pred = write_predictions(tmp_path / "pred.jsonl", record)
    loaded = read_prediction_file(pred, corpus)
    assert loaded.problems == []
    session = Session.open(corpus, tmp_path / "out.jsonl", doc_id=record["doc_id"], annotator="t", lock=False)
    return session, Suggester(session, loaded.get, loaded.source, loaded.problems)


def entity(text: str, word: str, label: str, nth: int = 0) -> dict:
    s, e = span(text, word, nth)
    return {"start": s, "end": e, "text": word, "label": label}


def test_identical_mentions_are_the_same_text_under_the_search_normalisation(tmp_path):
    corpus = Corpus.load(make_corpus(tmp_path / "corpus", {"d": TEXT}))
    record = {"schema_version": "1", "doc_id": "d", "entities": [
        entity(TEXT, "أوستن", "PER"), entity(TEXT, "اوستن", "PER"), entity(TEXT, "وأُوستن", "PER"),  # hamza, harakat
        entity(TEXT, "بغداد", "GPE"), entity(TEXT, "عمّان", "GPE")]}
    session, sg = open_suggester(tmp_path, corpus, record)
    first = sg.suggestions()[0]
    assert first.text == "أوستن"
    same = sg.identical(first)
    assert [s.text for s in same] == ["أوستن", "اوستن"]  # وأُوستن has a proclitic: another string
    done, failed = sg.accept_identical(first)
    assert (done, failed) == (2, [])
    assert [e.text for e in session.record.entities] == ["أوستن", "اوستن"]
    assert len(session.undo_stack["d"]) == 1


def test_a_suggestion_the_record_cannot_take_stays_open_and_the_rest_is_accepted(tmp_path):
    corpus = Corpus.load(make_corpus(tmp_path / "corpus", {"d": TEXT}))
    bad = span(TEXT, "2024")
    good = span(TEXT, "12 غارة")
    record = {"schema_version": "1", "doc_id": "d", "entities": [entity(TEXT, "بغداد", "GPE")], "claims": [
        {"start": bad[0], "end": bad[1], "text": "2024", "kind": "date", "value": 2024},  # a date must be an ISO string
        {"start": good[0], "end": good[1], "text": "12 غارة", "kind": "count", "value": 12, "unit": "strike"}]}
    session, sg = open_suggester(tmp_path, corpus, record)
    date = next(s for s in sg.suggestions() if s.key == f"claim:{bad[0]}:{bad[1]}")
    try:
        sg.accept(date)
    except Exception as e:  # the session's EditError, shown in the status line
        assert "date" in str(e)
    else:
        raise AssertionError("a numeric date was accepted")
    assert session.record.claims == [] and "d" not in session.records and not session.undo_stack.get("d")
    done, failed = sg.accept_all()
    assert done == 2 and len(failed) == 1 and failed[0].startswith(date.key)
    assert [c.text for c in session.record.claims] == ["12 غارة"] and len(session.undo_stack["d"]) == 1
    assert sg.state(date) == "open"


def test_a_failed_accept_is_undone_whole_and_leaves_undo_and_redo_as_they_were(tmp_path):
    corpus = Corpus.load(make_corpus(tmp_path / "corpus", {"d": TEXT}))
    bad = span(TEXT, "2024")
    record = {"schema_version": "1", "doc_id": "d", "entities": [entity(TEXT, "بغداد", "GPE"), entity(TEXT, "عمّان", "GPE")], "claims": [
        {"start": bad[0], "end": bad[1], "text": "2024", "kind": "date", "value": 2024, "place": [{"text": "بغداد"}]}]}
    session, sg = open_suggester(tmp_path, corpus, record)
    amman = next(s for s in sg.suggestions() if s.text == "عمّان")
    sg.accept(amman)
    session.undo()  # something to redo
    redo, undo = list(session.redo_stack["d"]), list(session.undo_stack["d"])
    claim = next(s for s in sg.suggestions() if s.layer == "claim")
    try:
        sg.accept(claim)  # adds بغداد for the place, then the claim fails
    except Exception as e:
        assert "date" in str(e)
    else:
        raise AssertionError("a numeric date was accepted")
    assert session.record.entities == [] and session.record.claims == []
    assert session.redo_stack["d"] == redo and session.undo_stack["d"] == undo
    assert session.redo() is not None and [e.text for e in session.record.entities] == ["عمّان"]


def test_a_quote_kind_left_out_comes_from_the_quotation_marks(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    record = prediction()
    record["quotes"][0]["kind"] = None
    session, sg = open_suggester(tmp_path, corpus, record)
    quote = next(s for s in sg.suggestions() if s.layer == "quote")
    assert quote.label == "direct"


def test_meta_is_compact_and_round_trips(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    session, sg = open_suggester(tmp_path, corpus, prediction())
    rejected = sg.suggestions()[-1]
    sg.reject(rejected)
    sg.accept_all()
    session.save()
    rec = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    meta = rec["meta"]["suggest"]
    assert set(meta) == {"sources", "spans", "rejected"} and meta["rejected"] == [rejected.key]
    assert set(meta["spans"]) == {e["id"] for e in rec["entities"]} | {q["id"] for q in rec["quotes"]} | {c["id"] for c in rec["claims"]}
    assert all(set(v) == {"source", "key", "digest", "edited"} and len(v["digest"]) == 8 for v in meta["spans"].values())
    assert len(json.dumps(meta)) < 120 * len(meta["spans"]) + 300


def test_rejecting_a_conflict_keeps_the_annotation(tmp_path):
    corpus = Corpus.load(make_corpus(tmp_path / "corpus", {"d": TEXT}))
    session, sg = open_suggester(tmp_path, corpus, {"schema_version": "1", "doc_id": "d", "entities": [entity(TEXT, "بغداد", "LOC")]})
    session.add_entity(*span(TEXT, "بغداد"), "GPE")  # by hand, before looking at the suggestion
    (loc,) = sg.suggestions()
    assert sg.state(loc) == "conflict" and sg.counts()["conflict"] == 1
    sg.reject(loc)
    assert sg.state(loc) == "rejected" and [e.label for e in session.record.entities] == ["GPE"]
    session.undo()
    assert sg.state(loc) == "conflict"
    session.relabel_entity(session.record.entities[0].id, "LOC")  # made equal by hand: not shown any more
    assert sg.state(loc) == "present" and sg.shown() == []
