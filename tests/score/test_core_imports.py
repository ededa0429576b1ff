"""The scorer is core: importing it (and its command) never imports Textual."""

import subprocess
import sys


def test_score_never_imports_textual():
    code = "import sys, annotator.score, annotator.score.command, annotator.score.html; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
