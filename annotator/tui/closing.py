"""Quitting without losing work.

``ctrl+q`` saves and quits. When the save fails, the app does not exit silently:

- the file changed on disk (someone else saved it): your version is written next to it as
  ``FILE.mine-PID`` (with ``FILE.mine-PID.base``, the version you started from), the app
  closes, and the message printed after it names the copy and the command that merges it
  back (``annotator merge-mine FILE.mine-PID``); exit code 1;
- any other failure (disk full, directory made read-only, ...) or a copy that cannot be
  written either: :class:`QuitDialog` asks - save elsewhere (a path, prefilled), quit
  anyway (the changes are lost, and the message says so), or cancel (back to the app).

A quit from a signal (SIGTERM, SIGHUP: the terminal went away) cannot ask: it writes the
work to the first place that takes it (``FILE.mine-PID``, then the home directory) and exits;
:func:`exit_watchdog` makes sure the process really ends and leaves no lock behind.
"""

from __future__ import annotations

import os
import shlex
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from annotator.text.visible import visible
from annotator.tui.field import ArabicField
from annotator.tui.session import ConflictError, Session


@dataclass
class Outcome:
    """How the session ended: ``saved`` (the work is in ``out``), ``conflict`` (in the
    ``.mine`` copy), ``elsewhere`` (in a file the user named) or ``discarded``."""

    status: str = "saved"
    where: Path | None = None
    reason: str = ""


def copy_suggestion(session: Session) -> Path:
    """Where "save elsewhere" proposes to write: next to the file when its directory takes
    files, else the home directory."""
    mine = session.conflict_path()
    if os.access(mine.parent, os.W_OK):
        return mine
    return Path.home() / mine.name


def _problem(e: OSError) -> str:
    return visible(e.strerror or e)


