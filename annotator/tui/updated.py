"""``meta.updated``: when a record last really changed (read by ``annotator status``).

A record is stamped, at the save that writes it, only when it differs from the version last
read from or written to the file in anything but this stamp (and the resume state older
versions kept in ``meta.annotate``): opening, moving around, an edit undone, or a form
accepted unchanged leave the record, and its old stamp, as they were. Textual-free.
"""

from __future__ import annotations

from datetime import datetime, timezone

from annotator.model import Annotation
from annotator.tui.resume import without_legacy_meta

UPDATED_KEY = "updated"


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second: ``2026-11-29T14:52:18Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _without_stamp(rec: Annotation) -> Annotation:
    rec = without_legacy_meta(rec)
    if not rec.meta or UPDATED_KEY not in rec.meta:
        return rec
    meta = {k: v for k, v in rec.meta.items() if k != UPDATED_KEY}
    return rec.model_copy(update={"meta": meta or None})


def stamped(rec: Annotation, base: Annotation | None, when: str) -> Annotation:
    """``rec`` as it is written: ``base`` (the record on disk, minus legacy resume state) when
    nothing but the stamp differs, else ``rec`` with ``meta.updated = when``."""
    if rec is base:  # untouched in this session (the common case: one save per edit, many records)
        return without_legacy_meta(base)
    plain = _without_stamp(rec)
    if base is not None and plain == _without_stamp(base):
        return without_legacy_meta(base)
    return plain.model_copy(update={"meta": {**(plain.meta or {}), UPDATED_KEY: when}})


def stamp_all(records: list[Annotation], base: list[Annotation]) -> list[Annotation]:
    """Every record to write, each stamped against its version in ``base`` (one time for all)."""
    on_disk = {r.doc_id: r for r in base}
    when = now_iso()
    return [stamped(r, on_disk.get(r.doc_id), when) for r in records]


def unchanged(records: list[Annotation], base: list[Annotation]) -> bool:
    """True when writing ``records`` would change nothing but drop legacy resume state."""
    return records == [without_legacy_meta(r) for r in base]
