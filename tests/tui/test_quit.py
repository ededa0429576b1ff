"""Quitting never loses work silently: after a failed save ctrl+q asks (save elsewhere, quit
anyway, cancel); after a conflict the .mine copy is named on exit; a lock that cannot be
removed is a plain message, never a traceback."""

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app as cli
from annotator.io.atomic import write_jsonl_atomic
from annotator.io.corpus import bundled_corpus_dir
from annotator.tui import session as session_module
from annotator.tui.app import AnnotateApp
from annotator.tui.closing import QuitDialog, exit_report
from annotator.tui.field import ArabicField
from annotator.tui.session import Session
from annotator.tui.sessionfile import lock_path
from tui.helpers import DOC_A, run_pilot as run, saved, span


def disk_full(monkeypatch) -> None:
    def full(path, records, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(session_module, "write_jsonl_atomic", full)


def open_app(corpus, out: Path) -> AnnotateApp:
    return AnnotateApp(Session.open(corpus, out, annotator="t", lock=False))


@pytest.fixture
def full(corpus, tmp_path, monkeypatch) -> tuple[AnnotateApp, Path]:
    """The app on ``gold.jsonl`` in a directory whose disk is full."""
    disk_full(monkeypatch)
    out = tmp_path / "gold.jsonl"
    return open_app(corpus, out), out


def lock_cannot_be_removed(monkeypatch, lock: Path) -> None:
    """Removing ``lock`` fails as in a directory that became read-only (chmod does not stop root)."""
    real_unlink = Path.unlink

    def unlink(self, *args, **kwargs):
        if self == lock:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)


async def mark(pilot, needle: str, key: str) -> None:
    pilot.app.doc.select(*span(DOC_A, needle))
    await pilot.press(key)


def test_disk_full_then_quit_asks_and_cancel_keeps_the_app_open(full):
    app, out = full

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        assert app.session.dirty
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitDialog), "quit with unsaved work must ask"
        assert app.is_running and app.outcome is None
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "NOT saved" in text and "No space left on device" in text
        await pilot.press("ctrl+q")  # a second ctrl+q does not slip through the dialog
        assert isinstance(app.screen, QuitDialog) and app.is_running
        await pilot.press("escape")
        assert not isinstance(app.screen, QuitDialog) and app.is_running
        assert "still unsaved" in app.message
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("escape")

    run(app, script)
    assert app.outcome is None and not out.exists()


def test_save_elsewhere_writes_the_work_and_names_it_on_exit(full, tmp_path):
    app, out = full
    taken = tmp_path / "taken.jsonl"
    taken.write_text("someone's file\n", encoding="utf-8")
    chosen = tmp_path / "rescued.jsonl"

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        await mark(pilot, "أوستن", "1")
        await pilot.press("ctrl+q")
        field = app.screen.query_one("#quit-path", ArabicField)
        assert field.value == str(app.session.conflict_path())  # prefilled: next to the file
        field.set_value(str(taken))
        await pilot.press("enter")  # an existing file is never overwritten
        assert isinstance(app.screen, QuitDialog)
        assert "exists" in str(app.screen.query_one("#quit-error").render())
        field.set_value(str(chosen))
        await pilot.press("enter")

    run(app, script)
    assert app.return_code == 1 and app.outcome.status == "elsewhere" and app.outcome.where == chosen
    assert taken.read_text(encoding="utf-8") == "someone's file\n"
    assert [e["label"] for e in saved(chosen)[0]["entities"]] == ["PER", "GPE"]
    assert (tmp_path / "rescued.jsonl.base").read_text(encoding="utf-8") == ""  # the file was empty when opened
    printed, problems = exit_report(app.session, app.outcome)
    assert printed == []
    assert problems[0].startswith(f"annotator: NOT SAVED to {out}: {out}: cannot save: No space left on device")
    assert f"annotator: your work is in {chosen}" in problems
    assert f"annotator: merge it back with: annotator merge-mine {chosen} --into {out}  (see docs/annotate.md)" in problems


def test_quit_anyway_discards_and_says_so(full):
    app, out = full

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        await pilot.press("ctrl+q", "ctrl+d")

    run(app, script)
    assert app.return_code == 1 and app.outcome.status == "discarded"
    _, problems = exit_report(app.session, app.outcome)
    assert "the changes since the last save are lost" in problems[-1]


def test_a_save_that_works_again_at_quit_just_quits(full, monkeypatch):
    app, out = full

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        monkeypatch.setattr(session_module, "write_jsonl_atomic", write_jsonl_atomic)  # space freed
        await pilot.press("ctrl+q")

    run(app, script)
    assert app.return_code == 0 and app.outcome.status == "saved"
    assert saved(out)[0]["entities"][0]["label"] == "GPE"
    assert exit_report(app.session, app.outcome) == ([f"annotations: {out}"], [])


