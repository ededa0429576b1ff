"""The reports as their consumers read them (issue 15): the JSON report against its schema,
with provenance and a separate run section; itemised attribute errors and the baseline
comparison in every format; several reports from one run; ``annotator report``; JUnit."""

import hashlib
import io
import json
import xml.etree.ElementTree as ET

import pytest

from annotator.cli import main
from annotator.score.command import run_report
from annotator.score.report_model import REPORT_KEYS
from parsers import junit_cases
from reportkit import DOCS, GOLD, score, valid_report, worse_prediction


@pytest.fixture(scope="module")
def worse(tmp_path_factory):
    return worse_prediction(tmp_path_factory.mktemp("pred") / "pred.jsonl")


def test_json_report_validates_and_names_its_inputs(worse):
    code, out, err = score(worse, report="json", bootstrap=20, fail_under=["entities.strict.f1=0.5"])
    assert code == 0, err
    report = valid_report(out)
    assert list(report) == [k for k in REPORT_KEYS if k in report]
    prov = report["provenance"]
    assert prov["tool"] == "annotator" and prov["distribution"] == "arabic-gold-annotator"
    gold_file = next(GOLD.glob("*.jsonl"))
    assert prov["inputs"]["gold"] == [{"path": str(gold_file), "sha256": hashlib.sha256(gold_file.read_bytes()).hexdigest(), "bytes": gold_file.stat().st_size}]
    assert prov["inputs"]["pred"][0]["sha256"] == hashlib.sha256(worse.read_bytes()).hexdigest()
    assert prov["inputs"]["documents"]["path"] == str(DOCS)
    assert prov["options"] == {"min_iou": 0.5, "rel_tol": 1e-9, "bootstrap": 20, "seed": 0}
    assert set(report["run"]) == {"date", "elapsed_seconds", "python", "platform"}


def test_two_runs_differ_only_in_the_run_section(worse):
    a = json.loads(score(worse, report="json", bootstrap=30)[1])
    b = json.loads(score(worse, report="json", bootstrap=30)[1])
    a.pop("run"), b.pop("run")
    assert a == b


def test_per_document_counts_are_labelled(worse):
    report = valid_report(score(worse, report="json")[1])
    (doc,) = report["per_document"].values()
    assert doc["entities"]["schemes"]["strict"] == {"correct": 56, "incorrect": 1, "partial": 0, "missed": 0, "spurious": 0}
    assert doc["quotes"]["attributes"]["speaker"] == {"correct": 10, "total": 11}
    assert doc["claims"]["end_to_end"] == {"correct": 11, "actual": 12, "possible": 12}


def test_attribute_errors_are_itemised_in_json_markdown_and_html(worse):
    report = valid_report(score(worse, report="json")[1])
    attrs = {e["attribute"]: e for e in report["errors"] if e["outcome"] == "attribute"}
    assert set(attrs) == {"speaker", "unit", "value"}
    unit = attrs["unit"]
    assert (unit["gold_value"], unit["pred_value"]) == ("day", "week")
    assert unit["gold"]["text"] == "يومين" and unit["gold"]["start"] == 102 and unit["pred"]["end"] == 107
    assert attrs["speaker"]["pred_value"] is None and attrs["speaker"]["gold_value"]["text"]
    assert attrs["value"]["pred_value"] == 999
    assert report["errors_total"] == 1 + 3
    md = score(worse, report="markdown")[1]
    assert "<details><summary>Errors: 4" in md and "wrong unit" in md and "day — " in md and "week — " in md
    html = score(worse, report="html")[1]
    assert "wrong speaker" in html and "wrong value" in html and "999" in html


def test_baseline_comparison_in_every_format(worse, tmp_path):
    base = tmp_path / "base.json"
    assert score(GOLD, report=f"json:{base}")[0] == 0
    kw = dict(baseline=base, bootstrap=50, fail_under=["entities.strict.PER.f1=0.5"], max_drop=["claims.unit.accuracy=0.2"])
    report = valid_report(score(worse, report="json", **kw)[1])
    comparison = report["comparison"]
    assert comparison["format"] == "annotator-comparison" and comparison["version"] == 1
    assert comparison["warning"].startswith("only 1 document in common")
    assert report["provenance"]["inputs"]["baseline"]["path"] == str(base)
    for fmt in ("table", "markdown", "html"):
        text = score(worse, report=fmt, **kw)[1]
        for metric in ("entities.strict.f1", "claims.unit.accuracy", "quotes.speaker.accuracy", "entities.strict.PER.f1"):
            assert (metric.replace("_", "\\_") if fmt == "markdown" else metric) in text, (fmt, metric)
        assert "1.0000" in text and "0.9167" in text and "-0.0833" in text, fmt  # baseline, new, difference of unit accuracy
        assert "only 1 document in common" in text, fmt
    junit = ET.fromstring(score(worse, report="junit", **kw)[1])
    assert "claims.unit.accuracy: 1.0000 -> 0.9167" in junit.find(".//testcase/system-out").text


