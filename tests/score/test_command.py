"""``annotator score`` / ``annotator compare`` end to end: inputs, errors, reports, gates."""

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.io.corpus import load_documents
from annotator.score.command import run_compare, run_score
from annotator.score.engine import ScoreInputError, score_files
from annotator.score.gates import metrics
from helpers import entity, gold_record, pred_record, write_jsonl

CORPUS_DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents.jsonl"
TEXT_A = "زار لويد أوستن بغداد والتقى محمد العباسي في وزارة الدفاع."
TEXT_B = "أعلنت الحكومة العراقية أن <b>القوات</b> الأمريكية ستبقى في بغداد & البصرة."


def corpus(tmp_path, *, pred_a=None, pred_b=None, embed=True):
    gold = [
        gold_record("a", TEXT_A, [entity(TEXT_A, "لويد أوستن", "PER", "e1"), entity(TEXT_A, "بغداد", "GPE", "e2"), entity(TEXT_A, "محمد العباسي", "PER", "e3")], embed=embed),
        gold_record("b", TEXT_B, [entity(TEXT_B, "الحكومة العراقية", "ORG", "e1"), entity(TEXT_B, "<b>القوات</b>", "ORG", "e2"), entity(TEXT_B, "بغداد", "GPE", "e3")], embed=embed),
    ]
    if pred_a is None:
        pred_a = [entity(TEXT_A, "لويد أوستن", "PER"), entity(TEXT_A, "بغداد", "LOC"), entity(TEXT_A, "محمد العباسي", "PER")]
    if pred_b is None:
        pred_b = [entity(TEXT_B, "الحكومة العراقية", "ORG"), entity(TEXT_B, "البصرة", "GPE")]
    preds = [pred_record("a", TEXT_A, pred_a), pred_record("b", TEXT_B, pred_b)]
    return write_jsonl(tmp_path / "gold.jsonl", gold), write_jsonl(tmp_path / "pred.jsonl", preds)


def run(*args, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(*args, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


def test_scores_embedded_texts_and_reports_json(tmp_path):
    gold, pred = corpus(tmp_path)
    code, out, _ = run(gold, pred, report="json", bootstrap=0)
    assert code == 0
    report = json.loads(out)
    strict = report["layers"]["entities"]["schemes"]["strict"]
    assert {k: strict[k] for k in ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")} == {
        "correct": 3, "incorrect": 1, "partial": 0, "missed": 2, "spurious": 1, "possible": 6, "actual": 5,
    }
    assert strict["precision"] == pytest.approx(3 / 5) and strict["recall"] == pytest.approx(3 / 6)
    assert report["layers"]["entities"]["confusion"]["matrix"]["GPE"] == {"LOC": 1, "∅": 1}
    assert report["layers"]["entities"]["confusion"]["matrix"]["∅"] == {"GPE": 1}
    assert set(report["per_document"]) == {"a", "b"}
    assert report["documents"]["missing_predictions"] == []


def test_label_rows_add_up_in_the_report(tmp_path):
    gold, pred = corpus(tmp_path)
    report = score_files([gold], [pred]).data
    for scheme in report["layers"]["entities"]["schemes"].values():
        for field in ("correct", "incorrect", "partial", "missed", "spurious"):
            assert sum(row[field] for row in scheme["labels"].values()) == scheme[field]


def test_scores_the_bundled_seed_document_from_the_registry(tmp_path):
    doc = next(iter(load_documents(CORPUS_DOCS).values()))
    gold = write_jsonl(tmp_path / "g.jsonl", [gold_record(doc.doc_id, doc.text, [entity(doc.text, "لويد أوستن", "PER", "e1"), entity(doc.text, "محمد العباسي", "PER", "e2")], embed=False)])
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record(doc.doc_id, doc.text, [entity(doc.text, "لويد أوستن", "PER", offsets=False)])])
    code, out, _ = run(gold, pred, docs=CORPUS_DOCS, bootstrap=0, report="json")
    assert code == 0
    report = json.loads(out)
    assert report["layers"]["entities"]["schemes"]["strict"]["correct"] == 1
    assert report["layers"]["entities"]["alignment"]["aligned"] + report["layers"]["entities"]["alignment"]["ambiguous"] == 1


