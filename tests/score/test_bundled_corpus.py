"""The command, every report and the gates on the bundled corpus (corpus/gold against itself,
and against a copy with one entity dropped and one relabelled)."""

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from annotator.score.command import run_score
from helpers import write_jsonl

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold"
DOCS = ROOT / "corpus" / "documents.jsonl"


def run(pred, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(GOLD, pred, docs=DOCS, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


def test_gold_against_itself_is_perfect_in_every_report():
    code, out, err = run(GOLD, report="json", bootstrap=50, fail_under=["entities.strict.f1=1", "quotes.speaker.accuracy=1", "claims.value.accuracy=1"])
    assert code == 0, err
    report = json.loads(out)
    assert report["documents"]["scored"] >= 1
    for layer, body in report["layers"].items():
        strict = body["schemes"]["strict"]
        assert strict["missed"] == strict["spurious"] == strict["incorrect"] == 0, layer
    for fmt in ("table", "markdown", "junit", "html"):
        code, text, err = run(GOLD, report=fmt, bootstrap=0, fail_under=["entities.strict.f1=1"])
        assert code == 0 and text, (fmt, err)
    assert len(ET.fromstring(run(GOLD, report="junit", bootstrap=0, fail_under=["entities.strict.f1=1"])[1]).findall(".//testcase")) == 2  # the run, the gate


def test_a_worse_prediction_fails_its_gate(tmp_path):
    records = [json.loads(line) for f in sorted(GOLD.glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    first = records[0]
    dropped = first["entities"].pop()
    first["entities"][0]["label"] = "LOC" if first["entities"][0]["label"] != "LOC" else "PER"
    for q in first["quotes"]:  # the dropped entity may have been a speaker or a claim's source or place
        if q["speaker"] == dropped["id"]:
            q["speaker"] = None
    for c in first["claims"]:
        if c["source"] == dropped["id"]:
            c["source"] = None
        c["place"] = [p for p in c["place"] if p != dropped["id"]]
    pred = write_jsonl(tmp_path / "pred.jsonl", records)
    code, out, err = run(pred, report="json", bootstrap=0, fail_under=["entities.strict.f1=0.999"])
    assert code == 1, err
    strict = json.loads(out)["layers"]["entities"]["schemes"]["strict"]
    assert (strict["incorrect"], strict["missed"], strict["spurious"]) == (1, 1, 0)
