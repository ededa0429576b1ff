"""Validating files: kind detection, the per-line pipeline, duplicates across records."""

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import msgspec

from annotator.io.corpus import DocText
from annotator.io.gcpause import paused_gc
from annotator.model import Document, LabelSet
from annotator.report.progress import count_lines
from annotator.validate.batch import decode_batch, records_clean, take
from annotator.validate.findings import Finding, Severity
from annotator.validate.lines import (  # noqa: F401 (the readers' names, here too)
    RawLine, UnreadableFile, display_name, is_stdin, open_input, read_lines,
)
from annotator.validate.semantic import check_document, check_record
from annotator.validate.structural import check_line

KINDS = ("annotation", "prediction", "document")
#: registered documents by doc_id: what the checks read of each (``doc_id``, ``text``, ``text_sha256``)
Registry = Mapping[str, Document | DocText]


def _kind_from_object(obj: dict[str, object], path: Path) -> str:
    """Documents carry lang/source and no schema_version; a file named or placed as gold holds
    annotations, one named as predictions holds predictions; otherwise a record with an
    annotator and a status (not null) is an annotation, anything else a prediction."""
    name = path.name.lower()
    if "schema_version" not in obj and ("lang" in obj or "source" in obj):
        return "document"
    if "gold" in name or "gold" in str(path.parent).lower().split(os.sep):  # (its parts, without a Path per part)
        return "annotation"
    if "pred" in name:
        return "prediction"
    if "annotator" in obj and obj.get("status") is not None:
        return "annotation"
    return "prediction"


#: A file whose kind is not given is read until its first JSON object, for at most this many lines.
DETECT_LINES = 100
#: Findings shown per file by default; the rest are counted (``--max-errors``; 0 shows all).
DEFAULT_MAX_ERRORS = 100


class _Head(msgspec.Struct):
    """The top-level keys of a record that tell its kind (``_kind_from_object``); every other
    value is skipped, not decoded. An empty value: the key is absent."""

    schema_version: msgspec.Raw = msgspec.Raw(b"")
    lang: msgspec.Raw = msgspec.Raw(b"")
    source: msgspec.Raw = msgspec.Raw(b"")
    annotator: msgspec.Raw = msgspec.Raw(b"")
    status: msgspec.Raw = msgspec.Raw(b"")


_HEAD = msgspec.json.Decoder(_Head)
_DIGITS_AND_OPENINGS = b"0123456789[{"


def _read_alike(data: bytes) -> bool:
    """Whether ``json`` reads ``data`` wherever msgspec does: no integer of more digits than
    ``int`` takes from a string, no nesting near the recursion limit (a count of the digits
    and opening brackets in one pass; the brackets alone only when that is not enough)."""
    n = len(data) - len(data.translate(None, _DIGITS_AND_OPENINGS))
    digits, depth = min(4000, sys.get_int_max_str_digits() or 4000), sys.getrecursionlimit() - 250
    if n < digits and n < depth:
        return True
    openings = data.count(b"{") + data.count(b"[")
    return openings < depth and n - openings < digits


def _first_object(data: bytes) -> dict[str, object] | None:
    """The line's JSON object as ``json.loads`` reads it (None when it is none), or as much of
    it as ``_kind_from_object`` reads: the keys that tell the kind (a present key's value is
    True; ``status``'s is None when null). A measured hot path: a directory of one-record
    files detects every file's kind from its only line; decoding those keys alone costs an
    eighth of ``json.loads``. msgspec accepts no line that ``json`` rejects but one with an
    integer too long for ``int`` or nested past the recursion limit: such lines (and any
    that msgspec rejects) go to ``json``."""
    if _read_alike(data):
        try:
            head = _HEAD.decode(data)
        except (msgspec.DecodeError, RecursionError):
            pass
        else:
            fields = ((key, getattr(head, key)) for key in _Head.__struct_fields__)
            return {key: None if bytes(raw) == b"null" else True for key, raw in fields if len(raw)}
    try:
        obj = json.loads(data.decode("utf-8", "replace").lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return None
    return obj if isinstance(obj, dict) else None


def _detect(lines: Iterator[RawLine], path: Path) -> tuple[str, list[RawLine]]:
    """The kind of a file from its name and its first JSON object, and the lines read to find it."""
    head: list[RawLine] = []
    name = "" if is_stdin(path) else path.name.lower()
    if name.startswith("documents"):
        return "document", head
    for raw in lines:
        head.append(raw)
        obj = _first_object(raw.data) if raw.data is not None else None
        if obj is not None:
            return _kind_from_object(obj, path), head
        if len(head) >= DETECT_LINES:
            break
    return ("prediction" if "pred" in name else "annotation"), head


def detect_kind(path: Path) -> str:
    """The kind of a JSONL file, from its name and its first JSON object."""
    with open_input(path) as lines:
        return _detect(lines, path)[0]


@dataclass(slots=True)
class Checked:
    """The result for one line: the record as a plain dict (None when structurally invalid)
    and its findings."""

    lineno: int
    record: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)