def test_missing_prediction_counts_as_missed_and_is_listed(tmp_path):
    gold, _ = corpus(tmp_path)
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record("a", TEXT_A, [entity(TEXT_A, "بغداد", "GPE")])])
    code, out, _ = run(gold, pred, report="json", bootstrap=0)
    report = json.loads(out)
    assert code == 0
    assert report["documents"]["missing_predictions"] == ["b"]
    assert report["layers"]["entities"]["schemes"]["strict"]["missed"] == 2 + 3


def test_predictions_before_their_gold_record_are_still_checked_and_scored(tmp_path):
    gold, _ = corpus(tmp_path)
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record("b", TEXT_B, [entity(TEXT_B, "بغداد", "GPE")]), pred_record("a", TEXT_A, [])])
    code, out, err = run(gold, pred, report="json", bootstrap=0)
    assert code == 0, err
    assert json.loads(out)["layers"]["entities"]["schemes"]["strict"]["correct"] == 1


def test_files_in_the_same_order_check_each_prediction_once(tmp_path, monkeypatch):
    """Read in lockstep, a prediction comes after its gold record has registered the embedded
    text, so it is checked once as it is read, never put aside and checked again; only one
    that comes before its gold (the test above) is."""
    from annotator.score import engine

    calls = []
    real = engine.recheck
    monkeypatch.setattr(engine, "recheck", lambda *a: calls.append(a[0]["doc_id"]) or real(*a))
    gold, pred = corpus(tmp_path)
    assert run(gold, pred, report="json", bootstrap=0)[0] == 0
    assert calls == []
    swapped = write_jsonl(tmp_path / "p.jsonl", [pred_record("b", TEXT_B, []), pred_record("a", TEXT_A, [])])
    assert run(gold, swapped, report="json", bootstrap=0)[0] == 0
    assert calls == ["b"]


def test_invalid_json_line_is_reported_like_validate(tmp_path):
    gold, pred = corpus(tmp_path)
    pred.write_text(pred.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    code, out, err = run(gold, pred, bootstrap=0)
    assert code == 1 and out == ""  # invalid data, as validate says: not a usage error
    assert err.startswith(f"{pred}:3: ")
    assert "Traceback" not in err


def test_prediction_for_unknown_document_is_an_error_that_names_it(tmp_path):
    gold, pred = corpus(tmp_path)
    with pred.open("a", encoding="utf-8") as f:
        f.write(json.dumps(pred_record("zzz", None, [{"text": "x", "label": "PER"}])) + "\n")
    code, _, err = run(gold, pred, bootstrap=0, docs=CORPUS_DOCS)
    assert code == 1
    assert f"{pred}:3: doc_id: unknown document 'zzz'" in err


def test_prediction_on_a_changed_text_is_an_error(tmp_path):
    gold, _ = corpus(tmp_path)
    bad = pred_record("a", TEXT_A + " ", [])
    pred = write_jsonl(tmp_path / "p.jsonl", [bad])
    code, _, err = run(gold, pred, bootstrap=0)
    assert code == 1
    assert f"{pred}:1: text_sha256:" in err


def test_duplicate_gold_record_is_an_error(tmp_path):
    gold, pred = corpus(tmp_path)
    lines = gold.read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join([*lines, lines[0]]) + "\n", encoding="utf-8")
    code, _, err = run(gold, pred, bootstrap=0)
    assert code == 1 and f"{gold}:3: doc_id: duplicate gold record for document 'a'" in err


