"""Issue 10, defects 3, 4 and 8 for ``score`` and ``compare``: strings from files (labels,
doc_ids, document texts) in every report format, parsed by real parsers; unusable report
files and outputs as one plain line with exit 2."""

import io
import json
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest

from annotator.score.command import run_compare, run_score
from annotator.score.render import render_report
from helpers import entity, gold_record, pred_record, write_jsonl
from parsers import gfm_renderings, html_tree, junit_cases
from reportkit import valid_report

INJECT = "<img src=x onerror=alert(1)>"
TEXT = f'قال "الوزير" | {INJECT}\nسطر | ثان\x1b]2;pwn\x07 نهاية بغداد'
SPAN = f"{INJECT}\nسطر"
LABEL = f"PER|{INJECT}\n\x1b]52;c;AAAA\x07*x*"
DOC_ID = f"d|<b>bold</b>\n| x | y |\x1b[31m"


@pytest.fixture
def hostile(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [gold_record("d", TEXT, [entity(TEXT, SPAN, "PER", "e1"), entity(TEXT, "بغداد", "GPE", "e2")])])
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record("d", TEXT, [entity(TEXT, SPAN, LABEL), entity(TEXT, "نهاية", "GPE")])])
    return gold, pred


def report_of(gold, pred, fmt, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(gold, pred, report=fmt, bootstrap=0, stdout=out, stderr=err, **kw)
    assert code in (0, 1), err.getvalue()
    return out.getvalue()


def hostile_ids(report: dict) -> dict:
    """The same report with a doc_id full of Markdown, HTML and control characters."""
    report["per_document"] = {DOC_ID: vec for vec in report["per_document"].values()}
    report["documents"]["missing_predictions"] = [DOC_ID]
    for e in report["errors"]:
        e["doc_id"] = DOC_ID
    return report


def test_table_shows_control_characters_of_labels_ids_and_texts_visibly(hostile):
    """Defect 3: the table printed prediction labels raw (an OSC 52 set the clipboard)."""
    text = report_of(*hostile, "table")
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]52;c;AAAA\\x07" in text and "\\x0a" in text
    from annotator.score.engine import score_files

    data = hostile_ids(score_files([hostile[0]], [hostile[1]]).data)
    text = render_report(data, "table")
    assert "\x1b" not in text and "d|<b>bold</b>\\x0a| x | y |\\x1b[31m" in text


def _assert_literal(tree, where):
    tags = {tag for tag, _ in tree.tags}
    assert "img" not in tags and "b" not in tags, where  # no element from the data
    assert not any(k.startswith("on") for _, attrs in tree.tags for k in attrs), where
    assert INJECT in tree.text, where  # shown as text, not dropped


def test_markdown_with_hostile_labels_ids_and_texts_renders_as_text_in_two_gfm_renderers(hostile):
    """Defect 8: a label or doc_id with a newline, | or HTML broke the tables and emitted raw HTML."""
    from annotator.score.engine import score_files

    markdown = render_report(hostile_ids(score_files([hostile[0]], [hostile[1]]).data), "markdown")
    for name, html in gfm_renderings(markdown).items():
        tree = html_tree(html)
        _assert_literal(tree, name)
        assert html.count("<table>") == 4, name  # schemes, labels, confusion, errors: all still tables
        for label in (LABEL, DOC_ID):
            shown = label.replace("\n", "\\x0a").replace("\x1b", "\\x1b").replace("\x07", "\\x07")
            assert any(shown in cell for row in tree.rows for cell in row), (name, shown)
        assert any("بغداد" in t for t in tree.rtl_texts), name  # Arabic marked right to left
        assert "*x*" in tree.text, name  # no emphasis made of a label
        _assert_rows_match_headers(html, name)


def _assert_rows_match_headers(html: str, name: str) -> None:
    """Every row of each table has as many cells as its header: no cell was split or merged."""
    for table in html.split("<table>")[1:]:
        tree = html_tree("<table>" + table.split("</table>")[0] + "</table>")
        assert len({len(r) for r in tree.rows}) == 1, (name, [len(r) for r in tree.rows])


def test_html_with_hostile_labels_ids_and_texts_is_text(hostile):
    from annotator.score.engine import score_files

    html = render_report(hostile_ids(score_files([hostile[0]], [hostile[1]]).data), "html")
    tree = html_tree(html)
    _assert_literal(tree, "html")
    assert "\x1b" not in html and "\x07" not in html
    rtl = [attrs for tag, attrs in tree.tags if attrs.get("dir") == "rtl"]
    assert rtl and all(a.get("lang") == "ar" for a in rtl)


def test_junit_is_well_formed_with_control_characters_in_gate_names(hostile):
    """Defect 8: a control character in a gate name made the JUnit XML not well-formed."""
    label = "X\x01\x1b\ufffeY"
    gold, _ = hostile
    pred = write_jsonl(gold.parent / "p2.jsonl", [pred_record("d", TEXT, [entity(TEXT, "نهاية", label)])])  # spurious: its own row
    xml = report_of(gold, pred, "junit", fail_under=[f"entities.strict.{label}.f1=0.5", "entities.strict.f1=0"])
    assert [passed for _, passed, _ in junit_cases(xml)] == [True, False, True]
    root = ET.fromstring(xml)
    names = [c.get("name") for c in root.iter("testcase")]
    assert names[0] == "score run" and "fail-under entities.strict.X\\x01\\x1b\\ufffeY.f1=0.5" in names
    assert root.get("tests") == "3" and root.get("failures") == "1"


