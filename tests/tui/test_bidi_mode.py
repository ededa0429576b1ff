"""Explicit bidi mode: CSI 8 l on start, CSI 8 h on exit - also on a crash and on SIGTERM."""

import io
import os
import pty
import select
import signal
import sys
import time

import pytest

from annotator.io.corpus import bundled_corpus_dir
from annotator.tui import command as cmd
from annotator.tui import resume
from annotator.tui.command import BIDI_EXPLICIT, BIDI_IMPLICIT, BidiMode


def test_bidi_mode_is_restored_after_an_exception():
    stream = io.StringIO()
    with pytest.raises(RuntimeError):
        with BidiMode(stream):
            assert stream.getvalue() == BIDI_EXPLICIT
            raise RuntimeError("crash")
    assert stream.getvalue() == BIDI_EXPLICIT + BIDI_IMPLICIT


def test_bidi_mode_restores_on_sigterm_and_only_once():
    stream = io.StringIO()
    mode = BidiMode(stream)
    mode.enter()
    with pytest.raises(SystemExit) as info:
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before the next line: no sleep
        raise AssertionError("the SIGTERM handler did not run")
    assert info.value.code == 128 + signal.SIGTERM
    mode.exit()  # the atexit path after the handler: nothing more is written
    assert stream.getvalue() == BIDI_EXPLICIT + BIDI_IMPLICIT
    assert signal.getsignal(signal.SIGTERM) is not mode._on_signal


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and needle not in data:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    return data


@pytest.mark.parametrize("how", ["quit", "sigterm"])
def test_real_terminal_gets_explicit_then_implicit_mode(tmp_path, how):
    out = tmp_path / "o.jsonl"
    argv = [sys.executable, "-m", "annotator", "annotate", "--corpus", str(bundled_corpus_dir()), "--out", str(out)]
    pid, fd = pty.fork()
    if pid == 0:  # the child: a real terminal on stdin/stdout
        os.environ["TERM"] = "xterm-256color"
        os.environ["COLUMNS"], os.environ["LINES"] = "100", "30"
        os.execv(sys.executable, argv)
    try:
        start = _read_until(fd, b"000_9cb6c4488f67ca16", 20)
        assert start.startswith(BIDI_EXPLICIT.encode()), start[:40]
        if how == "quit":
            os.write(fd, b"\x11")  # ctrl+q
        else:
            os.kill(pid, signal.SIGTERM)
        rest = _read_until(fd, b"annotations:" if how == "quit" else BIDI_IMPLICIT.encode(), 20)
        assert BIDI_IMPLICIT.encode() in rest
        _read_until(fd, b"annotations:", 20)
        deadline = time.monotonic() + 20
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert done, "the annotator did not exit"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(fd)
    # both ways end cleanly; nothing was marked, so no annotation file, but where it stopped is kept
    assert os.waitstatus_to_exitcode(status) == 0
    assert not out.exists() and resume.state_path(out).exists()


def test_run_restores_implicit_mode_when_the_app_crashes(corpus, tmp_path, monkeypatch):
    from annotator.tui.app import AnnotateApp
    from annotator.tui.session import Session

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def crash(self, *args, **kwargs):
        raise RuntimeError("bug in the app")

    monkeypatch.setattr(AnnotateApp, "run", crash)
    stream = Terminal()
    session = Session.open(corpus, tmp_path / "o.jsonl", lock=False)
    with pytest.raises(RuntimeError, match="bug in the app"):
        cmd.run(session, stream=stream)
    assert stream.getvalue() == BIDI_EXPLICIT + BIDI_IMPLICIT