def test_several_reports_from_one_run_and_the_report_command(worse, tmp_path):
    paths = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "markdown", "html", "junit", "table")}
    code, out, err = score(worse, report=[f"{fmt}:{p}" for fmt, p in paths.items()], fail_under=["entities.strict.f1=0.5"])
    assert code == 0 and out == "" and "reports written to" in err
    for fmt in ("markdown", "html", "junit", "table"):  # rendering the JSON again gives the same file
        again = io.StringIO()
        assert run_report(paths["json"], report=[fmt], stdout=again, stderr=io.StringIO()) == 0
        assert again.getvalue() == paths[fmt].read_text(encoding="utf-8"), fmt
    out = io.StringIO()
    assert run_report(paths["json"], report=["junit:-", f"html:{tmp_path / 'again.html'}"], stdout=out, stderr=io.StringIO()) == 0
    assert out.getvalue() == paths["junit"].read_text(encoding="utf-8")  # FORMAT:- is standard output
    with pytest.raises(SystemExit) as done:
        main(["report", str(paths["json"]), "--report", f"markdown:{tmp_path / 'again.md'}"])
    assert done.value.code == 0 and (tmp_path / "again.md").read_text(encoding="utf-8") == paths["markdown"].read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["--report", "pdf"], "unknown format 'pdf'"),
    (["--report", "json", "--report", "html"], "only one report can go to --output or standard output"),
    (["--report", "json:"], "no path after ':'"),
])
def test_report_spec_usage_errors(worse, args, message, capsys):
    with pytest.raises(SystemExit) as done:
        main(["score", str(GOLD), str(worse), "--docs", str(DOCS), "--bootstrap", "0", *args])
    err = capsys.readouterr().err
    assert done.value.code == 2 and message in err and len(err.splitlines()) == 1


def test_junit_without_gates_has_the_run_as_its_test_case(worse):
    xml = score(worse, report="junit")[1]
    assert junit_cases(xml) == [("score run", True, "")]
    root = ET.fromstring(xml)
    (case,) = root.findall(".//testcase")
    assert case.get("name") == "score run" and root.get("tests") == "1" and root.get("failures") == "0"
    out = case.find("system-out").text.splitlines()
    assert out[0] == "1 document scored" and out[1].startswith("entities: strict f1") and len(out) == 4


def test_invalid_input_still_writes_a_junit_report_with_the_problem(tmp_path):
    bad = tmp_path / "pred.jsonl"
    bad.write_text('{"schema_version": "1", "doc_id": \n[1]\n', encoding="utf-8")
    junit, md = tmp_path / "score.xml", tmp_path / "score.md"
    code, out, err = score(bad, report=[f"junit:{junit}", f"markdown:{md}"])
    assert code == 1 and f"{bad}:1:" in err and not md.exists()  # invalid data: 1; the JUnit report still names it
    ((name, passed, message),) = junit_cases(junit.read_text(encoding="utf-8"))
    assert name == "score run" and not passed and message.startswith(f"{bad}:1:")
    root = ET.fromstring(junit.read_text(encoding="utf-8"))
    (case,) = root.findall(".//testcase")
    failure = case.find("failure")
    assert root.get("failures") == "1" and failure.get("type") == "InvalidInput" and f"{bad}:1:" in failure.get("message")
    assert [line.split(": ")[0] for line in failure.text.splitlines()] == [f"{bad}:1", f"{bad}:2"]  # every problem, one per line


def test_fast_labelled_vectors_are_the_labelled_dicts():
    from annotator.score.report_model import flat_vector, label_vector, label_vector_json

    vectors = [
        {"entities": list(range(35)), "quotes": list(range(35, 70)), "quotes.speaker": [1, 2], "quotes.cue": [0, 0],
         "quotes.end_to_end": [1, 2, 3], "claims.value": [4, 5], "claims.end_to_end": [0, 1, 2]},
        {"claims": [7] * 35},
        {"entities\"x": [1] * 35, "quotes.speak\"er": [1, 2]},  # not our names: the slow path, still valid JSON
        {},
    ]
    for vec in vectors:
        assert json.loads(label_vector_json(vec)) == label_vector(vec)
        assert flat_vector(label_vector(vec)) == vec
