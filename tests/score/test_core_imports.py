"""The scorer is core: importing it (and its command) never imports Textual."""

import subprocess
import sys


def test_score_never_imports_textual():
    code = "import sys, annotator.score, annotator.score.command, annotator.score.html; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_numpy_is_loaded_only_for_the_bootstrap():
    """Every command starts without numpy (about 60 ms to import); the bootstrap loads it."""
    code = (
        "import sys, annotator.cli, annotator.score.stats as s; a = 'numpy' in sys.modules; "
        "s.bootstrap_intervals({'d': {'entities': [1, 0, 0, 0, 0] * 7}}, 5); print(a, 'numpy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]
