"""``annotator agree``: reports, gates, exit codes, hostile values from files."""

import io
import json
import subprocess
import sys

from annotator.agree.command import run_agree
from annotator.model import text_sha256

from agree.helpers import DATA


def _run(*paths, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_agree(list(paths), stdout=out, stderr=err, bootstrap=kw.pop("bootstrap", 50), **kw)
    return code, out.getvalue(), err.getvalue()


def test_table_report_lists_pairs_ranking_and_single_documents():
    code, out, _ = _run(DATA)
    assert code == 0
    assert "a~b" in out and "b~c" in out
    assert "1 annotated by one annotator only (not compared): fx4 (a)" in out
    assert "1 draft record(s) excluded" in out
    ranking = out[out.index("most disagreement first"):]
    assert ranking.index("fx2") < ranking.index("fx1")


def test_fail_under_gates():
    assert _run(DATA, fail_under=["claims.type.f1=0.9"])[0] == 0
    code, out, _ = _run(DATA, fail_under=["entities.alpha=0.8"])
    assert code == 1 and "entities.alpha = 0.6889, must be >= 0.8: FAILED" in out
    code, _, err = _run(DATA, fail_under=["entities.alfa=0.8"])
    assert code == 2 and "unknown metric 'entities.alfa' (did you mean entities.alpha" in err


def test_undefined_metric_fails_its_gate(tmp_path):
    only_empty = tmp_path / "e.jsonl"
    lines = [line for f in ("ann_a.jsonl", "ann_c.jsonl") for line in (DATA / f).read_text(encoding="utf-8").splitlines() if '"fx6"' in line]
    only_empty.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _run(only_empty, fail_under=["entities.alpha=0.5"])
    assert code == 1 and "entities.alpha = undefined" in out


def test_json_report_is_valid_and_has_intervals():
    code, out, _ = _run(DATA, report="json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "annotator-agree-report"
    lo, hi = data["bootstrap"]["intervals"]["entities.strict.f1"]
    assert lo <= data["metrics"]["entities.strict.f1"] <= hi


def test_bad_input_is_one_line_invalid_data_exit_1_unreadable_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema_version": "1"}\n', encoding="utf-8")
    code, _, err = _run(bad)
    assert code == 1 and err.startswith(f"{bad}:1: ") and "Traceback" not in err
    assert err.splitlines()[-1] == "annotator agree: invalid input (above): nothing compared"
    code, _, err = _run(tmp_path / "missing.jsonl")
    assert code == 2 and err == f"{tmp_path / 'missing.jsonl'}: no such file or directory\n"
    assert _run(DATA, report="pdf")[0] == 2


def _hostile(tmp_path):
    text = "قال أوستن"
    name = "evil\x1b]2;pwned\x07<b>*x*|"
    rows = []
    for who in (name, "b"):
        rows.append(json.dumps({"schema_version": "1", "doc_id": "d1", "text_sha256": text_sha256(text), "annotator": who, "status": "done",
                                "text": text, "entities": [{"id": "e1", "start": 4, "end": 9, "text": "أوستن", "label": "PER"}], "quotes": [], "claims": []}, ensure_ascii=False))
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_values_from_files_are_made_safe_in_every_format(tmp_path):
    path = _hostile(tmp_path)
    _, table, _ = _run(path, bootstrap=0)
    assert "\x1b" not in table and "evil\\x1b]2;pwned\\x07" in table
    _, md, _ = _run(path, report="markdown", bootstrap=0)
    assert "\x1b" not in md and "<b>" not in md and "\\<b\\>" in md and "\\|" in md
    _, html, _ = _run(path, report="html", bootstrap=0)
    assert "<b>" not in html and "&lt;b&gt;" in html and "\x1b" not in html


def test_written_report_and_cli(tmp_path):
    out = tmp_path / "r.md"
    code, _, err = _run(DATA, report="markdown", output=out)
    assert code == 0 and out.read_text(encoding="utf-8").startswith("## Agreement report")
    assert "report written to" in err
    cli = subprocess.run([sys.executable, "-m", "annotator", "agree", str(DATA), "--bootstrap", "0", "--against", str(DATA / "ann_a.jsonl")],
                         capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr
    assert "agreement with the adjudicated gold" in cli.stdout


def test_the_command_module_imports_no_heavy_module():
    code = "import sys, annotator.agree.command; print(sorted(m for m in ('numpy', 'annotator.agree.compute', 'annotator.score.engine') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_readme_example_is_real_output():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\n6 documents compared", 1)[1].split("```", 1)[0]
    code, out, _ = _run(DATA, fail_under=["entities.alpha=0.8"], bootstrap=1000)
    assert code == 1
    lines = out.splitlines()
    for line in ("6 documents compared" + shown).splitlines():
        if line and line != "...":
            assert line in lines, line


def test_an_annotator_name_with_the_unit_separator_is_refused(tmp_path):
    path = _hostile(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("evil", "ev\\u001fil"), encoding="utf-8")
    code, _, err = _run(path, bootstrap=0)
    assert code == 1 and "annotator: contains the control character U+001F" in err