def test_unknown_metric_suggestions_show_hostile_labels_visibly(hostile):
    gold, _ = hostile
    pred = write_jsonl(gold.parent / "p2.jsonl", [pred_record("d", TEXT, [entity(TEXT, "نهاية", "PER\x1b]2;x\x07")])])
    err = io.StringIO()
    assert run_score(gold, pred, bootstrap=0, fail_under=["entities.strict.PER\x1b]2;x.f1=1"], stdout=io.StringIO(), stderr=err) == 2
    assert "\x1b" not in err.getvalue() and "\\x1b]2;x\\x07" in err.getvalue()


def test_hostile_report_validates_against_the_schema(hostile):
    valid_report(report_of(*hostile, "json"))


@pytest.fixture
def reports(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [gold_record("d", TEXT, [entity(TEXT, "بغداد", "GPE", "e1")])])
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record("d", TEXT, [entity(TEXT, "بغداد", "GPE")])])
    good = tmp_path / "good.json"
    assert run_score(gold, pred, report="json", output=good, bootstrap=0, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    return gold, pred, good


def _bad_files(tmp_path, good):
    data = json.loads(good.read_text(encoding="utf-8"))
    wrong = dict(data, per_document={"d": {"entities": {"schemes": {"strict": [1, 2, 3]}}}})
    missing = {k: v for k, v in data.items() if k != "layers"}
    return {
        "deep": "[" * 100_000 + "]" * 100_000,
        "deep_report": json.dumps({"format": "annotator-score-report", "version": 1, "layers": json.loads("[" * 500 + "]" * 500)}),
        "bigint": '{"format": "annotator-score-report", "x": ' + "9" * 5000 + "}",
        "latin1": "{\"format\": \"caf\xe9\"}".encode("latin-1"),
        "truncated": good.read_text(encoding="utf-8")[:200],
        "wrong_vectors": json.dumps(wrong),
        "missing_layers": json.dumps(missing),
        "not_a_report": "[]",
        "directory": None,
    }


def _one_plain_line(code, err):
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_bad_baseline_or_compare_file_is_one_line_exit_2(reports, tmp_path):
    """Defect 4: a bad --baseline or compare file raised a traceback."""
    gold, pred, good = reports
    for name, content in _bad_files(tmp_path, good).items():
        path = tmp_path / name
        if content is None:
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        err = io.StringIO()
        code = run_score(gold, pred, baseline=path, max_drop=["entities.strict.f1=0.1"], bootstrap=0, stdout=io.StringIO(), stderr=err)
        _one_plain_line(code, err.getvalue())
        assert err.getvalue().startswith(str(path)), err.getvalue()
        for a, b in ((good, path), (path, good)):
            err = io.StringIO()
            _one_plain_line(run_compare(a, b, stdout=io.StringIO(), stderr=err), err.getvalue())
            assert err.getvalue().startswith(str(path)), (name, err.getvalue())


def test_compare_output_that_cannot_be_written_is_one_line_exit_2(reports, tmp_path):
    """Defect 4: ``compare --output`` on a read-only path raised a traceback (paths that
    root cannot write either: /proc, a directory in the way, a file as a parent)."""
    _, _, good = reports
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("", encoding="utf-8")
    for target in (Path("/proc/annotator-compare.md"), tmp_path / "taken", tmp_path / "taken" / "x" / "c.md"):
        err = io.StringIO()
        code = run_compare(good, good, output=target, stdout=io.StringIO(), stderr=err)
        problems = [ln for ln in err.getvalue().splitlines() if not ln.startswith("annotator compare: warning:")]  # 1 document
        _one_plain_line(code, "\n".join(problems))
        assert problems[0] == f"{target}: cannot write: " + problems[0].split(": cannot write: ")[1]


def test_compare_has_format_and_version_and_refuses_disjoint_reports(reports, tmp_path):
    gold, pred, good = reports
    out = io.StringIO()
    assert run_compare(good, good, report="json", bootstrap=20, stdout=out, stderr=io.StringIO()) == 0
    result = valid_report(out.getvalue(), "comparison.v1.schema.json")
    assert result["format"] == "annotator-comparison" and result["version"] == 1
    other = json.loads(good.read_text(encoding="utf-8"))
    other["per_document"] = {"elsewhere": other["per_document"]["d"]}
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    err = io.StringIO()
    _one_plain_line(run_compare(good, tmp_path / "other.json", stdout=io.StringIO(), stderr=err), err.getvalue())
    assert "no document in common" in err.getvalue()
    err = io.StringIO()
    code = run_score(gold, pred, baseline=tmp_path / "other.json", bootstrap=0, stdout=io.StringIO(), stderr=err)
    _one_plain_line(code, err.getvalue())


def test_compare_over_few_documents_warns(reports):
    _, _, good = reports
    out, err = io.StringIO(), io.StringIO()
    assert run_compare(good, good, report="markdown", bootstrap=20, stdout=out, stderr=err) == 0
    assert "warning: only 1 document in common" in err.getvalue()
    assert "only 1 document in common" in out.getvalue()
    err = io.StringIO()
    assert run_compare(good, good, quiet=True, bootstrap=20, stdout=io.StringIO(), stderr=err) == 0 and err.getvalue() == ""
