"""Generate the checked-in JSON Schema files (``schema/``) from the pydantic models."""

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from annotator.model.assignments import Assignments
from annotator.model.document import Document
from annotator.model.prediction import Prediction
from annotator.model.record import Annotation
from annotator.score.report_model import Comparison, ScoreReport

DRAFT = "https://json-schema.org/draft/2020-12/schema"

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "annotation.v1.schema.json": (Annotation, "An annotator's annotations of one document (one JSONL line of a gold file)."),
    "prediction.v1.schema.json": (Prediction, "An extractor's predictions for one document (one JSONL line of a prediction file)."),
    "document.v1.schema.json": (Document, "One document of the corpus registry (one JSONL line of documents.jsonl)."),
    "score-report.v1.schema.json": (ScoreReport, "A report of annotator score (--report json): totals, errors, per-document counts, provenance; everything but `run` is the same for two runs on the same inputs."),
    "comparison.v1.schema.json": (Comparison, "The paired comparison of two score reports (annotator compare --report json, and the `comparison` of score --baseline)."),
    "assignments.v1.schema.json": (Assignments, "Which annotator annotates which documents (corpus/assignments.toml, read as TOML)."),
}


def schema_dir() -> Path:
    """``schema/`` of the checkout, or the copy packaged in the wheel."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "schema", here / "_bundled" / "schema"):
        if candidate.is_dir():
            return candidate
    return here.parent / "schema"


def build_schema(name: str) -> dict[str, Any]:
    model, description = SCHEMAS[name]
    body = model.model_json_schema(mode="validation")
    body["description"] = description
    return {"$schema": DRAFT, "$id": f"urn:annotator:schema:{name.removesuffix('.schema.json')}", **body}


def render(name: str) -> str:
    return json.dumps(build_schema(name), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def load_schema(name: str, directory: Path | None = None) -> dict[str, Any]:
    return json.loads(((directory or schema_dir()) / name).read_text(encoding="utf-8"))


def write_schemas(directory: Path | None = None) -> list[Path]:
    from annotator.io.atomic import write_text_atomic

    directory = directory or schema_dir()
    return [write_text_atomic(directory / name, render(name), backup=False) for name in SCHEMAS]


def stale_schemas(directory: Path | None = None) -> list[str]:
    """Names of checked-in schema files that are missing or differ from the models."""
    directory = directory or schema_dir()
    stale = []
    for name in SCHEMAS:
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(name):
            stale.append(name)
    return stale
