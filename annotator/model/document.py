"""The document registry record (corpus/documents.jsonl)."""

import hashlib
import re
from typing import Any

from pydantic import Field, field_validator

from annotator.model.base import ISO_DATE_PATTERN, DocId, Record, Sha256, Str


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
    meta: dict[str, Any] | None = Field(
        default=None,
        description=(
            "Free-form metadata: publisher, url, rights, headings ... and 'date', the publication or reference "
            "date (ISO-8601, e.g. '2024-07-15') that relative dates resolve against, or null when it is not known."
        ),
        json_schema_extra={"properties": {"date": {
            "anyOf": [{"type": "string", "pattern": ISO_DATE_PATTERN}, {"type": "null"}],
            "description": "Publication or reference date (ISO-8601), or null when not known.",
        }}},
    )

    @field_validator("meta")
    @classmethod
    def _date_is_iso(cls, meta: dict[str, Any] | None) -> dict[str, Any] | None:
        date = (meta or {}).get("date")
        if date is not None and not (isinstance(date, str) and re.fullmatch(ISO_DATE_PATTERN, date)):
            raise ValueError(f"meta.date is the publication or reference date as an ISO-8601 string such as \"2024-07-15\" (or null when not known), not {date!r}")
        return meta
