"""End to end: the real ``annotator annotate`` in tmux, driven by send-keys, read by capture-pane.

tmux draws the cells it receives in order (it does no bidi), so the captured screen is what
a terminal with its own bidi switched off shows.

No sleeps: keys are sent as fast as tmux takes them (the app must queue them, not lose
them), and every check polls the screen or the file until a deadline. Every process a test
starts is killed at the end (the pane's whole process group, then the tmux server), and the
end waits until they are gone, so no annotator outlives its test holding a lock.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.text.layout import layout_field
from annotator.tui.sessionfile import _pid_alive
from annotator.validate.run import validate_files

from .helpers import poll

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

SEED = "000_9cb6c4488f67ca16"


def started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot), or None when there is none."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


class Tmux:
    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"annotator-e2e-{os.getpid()}-{tmp_path.name}"
        self.tmp = tmp_path
        self.pane_pid: int | None = None
        self.pane_started: str | None = None

    def cmd(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        return out.stdout

    def start(self, command: str) -> None:
        self.cmd("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", command)
        pid = self.cmd("display-message", "-p", "-t", "e2e", "#{pane_pid}").strip()
        self.pane_pid = int(pid) if pid.isdigit() else None
        self.pane_started = started(self.pane_pid) if self.pane_pid else None

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.cmd("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def mark(self, needle: str, key: str) -> None:
        """Search ``needle``, jump to it (selected) and press ``key``: sent at once, no waiting."""
        self.keys("/")
        self.keys(needle, literal=True)
        self.keys("Enter", key)

    def screen(self) -> str:
        return self.cmd("capture-pane", "-p", "-t", "e2e")

    def wait_for(self, *needles: str, timeout: float = 30) -> str:
        """The screen once it shows every one of ``needles`` (polled until a deadline)."""
        try:
            return poll(lambda: (lambda screen: screen if all(n in screen for n in needles) else None)(self.screen()), timeout, repr(needles))
        except AssertionError:
            raise AssertionError(f"{needles!r} never shown; screen:\n{self.screen()}") from None

    def kill(self) -> None:
        """Kill the pane's process group (shell, annotator, the trailing sleep), then the
        server, and wait until the processes are gone."""
        pid, self.pane_pid = self.pane_pid, None
        # the pane's command leads its own process group; pids are reused quickly on a busy
        # machine, so only while that pid is still the process this test started
        if pid is not None and started(pid) == self.pane_started:
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)
        if pid is not None:
            poll(lambda: started(pid) != self.pane_started, 20, f"pane process {pid} to end")


@pytest.fixture
def tmux(tmp_path):
    t = Tmux(tmp_path)
    try:
        yield t
    finally:
        t.kill()


def wait_file(path: Path, predicate, timeout: float = 20) -> list[dict]:
    def check():
        try:
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        except (OSError, ValueError):
            return None
        return records if predicate(records) else None

    try:
        return poll(check, timeout, f"{path} to satisfy the condition")
    except AssertionError:
        raise AssertionError(f"{path} never satisfied the condition: {path.read_text(encoding='utf-8') if path.exists() else 'missing'}") from None


def command(out: Path, *extra: str) -> str:
    corpus = bundled_corpus_dir()
    return (
        f"cd {out.parent} && {sys.executable} -m annotator annotate --corpus {corpus} --out {out} "
        f"--annotator e2e {' '.join(extra)}; echo EXITED $?; sleep 30"
    )


def test_annotate_in_tmux_search_arabic_mark_and_quit(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    tmux.start(command(out))
    screen = tmux.wait_for(SEED)
    # the first line of the article, shaped and right to left: "في" is drawn as its two glyphs reversed
    first_row = screen.splitlines()[0]
    assert "\ufed3\ufef2" not in first_row and "\ufef2\ufed3" in first_row
    assert "e2e" in screen and "E 0  Q 0  C 0" in screen
    # search typed in Arabic (without hamza: أوستن is found by اوستن)
    tmux.keys("/")
    tmux.keys("اوستن", literal=True)
    shown = "".join(c.glyph for c in layout_field("اوستن", 20).cells)
    assert shown[0] == "\ufee6"  # the query, shaped, in visual order (ن leftmost) ...
    tmux.wait_for("4 matches", shown)  # ... shown in the search box
    tmux.keys("Enter")
    tmux.keys("1")
    tmux.wait_for("E 1  Q 0  C 0")
    records = wait_file(out, lambda r: r and len(r[0]["entities"]) == 1)
    text = Corpus.load(bundled_corpus_dir()).documents[SEED].text
    entity = records[0]["entities"][0]
    assert entity["label"] == "PER" and text[entity["start"] : entity["end"]] == "أوستن"
    # a numeric claim: search, select, m, accept the parsed value
    tmux.keys("/")
    tmux.keys("153 هجوماً", literal=True)
    tmux.keys("Enter")
    tmux.keys("m")
    tmux.wait_for("Numeric claim")
    tmux.keys("Enter")
    tmux.wait_for("E 1  Q 0  C 1")
    tmux.keys("C-q")
    screen = tmux.wait_for("EXITED 0")
    assert f"annotations: {out}" in screen.replace("\n", "")
    records = wait_file(out, lambda r: r and len(r[0]["claims"]) == 1)
    assert records[0]["claims"][0]["value"] == 153
    corpus = Corpus.load(bundled_corpus_dir())
    report = validate_files([out], corpus.documents, corpus.labels)
    assert report.errors == 0, [f.format() for f in report.findings]
    assert not (tmp_path / "gold.jsonl.lock").exists()


def test_killing_the_app_loses_at_most_a_second_and_never_corrupts(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    tmux.start(command(out))
    tmux.wait_for(SEED)
    lock = json.loads((tmp_path / "gold.jsonl.lock").read_text())
    for needle, key in (("الولايات المتحدة", "3"), ("داعش", "2"), ("واشنطن", "3")):
        tmux.mark(needle, key)
    tmux.wait_for("E 3  Q 0  C 0")
    wait_file(out, lambda r: r and len(r[0]["entities"]) == 3)  # autosaved: the status line said "saved"
    os.kill(lock["pid"], signal.SIGKILL)
    tmux.wait_for("EXITED")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [e["label"] for e in records[0]["entities"]] == ["GPE", "GPE", "ORG"]
    corpus = Corpus.load(bundled_corpus_dir())
    assert validate_files([out], corpus.documents, corpus.labels).errors == 0
    assert not list(tmp_path.glob(".gold.jsonl.*.tmp"))
    # the stale lock of the killed process does not block the next session
    tmux.kill()
    again = Tmux(tmp_path / "again")
    try:
        again.start(command(out))
        screen = again.wait_for(SEED)
        assert "E 3  Q 0  C 0" in screen
    finally:
        again.kill()


def test_second_instance_is_refused_with_the_holder_named(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    tmux.start(command(out))
    tmux.wait_for(SEED)
    second = subprocess.run(
        [sys.executable, "-m", "annotator", "annotate", "--corpus", str(bundled_corpus_dir()), "--out", str(out)],
        capture_output=True, text=True, timeout=30, cwd=tmp_path,
    )
    assert second.returncode == 2
    assert "already open in another annotator" in second.stderr and "pid" in second.stderr
    assert "Traceback" not in second.stderr and len(second.stderr.strip().splitlines()) == 1


def test_keys_typed_while_the_app_starts_are_queued_not_lost(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    tmux.start(command(out))
    # typed at once, before the first screen: search, jump, mark PER; search, mark ORG
    tmux.mark("اوستن", "1")
    tmux.mark("داعش", "2")
    tmux.wait_for("E 2  Q 0  C 0")
    records = wait_file(out, lambda r: r and len(r[0]["entities"]) == 2)
    assert sorted(e["label"] for e in records[0]["entities"]) == ["ORG", "PER"]
    tmux.keys("C-q")
    tmux.wait_for("EXITED 0")


def test_a_conflict_at_quit_names_the_mine_copy_after_the_app_closes(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    tmux.start(command(out))
    tmux.mark("واشنطن", "3")
    records = wait_file(out, lambda r: r and len(r[0]["entities"]) == 1)
    records[0]["status"] = "done"  # someone else saves the file meanwhile
    out.write_text(json.dumps(records[0], ensure_ascii=False) + "\n", encoding="utf-8")
    tmux.mark("داعش", "2")
    tmux.wait_for("changed on disk")
    lock = json.loads((tmp_path / "gold.jsonl.lock").read_text())
    tmux.keys("C-q")
    screen = tmux.wait_for("EXITED 1").replace("\n", "")
    mine = tmp_path / f"gold.jsonl.mine-{lock['pid']}"
    assert f"your work is in {mine}" in screen and f"annotator merge-mine {mine}" in screen
    assert sorted(e["label"] for e in json.loads(mine.read_text(encoding="utf-8"))["entities"]) == ["GPE", "ORG"]
    merged = subprocess.run([sys.executable, "-m", "annotator", "merge-mine", str(mine)], capture_output=True, text=True, timeout=60)
    assert merged.returncode == 1 and "CONFLICT" in merged.stdout  # both changed the one document
    merged = subprocess.run([sys.executable, "-m", "annotator", "merge-mine", str(mine), "--prefer", "mine"], capture_output=True, text=True, timeout=60)
    assert merged.returncode == 0, merged.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["entities"]) == 2


def test_disk_full_at_quit_asks_instead_of_exiting(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    # a real "file too large": the annotator runs with a 500-byte file size limit (3 entities fit)
    limited = tmp_path / "limited.py"
    limited.write_text(
        "import os, resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (500, 500))\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'annotator', *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    corpus = bundled_corpus_dir()
    tmux.start(
        f"cd {tmp_path} && {sys.executable} {limited} annotate --corpus {corpus} --out {out} --annotator e2e; "
        "echo EXITED $?; sleep 30"
    )
    for needle, key in (("الولايات المتحدة", "3"), ("داعش", "2"), ("واشنطن", "3"), ("اوستن", "1"), ("العراق", "3")):
        tmux.mark(needle, key)
    tmux.wait_for("[e5 GPE]", "cannot save: File too large")  # the toast covers part of the status line
    assert len(json.loads(out.read_text(encoding="utf-8"))["entities"]) == 3  # the failed saves left it whole
    tmux.keys("C-q")
    screen = tmux.wait_for("Your last changes are NOT saved")
    assert "File too large" in screen
    tmux.keys("Enter")  # the copy next to the file is too large as well: said in the dialog
    tmux.wait_for("cannot write there: File too large")
    tmux.keys("C-d")
    screen = tmux.wait_for("EXITED 1").replace("\n", "")
    assert "NOT SAVED to" in screen and "the changes since the last save are lost" in screen


def test_closing_the_terminal_ends_the_annotator_and_frees_the_lock(tmux, tmp_path):
    out = tmp_path / "gold.jsonl"
    tmux.start(command(out))
    tmux.mark("داعش", "2")
    tmux.wait_for("E 1  Q 0  C 0")
    pid = json.loads((tmp_path / "gold.jsonl.lock").read_text())["pid"]
    tmux.pane_pid = None  # no SIGKILL: the terminal just goes away (SIGHUP)
    tmux.kill()
    poll(lambda: not _pid_alive(pid), 60, "the annotator to end after SIGHUP")
    assert not (tmp_path / "gold.jsonl.lock").exists()
    assert json.loads(out.read_text(encoding="utf-8"))["entities"][0]["label"] == "ORG"
