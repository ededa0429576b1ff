"""``meta.updated``: the annotator stamps a record (ISO 8601, UTC) when it really changes it, and
only then; ``annotator status`` reads the stamp as the time of the last change."""

import os
from datetime import datetime, timedelta, timezone

from annotator.io.atomic import write_jsonl_atomic
from annotator.io.corpus import Corpus
from annotator.model import Annotation, Entity
from annotator.team.status import collect_status
from annotator.tui.app import AnnotateApp
from annotator.tui.session import Session, SpanRef
from tui.helpers import DOC_A, DOC_B, make_corpus, run_pilot, saved, span

OLD = "2026-01-01T08:00:00Z"


def two_records(corpus, out):
    """A file with a record of each document, both stamped long ago."""
    recs = []
    for doc_id, text, word, label in (("a", DOC_A, "العراق", "GPE"), ("b", DOC_B, "وثيقة", "ORG")):
        start, end = span(text, word)
        recs.append(Annotation(schema_version="1", doc_id=doc_id, text_sha256=corpus.documents[doc_id].text_sha256, annotator="k",
                               status="draft", meta={"updated": OLD, "guidelines": "1.0"},
                               entities=[Entity(id="e1", start=start, end=end, text=word, label=label)]))
    write_jsonl_atomic(out, recs, backup=False)
    return out.read_bytes()


def _parse(stamp: str) -> datetime:
    assert stamp.endswith("Z") and len(stamp) == len("2026-01-01T08:00:00Z"), stamp
    return datetime.fromisoformat(stamp)


def test_a_real_edit_stamps_only_the_record_it_changed(corpus, tmp_path):
    out = tmp_path / "ann.jsonl"
    two_records(corpus, out)
    before = datetime.now(timezone.utc).replace(microsecond=0)
    s = Session.open(corpus, out, lock=False)
    s.add_entity(*span(DOC_A, "أوستن"), "PER")
    s.save()
    a, b = saved(out)
    assert before <= _parse(a["meta"]["updated"]) <= datetime.now(timezone.utc)
    assert a["meta"]["guidelines"] == "1.0" and len(a["entities"]) == 2  # other meta kept
    assert b["meta"] == {"updated": OLD, "guidelines": "1.0"}  # the untouched record keeps its old stamp


def test_open_quit_an_undone_edit_and_a_no_op_change_write_nothing(corpus, tmp_path):
    out = tmp_path / "ann.jsonl"
    original = two_records(corpus, out)
    stat = out.stat()
    s = Session.open(corpus, out, lock=False)
    s.save()  # open and quit
    s.add_entity(*span(DOC_A, "أوستن"), "PER")
    s.undo()  # an edit undone: the record is what was loaded
    s.save()
    s.relabel_entity("e1", "GPE")  # the label it already has
    s.toggle_status(), s.toggle_status()  # draft -> done -> draft
    s.save()
    assert out.read_bytes() == original
    assert (out.stat().st_mtime_ns, out.stat().st_ino) == (stat.st_mtime_ns, stat.st_ino)  # not even rewritten
    assert not s.dirty


def test_a_form_accepted_unchanged_in_the_app_writes_nothing(corpus, tmp_path):
    out = tmp_path / "ann.jsonl"
    original = two_records(corpus, out)

    async def script(pilot):
        sp = pilot.app.session.spans()[0]
        pilot.app.edit_span(SpanRef(sp.layer, sp.id, sp.start, sp.end, sp.text, sp.label))
        await pilot.pause()
        form = pilot.app.screen
        await pilot.press("enter")  # accept the entity form as it is
        await pilot.pause()
        assert pilot.app.screen is not form
        await pilot.press("ctrl+s", "ctrl+q")

    run_pilot(AnnotateApp(Session.open(corpus, out, annotator="t", lock=False)), script)
    assert out.read_bytes() == original


def test_an_edit_in_the_app_is_stamped_and_a_later_edit_restamps(corpus, tmp_path, monkeypatch):
    out = tmp_path / "ann.jsonl"
    two_records(corpus, out)

    async def mark(pilot):
        pilot.app.doc.select(*span(DOC_A, "أوستن"))
        await pilot.press("1", "ctrl+q")

    run_pilot(AnnotateApp(Session.open(corpus, out, annotator="t", lock=False)), mark)
    first = saved(out)[0]["meta"]["updated"]
    assert first > OLD
    monkeypatch.setattr("annotator.tui.updated.now_iso", lambda: "2099-01-01T00:00:00Z")
    s = Session.open(corpus, out, lock=False)
    s.save()  # nothing changed: the first stamp stays
    assert saved(out)[0]["meta"]["updated"] == first
    s.delete("entity", "e1")
    s.save()
    assert saved(out)[0]["meta"]["updated"] == "2099-01-01T00:00:00Z"
    assert saved(out)[1]["meta"]["updated"] == OLD


def test_status_reads_the_stamp_not_the_file_time(tmp_path):
    corpus_dir = make_corpus(tmp_path / "corpus", {"a": DOC_A, "b": DOC_B})
    out = corpus_dir / "annotations" / "ana.jsonl"
    s = Session.open(Corpus.load(corpus_dir), out, annotator="ana", lock=False)
    s.add_entity(*span(DOC_A, "أوستن"), "PER")
    s.save()
    stamp = saved(out)[0]["meta"]["updated"]
    week_ago = (datetime.now(timezone.utc) - timedelta(days=7)).timestamp()
    os.utime(out, (week_ago, week_ago))  # a `git checkout` a week ago would not move the stamp
    (row,) = collect_status(corpus_dir).documents
    assert (row.doc_id, row.state, row.changed_from) == ("a", "draft", "meta.updated")
    assert row.changed == _parse(stamp)
