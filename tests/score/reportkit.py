"""Shared by the report tests: the bundled corpus scored against a prediction with known
errors (one entity relabelled, one dropped, a quote's speaker and a claim's unit wrong)."""

import io
import json
from functools import cache
from pathlib import Path

import jsonschema

from annotator.model.jsonschema import load_schema
from annotator.score.command import run_score
from helpers import write_jsonl

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold"
DOCS = ROOT / "corpus" / "documents.jsonl"


def gold_records() -> list[dict]:
    return [json.loads(line) for f in sorted(GOLD.glob("*.jsonl")) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def worse_prediction(path: Path) -> Path:
    records = gold_records()
    first = records[0]
    first["entities"][0]["label"] = "LOC" if first["entities"][0]["label"] != "LOC" else "PER"
    first["quotes"][0]["speaker"] = None
    first["claims"][0]["unit"] = "week"
    first["claims"][1]["value"] = 999
    return write_jsonl(path, records)


def score(pred: Path, gold: Path = GOLD, **kw) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    kw.setdefault("bootstrap", 0)
    code = run_score(gold, pred, docs=DOCS, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(name))


def valid_report(text: str, name: str = "score-report.v1.schema.json") -> dict:
    """Parse a JSON report and validate it against its checked-in schema."""
    data = json.loads(text)
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return data
