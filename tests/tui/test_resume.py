"""Opening a gold file to look at it does not change it; resume state lives in a per-user
state file, and reopening still starts where you stopped."""

import json
import os
from pathlib import Path

from annotator.io.atomic import write_jsonl_atomic
from annotator.model import Annotation, Entity
from annotator.tui import resume
from annotator.tui.app import AnnotateApp
from annotator.tui.session import Session
from tui.helpers import DOC_A, DOC_B, run_pilot as run, saved, span


def gold_file(corpus, out: Path, meta=None) -> bytes:
    start, end = span(DOC_A, "العراق")
    rec = Annotation(
        schema_version="1", doc_id="a", text_sha256=corpus.documents["a"].text_sha256, annotator="k", status="done",
        meta=meta, entities=[Entity(id="e1", start=start, end=end, text="العراق", label="GPE")],
    )
    write_jsonl_atomic(out, [rec], backup=False)
    return out.read_bytes()


def test_opening_moving_switching_and_quitting_without_an_edit_leaves_the_file_byte_identical(corpus, tmp_path):
    out = tmp_path / "gold.jsonl"
    before = gold_file(corpus, out)
    stat = out.stat()

    async def look(pilot):
        app = pilot.app
        app.doc.move_to(12)
        await pilot.press("left", "left")  # the cursor moves (autosave would have written it)
        await pilot.press("ctrl+pagedown")  # another document
        app.doc.move_to(9)
        await pilot.pause()
        await pilot.press("ctrl+s", "ctrl+q")

    run(AnnotateApp(Session.open(corpus, out, annotator="t", lock=False)), look)
    assert out.read_bytes() == before
    assert out.stat().st_mtime_ns == stat.st_mtime_ns and out.stat().st_ino == stat.st_ino  # not even rewritten
    assert not (tmp_path / "gold.jsonl.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "gold.jsonl"]  # no side file next to the gold

    # ... and the next session starts where this one stopped
    again = Session.open(corpus, out, lock=False)
    assert again.doc_id == "b" and again.cursor == 9
    again.switch(-1)
    assert again.cursor == 12 + 2  # left moves forward in an RTL line


def test_opening_a_file_that_does_not_exist_yet_creates_nothing_until_an_edit(corpus, tmp_path):
    out = tmp_path / "new.jsonl"

    async def look(pilot):
        await pilot.press("left", "ctrl+pagedown", "ctrl+q")

    run(AnnotateApp(Session.open(corpus, out, annotator="t", lock=False)), look)
    assert not out.exists()

    async def mark(pilot):
        pilot.app.doc.select(*span(DOC_B, "وثيقة"))
        await pilot.press("1", "ctrl+q")

    run(AnnotateApp(Session.open(corpus, out, annotator="t", lock=False)), mark)
    (rec,) = saved(out)
    assert rec["doc_id"] == "b" and rec["entities"][0]["text"] == "وثيقة" and list(rec["meta"]) == ["updated"]


def test_a_real_edit_is_saved_and_the_old_resume_state_in_the_records_is_read_once_then_dropped(corpus, tmp_path):
    out = tmp_path / "gold.jsonl"
    gold_file(corpus, out, meta={"annotate": {"cursor": 20, "last_opened": "2026-01-01T00:00:00Z"}, "guidelines": "1.0"})
    s = Session.open(corpus, out, lock=False)
    assert s.doc_id == "a" and s.cursor == 20  # an older file: its resume state is still honoured
    s.save()
    s.save(force=False)
    assert saved(out)[0]["meta"]["annotate"]["cursor"] == 20  # no edit: untouched
    s.add_entity(*span(DOC_A, "أوستن"), "PER")
    s.save()
    rec = saved(out)[0]
    assert rec["meta"].pop("updated") > "2026-01-01T00:00:00Z"  # the real edit is stamped (tests/tui/test_updated.py)
    assert rec["meta"] == {"guidelines": "1.0"} and len(rec["entities"]) == 2


def test_the_state_file_is_per_user_outside_the_corpus_and_ignores_foreign_or_broken_state(corpus, tmp_path):
    out = tmp_path / "gold.jsonl"
    gold_file(corpus, out)
    s = Session.open(corpus, out, lock=False)
    s.switch(1)
    s.cursor = 5
    s.save()
    path = resume.state_path(out)
    assert path.is_relative_to(Path(os.environ["XDG_STATE_HOME"]))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["out"] == str(out.resolve()) and data["doc_id"] == "b" and data["cursors"]["b"] == 5
    # the state of another file (a hash collision, a moved file) is not applied
    path.write_text(json.dumps({**data, "out": "/elsewhere/gold.jsonl"}), encoding="utf-8")
    assert Session.open(corpus, out, lock=False).doc_id == "a"
    path.write_text("{not json", encoding="utf-8")
    assert Session.open(corpus, out, lock=False).doc_id == "a"
    path.write_text(json.dumps({**data, "doc_id": "gone", "cursors": {"a": -3, "b": "x"}}), encoding="utf-8")
    fresh = Session.open(corpus, out, lock=False)
    assert fresh.doc_id == "a" and fresh.cursor == 0


def test_an_unwritable_state_directory_never_stops_a_session(corpus, tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state directory should be", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))
    out = tmp_path / "gold.jsonl"
    s = Session.open(corpus, out, lock=False)
    s.add_entity(*span(DOC_A, "أوستن"), "PER")
    s.save()
    assert saved(out)[0]["entities"][0]["label"] == "PER"
    assert not s.save_resume()
