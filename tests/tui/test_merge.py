"""``annotator merge-mine``: a copy of work that could not be saved goes back into the file,
per document and three-way (the copy's ``.base`` is the common ancestor)."""

import pytest
from typer.testing import CliRunner

from annotator.cli import app as cli
from annotator.tui.merge import merge_mine
from annotator.tui.session import ConflictError, Session
from tui.helpers import DOC_A, DOC_B, saved, span


def conflict(corpus, tmp_path, *, theirs_doc: str):
    """Session 'mine' marks in document a; meanwhile someone else saves a change to ``theirs_doc``."""
    out = tmp_path / "gold.jsonl"
    first = Session.open(corpus, out, lock=False)
    first.add_entity(*span(DOC_A, "العراق"), "GPE")
    first.switch(1)
    first.add_entity(*span(DOC_B, "وثيقة"), "ORG")
    first.save()
    first.close()

    mine = Session.open(corpus, out, lock=False, doc_id="a")
    other = Session.open(corpus, out, lock=False, doc_id=theirs_doc)
    other.toggle_status()  # theirs: that document marked done
    other.save()
    mine.add_entity(*span(DOC_A, "أوستن"), "PER")
    with pytest.raises(ConflictError):
        mine.save()
    return out, mine.conflict_path()


def test_changes_to_different_documents_merge_without_asking(corpus, tmp_path):
    out, copy = conflict(corpus, tmp_path, theirs_doc="b")
    result = merge_mine(copy)
    assert result.written and result.decisions == [("a", "mine"), ("b", "theirs")]
    recs = {r["doc_id"]: r for r in saved(out)}
    assert [e["label"] for e in recs["a"]["entities"]] == ["PER", "GPE"]  # yours
    assert recs["b"]["status"] == "done"  # theirs
    assert (tmp_path / "gold.jsonl.bak").exists() and copy.exists()


def test_the_same_document_changed_on_both_sides_stops_unless_told_which_wins(corpus, tmp_path):
    out, copy = conflict(corpus, tmp_path, theirs_doc="a")
    before = out.read_bytes()
    runner = CliRunner()
    result = runner.invoke(cli, ["merge-mine", str(copy)])
    assert result.exit_code == 1 and out.read_bytes() == before
    assert "a: CONFLICT, changed on both sides: use --prefer mine or --prefer theirs" in result.output
    assert "not merged: 1 document(s) changed on both sides" in result.output
    dry = runner.invoke(cli, ["merge-mine", str(copy), "--prefer", "mine", "--dry-run"])
    assert dry.exit_code == 0 and out.read_bytes() == before
    result = runner.invoke(cli, ["merge-mine", str(copy), "--prefer", "mine"])
    assert result.exit_code == 0, result.output
    assert f"merged {copy} into {out}" in result.output
    rec = {r["doc_id"]: r for r in saved(out)}["a"]
    assert [e["label"] for e in rec["entities"]] == ["PER", "GPE"] and rec["status"] == "draft"


def test_a_copy_without_its_base_treats_every_difference_as_a_conflict(corpus, tmp_path):
    out, copy = conflict(corpus, tmp_path, theirs_doc="b")
    copy.with_name(copy.name + ".base").unlink()
    result = merge_mine(copy)
    assert not result.written and result.conflicts == ["a", "b"]
    assert merge_mine(copy, prefer="theirs").written
    assert {r["doc_id"]: r for r in saved(out)}["b"]["status"] == "done"


def test_bad_uses_are_one_line_errors(corpus, tmp_path):
    runner = CliRunner()
    stray = tmp_path / "copy.jsonl"
    stray.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["merge-mine", str(stray)])
    assert result.exit_code == 2 and "not named FILE.mine-PID: say which file to merge it into with --into FILE" in result.output
    result = runner.invoke(cli, ["merge-mine", str(tmp_path / "gold.jsonl.mine-1")])
    assert result.exit_code == 2 and "no such file" in result.output
    out, copy = conflict(corpus, tmp_path, theirs_doc="b")
    holder = Session.open(corpus, out)  # an annotator has the file open
    try:
        result = runner.invoke(cli, ["merge-mine", str(copy)])
        assert result.exit_code == 2 and "already open in another annotator" in result.output
    finally:
        holder.close()
    copy.write_text("{broken\n", encoding="utf-8")
    result = runner.invoke(cli, ["merge-mine", str(copy)])
    assert result.exit_code == 1 and f"{copy}:1: invalid JSON" in result.output  # invalid data in the copy: a finding
    result = runner.invoke(cli, ["merge-mine", str(copy), "--prefer", "both"])
    assert result.exit_code == 2 and "Traceback" not in result.output
