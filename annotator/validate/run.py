"""Validating files: kind detection, the per-line pipeline, duplicates across records."""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.model import Document, LabelSet
from annotator.report.progress import count_lines
from annotator.validate.findings import Finding, Severity
from annotator.validate.lines import read_lines
from annotator.validate.semantic import check_document, check_record
from annotator.validate.structural import check_line

KINDS = ("annotation", "prediction", "document")


class UnreadableFile(Exception):
    """The file cannot be opened or read at all (a usage error, exit 2)."""


def _kind_from_object(obj: dict[str, object], path: Path) -> str:
    """Documents carry lang/source and no schema_version; a file named or placed as gold holds
    annotations, one named as predictions holds predictions; otherwise a record with an
    annotator and a status (not null) is an annotation, anything else a prediction."""
    name = path.name.lower()
    if "schema_version" not in obj and ("lang" in obj or "source" in obj):
        return "document"
    if "gold" in name or "gold" in (p.lower() for p in path.parent.parts):
        return "annotation"
    if "pred" in name:
        return "prediction"
    if "annotator" in obj and obj.get("status") is not None:
        return "annotation"
    return "prediction"


def detect_kind(path: Path) -> str:
    """The kind of a JSONL file, from its name and its first JSON object."""
    name = path.name.lower()
    if name.startswith("documents"):
        return "document"
    try:
        with path.open("rb") as f:
            for raw in read_lines(f):
                if raw.data is None:
                    continue
                try:
                    obj = json.loads(raw.data.decode("utf-8", "replace").lstrip("\ufeff"))
                except ValueError:
                    continue
                if isinstance(obj, dict):
                    return _kind_from_object(obj, path)
    except OSError as e:
        raise UnreadableFile(f"{path}: cannot read: {e.strerror or e}") from None
    return "prediction" if "pred" in name else "annotation"


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
    docs: dict[str, Document] | None = None,
    labels: LabelSet | None = None,
    *,
    engine: str = "pydantic",
    display: str | None = None,
    warnings: bool = True,
) -> Iterator[Checked]:
    """Validate ``path`` line by line. Raises :class:`UnreadableFile` when it cannot be opened.
    With ``warnings`` False the semantic checks look for errors only."""
    name = display or str(path)
    try:
        f = path.open("rb", buffering=1 << 20)  # lines are long: a large buffer saves most of the copying
    except OSError as e:
        raise UnreadableFile(f"{name}: cannot read: {e.strerror or e}") from None
    with f:
        for raw in read_lines(f):
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
                    issues = check_document(record) if kind == "document" else check_record(record, docs.get(record["doc_id"]) if docs else None, labels, warnings=warnings)
                    if issues:
                        checked.findings.extend(
                            Finding(name, raw.lineno, msg, path, Severity.WARNING if warn else Severity.ERROR) for path, msg, warn in issues
                        )
            yield checked


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> (kind, records)

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors


def validate_files(
    paths: Iterable[Path],
    docs: dict[str, Document] | None = None,
    labels: LabelSet | None = None,
    *,
    kind: str | None = None,
    engine: str = "pydantic",
    progress: Callable[[int, int | None], None] | None = None,
) -> Report:
    """Validate every file; report every problem. Never modifies its input. ``progress(done,
    total)`` is called after each record when given (total: lines of all files, or None)."""
    report = Report()
    paths = list(paths)
    total = count_lines(paths) if progress else None
    done = 0
    first_seen: dict[tuple[str, str, str], str] = {}
    for path in paths:
        file_kind = kind or detect_kind(path)
        count = 0
        for checked in iter_records(path, file_kind, docs, labels, engine=engine):
            report.findings.extend(checked.findings)
            record = checked.record
            if progress:
                done += 1
                progress(done, total)
            if record is None:
                continue
            count += 1
            key = (file_kind, record["doc_id"], "" if file_kind == "document" else record["annotator"] or "")
            here = f"{path}:{checked.lineno}"
            if key in first_seen:
                what = "document" if file_kind == "document" else "record for this document and annotator"
                report.findings.append(Finding(str(path), checked.lineno, f"duplicate {what} (first at {first_seen[key]})", "doc_id"))
            else:
                first_seen[key] = here
        report.files[str(path)] = (file_kind, count)
    return report
