"""Issue 15: the package installs under its own name from a built wheel in a fresh venv
and scores the bundled corpus; the example workflow is well-formed, pinned, valid for the
current CLI, and its steps run here in order (push, then a pull request against the push's
report) with the installed wheel."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
import typer
import yaml

from annotator import __version__
from annotator.cli import app
from annotator.score.provenance import DISTRIBUTION
from reportkit import valid_report
from run_locally import run_workflow

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "examples" / "ci" / "annotator-eval.yml"
README = ROOT / "README.md"
pytestmark = pytest.mark.slow


def sh(*args, cwd=None, env=None, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, installed in a fresh venv: (wheel, venv bin)."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", ROOT)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("*.whl")
    made = sh(sys.executable, "-m", "venv", tmp / "venv")
    assert made.returncode == 0, made.stderr
    bin_dir = tmp / "venv" / "bin"
    pip = sh(bin_dir / "python", "-m", "pip", "install", "-q", wheel)
    assert pip.returncode == 0, pip.stderr
    return wheel, bin_dir


def test_the_wheel_installs_under_its_own_name_and_scores_the_bundled_corpus(installed, tmp_path):
    wheel, bin_dir = installed
    assert wheel.name.startswith(f"{DISTRIBUTION.replace('-', '_')}-{__version__}-")
    shown = sh(bin_dir / "python", "-m", "pip", "show", DISTRIBUTION)
    assert shown.returncode == 0 and f"Version: {__version__}" in shown.stdout
    bundled = sh(bin_dir / "python", "-c", "import annotator, pathlib; print(pathlib.Path(annotator.__file__).parent / '_bundled' / 'corpus')", cwd=tmp_path).stdout.strip()
    assert not bundled.startswith(str(ROOT)), "the venv must use the installed package, not this checkout"
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_CORPUS", "PYTHONPATH")}
    extract = sh(bin_dir / "annotator", "extract", "--out", "pred.jsonl", cwd=tmp_path, env=env)
    assert extract.returncode == 0, extract.stderr
    scored = sh(bin_dir / "annotator", "score", Path(bundled) / "gold", "pred.jsonl", "--report", "json:score.json",
                "--report", "table", "--fail-under", "entities.strict.f1=0.9", cwd=tmp_path, env=env)
    assert scored.returncode == 0, scored.stderr
    assert "== entities ==" in scored.stdout
    report = valid_report((tmp_path / "score.json").read_text(encoding="utf-8"))
    assert report["provenance"]["distribution"] == DISTRIBUTION and report["provenance"]["version"] == __version__
    assert report["provenance"]["inputs"]["documents"]["path"].startswith(bundled)


def _steps():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["evaluate"]["steps"]


def test_workflow_pins_actions_by_commit_and_the_toolkit_by_version():
    text = WORKFLOW.read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    uses = [s["uses"] for s in _steps() if "uses" in s]
    assert len(uses) == 5
    for line in (ln for ln in text.splitlines() if "uses:" in ln):
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line
    assert spec["env"]["ANNOTATOR_PACKAGE"] == f"{DISTRIBUTION}=={__version__}"
    setup = next(s for s in _steps() if s.get("uses", "").startswith("actions/setup-python@"))
    assert "cache" not in setup.get("with", {})  # a corpus repository has no requirements file to key a pip cache on
    assert spec["jobs"]["evaluate"]["permissions"] == {"contents": "read", "actions": "read", "checks": "write", "pull-requests": "write"}


def _annotator_command_lines() -> list[list[str]]:
    lines = []
    for step in _steps():
        script = re.sub(r"\\\n\s*", " ", step.get("run", ""))
        for line in script.splitlines():
            line = line.strip()
            if line.startswith("annotator "):
                line = line.replace('"${args[@]}"', "").split(">")[0]
                lines.append(shlex.split(line))
    return lines


def test_every_annotator_command_in_the_workflow_is_valid_for_this_cli():
    group = typer.main.get_command(app)
    lines = _annotator_command_lines()
    assert {ln[1] for ln in lines} == {"validate", "extract", "score"}
    for words in lines:
        command = group.get_command(click.Context(group), words[1])  # commands are registered lazily (cli.COMMANDS)
        options = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
        for word in words[2:]:
            if word.startswith("-"):
                assert word in options, (words, word)
        with command.make_context("annotator " + words[1], [w if "$" not in w else "1" for w in words[2:]], resilient_parsing=False) as ctx:
            assert ctx.params  # parsed: arguments and option values of the right types


@pytest.fixture(scope="module")
def fake_gh(tmp_path_factory):
    """A stand-in for the GitHub CLI: `run list` names one run, `run download` copies the
    stored artifact; every call is logged."""
    bin_dir = tmp_path_factory.mktemp("gh")
    (bin_dir / "gh").write_text(
        "#!/usr/bin/env bash\n"
        'echo "$*" >> "$FAKE_GH_LOG"\n'
        'case "$1 $2" in\n'
        '  "run list") [ -d "$FAKE_GH_STORE" ] && echo 4242 ;;\n'
        '  "run download") dir=.; while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir=$2; shift; done\n'
        '     [ -d "$FAKE_GH_STORE" ] || exit 1; mkdir -p "$dir" && cp -r "$FAKE_GH_STORE"/. "$dir"/ ;;\n'
        '  *) echo "fake gh: $*" >&2; exit 1 ;;\n'
        "esac\n", encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    return bin_dir


def _repository(tmp: Path) -> Path:
    repo = tmp / "repo"
    shutil.copytree(ROOT / "corpus", repo / "corpus", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return repo


def test_the_workflow_steps_run_locally_on_push_then_on_a_pull_request(installed, fake_gh, tmp_path):
    wheel, bin_dir = installed
    repo = _repository(tmp_path)
    store, log = tmp_path / "artifact", tmp_path / "gh.log"
    env = {"PATH": f"{bin_dir}:{fake_gh}:{os.environ['PATH']}", "ANNOTATOR_PACKAGE": str(wheel), "BOOTSTRAP": "200",
           "FAKE_GH_STORE": str(store), "FAKE_GH_LOG": str(log), "VIRTUAL_ENV": str(bin_dir.parent)}
    out = (tmp_path / "push.log").open("w")
    code, outcomes = run_workflow(WORKFLOW, repo, "push", env, log=out)
    steps = dict(outcomes)
    assert code == 0, (tmp_path / "push.log").read_text()
    assert [n for n, o in outcomes if o == "ok"] == ["Install the toolkit", "Validate the corpus and the gold annotations", "Run the extractor",
                                                      "Validate the predictions", "Score once, write every report", "Post the report to the job summary"]
    assert steps["Fetch the base branch's report"] == "skipped: condition"
    reports = repo / "reports"
    push_report = valid_report((reports / "score.json").read_text(encoding="utf-8"))
    assert "comparison" not in push_report and len(push_report["gates"]) == 3
    junit = ET.parse(reports / "score.xml").getroot()
    assert junit.get("tests") == "4" and junit.get("failures") == "0"
    assert (reports / "score.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    summary = Path(steps["job summary"]).read_text(encoding="utf-8")
    assert summary == (reports / "score.md").read_text(encoding="utf-8") and summary.startswith("## Score report — ✅ all gates passed")

    # the upload step's artifact, as `gh run download` gives it back to the pull request's run
    store.mkdir()
    shutil.copytree(reports, store / "reports")
    shutil.copy(repo / "predictions.jsonl", store / "predictions.jsonl")
    shutil.rmtree(reports)
    out = (tmp_path / "pr.log").open("w")
    code, outcomes = run_workflow(WORKFLOW, repo, "pull_request", env, log=out)
    assert code == 0, (tmp_path / "pr.log").read_text()
    assert dict(outcomes)["Fetch the base branch's report"] == "ok"
    calls = log.read_text(encoding="utf-8")
    assert "run list --repo local/repository --workflow local --branch main --event push --status success" in calls
    assert "run download 4242 --repo local/repository --name annotator-reports --dir baseline" in calls
    pr_report = valid_report((reports / "score.json").read_text(encoding="utf-8"))
    assert pr_report["comparison"]["metrics"]["entities.strict.f1"]["difference"] == 0.0
    assert any(g["kind"] == "max-drop" for g in pr_report["gates"])
    summary = Path(dict(outcomes)["job summary"]).read_text(encoding="utf-8")
    assert "### Compared with the baseline" in summary and summary.rstrip().endswith("<!-- annotator-score-report -->")
    _check_readme_example(summary)


def _check_readme_example(summary: str) -> None:
    """The README's CI section shows this very summary (regenerate: ANNOTATOR_UPDATE_README=1)."""
    start, end = "<!-- ci-summary:start (written by tests/ci/test_package_and_workflow.py) -->", "<!-- ci-summary:end -->"
    text = README.read_text(encoding="utf-8")
    block = f"{start}\n````markdown\n{summary.rstrip()}\n````\n{end}"
    current = text[text.index(start) : text.index(end) + len(end)] if start in text else None
    if current != block and os.environ.get("ANNOTATOR_UPDATE_README"):
        README.write_text(text.replace(current, block) if current else text, encoding="utf-8")
        current = block
    assert current == block, "README's CI example differs from the summary the workflow writes: run with ANNOTATOR_UPDATE_README=1"


