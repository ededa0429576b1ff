"""The document registry record (corpus/documents.jsonl)."""

import hashlib
from typing import Any

from pydantic import Field

from annotator.model.base import DocId, Record, Sha256, Str


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Document(Record):
    """One document of a corpus."""

    doc_id: DocId = Field(description="Stable identifier of the document.")
    text: Str = Field(description="The document text, NFC, logical order, lines separated by \\n.")
    text_sha256: Sha256 = Field(description="Hex SHA-256 of the UTF-8 text.")
    lang: Str = Field(min_length=2, description="BCP-47 language tag of the text (e.g. 'ar').")
    source: Str = Field(description="Where the text comes from (path of the seed file, URL).")
    meta: dict[str, Any] | None = Field(default=None, description="Free-form metadata (title, date, licence ...).")
