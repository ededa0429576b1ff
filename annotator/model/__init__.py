"""The record format: pydantic models that are the one source of truth for schema v1."""

from annotator.model.base import DOC_ID, DOC_ID_PATTERN
from annotator.model.document import Document, text_sha256
from annotator.model.labels import DEFAULT_LABELS, Label, LabelSet
from annotator.model.prediction import (
    Prediction,
    PredictedClaim,
    PredictedCue,
    PredictedEntity,
    PredictedQuote,
    SpanRef,
)
from annotator.model.record import SCHEMA_VERSION, Annotation
from annotator.model.spans import CLAIM_KINDS, QUOTE_KINDS, Claim, Cue, Entity, Quote

__all__ = [
    "DOC_ID",
    "DOC_ID_PATTERN",
    "CLAIM_KINDS",
    "DEFAULT_LABELS",
    "QUOTE_KINDS",
    "SCHEMA_VERSION",
    "Annotation",
    "Claim",
    "Cue",
    "Document",
    "Entity",
    "Label",
    "LabelSet",
    "PredictedClaim",
    "PredictedCue",
    "PredictedEntity",
    "PredictedQuote",
    "Prediction",
    "Quote",
    "SpanRef",
    "text_sha256",
]
