"""The annotation session: plain, textual-free state of ``annotator annotate``.

One output file holds one :class:`~annotator.model.Annotation` record per document of
the corpus. The session loads it, edits the record of the current document (entities,
quotes and their cues, claims, status), keeps an undo/redo history per document that
survives saves, writes every save through the one atomic writer, holds a lock file
naming its holder, refuses to overwrite a file changed on disk since it was read, and
opens a record whose ``text_sha256`` does not match the document read-only. The file
below it (errors, lock, reading the records) is ``annotator.tui.sessionfile``; the
edits themselves are ``annotator.tui.spanedits``.

Resume state (the document opened last, the cursor in each document) is kept out of the
records, in a per-user state file (``annotator.tui.resume``): opening a file and quitting
without an edit leaves it byte for byte as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.io.atomic import write_jsonl_atomic, write_text_atomic
from annotator.io.corpus import Corpus
from annotator.model import Annotation, Claim, Document, Entity, Quote
from annotator.tui import resume, updated
from annotator.tui.sessionfile import (
    ConflictError,
    FileLock,
    ReadOnlyError,
    SessionError,
    _digest,
    default_annotator,
    read_records,
)
from annotator.tui.spanedits import SpanEdits

META_KEY = resume.LEGACY_META_KEY
LAYERS = ("entity", "quote", "claim")


@dataclass
class Change:
    """One undoable edit: the record before and after (``None``: no record yet)."""

    description: str
    before: Annotation | None
    after: Annotation | None


@dataclass
class SpanRef:
    """A span of the current record, as the UI lists it."""

    layer: str  # "entity" | "quote" | "cue" | "claim"
    id: str  # the span's id (the quote's id for a cue)
    start: int
    end: int
    text: str
    label: str  # entity label, quote kind, claim kind, "cue"

    @property
    def key(self) -> tuple[str, str]:
        return (self.layer, self.id)


@dataclass
class Session(SpanEdits):
    """The state of one ``annotator annotate`` run."""

    corpus: Corpus
    out: Path
    annotator: str
    records: dict[str, Annotation] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # doc ids in file order
    doc_id: str = ""
    cursor: int = 0
    undo_stack: dict[str, list[Change]] = field(default_factory=dict)
    redo_stack: dict[str, list[Change]] = field(default_factory=dict)
    dirty: bool = False
    saves: int = 0
    lock: FileLock | None = None
    _disk_digest: str | None = None
    _cursors: dict[str, int] = field(default_factory=dict)
    _base: list[Annotation] = field(default_factory=list)  # the records as last read from / written to ``out``
    #: a mode's last word on a record before it is written (adjudication: provenance in ``meta``)
    finish: Any = None
    #: adjudication keeps a (draft) record of every document it passed through; annotate does
    #: not: opening a file to look at it must not change it
    store_visited: bool = False

    # -- opening / closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        corpus: Corpus,
        out: Path,
        *,
        doc_id: str | None = None,
        annotator: str | None = None,
        lock: bool = True,
    ) -> Session:
        if not corpus.documents:
            raise SessionError(f"{corpus.directory}: the corpus has no documents")
        if doc_id is not None and doc_id not in corpus.documents:
            known = ", ".join(list(corpus.documents)[:5])
            raise SessionError(f"{corpus.directory}: no document {doc_id!r} in the corpus (known: {known})")
        out = Path(out)
        if out.exists() and not out.is_file():
            raise SessionError(f"{out}: not a file")
        session = cls(corpus=corpus, out=out, annotator=annotator or default_annotator())
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise SessionError(f"{out.parent}: cannot create the directory: {e.strerror or e}") from None
        if lock:
            session.lock = FileLock(out)
            session.lock.acquire()
        try:
            session._disk_digest = _digest(out)
            for rec in read_records(out):
                session.records[rec.doc_id] = rec
                session.order.append(rec.doc_id)
            session._base = list(session.records.values())
        except BaseException:
            session.close()
            raise
        state = resume.load(out) or resume.from_legacy_meta(session.records.values())
        session._cursors = {k: v for k, v in state.cursors.items() if k in corpus.documents}
        last = state.doc_id if state.doc_id in corpus.documents else None
        session.doc_id = doc_id or last or next(iter(corpus.documents))
        session.cursor = session._cursor_for(session.doc_id)
        return session

    def _cursor_for(self, doc_id: str) -> int:
        cursor = self._cursors.get(doc_id, 0)
        return max(0, min(cursor, len(self.corpus.documents[doc_id].text)))

    def close(self) -> str | None:
        """Release the lock; returns a plain message when that failed (see FileLock.release)."""
        return self.lock.release() if self.lock is not None else None

    # -- the current document ----------------------------------------------------------

    @property
    def doc(self) -> Document:
        return self.corpus.documents[self.doc_id]

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def doc_index(self) -> int:
        return list(self.corpus.documents).index(self.doc_id)

    @property
    def record(self) -> Annotation:
        """The current document's record (a fresh draft when there is none yet)."""
        rec = self.records.get(self.doc_id)
        if rec is None:
            rec = Annotation(
                schema_version="1",
                doc_id=self.doc_id,
                text_sha256=self.doc.text_sha256,
                annotator=self.annotator,
                status="draft",
            )
        return rec

    @property
    def read_only(self) -> str | None:
        """Why the current document cannot be edited, or None."""
        rec = self.records.get(self.doc_id)
        if rec is None or rec.text_sha256 == self.doc.text_sha256:
            return None
        return (
            f"read-only: {self.out.name} was made for another version of {self.doc_id} "
            f"(text_sha256 {rec.text_sha256[:12]}, corpus text {self.doc.text_sha256[:12]}); "
            "its offsets would point at the wrong words. Restore that text or annotate in a new file (--out)."
        )

    def switch(self, step: int) -> bool:
        """Move to the previous (-1) or next (+1) document of the corpus."""
        ids = list(self.corpus.documents)
        index = ids.index(self.doc_id) + step
        if not 0 <= index < len(ids):
            return False
        self.go_to(ids[index])
        return True

    def go_to(self, doc_id: str) -> None:
        if doc_id not in self.corpus.documents:
            raise SessionError(f"no document {doc_id!r} in the corpus")
        self._cursors[self.doc_id] = self.cursor
        self.doc_id = doc_id
        self.cursor = self._cursor_for(doc_id)

    # -- queries -----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        rec = self.record
        return {"entity": len(rec.entities), "quote": len(rec.quotes), "claim": len(rec.claims)}

    def spans(self) -> list[SpanRef]:
        """Every span of the current record in reading order (outer before inner)."""
        rec = self.record
        out: list[SpanRef] = [SpanRef("entity", e.id, e.start, e.end, e.text, e.label) for e in rec.entities]
        for q in rec.quotes:
            out.append(SpanRef("quote", q.id, q.start, q.end, q.text, q.kind))
            if q.cue is not None:
                out.append(SpanRef("cue", q.id, q.cue.start, q.cue.end, q.cue.text, "cue"))
        out.extend(SpanRef("claim", c.id, c.start, c.end, c.text, c.kind) for c in rec.claims)
        rank = {"quote": 0, "claim": 1, "entity": 2, "cue": 3}
        out.sort(key=lambda s: (s.start, -s.end, rank[s.layer], s.id))
        return out

    def spans_at(self, offset: int) -> list[SpanRef]:
        """Spans covering ``offset`` (or ending right at it), innermost first."""
        rec = self.records.get(self.doc_id)
        if rec is None:
            return []
        near: list[SpanRef] = [SpanRef("entity", e.id, e.start, e.end, e.text, e.label) for e in rec.entities if e.start <= offset <= e.end]
        for q in rec.quotes:
            if q.start <= offset <= q.end:
                near.append(SpanRef("quote", q.id, q.start, q.end, q.text, q.kind))
            if q.cue is not None and q.cue.start <= offset <= q.cue.end:
                near.append(SpanRef("cue", q.id, q.cue.start, q.cue.end, q.cue.text, "cue"))
        near.extend(SpanRef("claim", c.id, c.start, c.end, c.text, c.kind) for c in rec.claims if c.start <= offset <= c.end)
        hits = [s for s in near if s.start <= offset < s.end]
        if not hits:
            hits = [s for s in near if s.end == offset]
        hits.sort(key=lambda s: (s.end - s.start, s.layer))
        return hits

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.record.entities if e.id == entity_id), None)

    def quote(self, quote_id: str) -> Quote | None:
        return next((q for q in self.record.quotes if q.id == quote_id), None)

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.record.claims if c.id == claim_id), None)

    def quote_at(self, offset: int) -> Quote | None:
        """The innermost quote containing ``offset``."""
        hits = [q for q in self.record.quotes if q.start <= offset < q.end]
        return min(hits, key=lambda q: q.end - q.start) if hits else None

    # -- edits -------------------------------------------------------------------------

    def _commit(self, description: str, after: Annotation) -> None:
        if self.read_only:
            raise ReadOnlyError(self.read_only)
        after = Annotation.model_validate(after.model_dump())  # re-validate the whole record
        before = self.records.get(self.doc_id)
        if before is not None and after == before:
            return  # a form accepted unchanged changes nothing (and leaves no undo step)
        self._store(after)
        self.undo_stack.setdefault(self.doc_id, []).append(Change(description, before, after))
        self.redo_stack[self.doc_id] = []
        self.dirty = True

    def _store(self, rec: Annotation | None) -> None:
        if rec is None:
            self.records.pop(self.doc_id, None)
            if self.doc_id in self.order:
                self.order.remove(self.doc_id)
            return
        self.records[self.doc_id] = rec
        if self.doc_id not in self.order:
            self.order.append(self.doc_id)

    def squash(self, n: int, description: str) -> None:
        """Make the last ``n`` edits of the current document one undo step."""
        stack = self.undo_stack.get(self.doc_id) or []
        if n > 1 and len(stack) >= n:
            steps = stack[-n:]
            del stack[-n:]
            stack.append(Change(description, steps[0].before, steps[-1].after))

    # -- undo / redo -------------------------------------------------------------------

    def undo(self) -> str | None:
        stack = self.undo_stack.get(self.doc_id) or []
        if not stack or self.read_only:
            return None
        change = stack.pop()
        self._store(change.before)
        self.redo_stack.setdefault(self.doc_id, []).append(change)
        self.dirty = True
        return change.description

    def redo(self) -> str | None:
        stack = self.redo_stack.get(self.doc_id) or []
        if not stack or self.read_only:
            return None
        change = stack.pop()
        self._store(change.after)
        self.undo_stack.setdefault(self.doc_id, []).append(change)
        self.dirty = True
        return change.description

    # -- saving ------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        return _digest(self.out) != self._disk_digest

    def _records_to_write(self) -> list[Annotation]:
        """The records in file order (a mode's ``finish`` applied), without the resume state
        older versions kept in them."""
        out = []
        for doc_id in self.order:
            rec = self.records[doc_id]
            doc = self.corpus.documents.get(doc_id)
            if self.finish is not None and doc is not None and rec.text_sha256 == doc.text_sha256:
                rec = self.records[doc_id] = self.finish(rec)
            out.append(rec)
        return updated.stamp_all(out, self._base)  # meta.updated on the records really changed

    def save_resume(self) -> bool:
        """Remember where this session is (document, cursors) in the per-user state file."""
        cursors = {**self._cursors, self.doc_id: self.cursor}
        return resume.save(self.out, resume.Resume(self.doc_id, cursors))

    def save(self, *, force: bool = False) -> Path:
        """Write every record atomically when there is a real edit to save (``force``: even
        without one), and the resume state always. Raises ConflictError (and writes nothing
        to ``out``) when the file changed on disk since it was read or last written."""
        if self.store_visited and self.doc_id not in self.records and not self.read_only:
            self._store(self.record)  # a mode that keeps a record of every document passed through
            self.dirty = True
        self.save_resume()
        if not self.dirty and not force:
            return self.out
        records = self._records_to_write()
        if not force and updated.unchanged(records, self._base):  # edits undone: nothing to write
            self.dirty = False
            return self.out
        if self.changed_on_disk():
            self.save_conflict_copy()
            raise ConflictError(
                f"{self.out}: changed on disk by someone else since it was opened; not overwritten. "
                f"Your version is in {self.conflict_path()}"
            )
        write_jsonl_atomic(self.out, records)
        self._disk_digest = _digest(self.out)
        self._base = records
        self.dirty = False
        self.saves += 1
        return self.out

    def conflict_path(self) -> Path:
        return self.out.with_name(f"{self.out.name}.mine-{os.getpid()}")

    def save_conflict_copy(self) -> Path:
        """Keep this session's records next to a file someone else changed."""
        return self.write_copy(self.conflict_path())

    def write_copy(self, path: Path) -> Path:
        """Write this session's records to ``path`` (a complete annotation file), and next to it
        ``path.base``: ``out`` as this session last read or wrote it, the common ancestor that
        ``annotator merge-mine`` needs to merge the copy back into ``out``."""
        from annotator.io.jsonl import dumps_line

        path = Path(path)
        write_text_atomic(base_path(path), "".join(dumps_line(r) + "\n" for r in self._base), backup=False)
        text = "".join(dumps_line(r) + "\n" for r in self._records_to_write())
        return write_text_atomic(path, text, backup=False)


def base_path(copy: Path) -> Path:
    """The common ancestor written next to a copy of a session's work."""
    return copy.with_name(copy.name + ".base")
