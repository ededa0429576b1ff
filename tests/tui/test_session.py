"""The textual-free session: edits, undo/redo across saves, autosave file, lock, conflicts, read-only."""

import json
import os

import pytest

from annotator.io.atomic import write_jsonl_atomic
from annotator.model import Annotation
from annotator.tui.session import ConflictError, ReadOnlyError, Session, SessionError
from annotator.tui.sessionfile import EditError, LockedError, lock_path, read_records
from tui.helpers import DOC_A, saved, span


def test_new_session_starts_in_first_document_and_writes_a_valid_record(corpus, tmp_path):
    out = tmp_path / "ann.jsonl"
    s = Session.open(corpus, out, annotator="amal")
    assert s.doc_id == "a" and s.cursor == 0 and s.read_only is None
    start, end = span(DOC_A, "لويد أوستن")
    e = s.add_entity(start, end, "PER")
    assert (e.id, e.text, e.label) == ("e1", "لويد أوستن", "PER")
    s.save()
    (line,) = saved(out)
    assert line["doc_id"] == "a" and line["annotator"] == "amal" and line["status"] == "draft"
    assert line["entities"] == [{"start": start, "end": end, "text": "لويد أوستن", "id": "e1", "label": "PER"}]
    Annotation.model_validate(line)
    s.close()


def test_quote_claim_cue_and_references_are_cleared_with_their_entity(corpus, tmp_path):
    s = Session.open(corpus, tmp_path / "o.jsonl", annotator="x", lock=False)
    per = s.add_entity(*span(DOC_A, "لويد أوستن"), "PER")
    gpe = s.add_entity(*span(DOC_A, "العراق"), "GPE")
    q = s.add_quote(*span(DOC_A, "لداعش خلايا نائمة"), kind="direct", speaker=per.id, cue=span(DOC_A, "قال"))
    assert q.cue is not None and q.cue.text == "قال" and q.speaker == "e1"
    c = s.add_claim(*span(DOC_A, "153 هجوماً"), kind="count", value=153, unit="attack", place=[gpe.id], source=per.id)
    assert (c.id, c.value, c.place) == ("c1", 153, ["e2"])
    s.set_cue(q.id, *span(DOC_A, "إن"))
    assert s.quote("q1").cue.text == "إن"
    s.delete("entity", per.id)
    assert s.quote("q1").speaker is None and s.claim("c1").source is None
    s.delete("entity", gpe.id)
    assert s.claim("c1").place == []
    s.delete("cue", "q1")
    assert s.quote("q1").cue is None
    s.save()
    (line,) = saved(s.out)
    assert [x["id"] for x in line["quotes"]] == ["q1"] and line["entities"] == []


def test_bad_edits_are_refused_with_a_message(corpus, tmp_path):
    s = Session.open(corpus, tmp_path / "o.jsonl", lock=False)
    with pytest.raises(EditError, match="out-of-range"):
        s.add_entity(5, 5, "PER")
    with pytest.raises(EditError, match="unknown label"):
        s.add_entity(0, 3, "NOPE")
    with pytest.raises(EditError, match="white space"):
        s.add_entity(3, 4, "PER")
    s.add_entity(0, 3, "PER")
    with pytest.raises(EditError, match="already marked"):
        s.add_entity(0, 3, "PER")
    with pytest.raises(EditError, match="no entity"):
        s.add_quote(4, 8, speaker="e9")
    with pytest.raises(EditError, match="time"):
        s.add_claim(4, 8, time="yesterday")
    assert len(s.record.entities) == 1 and s.record.quotes == [] and s.record.claims == []


def test_undo_and_redo_work_across_saves(corpus, tmp_path):
    s = Session.open(corpus, tmp_path / "o.jsonl", lock=False)
    s.add_entity(*span(DOC_A, "لويد أوستن"), "PER")
    s.save()
    s.add_entity(*span(DOC_A, "العراق"), "GPE")
    s.toggle_status()
    s.save()
    assert s.undo() == "status done"
    assert s.undo() is not None
    s.save()
    assert [e["label"] for e in saved(s.out)[0]["entities"]] == ["PER"]
    assert saved(s.out)[0]["status"] == "draft"
    assert s.redo() is not None and s.redo() == "status done"
    s.save()
    assert [e["label"] for e in saved(s.out)[0]["entities"]] == ["PER", "GPE"]
    assert saved(s.out)[0]["status"] == "done"
    assert s.redo() is None
    # undoing the first edit of a document removes its record again
    s.undo(), s.undo(), s.undo()
    assert s.undo() is None and "a" not in s.records