def iter_records(
    path: Path,
    kind: str,
    docs: Registry | None = None,
    labels: LabelSet | None = None,
    *,
    engine: str = "pydantic",
    display: str | None = None,
    warnings: bool = True,
    select: Callable[[bytes | None], bool] | None = None,
) -> Iterator[Checked]:
    """Validate ``path`` (``-``: standard input) line by line. Raises :class:`UnreadableFile`
    when it cannot be opened or read. With ``warnings`` False the semantic checks look for errors only.
    ``select`` (given the raw line, None when it has none) skips the lines it rejects (a shard of the scorer)."""
    name = display or display_name(path)
    with open_input(path, name) as lines:
        if select is not None:
            lines = (raw for raw in lines if select(raw.data))
        yield from check_lines(lines, name, kind, docs, labels, engine=engine, warnings=warnings)


def check_lines(lines: Iterable[RawLine], *args: Any, **kw: Any) -> Iterator[Checked]:
    """:func:`check_raw` of each line (its arguments after the line: name, kind, docs, ...)."""
    return (check_raw(raw, *args, **kw) for raw in lines)


def check_raw(
    raw: RawLine,
    name: str,
    kind: str,
    docs: Registry | None = None,
    labels: LabelSet | None = None,
    *,
    engine: str = "pydantic",
    warnings: bool = True,
) -> Checked:
    """One line of ``check_lines``."""
    checked = Checked(raw.lineno, None)
    if raw.problems:
        checked.findings.extend(Finding(name, raw.lineno, p) for p in raw.problems)
    if raw.data is not None:
        record, problems = check_line(raw.data, kind, engine)
        if raw.last and problems and problems[0][1].startswith("invalid JSON"):
            problems = [("", "truncated last line: no final newline and not valid JSON (was the file cut off while being written?)")]
        elif raw.last:
            checked.findings.append(Finding(name, raw.lineno, "no newline at the end of the file", severity=Severity.WARNING))
        if problems:
            checked.findings.extend(Finding(name, raw.lineno, msg, path) for path, msg in problems)
        if record is not None:
            checked.record = record
            issues = check_document(record) if kind == "document" else check_record(record, docs.get(record["doc_id"]) if docs is not None else None, labels, warnings=warnings)
            if issues:
                checked.findings.extend(
                    Finding(name, raw.lineno, msg, path, Severity.WARNING if warn else Severity.ERROR) for path, msg, warn in issues
                )
    return checked


def record_key(kind: str, record: dict[str, Any]) -> tuple[str, str, str]:
    """What makes two records duplicates: a document's id; a record's document and annotator."""
    return (kind, record["doc_id"], "" if kind == "document" else record["annotator"] or "")


def _size(raw: RawLine) -> int:
    return len(raw.data or b"")


def _clean_batch(batch: list[RawLine], kind: str, docs: Registry | None, labels: LabelSet | None) -> list[dict[str, Any]] | None:
    """The records of a batch of lines when none of them has anything to report (no
    file-level problem, valid records with nothing ``check_record`` would say); else None."""
    if kind == "document" or any(raw.problems or raw.data is None or raw.last for raw in batch):
        return None
    records = decode_batch(kind, [raw.data for raw in batch])  # type: ignore[misc]
    if records is None or not records_clean(records, docs, labels):
        return None
    return records


def batches(
    lines: Iterator[RawLine], kind: str, docs: Registry | None, labels: LabelSet | None, engine: str, most: int | None,
) -> Iterator[tuple[list[RawLine], list[dict[str, Any]] | None]]:
    """The lines in batches, each with its records when nothing in it has anything to report
    (else None: the caller checks its lines one by one, which words every finding)."""
    while batch := take(lines, _size, most):
        # a measured hot path: a batch of clean records is checked at once (validate.batch)
        yield batch, _clean_batch(batch, kind, docs, labels) if engine == "pydantic" else None


#: each record's key (:func:`record_key`) -> where it was first seen (file, line)
FirstSeen = dict[tuple[str, str, str], tuple[str, int]]


def all_new(first_seen: FirstSeen, name: str, keys: list[tuple[str, str, str]], lines: Iterable[int]) -> bool:
    """Register records of ``name`` at ``lines`` when none of them is a duplicate (set
    operations in C, the usual case); False (nothing registered) otherwise."""
    if len(set(keys)) == len(keys) and first_seen.keys().isdisjoint(keys):
        first_seen.update(zip(keys, [(name, n) for n in lines]))
        return True
    return False


def duplicate(first_seen: FirstSeen, name: str, lineno: int, kind: str, key: tuple[str, str, str]) -> Finding | None:
    """The finding of a record seen before, or None (and it is registered)."""
    first = first_seen.get(key)
    if first is None:
        first_seen[key] = (name, lineno)
        return None
    what = "document" if kind == "document" else "record for this document and annotator"
    return Finding(name, lineno, f"duplicate {what} (first at {first[0]}:{first[1]})", "doc_id")


