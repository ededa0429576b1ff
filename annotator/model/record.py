"""The gold annotation record: one annotator's annotations of one document."""

from typing import Any, Literal

from pydantic import Field

from annotator.model.base import DocId, Record, Sha256, Str
from annotator.model.spans import Claim, Entity, Quote

SCHEMA_VERSION = "1"


class Annotation(Record):
    """One JSONL line of an annotation file."""

    schema_version: Literal["1"] = Field(description="Version of this format; always the string \"1\".")
    doc_id: DocId = Field(description="Id of the document in the corpus registry (documents.jsonl).")
    text_sha256: Sha256 = Field(description="Hex SHA-256 of the UTF-8 document text the offsets refer to.")
    annotator: Str = Field(min_length=1, description="Who made these annotations.")
    status: Literal["draft", "done"] = Field(description="'draft' while in progress, 'done' when complete.")
    text: Str | None = Field(default=None, description="The document text itself (optional); when present it must hash to text_sha256.")
    meta: dict[str, Any] | None = Field(default=None, description="Free-form metadata (e.g. the annotator's cursor position, timing).")
    entities: list[Entity] = Field(default_factory=list, description="Named-entity mentions.")
    quotes: list[Quote] = Field(default_factory=list, description="Quotes with their speaker and cue.")
    claims: list[Claim] = Field(default_factory=list, description="Numeric claims with their normalised value.")
