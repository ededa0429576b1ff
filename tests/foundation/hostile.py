"""Helpers of the hostile-input tests (issue 10): the real command, validate in process,
and the check that output is plain one-line messages."""

import io
import subprocess
import sys
from pathlib import Path

from annotator.validate.command import run_validate

ROOT = Path(__file__).resolve().parents[2]


def annotator(*args, stdin=None, input=None, cwd=ROOT, timeout=120):
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, input=input, stdin=stdin, cwd=cwd, timeout=timeout)


def run(paths, **kw):
    out = io.StringIO()
    code = run_validate([Path(p) for p in paths], out=out, **kw)
    return code, out.getvalue().splitlines()


def one_line_messages(result):
    """No traceback; every line of stderr and stdout a plain one-line message."""
    text = result.stdout.decode("utf-8", "replace") + result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "\x1b" not in text
    return text