@dataclass
class Report:
    """What validation found. ``findings`` holds the findings shown (at most ``max_errors``
    per file, and none when they were handed to ``on_finding`` as they were found); the
    counts cover every finding."""

    findings: list[Finding] = field(default_factory=list)
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> (kind, records)
    errors: int = 0
    warnings: int = 0
    not_shown: int = 0


class Sink:
    """Counts every finding; shows (streams or keeps) the first ``max_errors`` of each file."""

    def __init__(self, report: Report, max_errors: int, on_finding: Callable[[Finding], None] | None) -> None:
        self.report, self.max_errors = report, max_errors
        self.show = on_finding or report.findings.append
        self.shown = 0

    def __call__(self, finding: Finding) -> None:
        report = self.report
        if finding.is_error:
            report.errors += 1
        else:
            report.warnings += 1
        if self.max_errors and self.shown >= self.max_errors:
            report.not_shown += 1
            return
        self.shown += 1
        self.show(finding)

    def hidden(self, errors: int, warnings: int) -> None:
        """Count findings that come after ``max_errors`` shown ones of this file."""
        assert not (errors or warnings) or (self.max_errors and self.shown >= self.max_errors)
        self.report.errors += errors
        self.report.warnings += warnings
        self.report.not_shown += errors + warnings

    def end(self, name: str, kind: str, records: int, errors_before: int) -> None:
        """The end of a file: a file with neither records nor errors is reported; its entry in the report."""
        if records == 0 and self.report.errors == errors_before:
            self(Finding(name, None, f"no records: the input is empty; expected one JSON {kind} record per line"))
        self.report.files[name] = (kind, records)


def validate_files(
    paths: Iterable[Path],
    docs: Registry | None = None,
    labels: LabelSet | None = None,
    *,
    kind: str | None = None,
    engine: str = "pydantic",
    max_errors: int = DEFAULT_MAX_ERRORS,
    on_finding: Callable[[Finding], None] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    jobs: int = 1,
) -> Report:
    """Validate every file (``-``: standard input), each read once; report every problem
    (``on_finding`` receives them as they are found). Never modifies its input. Raises
    :class:`UnreadableFile` for an input that cannot be opened or read to its end.
    ``progress(done, total)`` is called after each line when given (total: lines of all
    files, None when one is a pipe). ``jobs`` > 1 regular files are checked in that many
    processes (:mod:`annotator.validate.parallel`), with the same result and findings in the
    same order (given as chunks of lines complete)."""
    paths = list(paths)
    # A measured hot path: validation makes no cycles (60,000 invalid lines left none) and the
    # collections cost 3-12% of the run (full ones as the table of records seen grows).
    with paused_gc():
        if jobs > 1 and all(path.is_file() for path in paths):
            from annotator.validate.parallel import validate_in_processes

            return validate_in_processes(paths, jobs, docs, labels, kind, engine, max_errors, on_finding, progress)
        return _validate_in_turn(paths, docs, labels, kind, engine, max_errors, on_finding, progress)


def _validate_in_turn(
    paths: list[Path], docs: Registry | None, labels: LabelSet | None, kind: str | None, engine: str, max_errors: int,
    on_finding: Callable[[Finding], None] | None, progress: Callable[[int, int | None], None] | None,
) -> Report:
    """:func:`validate_files` in this process, file after file, line after line."""
    report = Report()
    total = count_lines(paths) if progress else None
    done = 0
    first_seen: FirstSeen = {}
    for path in paths:
        name = display_name(path)
        sink = Sink(report, max_errors, on_finding)
        errors_before = report.errors
        count = 0
        with open_input(path, name) as lines:
            if kind:
                file_kind, head = kind, []
            else:
                file_kind, head = _detect(lines, path)
            most = None if not is_stdin(path) and path.is_file() else 1  # a pipe: each finding as soon as its line is read
            for batch, records in batches(chain(head, lines), file_kind, docs, labels, engine, most):
                if records:
                    if all_new(first_seen, name, [record_key(file_kind, r) for r in records], [raw.lineno for raw in batch]):
                        count += len(records)
                        if progress:
                            done += len(records)
                            progress(done, total)
                        continue
                checked_lines = [Checked(raw.lineno, record) for raw, record in zip(batch, records)] if records else check_lines(batch, name, file_kind, docs, labels, engine=engine)
                for checked in checked_lines:
                    for finding in checked.findings:
                        sink(finding)
                    record = checked.record
                    if progress:
                        done += 1
                        progress(done, total)
                    if record is None:
                        continue
                    count += 1
                    repeated = duplicate(first_seen, name, checked.lineno, file_kind, record_key(file_kind, record))
                    if repeated:
                        sink(repeated)
        sink.end(name, file_kind, count, errors_before)
    return report
