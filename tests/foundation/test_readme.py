"""The README's key table is the one the help screen shows (docs/annotate.md is generated from it)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _keys(text: str) -> str:
    return text.split("<!-- keys:start", 1)[1].split("<!-- keys:end -->", 1)[0]


def test_readme_key_table_matches_the_help_screen():
    from annotator.tui.help import keys_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _keys(readme).split("-->", 1)[1].strip() == keys_markdown().strip()


def test_readme_starts_with_the_two_setup_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```sh\n")[1:3]
    run, test = (b.split("\n```", 1)[0].strip() for b in blocks)
    assert run.endswith("annotator annotate") and "pip install -e ." in run
    assert test == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
