"""Start-up (issue 16): ``annotator --help`` and ``annotator score --help`` import only what
they show. Checked by the modules loaded (not by timing, which a shared machine makes noisy)."""

import json
import subprocess
import sys

CODE = """
import json, sys
loaded = {}
import annotator.cli
loaded["import"] = sorted(sys.modules)
for args in (["--help"], ["score", "--help"]):
    try:
        annotator.cli.main(args)
    except SystemExit:
        pass
    loaded[" ".join(args)] = sorted(sys.modules)
print(json.dumps(loaded))
"""

#: what no help screen needs: the models, the validator, the extractor and its lexicon, the
#: scoring engine, numpy, JSON Schema, the regex module, the UI
HEAVY = ("annotator.model", "annotator.validate", "annotator.extract", "annotator.score.engine", "annotator.score.stats",
         "annotator.io.corpus", "annotator.tui", "numpy", "jsonschema", "regex", "textual")


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_help_screens_import_no_heavy_module():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.splitlines()[-1])
    for step, modules in loaded.items():
        assert _heavy(modules) == [], f"{step}: {_heavy(modules)}"
    # no help screen needs pydantic (about 0.07 s of CPU: typer builds a pydantic coercion for
    # every option it processes, and the group's absent --help flag was one; cli.LazyGroup)
    for step, modules in loaded.items():
        assert "pydantic" not in modules and "pydantic_core" not in modules, step
    assert "annotator.score.command" in loaded["score --help"]


def test_every_registered_command_shows_its_help():
    """Each lazily registered command resolves to its function and shows its own options."""
    from annotator.cli import COMMANDS

    code = "import sys\nfrom annotator.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    sys.exit(e.code)"
    for name in COMMANDS:
        out = subprocess.run([sys.executable, "-c", code, name, "--help"], capture_output=True, text=True)
        assert out.returncode == 0, (name, out.stderr)
        assert f"Usage: annotator {name}" in " ".join(out.stdout.split()), out.stdout
