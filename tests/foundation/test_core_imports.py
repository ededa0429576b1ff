"""The core never imports textual: only annotator.tui may."""

import subprocess
import sys

CODE = """
import importlib, pkgutil, sys
import annotator
core = sorted(m.name for m in pkgutil.walk_packages(annotator.__path__, "annotator.")
              if not m.name.startswith("annotator.tui") and not m.name.endswith("__main__"))
for name in core:
    importlib.import_module(name)
import annotator.cli  # the CLI registers `annotate` without importing the UI
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(len(core), leaked)
"""


def test_core_and_cli_import_without_textual():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) >= 10, "the walk found the core modules"
    assert out[1] == "[]", f"the core imported textual: {out[1:]}"


def test_the_tui_does_import_textual():
    """The check above can fail: importing the UI package's app does pull textual in."""
    code = "import sys, annotator.tui.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "True", out.stderr
