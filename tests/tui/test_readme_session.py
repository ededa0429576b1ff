"""Done-when of issue 11: the README's first session, followed literally in tmux, saves a
record equal to ``first_session.expected.jsonl``.

The keys are read from the README itself (every backticked token after **Type** in the
steps of "A first session"), so the README and this test cannot drift apart. The test polls
``capture-pane`` until a deadline after each key that changes what is on the screen; it never
sleeps for a fixed time, and it kills its tmux server.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).with_name("first_session.expected.jsonl")
KEYS = {"enter": "Enter", "ctrl+q": "C-q", "escape": "Escape"}
DEADLINE = 30.0  # seconds for one step on a machine whose two cores are busy


def readme_steps() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A first session", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^\d+\. \*\*Type\*\* (.*?):", section, re.M | re.S)
    assert len(steps) == 5, steps
    return [re.findall(r"`([^`]+)`", step) for step in steps]


class Tmux:
    def __init__(self, name: str) -> None:
        self.socket = name

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20).stdout

    def screen(self, attributes: bool = False) -> str:
        """The pane's text; with ``attributes`` its colours and reverse video too (a selection
        that shrinks by a letter changes only those)."""
        return self.run("capture-pane", "-p", *(["-e"] if attributes else []), "-t", "s")

    def wait(self, condition, what: str, attributes: bool = False) -> str:
        deadline = time.monotonic() + DEADLINE
        while True:
            screen = self.screen(attributes)
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not shown within {DEADLINE} s; screen:\n{screen}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


def comparable(record: dict) -> dict:
    """Without what depends on who and when: the annotator's login name, the resume state and
    the time of the last edit (which must be there: tests/tui/test_updated.py)."""
    record = dict(record, annotator="ANNOTATOR")
    meta = dict(record.get("meta") or {})
    meta.pop("annotate", None)
    assert meta.pop("updated", "").endswith("Z"), "an edited record without meta.updated"
    record["meta"] = meta or None
    return record


def counts(screen: str) -> str:
    found = re.search(r"E \d+  Q \d+  C \d+", screen)
    return found.group(0) if found else ""


def test_readme_first_session_in_tmux_saves_the_expected_record(tmp_path):
    steps = readme_steps()
    tmux = Tmux(f"h11-fidelity-readme-{os.getpid()}")
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_CORPUS"}
    command = f"cd {tmp_path} && {sys.executable} -m annotator annotate; echo EXITED $?; sleep 60"
    try:
        subprocess.run(["tmux", "-L", tmux.socket, "new", "-d", "-s", "s", "-x", "100", "-y", "30", command],
                       check=True, timeout=20, env=env)
        tmux.wait(lambda s: "000_9cb6c4488f67ca16" in s and "E 0  Q 0  C 0" in s, "the seed article")
        after = ["E 1  Q 0  C 0", "E 2  Q 0  C 0", "E 2  Q 1  C 0", "E 2  Q 1  C 1"]
        for number, keys in enumerate(steps):
            searching = False
            for key in keys:
                before = tmux.screen(attributes=True)
                if key in KEYS:
                    tmux.run("send-keys", "-t", "s", KEYS[key])
                else:
                    tmux.run("send-keys", "-t", "s", "-l", key)
                if key == "/":
                    tmux.wait(lambda s: "search:" in s, "the search box")
                    searching = True
                elif searching and key not in KEYS:
                    tmux.wait(lambda s: re.search(r"\d+ match", s) is not None, f"the matches of {key!r}")
                elif searching and key == "enter":
                    # the search box closed, the first match selected and numbered
                    tmux.wait(lambda s: "search:" not in s and re.search(r"match 1/\d+", s) is not None, "the first match selected")
                    searching = False
                elif key == "q":
                    tmux.wait(lambda s: "Quote" in s and "speaker:" in s, "the quote form")
                elif key == "m":
                    tmux.wait(lambda s: "Numeric claim" in s, "the claim form")
                elif key == "d":
                    tmux.wait(lambda s: "[done]" in s, "the document marked done")
                elif key in ("1", "2", "[", "enter"):
                    tmux.wait(lambda s, b=before: s != b, f"the effect of {key!r}", attributes=True)
            if number < len(after):
                tmux.wait(lambda s, n=number: counts(s) == after[n], f"step {number + 1}: {after[number]}")
        tmux.wait(lambda s: "EXITED 0" in s, "the annotator's exit")
    finally:
        tmux.kill()
    saved = [json.loads(line) for line in (tmp_path / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines()]
    assert [comparable(r) for r in saved] == expected
