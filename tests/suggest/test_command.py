"""``annotator annotate --suggest`` / ``--suggest-with`` on the command line: input that
cannot be used stops before the app starts, with one plain line and exit 2 (no traceback,
the lock released)."""

import subprocess
import sys

import pytest

from suggest.data import write_corpus, write_predictions


def annotate(tmp_path, *args: str) -> subprocess.CompletedProcess:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        write_corpus(corpus)
    return subprocess.run([sys.executable, "-m", "annotator", "annotate", "--corpus", str(corpus), "--out", str(tmp_path / "out.jsonl"), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args, message", [
    (["--suggest", "{tmp}/missing.jsonl"], "{tmp}/missing.jsonl: cannot read: No such file or directory"),
    (["--suggest", "{tmp}"], "{tmp}: is a directory, not a prediction file"),
    (["--suggest", "/dev/zero"], "/dev/zero:1: "),
    (["--suggest", "-"], "--suggest -: the annotator needs the terminal"),
    (["--suggest-with", "no-such-extractor"], "--suggest-with: unknown extractor 'no-such-extractor'"),
    (["--suggest-with", "baseline", "--suggest", "{tmp}/pred.jsonl"], "give --suggest PRED.jsonl or --suggest-with NAME, not both"),
])
def test_unusable_suggestions_exit_2_with_one_line(tmp_path, args, message):
    write_predictions(tmp_path / "pred.jsonl")
    done = annotate(tmp_path, *[a.format(tmp=tmp_path) for a in args])
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and message.format(tmp=tmp_path) in lines[0], done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not (tmp_path / "out.jsonl.lock").exists() and not (tmp_path / "out.jsonl").exists()
