"""End to end: the real ``annotator annotate`` in tmux, driven by send-keys, read by capture-pane.

tmux draws the cells it receives in order (it does no bidi), so the captured screen is what
a terminal with its own bidi switched off shows.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.text.layout import layout_field
from annotator.validate.run import validate_files

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

SEED = "000_9cb6c4488f67ca16"


class Tmux:
    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"annotator-e2e-{os.getpid()}-{tmp_path.name}"
        self.tmp = tmp_path

    def cmd(self, *args: str) -> str:
        out = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        return out.stdout

    def start(self, command: str) -> None:
        self.cmd("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", command)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.cmd("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)
        time.sleep(0.25)

    def screen(self) -> str:
        return self.cmd("capture-pane", "-p", "-t", "e2e")

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if needle in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never shown; screen:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


@pytest.fixture
def tmux(tmp_path):
    t = Tmux(tmp_path)
    yield t
    t.kill()


def wait_file(path: Path, predicate, timeout: float = 10) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            if predicate(records):
                return records
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{path} never satisfied the condition: {path.read_text(encoding='utf-8') if path.exists() else 'missing'}")


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
    screen = tmux.wait_for("4 matches")
    shown = "".join(c.glyph for c in layout_field("اوستن", 20).cells)
    assert shown[0] == "\ufee6" and shown in screen  # the query, shaped, in visual order (ن leftmost)
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
        tmux.keys("/")
        tmux.keys(needle, literal=True)
        tmux.keys("Enter")
        tmux.keys(key)
    tmux.wait_for("E 3  Q 0  C 0")
    time.sleep(1.0)
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
