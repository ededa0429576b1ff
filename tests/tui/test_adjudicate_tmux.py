"""End to end: the real ``annotator adjudicate`` in tmux (send-keys, capture-pane); every
step waits on a condition with a deadline, never on a sleep; the tmux server is killed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

from .helpers import poll

DATA = Path(__file__).resolve().parents[1] / "agree" / "data"


class Tmux:
    def __init__(self, name: str) -> None:
        self.socket = name

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "adj").stdout

    def shows(self, needle: str) -> str:
        return poll(lambda: needle in self.screen() and self.screen(), 30.0, f"{needle!r} on screen")

    def alive(self) -> bool:
        return self.run("has-session", "-t", "adj").returncode == 0


def records(path: Path) -> dict[str, dict]:
    try:
        return {r["doc_id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    except (OSError, ValueError):
        return {}


def test_adjudicate_end_to_end_in_tmux(tmp_path):
    out = tmp_path / "gold.jsonl"
    files = " ".join(str(DATA / f"ann_{x}.jsonl") for x in "abc")
    tmux = Tmux(f"h12-agree-adjudicate-{os.getpid()}-{tmp_path.name}")
    cmd = f"cd {tmp_path} && ANNOTATOR_NO_BIDI_MODE=1 {sys.executable} -m annotator adjudicate {files} --out {out} --annotator judge"
    try:
        assert tmux.run("new-session", "-d", "-s", "adj", "-x", "100", "-y", "30", cmd).returncode == 0
        tmux.shows("0 open, 5 agreed")
        tmux.run("send-keys", "-t", "adj", "A")
        poll(lambda: len(records(out).get("fx1", {}).get("entities", [])) == 3, 30.0, "fx1's agreed spans saved")
        tmux.run("send-keys", "-t", "adj", "C-PageDown")
        tmux.shows("fx2 (2/7)")
        tmux.run("send-keys", "-t", "adj", "j")
        tmux.shows("marked by C=c")
        tmux.run("send-keys", "-t", "adj", "x")
        poll(lambda: "entity:4:15:ORG" in str(records(out).get("fx2", {}).get("meta")), 30.0, "the rejection saved")
        tmux.shows("7 open, 0 agreed")
        tmux.run("send-keys", "-t", "adj", "C-q")
        poll(lambda: not tmux.alive(), 30.0, "the app to exit")
    finally:
        tmux.run("kill-server")
    recs = records(out)
    assert recs["fx1"]["annotator"] == "judge"
    assert [q["text"] for q in recs["fx1"]["quotes"]] == ["داعش هزم في العراق عام 2019"]
    assert recs["fx1"]["meta"]["adjudicate"]["spans"]["e1"] == ["a", "b", "c"]
    assert recs["fx2"]["meta"]["adjudicate"]["rejected"] == ["entity:4:15:ORG"]
    assert not (tmp_path / "gold.jsonl.lock").exists()
