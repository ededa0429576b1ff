"""The held-out check's files are what its builder produces, and valid."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from annotator.io.jsonl import dumps_line
from annotator.validate.run import validate_files

HERE = Path(__file__).resolve().parent / "heldout"


def test_heldout_files_are_reproducible_and_valid() -> None:
    spec = importlib.util.spec_from_file_location("build_heldout", HERE / "build_heldout.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc, gold = module.build()
    assert (HERE / "documents.jsonl").read_text(encoding="utf-8") == dumps_line(doc) + "\n"
    assert (HERE / "gold.jsonl").read_text(encoding="utf-8") == dumps_line(gold) + "\n"
    for span in (*gold.entities, *gold.quotes, *gold.claims):
        assert doc.text[span.start : span.end] == span.text
    report = validate_files([HERE / "gold.jsonl"], docs={doc.doc_id: doc})
    assert report.errors == 0 and report.files[str(HERE / "gold.jsonl")] == ("annotation", 1)
