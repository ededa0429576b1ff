"""The adjudication mode's state: plain and textual-free, on top of the annotation Session.

The result is the Session's output file, a normal annotation file: accepting a candidate
adds its span through the Session's own edits (so undo, redo, the atomic writer, the lock
and the conflict check are the annotator's), rejecting one records its key in
``meta["adjudicate"]["rejected"]`` as an undoable edit. A candidate is *accepted* when the
result holds the same span (same boundaries, and label for entities), *rejected* when its
key is recorded, *open* otherwise; so a re-run resumes from the file alone, and ordinary
edits of the result (relabel, delete, a new span) are taken into account at once.

Saved with every record (``meta["adjudicate"]``): the source files with their sha256 and
annotators, the rejected keys, and for each span of the result which annotators had it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.adjudicate.candidates import Candidate, candidates
from annotator.model import Annotation
from annotator.model.document import text_sha256
from annotator.score.provenance import input_file
from annotator.tui.session import Session
from annotator.tui.sessionfile import EditError

META = "adjudicate"


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    annotators: tuple[str, ...]


def file_sha256(path: Path) -> str | None:
    return input_file(path)["sha256"]  # the scorer's own file hash, read in blocks


class Adjudication:
    """Candidates of every document, their resolution, and the edits that resolve them."""

    def __init__(self, session: Session, by_doc: dict[str, dict[str, dict[str, Any]]], sources: list[Source], embed: set[str] | None = None) -> None:
        self.session = session
        self.by_doc = by_doc
        self.sources = sources
        self.embed = embed or set()  # documents known only from texts embedded in the sources
        self.annotators = sorted({n for recs in by_doc.values() for n in recs})
        self._candidates: dict[str, list[Candidate]] = {}
        session.finish = self.finish
        session.store_visited = True  # the adjudicated file has a record of every document passed through

    # -- queries -----------------------------------------------------------------------

    def candidates(self, doc_id: str | None = None) -> list[Candidate]:
        doc_id = doc_id or self.session.doc_id
        if doc_id not in self._candidates:
            recs = self.by_doc.get(doc_id, {})
            self._candidates[doc_id] = candidates(recs, self.session.corpus.documents[doc_id].text) if recs else []
        return self._candidates[doc_id]

    def _rejected(self, rec: Annotation | None = None) -> list[str]:
        rec = rec or self.session.record
        return list(((rec.meta or {}).get(META) or {}).get("rejected") or [])

    def _present(self, cand: Candidate, rec: Annotation) -> bool:
        if cand.layer == "entity":
            return any((e.start, e.end, e.label) == (cand.start, cand.end, cand.label) for e in rec.entities)
        spans = rec.quotes if cand.layer == "quote" else rec.claims
        return any((s.start, s.end) == (cand.start, cand.end) for s in spans)

    def state(self, cand: Candidate) -> str:
        """accepted | rejected | open. A candidate whose span the result holds with another
        label (the adjudicator relabelled it) counts as accepted: it was decided."""
        rec = self.session.record
        if self._present(cand, rec):
            return "accepted"
        if cand.key in self._rejected(rec):
            return "rejected"
        if cand.layer == "entity" and any((e.start, e.end) == (cand.start, cand.end) for e in rec.entities):
            return "accepted"
        return "open"

    def counts(self) -> dict[str, int]:
        """open agreed / open disagreements / accepted / rejected in the current document."""
        out = {"agreed": 0, "disagreements": 0, "accepted": 0, "rejected": 0}
        for cand in self.candidates():
            st = self.state(cand)
            if st == "open":
                out["agreed" if cand.agreed else "disagreements"] += 1
            else:
                out[st] += 1
        return out

    def unresolved(self) -> int:
        c = self.counts()
        return c["agreed"] + c["disagreements"]

    def at(self, offset: int) -> list[Candidate]:
        """Candidates covering ``offset``, open ones and the shortest first."""
        hits = [c for c in self.candidates() if c.start <= offset < c.end] or [c for c in self.candidates() if c.end == offset]
        return sorted(hits, key=lambda c: (self.state(c) != "open", c.end - c.start, c.key))

    def next_open(self, offset: int, step: int = 1) -> Candidate | None:
        """The next (step 1) or previous (-1) open disagreement from ``offset``, wrapping around."""
        open_ = [c for c in self.candidates() if not c.agreed and self.state(c) == "open"]
        if not open_:
            return None
        if step > 0:
            after = [c for c in open_ if c.start > offset]
            return after[0] if after else open_[0]
        before = [c for c in open_ if c.start < offset]
        return before[-1] if before else open_[-1]

    def siblings(self, cand: Candidate) -> list[Candidate]:
        return [c for c in self.candidates() if c.group == cand.group and c.key != cand.key]

    def changed_sources(self) -> list[str]:
        """Source files whose sha256 differs from the one a saved record of the result names
        (the annotators changed them since: the candidates come from their current content)."""
        now = {src.path: src.sha256 for src in self.sources}
        changed = set()
        for rec in self.session.records.values():
            for src in ((rec.meta or {}).get(META) or {}).get("sources") or []:
                if isinstance(src, dict) and src.get("file") in now and src.get("sha256") != now[src["file"]]:
                    changed.add(src["file"])
        return sorted(changed)

    # -- edits -------------------------------------------------------------------------

    def accept(self, cand: Candidate, owner: str | None = None, choices: dict[str, Any] | None = None) -> str:
        """Add ``cand`` to the result with ``owner``'s attributes (default: its first owner),
        ``choices`` overriding single attributes; reject the other versions of its group.
        One undo step. Returns a message."""
        s = self.session
        before = len(s.undo_stack.get(s.doc_id) or [])
        version = dict(cand.versions.get(owner or cand.owners[0]) or {})
        version.update(choices or {})
        rejected = [c for c in self.siblings(cand) if self.state(c) == "open"]
        if not self._present(cand, s.record):
            self._add(cand, version)
        if rejected:
            keys = self._rejected() + [c.key for c in rejected]
            s.set_meta(META, {**((s.record.meta or {}).get(META) or {}), "rejected": sorted(set(keys))}, "reject alternatives")
        s.squash(len(s.undo_stack.get(s.doc_id) or []) - before, f"accept {cand.key}")
        more = f"; rejected {len(rejected)} other version(s)" if rejected else ""
        return f"accepted {cand.layer} {cand.label} ({', '.join(cand.owners)}){more}"

    def reject(self, cand: Candidate) -> str:
        s = self.session
        if self.state(cand) == "accepted":
            raise EditError("already in the result: delete it there (delete key) to take it back")
        keys = sorted(set(self._rejected()) | {cand.key})
        s.set_meta(META, {**((s.record.meta or {}).get(META) or {}), "rejected": keys}, f"reject {cand.key}")
        return f"rejected {cand.layer} {cand.label} ({', '.join(cand.owners)})"

    def accept_agreed(self) -> int:
        """Accept every open agreed candidate of the document, as one undo step."""
        s = self.session
        todo = [c for c in self.candidates() if c.agreed and self.state(c) == "open"]
        todo.sort(key=lambda c: c.layer != "entity")  # entities first: quotes and claims refer to them
        before = len(s.undo_stack.get(s.doc_id) or [])
        for cand in todo:
            self._add(cand, dict(cand.versions.get(cand.owners[0]) or {}))
        s.squash(len(s.undo_stack.get(s.doc_id) or []) - before, f"accept {len(todo)} agreed spans")
        return len(todo)

    def _entity_id(self, mention: tuple[int, int, str, str] | None) -> str | None:
        """The result's entity for a mention (start, end, text, label), added when missing."""
        if mention is None:
            return None
        start, end, _, label = mention
        for e in self.session.record.entities:
            if (e.start, e.end) == (start, end):
                return e.id
        return self.session.add_entity(start, end, label).id

    def _add(self, cand: Candidate, v: dict[str, Any]) -> None:
        s = self.session
        if cand.layer == "entity":
            s.add_entity(cand.start, cand.end, cand.label)
        elif cand.layer == "quote":
            cue = v.get("cue")
            s.add_quote(cand.start, cand.end, kind=v.get("kind") or "indirect", speaker=self._entity_id(v.get("speaker")),
                        cue=(cue[0], cue[1]) if cue else None)
        else:
            fields = {k: v[k] for k in ("kind", "value", "unit", "approx", "time") if k in v}
            fields["place"] = [self._entity_id(m) for m in v.get("place") or ()]
            fields["source"] = self._entity_id(v.get("source"))
            s.add_claim(cand.start, cand.end, **fields)

    # -- provenance, saved with the record ------------------------------------------------

    def finish(self, rec: Annotation) -> Annotation:
        """A result record as written: its provenance in ``meta``, and the document text
        embedded when the sources had it only embedded (so the result stands on its own)."""
        update: dict[str, Any] = {"meta": {**(rec.meta or {}), **self.meta_of(rec)}}
        if rec.doc_id in self.embed:
            update["text"] = self.session.corpus.documents[rec.doc_id].text
        return rec.model_copy(update=update)

    def meta_of(self, rec: Annotation) -> dict[str, Any]:
        """``meta["adjudicate"]`` of a result record: sources, rejected keys, and for each span
        of the result the annotators who had the same span."""
        recs = self.by_doc.get(rec.doc_id, {})
        spans: dict[str, list[str]] = {}
        for e in rec.entities:
            spans[e.id] = sorted(n for n, r in recs.items() if any((x["start"], x["end"], x["label"]) == (e.start, e.end, e.label) for x in r["entities"]))
        for layer, items in (("quotes", rec.quotes), ("claims", rec.claims)):
            for sp in items:
                spans[sp.id] = sorted(n for n, r in recs.items() if any((x["start"], x["end"]) == (sp.start, sp.end) for x in r[layer]))
        old = (rec.meta or {}).get(META) or {}
        return {META: {
            **old,
            "sources": [{"file": src.path, "sha256": src.sha256, "annotators": list(src.annotators)} for src in self.sources],
            "annotators": sorted(recs),
            "rejected": sorted(old.get("rejected") or []),
            "spans": spans,
        }}


