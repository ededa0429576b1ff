"""Span models of a gold annotation: entities, quotes (with cue) and numeric claims."""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from annotator.model.base import ISO_DATE_PATTERN, ISO_TIME_PATTERN, Bool, Id, Number, Offset, Record, Str

QUOTE_KINDS = ("direct", "indirect", "mixed")
CLAIM_KINDS = ("count", "date", "duration", "percent", "money", "ratio", "ordinal", "other")

QuoteKind = Literal["direct", "indirect", "mixed"]
ClaimKind = Literal["count", "date", "duration", "percent", "money", "ratio", "ordinal", "other"]
# The JSON Schema form of Claim's value rule (a date is a string, every other kind a number).
VALUE_TYPE_BY_KIND = {
    "if": {"properties": {"kind": {"const": "date", "description": "A date claim ..."}}, "required": ["kind"]},
    "then": {"properties": {"value": {"type": ["string", "null"], "description": "... has an ISO-8601 string value (or null)."}}},
    "else": {"properties": {"value": {"type": ["number", "null"], "description": "Every other kind has a number (or null)."}}},
}
IsoDate = Annotated[Str, Field(pattern=ISO_DATE_PATTERN)]
IsoTime = Annotated[Str, Field(pattern=ISO_TIME_PATTERN)]
Unit = Annotated[Str, Field(pattern=r"^[a-z][a-z0-9_ -]*$", max_length=40)]


class Span(Record):
    start: Offset = Field(description="First code point of the span in the NFC document text (inclusive).")
    end: Offset = Field(description="Code point just after the span (exclusive); start < end <= len(text).")
    text: Str = Field(description="The document text of the span: must equal text[start:end].")


class _Identified(Record):
    id: Id = Field(description="Identifier, unique within the record (e.g. 'e1', 'q1', 'c1').")


class Entity(Span, _Identified):
    """A named-entity mention."""

    label: Str = Field(min_length=1, description="Entity label from the corpus label set (default PER, ORG, GPE, LOC, EVENT).")


class Cue(Span):
    """The reporting verb that introduces a quote (قال، أوضح، صرّح ...)."""


class Quote(Span, _Identified):
    """Reported speech; the span is the quoted content without the quotation marks."""

    kind: QuoteKind = Field(description="'direct' (in quotation marks), 'indirect' (reported speech) or 'mixed'.")
    speaker: Id | None = Field(description="Id of the entity in the same record who speaks, or null when unknown.")
    cue: Cue | None = Field(description="The reporting verb span, or null when there is none.")


class Claim(Span, _Identified):
    """A numeric claim: a quantity, count, date, duration, ratio or percentage the text asserts."""

    kind: ClaimKind = Field(description="What the number measures.")
    value: Number | IsoDate | None = Field(
        description="Normalised value: a number for quantities, an ISO-8601 date or interval ('2023-08', '2024-01/2024-06') for dates, null when the text gives none."
    )
    unit: Unit | None = Field(description="Lowercase English canonical unit or counted noun ('attack', 'day', 'usd'), or null.")
    approx: Bool = Field(description="True when the text marks the number as approximate (نحو، حوالي، أكثر من ...).")
    time: IsoTime | None = Field(description="ISO-8601 time the claim refers to (date, interval or duration), or null.")
    place: list[Id] = Field(description="Ids of the entities (GPE/LOC) the claim is about; empty when none.")
    source: Id | None = Field(description="Id of the entity that makes the claim, or null.")

    model_config = ConfigDict(json_schema_extra={"allOf": [VALUE_TYPE_BY_KIND]})

    @field_validator("value")
    @classmethod
    def _value_type_follows_kind(cls, value: object, info: ValidationInfo) -> object:
        """Dates are ISO strings, every other kind a number (or null): 2019 for a date, or
        "2019" for a count, is drift that the scorer would count wrong."""
        kind = info.data.get("kind")
        if value is None or kind is None:
            return value
        if kind == "date" and not isinstance(value, str):
            raise ValueError(f"a date claim's value is an ISO-8601 date string such as \"{value}\", \"2023-08\" or \"2024-01/2024-06\", not a number")
        if kind != "date" and isinstance(value, str):
            raise ValueError(f"a {kind} claim's value is a number such as 153 or 2.5, not the string {value!r}")
        return value