class QuitDialog(ModalScreen[tuple[str, Path | None] | None]):
    """Unsaved work at quit: enter saves it to the path shown, ctrl+d quits anyway, escape cancels."""

    DEFAULT_CSS = """
    QuitDialog { align: center middle; }
    QuitDialog > Vertical { width: 84; max-width: 100%; height: auto; border: thick $error; background: $panel; padding: 0 1; }
    QuitDialog .title { text-style: bold; color: $error; }
    QuitDialog .hint { color: $text-muted; }
    QuitDialog #quit-error { color: $error; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+d", "discard", "Quit anyway"),
    ]

    def __init__(self, session: Session, reason: str) -> None:
        super().__init__()
        self.session = session
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Your last changes are NOT saved", classes="title", markup=False)
            yield Static(visible(self.reason), markup=False)
            yield Static("")
            yield ArabicField("save to", str(copy_suggestion(self.session)), id="quit-path")
            yield Static("", id="quit-error", markup=False)
            yield Static(
                "enter  save them to this file and quit\n"
                "ctrl+d quit anyway: the changes are lost\n"
                "escape back to the annotator (ctrl+s tries the file again)",
                classes="hint", markup=False,
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#quit-path", ArabicField))

    def on_arabic_field_submitted(self, event: ArabicField.Submitted) -> None:
        event.stop()
        error = self.query_one("#quit-error", Static)
        raw = event.value.strip()
        if not raw:
            error.update("give a file name")
            return
        path = Path(raw).expanduser()
        if path.resolve() == self.session.out.resolve():
            error.update("that is the file that cannot be written: choose another one")
            return
        if path.exists():
            error.update(f"{visible(path)} exists: choose a new name (nothing is overwritten)")
            return
        try:
            written = self.session.write_copy(path)
        except OSError as e:
            error.update(f"cannot write there: {_problem(e)}")
            return
        self.dismiss(("elsewhere", written))

    def action_discard(self) -> None:
        self.dismiss(("discarded", None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class SafeQuit:
    """App mixin: ``action_quit`` and ``quit_now`` that never lose work silently (needs
    ``session``, ``doc``, ``conflict``, ``say`` and ``exit`` of the app)."""

    outcome: Outcome | None = None

    def _finish(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self.exit(return_code=0 if outcome.status == "saved" else 1)  # type: ignore[attr-defined]

    def _try_save(self) -> str | None:
        """Save; None when the work is safe (in ``out``, or in the ``.mine`` copy after a
        conflict: then ``outcome`` is set), else why it is not."""
        s: Session = self.session  # type: ignore[attr-defined]
        s.cursor = self.doc.cursor  # type: ignore[attr-defined]
        if not self.conflict:  # type: ignore[attr-defined]
            try:
                s.save()
            except ConflictError:
                self.conflict = True
            except OSError as e:
                return f"{visible(s.out)}: cannot save: {_problem(e)}"
        if not self.conflict:  # type: ignore[attr-defined]
            return None
        try:
            mine = s.save_conflict_copy()
        except OSError as e:
            return (
                f"{visible(s.out)} was changed on disk by someone else, and your version could not be "
                f"written to {visible(s.conflict_path())} either: {_problem(e)}"
            )
        self.outcome = Outcome("conflict", mine, f"{visible(s.out)} was changed on disk by someone else while you worked")
        return None

    async def action_quit(self) -> None:
        if isinstance(self.screen, QuitDialog):  # type: ignore[attr-defined]
            return
        reason = self._try_save()
        if reason is None:
            self._finish(self.outcome or Outcome())
            return

        def answered(result: tuple[str, Path | None] | None) -> None:
            if result is None:
                self.say("not quit: your changes are still unsaved (ctrl+s tries again)")  # type: ignore[attr-defined]
                return
            self._finish(Outcome(result[0], result[1], reason))

        self.clear_notifications()  # type: ignore[attr-defined]  # the failed saves' toasts would cover the dialog
        self.push_screen(QuitDialog(self.session, reason), answered)  # type: ignore[attr-defined]

    def quit_now(self) -> None:
        """Quit without asking (a signal): the work goes to the first file that takes it."""
        reason = self._try_save()
        if reason is None:
            self._finish(self.outcome or Outcome())
            return
        s: Session = self.session  # type: ignore[attr-defined]
        for place in dict.fromkeys([s.conflict_path(), copy_suggestion(s)]):
            try:
                self._finish(Outcome("elsewhere", s.write_copy(place), reason))
                return
            except OSError:
                continue
        self._finish(Outcome("discarded", None, reason))


def exit_watchdog(app, session: Session, code: int, *, grace: float = 10.0, patience: float = 120.0, end=os._exit) -> threading.Thread:
    """After a signal: once the work is safe (``app.outcome`` set by ``quit_now``), give the
    app ``grace`` seconds to close; if it is still there - Textual's writer can block for ever
    on a terminal that has gone away (SIGHUP), and the process would hold the lock with nobody
    to see it - release the lock and end the process with ``code``."""

    def watch() -> None:
        deadline = time.monotonic() + patience
        while getattr(app, "outcome", None) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(grace)
        session.close()
        end(code)

    thread = threading.Thread(target=watch, name="annotator-exit-watchdog", daemon=True)
    thread.start()
    return thread


def exit_report(session: Session, outcome: Outcome | None) -> tuple[list[str], list[str]]:
    """What ``annotator annotate`` prints after the app closed: (stdout lines, stderr lines)."""
    out = visible(session.out.resolve())
    outcome = outcome or Outcome()
    if outcome.status == "saved":
        if session.out.exists():
            return [f"annotations: {out}"], []
        return [f"annotations: {out} (nothing marked yet: no file written)"], []
    err = [f"annotator: NOT SAVED to {out}: {visible(outcome.reason)}"]
    if outcome.where is not None:
        where = outcome.where.resolve()
        into = "" if outcome.status == "conflict" else f" --into {visible(shlex.quote(str(session.out.resolve())))}"
        err.append(f"annotator: your work is in {visible(where)}")
        err.append(f"annotator: merge it back with: annotator merge-mine {visible(shlex.quote(str(where)))}{into}  (see docs/annotate.md)")
    else:
        err.append("annotator: quit without saving: the changes since the last save are lost")
    return [], err


__all__ = ["Outcome", "QuitDialog", "SafeQuit", "copy_suggestion", "exit_report", "exit_watchdog"]