def test_reopening_resumes_document_cursor_and_annotations(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    s = Session.open(corpus, out)
    s.add_entity(0, 3, "PER")
    assert s.switch(+1) and s.doc_id == "b"
    s.cursor = 7
    s.save()
    s.close()
    again = Session.open(corpus, out)
    assert again.doc_id == "b" and again.cursor == 7
    again.switch(-1)
    assert again.doc_id == "a" and [e.text for e in again.record.entities] == [DOC_A[0:3]]
    assert not again.switch(-1)
    again.close()
    explicit = Session.open(corpus, out, doc_id="a")
    assert explicit.doc_id == "a"
    explicit.close()


def test_several_records_keep_file_order_and_unknown_documents(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    foreign = Annotation(schema_version="1", doc_id="zz", text_sha256="0" * 64, annotator="k", status="done")
    write_jsonl_atomic(out, [foreign])
    s = Session.open(corpus, out, lock=False)
    s.add_entity(0, 3, "PER")
    s.switch(1)
    s.add_entity(0, 5, "ORG")
    s.save()
    assert [r["doc_id"] for r in saved(out)] == ["zz", "a", "b"]
    assert read_records(out)[0] == foreign


def test_lock_names_its_holder_and_is_released(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    s = Session.open(corpus, out)
    holder = json.loads(lock_path(out).read_text())
    assert holder["pid"] == os.getpid() and holder["host"] and holder["user"]
    with pytest.raises(LockedError, match=rf"already open in another annotator: .*pid {os.getpid()}"):
        Session.open(corpus, out)
    s.close()
    assert not lock_path(out).exists()
    Session.open(corpus, out).close()


def test_stale_lock_of_a_dead_process_is_taken_over(corpus, tmp_path):
    import socket
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    out = tmp_path / "o.jsonl"
    lock_path(out).write_text(json.dumps({"pid": int(dead.stdout), "user": "z", "host": socket.gethostname(), "since": "t"}))
    s = Session.open(corpus, out)
    assert json.loads(lock_path(out).read_text())["pid"] == os.getpid()
    s.close()


def test_file_changed_on_disk_is_not_overwritten(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    s = Session.open(corpus, out, lock=False)
    s.add_entity(0, 3, "PER")
    s.save()
    someone_else = out.read_text(encoding="utf-8").replace('"draft"', '"done"')
    out.write_text(someone_else, encoding="utf-8")
    s.add_entity(4, 8, "ORG")
    with pytest.raises(ConflictError, match="changed on disk") as info:
        s.save()
    assert out.read_text(encoding="utf-8") == someone_else
    mine = s.conflict_path()
    assert str(mine) in str(info.value)
    assert [e["label"] for e in saved(mine)[0]["entities"]] == ["PER", "ORG"]


def test_hash_mismatch_opens_read_only(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    old = Annotation(schema_version="1", doc_id="a", text_sha256="f" * 64, annotator="k", status="draft")
    write_jsonl_atomic(out, [old])
    s = Session.open(corpus, out, lock=False)
    assert s.read_only and "read-only" in s.read_only and "a" in s.read_only
    with pytest.raises(ReadOnlyError):
        s.add_entity(0, 3, "PER")
    s.switch(1)
    assert s.read_only is None
    s.add_entity(0, 5, "ORG")
    s.save()
    assert read_records(out)[0] == old  # the mismatched record is kept as it was


def test_bad_inputs_give_one_line_errors(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_text('{"schema_version":"1"}\n', encoding="utf-8")
    with pytest.raises(SessionError, match=rf"^{out}:1: doc_id: missing required field$"):
        Session.open(corpus, out, lock=False)
    out.write_text('{"schema_version":"1"\n', encoding="utf-8")
    with pytest.raises(SessionError, match=rf"^{out}:1: invalid JSON: "):
        Session.open(corpus, out, lock=False)
    with pytest.raises(SessionError, match="no document 'nope'"):
        Session.open(corpus, tmp_path / "x.jsonl", doc_id="nope", lock=False)
    assert not lock_path(out).exists()


def test_spans_at_lists_innermost_first(corpus, tmp_path):
    s = Session.open(corpus, tmp_path / "o.jsonl", lock=False)
    q = s.add_quote(*span(DOC_A, "لداعش خلايا نائمة"))
    e = s.add_entity(*span(DOC_A, "داعش"), "ORG")
    at = s.spans_at(span(DOC_A, "داعش")[0])
    assert [x.key for x in at] == [("entity", e.id), ("quote", q.id)]
    assert [x.layer for x in s.spans()] == ["quote", "entity"]
