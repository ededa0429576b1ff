"""The lenient prediction format that extractors write.

Like :class:`~annotator.model.Annotation`, but ``id``, ``annotator``, ``status`` and
``text_sha256`` may be omitted, and a span may give only its ``text`` (a string-anchored
prediction, as LLM extractors produce) for the scorer to align.
"""

from typing import Any, Literal

from pydantic import Field

from annotator.model.base import DocId, Id, Number, Offset, Record, Sha256, Str
from annotator.model.spans import ClaimKind, IsoDate, IsoTime, QuoteKind, Unit


class PredictedSpan(Record):
    start: Offset | None = Field(default=None, description="First code point (inclusive); omit with end for a string-anchored span.")
    end: Offset | None = Field(default=None, description="Code point after the span (exclusive); omit with start for a string-anchored span.")
    text: Str = Field(min_length=1, description="The span text; equals text[start:end] when offsets are given.")


class SpanRef(PredictedSpan):
    """A reference to a mention by position or text (for speaker, source, place)."""


class _MaybeIdentified(Record):
    id: Id | None = Field(default=None, description="Optional identifier, unique within the record.")


class PredictedEntity(PredictedSpan, _MaybeIdentified):
    label: Str = Field(min_length=1, description="Entity label.")


class PredictedCue(PredictedSpan):
    """Predicted reporting verb."""


class PredictedQuote(PredictedSpan, _MaybeIdentified):
    kind: QuoteKind | None = Field(default=None, description="'direct', 'indirect' or 'mixed', if predicted.")
    speaker: Id | SpanRef | None = Field(default=None, description="Speaker: an entity id of this record, a mention (offsets and/or text), or null.")
    cue: PredictedCue | None = Field(default=None, description="Predicted reporting verb, or null.")


class PredictedClaim(PredictedSpan, _MaybeIdentified):
    kind: ClaimKind | None = Field(default=None, description="What the number measures, if predicted.")
    value: Number | IsoDate | None = Field(default=None, description="Normalised value (number or ISO-8601 date/interval), if predicted.")
    unit: Unit | None = Field(default=None, description="Canonical unit or counted noun, if predicted.")
    approx: bool | None = Field(default=None, description="Approximate marker, if predicted.")
    time: IsoTime | None = Field(default=None, description="ISO-8601 time the claim refers to, if predicted.")
    place: list[Id | SpanRef] = Field(default_factory=list, description="Places: entity ids or mentions.")
    source: Id | SpanRef | None = Field(default=None, description="Who makes the claim: entity id or mention.")


class Prediction(Record):
    """One JSONL line of an extractor's output."""

    schema_version: Literal["1"] = Field(description="Version of this format; always the string \"1\".")
    doc_id: DocId = Field(description="Id of the document in the corpus registry.")
    text_sha256: Sha256 | None = Field(default=None, description="Hex SHA-256 of the document text the offsets refer to (recommended).")
    annotator: Str | None = Field(default=None, description="Name of the extractor (and version).")
    status: Literal["draft", "done"] | None = Field(default=None, description="Unused for predictions; allowed for symmetry with annotations.")
    text: Str | None = Field(default=None, description="The document text (optional); when present it must hash to text_sha256.")
    meta: dict[str, Any] | None = Field(default=None, description="Free-form metadata (model, prompt, run id ...).")
    entities: list[PredictedEntity] = Field(default_factory=list, description="Predicted entity mentions.")
    quotes: list[PredictedQuote] = Field(default_factory=list, description="Predicted quotes.")
    claims: list[PredictedClaim] = Field(default_factory=list, description="Predicted numeric claims.")
