"""The seed article's provenance (issue 11): publisher, URL and rights in the registry and in
corpus/README.md; a document's publication or reference date is an ISO string or null."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from annotator.model import Document, text_sha256

ROOT = Path(__file__).resolve().parents[2]
URL = "https://nbanews.net/iraq/97153"


def seed_record() -> dict:
    (line,) = (ROOT / "corpus" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(line)


def test_the_registry_names_the_publisher_the_url_and_the_rights():
    doc = seed_record()
    assert doc["source"] == URL
    meta = doc["meta"]
    assert meta["publisher"] == "NBA News (Iraq)" and meta["url"] == URL
    assert "NBA News" in meta["rights"] and "research and evaluation" in meta["rights"]
    assert "date" in meta and meta["date"] is None  # not known: left empty, not guessed
    assert doc["text_sha256"] == text_sha256(doc["text"])
    Document.model_validate(doc)


def test_corpus_readme_states_the_same_provenance_plainly():
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    assert "NBA News (Iraq)" in readme and "nbanews.net/iraq/97153" in readme
    assert "copyright" in readme and "research and evaluation" in readme
    assert "publisher and URL were not recorded" not in readme and "rights holder is unknown" not in readme


@pytest.mark.parametrize("date", ["2024-07-15", "2024-07", "2024", None])
def test_a_document_date_is_an_iso_string_or_null(date):
    doc = seed_record()
    doc["meta"]["date"] = date
    assert Document.model_validate(doc).meta["date"] == date


@pytest.mark.parametrize("date", ["15/07/2024", "last week", 2024, ""])
def test_a_document_date_that_is_not_iso_is_refused_with_an_example(date):
    doc = seed_record()
    doc["meta"]["date"] = date
    with pytest.raises(ValidationError, match="ISO-8601 string such as"):
        Document.model_validate(doc)