def test_a_conflict_names_the_mine_copy_and_the_merge_command_on_exit(corpus, tmp_path):
    out = tmp_path / "gold.jsonl"
    app = open_app(corpus, out)

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        out.write_text(out.read_text(encoding="utf-8").replace('"draft"', '"done"'), encoding="utf-8")
        await mark(pilot, "أوستن", "1")
        assert app.conflict
        await pilot.press("ctrl+q")

    run(app, script)
    mine = app.session.conflict_path()
    assert app.return_code == 1 and app.outcome.status == "conflict" and app.outcome.where == mine
    assert [e["label"] for e in saved(mine)[0]["entities"]] == ["PER", "GPE"]
    assert saved(out)[0]["status"] == "done"  # theirs, untouched
    _, problems = exit_report(app.session, app.outcome)
    assert problems[0] == f"annotator: NOT SAVED to {out}: {out} was changed on disk by someone else while you worked"
    assert problems[1:] == [
        f"annotator: your work is in {mine}",
        f"annotator: merge it back with: annotator merge-mine {mine}  (see docs/annotate.md)",
    ]


def test_a_signal_cannot_ask_so_the_work_goes_to_the_mine_copy(full):
    app, out = full

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        assert app.request_quit()
        await pilot.pause()

    run(app, script)
    assert app.outcome.status == "elsewhere" and app.outcome.where == app.session.conflict_path()
    assert saved(app.outcome.where)[0]["entities"][0]["label"] == "GPE"


def test_lock_that_cannot_be_removed_is_a_plain_message(corpus, tmp_path, monkeypatch):
    out = tmp_path / "gold.jsonl"
    s = Session.open(corpus, out)
    lock = lock_path(out)
    lock_cannot_be_removed(monkeypatch, lock)
    message = s.close()
    assert message == (
        f"{lock}: cannot remove the lock file: Permission denied; "
        "the next session on this host takes it over, or delete it by hand"
    )
    assert s.close() is None  # released once


def test_annotate_command_reports_a_lock_it_cannot_remove_in_one_line(tmp_path, monkeypatch):
    from annotator.tui import command

    out = tmp_path / "gold.jsonl"
    lock = lock_path(out)

    def app_that_quits_at_once(session, **kwargs):  # the terminal app itself is tested above
        lock_cannot_be_removed(monkeypatch, lock)  # the directory became read-only meanwhile
        return 0

    monkeypatch.setattr(command, "run", app_that_quits_at_once)
    result = CliRunner().invoke(cli, ["annotate", "--corpus", str(bundled_corpus_dir()), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert lines[-1] == f"annotator: {lock}: cannot remove the lock file: Permission denied; the next session on this host takes it over, or delete it by hand"
    assert lines[0] == f"annotations: {out} (nothing marked yet: no file written)"


@pytest.mark.parametrize("status", ["conflict", "elsewhere", "discarded"])
def test_exit_report_never_prints_a_raw_escape(corpus, tmp_path, status):
    from annotator.tui.closing import Outcome

    out = tmp_path / "o\x1b]2;x\x07.jsonl"
    s = Session.open(corpus, out, lock=False)
    where = None if status == "discarded" else tmp_path / "m\x1b[31m.jsonl"
    printed, problems = exit_report(s, Outcome(status, where, f"{out} broke"))
    assert "\x1b" not in "".join(printed + problems) and "\\x1b]2;x\\x07" in problems[0]


def test_a_failing_autosave_says_so_once_not_at_every_retry(full):
    app, out = full

    async def script(pilot):
        await mark(pilot, "العراق", "3")
        for _ in range(3):
            app._autosave_tick()  # the autosave retries every half second
        await pilot.pause()
        assert len(app._notifications) == 1
        assert "unsaved" in app.query_one("#status").render_line(0).text

    run(app, script)


def test_after_a_signal_the_watchdog_ends_a_process_that_hangs_and_frees_the_lock(corpus, tmp_path):
    from annotator.tui.closing import Outcome, exit_watchdog

    class HungApp:  # its exit never returns (a writer blocked on a terminal that is gone)
        outcome = None

    out = tmp_path / "gold.jsonl"
    s = Session.open(corpus, out)
    app = HungApp()
    ended: list[int] = []
    watchdog = exit_watchdog(app, s, 129, grace=0.05, end=ended.append)
    watchdog.join(0.3)
    assert watchdog.is_alive() and not ended and lock_path(out).exists()  # the work is not safe yet: it waits
    app.outcome = Outcome()  # quit_now saved it
    watchdog.join(30)
    assert ended == [129] and not lock_path(out).exists()