def open_adjudication(paths: list[Path], out: Path, *, corpus: Path | None = None, annotator: str | None = None, lock: bool = True) -> Adjudication:
    """Read the annotators' files and open (or resume) the result ``out``. Raises SessionError."""
    from annotator.agree.inputs import load_annotations
    from annotator.io.corpus import DOCUMENTS, Corpus, CorpusError, find_corpus_dir, load_documents, load_labels
    from annotator.model import Document
    from annotator.score.engine import ScoreInputError, expand_paths
    from annotator.tui.session import SessionError

    directory = corpus or find_corpus_dir()
    registry = directory / DOCUMENTS
    try:
        files = expand_paths(paths)
        if out.resolve() in {f.resolve() for f in files}:
            raise SessionError(f"{out}: the result cannot be one of the annotators' files")
        loaded = load_annotations(files, docs=registry if registry.is_file() else None, include_drafts=True)
        labels = load_labels(directory if (directory / "labels.toml").is_file() else None)
    except ScoreInputError as e:
        raise SessionError(e.lines[0] + (f" (and {len(e.lines) - 1} more errors)" if len(e.lines) > 1 else ""), e.exit_code) from None
    except CorpusError as e:
        raise SessionError(str(e), e.exit_code) from None
    if not loaded.by_doc:
        raise SessionError(f"{', '.join(map(str, paths))}: no annotation records", 1)
    if len(loaded.annotators) < 2:
        raise SessionError(f"{', '.join(map(str, paths))}: records of one annotator only ({loaded.annotators[0]}); adjudication needs two or more")
    documents = {}
    for doc_id in sorted(loaded.by_doc):
        text = loaded.texts[doc_id]
        documents[doc_id] = Document(doc_id=doc_id, text=text, text_sha256=text_sha256(text), lang="ar", source=loaded.where[(doc_id, next(iter(loaded.by_doc[doc_id])))])
    sources = []
    for f in loaded.files:
        who = sorted({name for (d, name), where in loaded.where.items() if where.rsplit(":", 1)[0] == str(f)})
        sources.append(Source(str(f), file_sha256(f), tuple(who)))
    session = Session.open(Corpus(directory, documents, labels), out, annotator=annotator, lock=lock)
    registered = load_documents(registry) if registry.is_file() else {}
    return Adjudication(session, loaded.by_doc, sources, {d for d in documents if d not in registered})