def test_the_comment_script_parses_as_javascript(tmp_path):
    """actions/github-script runs the script as the body of an async function: node parses it so."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    (script,) = [s["with"]["script"] for s in _steps() if s.get("uses", "").startswith("actions/github-script@")]
    assert "<!-- annotator-score-report -->" in script and "updateComment" in script and "createComment" in script
    path = tmp_path / "comment.js"
    path.write_text(f"(async function (github, context, core, require) {{\n{script}\n}});\n", encoding="utf-8")
    checked = sh(node, "--check", path)
    assert checked.returncode == 0, checked.stderr


def test_the_workflow_passes_the_actions_linters():
    """GitHub's workflow schema (check-jsonschema's vendored SchemaStore copy), zizmor's audits
    (auditor persona, offline: every finding, the pedantic ones too) and shellcheck on every
    `run:` script (as actionlint would run it)."""
    bin_dir = Path(sys.executable).parent
    schema = sh(bin_dir / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", WORKFLOW)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    audit = sh(bin_dir / "zizmor", "--offline", "--persona", "auditor", "--no-progress", WORKFLOW)
    assert audit.returncode == 0 and "No findings" in audit.stdout, audit.stdout + audit.stderr
    shellcheck = shutil.which("shellcheck")
    assert shellcheck, "shellcheck is not installed (apt-get install shellcheck; .ci/run installs it)"
    for step in _steps():
        if "run" in step:
            script = re.sub(r"\$\{\{[^}]*\}\}", "x", step["run"])
            checked = subprocess.run([shellcheck, "-s", "bash", "-"], input=script, capture_output=True, text=True, timeout=120)
            assert checked.returncode == 0, (step["name"], checked.stdout)


def test_the_installed_annotator_finds_the_guidelines_in_the_wheel(installed, tmp_path):
    """The guidelines pane without the repository: the wheel carries docs/guidelines.md."""
    _, bin_dir = installed
    code = ("from annotator.guide.guidelines import find_guidelines, parse, section_for; "
            "p = find_guidelines(None); print(p); print(section_for(parse(p.read_text(encoding='utf-8')), 'cue').title)")
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_CORPUS", "PYTHONPATH")}
    done = sh(bin_dir / "python", "-c", code, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    path, title = done.stdout.splitlines()
    assert path.endswith("_bundled/docs/guidelines.md") and not path.startswith(str(ROOT))
    assert Path(path).read_bytes() == (ROOT / "docs" / "guidelines.md").read_bytes() and title == "2.4 cue"
