"""Validation of annotation, prediction and document JSONL, in two layers:
structural (the record format) and semantic (against the document registry and label set)."""

from annotator.validate.findings import Finding, Severity
from annotator.validate.run import KINDS, Checked, detect_kind, iter_records, validate_files

__all__ = ["KINDS", "Checked", "Finding", "Severity", "detect_kind", "iter_records", "validate_files"]