def test_directories_of_jsonl_files(tmp_path):
    gold, pred = corpus(tmp_path)
    (tmp_path / "g").mkdir()
    (tmp_path / "p").mkdir()
    lines = gold.read_text(encoding="utf-8").splitlines()
    (tmp_path / "g" / "1.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    (tmp_path / "g" / "2.jsonl").write_text(lines[1] + "\n", encoding="utf-8")
    (tmp_path / "p" / "all.jsonl").write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
    assert score_files([tmp_path / "g"], [tmp_path / "p"]).data["documents"]["scored"] == 2
    with pytest.raises(ScoreInputError) as e:
        score_files([tmp_path / "nowhere"], [tmp_path / "p"])
    assert "no such file or directory" in e.value.lines[0]


def test_gates_pass_fail_and_unknown(tmp_path):
    gold, pred = corpus(tmp_path)
    assert run(gold, pred, bootstrap=0, fail_under=["entities.exact.f1=0.5"])[0] == 0
    code, out, _ = run(gold, pred, bootstrap=0, fail_under=["entities.strict.f1=0.9", "entities.exact.recall=0.1"])
    assert code == 1
    assert "FAIL entities.strict.f1" in out and "PASS entities.exact.recall" in out
    code, _, err = run(gold, pred, bootstrap=0, fail_under=["entities.strict.f2=0.5"])
    assert code == 2 and "unknown metric 'entities.strict.f2'" in err and "entities.strict.f1" in err
    code, _, err = run(gold, pred, bootstrap=0, fail_under=["entities.strict.f1"])
    assert code == 2 and "METRIC=VALUE" in err


def test_metric_names(tmp_path):
    gold, pred = corpus(tmp_path)
    names = metrics(score_files([gold], [pred]).data)
    for name in ("entities.strict.f1", "entities.type.macro_f1", "entities.strict.PER.f1", "quotes.speaker.accuracy",
                 "claims.value.accuracy", "quotes.end_to_end.f1", "claims.end_to_end.f1", "entities.boundary-lenient.f1"):
        assert name in names


def test_baseline_and_max_drop(tmp_path):
    gold, pred = corpus(tmp_path)
    baseline = tmp_path / "base.json"
    assert run(gold, pred, bootstrap=0, report="json", output=baseline)[0] == 0
    worse = write_jsonl(tmp_path / "worse.jsonl", [pred_record("a", TEXT_A, []), pred_record("b", TEXT_B, [])])
    code, out, _ = run(gold, worse, bootstrap=50, baseline=baseline, max_drop=["entities.strict.f1=0.1"], report="json")
    assert code == 1
    report = json.loads(out)
    gate = report["gates"][0]
    assert gate["passed"] is False and gate["baseline"] == pytest.approx(0.5454545454, rel=1e-6)
    assert report["comparison"]["metrics"]["entities.strict.f1"]["difference"] < 0
    assert run(gold, pred, bootstrap=0, baseline=baseline, max_drop=["entities.strict.f1=0.0"])[0] == 0
    assert run(gold, pred, bootstrap=0, max_drop=["entities.strict.f1=0.1"])[0] == 2
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    code, _, err = run(gold, pred, bootstrap=0, baseline=tmp_path / "junk.json", max_drop=["entities.strict.f1=0.1"])
    assert code == 2 and "not an annotator score report" in err


def test_markdown_junit_and_html_reports(tmp_path):
    gold, pred = corpus(tmp_path)
    code, md, _ = run(gold, pred, bootstrap=0, report="markdown", fail_under=["entities.strict.f1=0.99"])
    assert code == 1 and md.startswith("## Score report") and "| strict |" in md and "**FAIL**" in md
    code, xml, _ = run(gold, pred, bootstrap=0, report="junit", fail_under=["entities.strict.f1=0.99", "entities.exact.f1=0.1"])
    root = ET.fromstring(xml)
    cases = root.findall(".//testcase")
    assert len(cases) == 3 and len(root.findall(".//failure")) == 1  # the run itself, then one per gate
    code, html, _ = run(gold, pred, bootstrap=0, report="html")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "<b>القوات</b>" not in html and "&lt;b&gt;القوات&lt;/b&gt;" in html  # document text is escaped
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "<script" not in html


def test_output_file_is_written(tmp_path):
    gold, pred = corpus(tmp_path)
    out = tmp_path / "reports" / "r.md"
    code, stdout, err = run(gold, pred, bootstrap=0, report="markdown", output=out)
    assert code == 0 and stdout == "" and "report written" in err
    assert out.read_text(encoding="utf-8").startswith("## Score report")


def test_bootstrap_is_seeded_and_brackets_the_estimate(tmp_path):
    gold, pred = corpus(tmp_path)
    a = score_files([gold], [pred], bootstrap=200, seed=3).data["bootstrap"]
    b = score_files([gold], [pred], bootstrap=200, seed=3).data["bootstrap"]
    assert a == b
    lo, hi = a["intervals"]["entities.strict.f1"]
    assert 0.0 <= lo <= 6 / 11 <= hi <= 1.0


def test_compare_reports(tmp_path):
    gold, pred = corpus(tmp_path)
    ra, rb = tmp_path / "a.json", tmp_path / "b.json"
    run(gold, pred, bootstrap=0, report="json", output=ra)
    run(gold, pred, bootstrap=0, report="json", output=rb)
    out, err = io.StringIO(), io.StringIO()
    assert run_compare(ra, rb, report="json", bootstrap=100, stdout=out, stderr=err) == 0
    result = json.loads(out.getvalue())
    m = result["metrics"]["entities.strict.f1"]
    assert m["difference"] == 0 and m["p_value"] == 1.0 and result["documents"] == 2
    assert run_compare(ra, tmp_path / "missing.json", stdout=io.StringIO(), stderr=err) == 2


def test_cli_wiring(tmp_path):
    gold, pred = corpus(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["score", str(gold), str(pred), "--bootstrap", "0", "--fail-under", "entities.strict.f1=0.99"])
    assert result.exit_code == 1 and "FAIL entities.strict.f1" in result.stdout
    result = runner.invoke(app, ["score", str(gold), str(pred), "--report", "yaml"])
    assert result.exit_code == 2


def test_cli_compare_and_usage_errors(tmp_path):
    gold, pred = corpus(tmp_path)
    runner = CliRunner()
    ra, rb = tmp_path / "a.json", tmp_path / "b.json"
    assert runner.invoke(app, ["score", str(gold), str(pred), "--bootstrap", "0", "--report", "json", "--output", str(ra)]).exit_code == 0
    worse = write_jsonl(tmp_path / "worse.jsonl", [pred_record("a", TEXT_A, []), pred_record("b", TEXT_B, [])])
    assert runner.invoke(app, ["score", str(gold), str(worse), "--bootstrap", "0", "--report", "json", "--output", str(rb)]).exit_code == 0
    result = runner.invoke(app, ["compare", str(ra), str(rb), "--bootstrap", "50"])
    assert result.exit_code == 0 and "entities.strict.f1" in result.stdout and "B - A" in result.stdout
    result = runner.invoke(app, ["compare", str(ra), str(rb), "--bootstrap", "50", "--report", "markdown"])
    assert result.exit_code == 0 and result.stdout.startswith("## Comparison")
    assert runner.invoke(app, ["score", str(gold), str(pred), "--docs", str(tmp_path / "none.jsonl")]).exit_code == 2
    assert runner.invoke(app, ["score", str(gold), str(pred), "--min-iou", "0"]).exit_code == 2
    assert runner.invoke(app, ["score", str(gold), str(pred), "--bootstrap", "-1"]).exit_code == 2


def test_unreadable_docs_registry_is_one_line(tmp_path):
    gold, pred = corpus(tmp_path)
    code, _, err = run(gold, pred, docs=tmp_path / "none.jsonl", bootstrap=0)
    assert code == 2 and err.count("\n") == 1 and "none.jsonl: cannot read" in err


def test_predictions_for_registered_documents_without_gold_are_listed(tmp_path):
    doc = next(iter(load_documents(CORPUS_DOCS).values()))
    gold = write_jsonl(tmp_path / "g.jsonl", [gold_record("a", TEXT_A, [entity(TEXT_A, "بغداد", "GPE", "e1")])])
    pred = write_jsonl(tmp_path / "p.jsonl", [pred_record(doc.doc_id, doc.text, []), pred_record("a", TEXT_A, [entity(TEXT_A, "بغداد", "GPE")])])
    code, out, err = run(gold, pred, docs=CORPUS_DOCS, bootstrap=0, report="json")
    assert code == 0, err
    report = json.loads(out)
    assert report["documents"]["unscored_predictions"] == [doc.doc_id]
    assert report["documents"]["scored"] == 1
