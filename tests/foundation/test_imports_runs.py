"""Start-up of real runs (issue 16): a command imports what its run uses, not what some other
run of it might. Checked by the modules loaded at the end of a run in a fresh process (not by
timing, which a shared machine makes noisy); the benchmark with the times is
``tests/bench/test_bench_startup.py``."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: runs the CLI on the arguments, then prints its exit code and every module loaded
CODE = """
import json, sys
from annotator.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _run(*args: object, cwd: Path = ROOT) -> tuple[int, set[str], str]:
    out = subprocess.run([sys.executable, "-c", CODE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)
    assert out.stdout, out.stderr
    result = json.loads(out.stdout.splitlines()[-1])
    return result["code"], set(result["modules"]), out.stdout + out.stderr


def _loaded(modules: set[str], *names: str) -> list[str]:
    """Which of ``names`` (packages or modules) were imported, with any of their submodules."""
    return [name for name in names if any(m == name or m.startswith(name + ".") for m in modules)]


#: imported by no scoring run that writes a table or JSON report without --baseline: the
#: bootstrap (numpy and its statistics, with --bootstrap 0), the report's pydantic models (only a report read
#: back is checked against them), the layout's cell widths, the regex module (only records
#: the batch checks did not clear need it), the JUnit and HTML escaping, and what other
#: commands use
NOT_FOR_SCORING = ("numpy", "annotator.score.stats", "annotator.score.report_model", "wcwidth", "regex", "xml", "html", "annotator.extract",
                   "annotator.tui", "textual", "jsonschema", "rich")


@pytest.fixture(scope="module")
def predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baseline extractor's predictions on the bundled corpus (the seed article)."""
    path = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    code, _, output = _run("extract", "--corpus", ROOT / "corpus", "--out", path)
    assert code == 0, output
    return path


def test_a_scoring_run_imports_only_what_it_uses(predictions: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, modules, output = _run("score", ROOT / "corpus" / "gold", predictions, "--report", f"json:{report}", "--bootstrap", "0", "-q")
    assert code == 0, output
    assert json.loads(report.read_text(encoding="utf-8"))["documents"]["scored"] == 1
    assert "annotator.score.engine" in modules and "pydantic" in modules  # it did score
    assert _loaded(modules, *NOT_FOR_SCORING) == []
    # the terminal table too
    code, modules, output = _run("score", ROOT / "corpus" / "gold", predictions, "--bootstrap", "0", "-q")
    assert code == 0 and "entities" in output, output
    assert _loaded(modules, *NOT_FOR_SCORING) == []


def test_what_a_run_asks_for_is_still_imported_and_works(predictions: Path, tmp_path: Path) -> None:
    """The other side: the bootstrap loads numpy, a baseline the report's models, a JUnit
    report the XML escaping, an HTML report the HTML escaping; each output is complete."""
    first = tmp_path / "first.json"
    code, modules, output = _run("score", ROOT / "corpus" / "gold", predictions, "--report", f"json:{first}", "-q")
    assert code == 0, output
    assert _loaded(modules, "numpy") == ["numpy"]
    assert json.loads(first.read_text(encoding="utf-8"))["bootstrap"]["samples"] == 1000
    junit, page = tmp_path / "junit.xml", tmp_path / "report.html"
    code, modules, output = _run("score", ROOT / "corpus" / "gold", predictions, "--baseline", first, "--bootstrap", "10",
                                 "--report", f"junit:{junit}", "--report", f"html:{page}", "-q")
    assert code == 0, output
    assert _loaded(modules, "numpy", "annotator.score.report_model", "xml.sax.saxutils", "html") == [
        "numpy", "annotator.score.report_model", "xml.sax.saxutils", "html"]
    assert "<testsuite" in junit.read_text(encoding="utf-8")
    assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_rendering_a_report_reads_it_back_against_its_model(tmp_path: Path, predictions: Path) -> None:
    """``annotator report`` checks its input with the report's model (so it imports it), and
    a Markdown report needs neither the HTML nor the XML escaping."""
    report = tmp_path / "report.json"
    assert _run("score", ROOT / "corpus" / "gold", predictions, "--report", f"json:{report}", "--bootstrap", "0", "-q")[0] == 0
    code, modules, output = _run("report", report, "--report", f"markdown:{tmp_path / 'r.md'}")
    assert code == 0, output
    assert _loaded(modules, "annotator.score.report_model", "numpy", "wcwidth", "xml", "html") == ["annotator.score.report_model"]
    broken = tmp_path / "broken.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    data["errors_total"] = -1
    broken.write_text(json.dumps(data), encoding="utf-8")
    code, _, output = _run("report", broken)
    assert code == 2 and "errors_total" in output and "not a valid score report" in output, output


def test_validate_imports_what_its_warnings_need(write_jsonl, good_record, seed_doc) -> None:
    """A warning about a combining mark split from its letter needs the regex module's
    Unicode data: it is imported then, and the warning is the same as ever. No check of
    ``validate`` needs terminal cell widths (wcwidth)."""
    text = seed_doc.text
    mark = text.index("\u064f")  # the damma of أُنشئ
    record = {**good_record, "entities": [{"id": "e1", "start": mark - 1, "end": mark, "text": text[mark - 1], "label": "ORG"}],
              "quotes": [], "claims": []}
    path = write_jsonl([record])
    code, modules, output = _run("validate", path)
    assert code == 0, output
    assert f"ann.jsonl:1: entities[0].end: warning: offset {mark} splits a combining mark from its base letter" in output
    assert _loaded(modules, "regex", "wcwidth", "numpy", "annotator.score") == ["regex"]


def test_merging_reports_imports_no_scoring_engine(tmp_path: Path, predictions: Path) -> None:
    """``merge-reports`` works on reports: it reads them back with the report's model and
    merges their vectors; the engine, the record models and the validator are not for it."""
    report = tmp_path / "report.json"
    assert _run("score", ROOT / "corpus" / "gold", predictions, "--report", f"json:{report}", "--bootstrap", "0", "-q")[0] == 0
    merged = tmp_path / "merged.json"
    code, modules, output = _run("merge-reports", report, "--output", merged, "--bootstrap", "0", "-q")
    assert code == 0, output
    assert _loaded(modules, "annotator.score.engine", "annotator.validate", "annotator.model", "numpy", "regex", "wcwidth") == []
    before, after = json.loads(report.read_text(encoding="utf-8")), json.loads(merged.read_text(encoding="utf-8"))
    assert after["layers"] == before["layers"] and after["per_document"] == before["per_document"]
