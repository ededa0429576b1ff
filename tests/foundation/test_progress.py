"""Progress bars (issue 15): Rich's bar on a terminal for validate, extract and score (also
with a directory of gold files), nothing when not a terminal or with --quiet."""

import io
import re
import sys
from pathlib import Path

from annotator.extract.command import run_extract
from annotator.score.command import run_score
from annotator.validate.command import run_validate

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def shown(stream: io.StringIO) -> str:
    return ANSI.sub("", stream.getvalue())


def test_validate_shows_a_bar_on_a_terminal_only(monkeypatch):
    for stream, quiet, expected in ((FakeTTY(), False, True), (FakeTTY(), True, False), (io.StringIO(), False, False)):
        monkeypatch.setattr(sys, "stderr", stream)
        assert run_validate([ROOT / "corpus" / "documents.jsonl"], out=io.StringIO(), quiet=quiet) == 0
        assert ("validating" in shown(stream) and "lines" in shown(stream)) is expected, (quiet, shown(stream))


def test_extract_and_score_of_a_directory_show_a_bar(tmp_path):
    err = FakeTTY()
    assert run_extract(ROOT / "corpus", tmp_path / "p.jsonl", stderr=err) == 0
    assert "extracting (baseline)" in shown(err) and "1/1" in shown(err)
    err = FakeTTY()
    assert run_score(ROOT / "corpus" / "gold", tmp_path / "p.jsonl", bootstrap=0, stdout=io.StringIO(), stderr=err) == 0
    assert "scoring" in shown(err) and "1/1 documents" in shown(err)
    err = io.StringIO()  # not a terminal: no bar at all
    assert run_extract(ROOT / "corpus", tmp_path / "p.jsonl", stderr=err) == 0
    assert "extracting" not in err.getvalue()
