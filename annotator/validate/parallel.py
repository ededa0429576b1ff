"""``annotator validate --jobs N``: N processes (this one and N - 1 workers) each decode and
check only their share of the lines, with the output of ``--jobs 1``.

Each file is cut into chunks of lines (:mod:`annotator.io.chunks`, the machinery of
``score --jobs``): the parent names the first line of each chunk, every process reads every
line (so line numbers and file-level findings, a BOM, the first CRLF, a missing final
newline, are those of a single pass) and checks the lines of the chunks it takes, a chunk
going to the first process that reaches it. A process returns, per file, its findings in
line order (at most ``max_errors``: a finding it leaves out has ``max_errors`` before it in
the file, so a single pass would not show it either; it is counted) and the key and line of
every record. The parent finds duplicate records (the first occurrence is the one of the
lowest line, files in order), merges the findings by line (a duplicate after its line's
other findings) and feeds them to the same per-file :class:`~annotator.validate.run.Sink`
as a single pass: the same findings, order, counts and limits.

The registry (``--docs``) and label set are loaded once by the caller; forked workers
inherit them.
"""

import heapq
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from annotator.io.chunks import Chunks, Claims, chunk_cuts, line_markers, process_context
from annotator.model import Document, LabelSet
from annotator.validate.findings import Finding
from annotator.validate.lines import MAX_LINE_BYTES
from annotator.validate.run import (
    DEFAULT_MAX_ERRORS, Report, Sink, UnreadableFile, checked_batches, detect_kind, display_name, duplicate, open_input, record_key,
)


@dataclass(slots=True)
class Part:
    """What one process found in one file: its first ``max_errors`` findings (0: all), in
    line order, the number of the others, and the line and key of each of its records."""

    findings: list[Finding] = field(default_factory=list)
    errors: int = 0  # findings left out
    warnings: int = 0
    lines: list[int] = field(default_factory=list)
    keys: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, findings: list[Finding], most: int) -> None:
        for finding in findings:
            if most and len(self.findings) >= most:
                if finding.is_error:
                    self.errors += 1
                else:
                    self.warnings += 1
            else:
                self.findings.append(finding)


#: The chunks' owners (one table for every file) and (docs, labels), as a worker received them.
_SHARED: tuple[Any, Any, Any] | None = None


def _share(table: Any, docs: dict[str, Document] | None, labels: LabelSet | None) -> None:
    """A worker's start (inherited through a fork, pickled to a spawned process)."""
    global _SHARED
    _SHARED = (table, docs, labels)


def _validate_part(files: list[tuple[Path, str]], markers: list[list[bytes]], engine: str, max_errors: int) -> tuple[list[Part], str | None]:
    """This process's parts of ``files`` (path, kind), one per file read, and the message of
    the file that could not be read (its part holds what was found before), or None."""
    assert _SHARED is not None
    table, docs, labels = _SHARED
    claims = Claims(table)
    parts: list[Part] = []
    first = 0
    try:
        for (path, kind), file_markers in zip(files, markers):
            part = Part()
            parts.append(part)
            select = Chunks(file_markers, claims, first)
            first += len(file_markers) + 1
            name = display_name(path)
            with open_input(path, name) as lines:
                mine = (raw for raw in lines if select(raw.data))
                for batch, records in checked_batches(mine, name, kind, docs, labels, engine, None):
                    if records:
                        part.lines += [raw.lineno for raw in batch]  # type: ignore[union-attr]
                        part.keys += [record_key(kind, r) for r in records]
                        continue
                    for checked in batch:
                        if checked.findings:  # type: ignore[union-attr]
                            part.add(checked.findings, max_errors)  # type: ignore[union-attr]
                        if checked.record is not None:  # type: ignore[union-attr]
                            part.lines.append(checked.lineno)  # type: ignore[union-attr]
                            part.keys.append(record_key(kind, checked.record))  # type: ignore[union-attr]
    except UnreadableFile as e:
        return parts, str(e)
    return parts, None


def _usable(line: bytes) -> bool:
    """A line the reader offers to a selector as these bytes (not blank, not over-long)."""
    return bool(line) and not line.isspace() and len(line) <= MAX_LINE_BYTES


_LINE = attrgetter("line")


def _merge_file(name: str, kind: str, parts: list[Part], first_seen: dict[tuple[str, str, str], tuple[str, int]], sink: Sink) -> int:
    """Duplicates found and every finding of one file given to ``sink`` in a single pass's
    order; the number of records."""
    lines = [n for part in parts for n in part.lines]
    keys = [k for part in parts for k in part.keys]
    duplicates: list[Finding] = []
    if len(set(keys)) == len(keys) and first_seen.keys().isdisjoint(keys):  # the usual case, in C
        first_seen.update(zip(keys, [(name, n) for n in lines]))
    else:
        for n, key in sorted(zip(lines, keys), key=itemgetter(0)):
            if key in first_seen:
                duplicates.append(duplicate(name, n, kind, first_seen[key]))
            else:
                first_seen[key] = (name, n)
    # each line is in one part; on a tie the earlier iterable comes first: a duplicate after its line's findings
    for finding in heapq.merge(*(part.findings for part in parts), duplicates, key=_LINE):
        sink(finding)
    for part in parts:
        sink.hidden(part.errors, part.warnings)
    return len(lines)


def validate_in_processes(
    paths: Iterable[Path],
    docs: dict[str, Document] | None = None,
    labels: LabelSet | None = None,
    *,
    jobs: int,
    kind: str | None = None,
    engine: str = "pydantic",
    max_errors: int = DEFAULT_MAX_ERRORS,
    on_finding: Callable[[Finding], None] | None = None,
) -> Report:
    """:func:`annotator.validate.run.validate_files` of regular files in ``jobs`` processes:
    the same report, and the same findings given to ``on_finding`` in the same order (once
    every process is done). Raises :class:`UnreadableFile` after giving the findings of the
    files before the one that cannot be read, as a single pass does."""
    files: list[tuple[Path, str]] = []
    unreadable: str | None = None
    for path in paths:
        try:
            files.append((path, kind or detect_kind(path)))
        except UnreadableFile as e:  # the files before it are reported first
            unreadable = str(e)
            break
    cuts = chunk_cuts(jobs)
    markers = [line_markers(path, cuts, _usable) for path, _ in files]
    context = process_context(__name__)
    table = context.Array("i", sum(len(m) + 1 for m in markers))
    global _SHARED
    _SHARED = (table, docs, labels)
    try:
        with ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_share, initargs=(table, docs, labels)) as pool:
            futures = [pool.submit(_validate_part, files, markers, engine, max_errors) for _ in range(jobs - 1)]
            results = [_validate_part(files, markers, engine, max_errors)] + [f.result() for f in futures]
    finally:
        _SHARED = None
    read = min(len(parts) - (error is not None) for parts, error in results)  # files every process read to the end
    failed = [error for parts, error in results if error is not None and len(parts) - 1 == read]
    report = Report()
    first_seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    for i, (path, file_kind) in enumerate(files[: read + bool(failed)]):
        name = display_name(path)
        sink = Sink(report, max_errors, on_finding)
        errors_before = report.errors
        records = _merge_file(name, file_kind, [parts[i] for parts, _ in results if len(parts) > i], first_seen, sink)
        if i < read:
            sink.end(name, file_kind, records, errors_before)
    if failed or unreadable:
        raise UnreadableFile(failed[0] if failed else unreadable)
    return report


__all__ = ["validate_in_processes"]
