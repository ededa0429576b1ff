"""A team's progress: per annotator and per document, assigned / draft / done, spans per
label and the time since the last change.

Reads ``assignments.toml`` (when there is one) and every ``annotations/<annotator>.jsonl``
of the corpus; each record is validated exactly as ``annotator validate`` does. The time of
the last change is the later of the record's ``meta.updated`` (an ISO-8601 time) and
``meta.annotate.last_opened`` (written by older versions of the terminal annotator) when
it has either, else the modification time of the annotator's file (the last save
of any of its documents, or the time of a ``git checkout``).
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from annotator.io.corpus import Corpus
from annotator.model.assignments import Assignments
from annotator.team.assignments import ANNOTATIONS, ASSIGNMENTS, line_of, load_assignments
from annotator.validate.run import UnreadableFile, iter_records

NOT_STARTED = "not started"
MAX_ERRORS = 200


@dataclass
class DocStatus:
    annotator: str
    doc_id: str
    assigned: bool
    state: str  # "not started", "draft" or "done"
    entities: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    claims: int = 0
    changed: datetime | None = None
    changed_from: str | None = None  # "meta.updated", "meta.annotate.last_opened" or "file mtime"

    @property
    def spans(self) -> int:
        return sum(self.entities.values()) + self.quotes + self.claims


@dataclass
class Status:
    corpus: Path
    assignments: Path | None
    annotators: list[str]
    labels: list[str]
    documents: list[DocStatus]
    now: datetime
    errors: list[str] = field(default_factory=list)


class StatusInputError(Exception):
    """Input that cannot be read at all (exit 2); ``str()`` is one line."""


def collect_status(corpus_dir: Path, *, now: datetime | None = None) -> Status:
    """The status of the corpus in ``corpus_dir``. Raises StatusInputError, AssignmentsError, CorpusError."""
    from annotator.score.engine import DocLookup

    corpus = Corpus.load(corpus_dir)
    now = now or datetime.now(timezone.utc)
    path = corpus_dir / ASSIGNMENTS
    plan: Assignments | None = load_assignments(path) if path.is_file() else None
    directory = corpus_dir / ANNOTATIONS
    files = {p.stem: p for p in sorted(directory.glob("*.jsonl")) if p.is_file()} if directory.is_dir() else {}
    annotators = list(plan.annotators) if plan else []
    annotators += [name for name in files if name not in annotators]
    labels = list(corpus.labels.names)
    rows: dict[tuple[str, str], DocStatus] = {}
    errors: list[str] = []
    if plan:
        text = path.read_text(encoding="utf-8")
        for i, entry in enumerate(plan.document):
            if entry.doc_id not in corpus.documents:
                errors.append(f"{path}:{line_of(text, ('document', i, 'doc_id'))}: document {entry.doc_id!r} is not in the corpus registry")
            for name in entry.annotators:
                rows[(name, entry.doc_id)] = DocStatus(name, entry.doc_id, True, NOT_STARTED)
    lookup = DocLookup(corpus.documents)
    for name, file in files.items():
        try:
            mtime = datetime.fromtimestamp(file.stat().st_mtime, timezone.utc)
            for checked in iter_records(file, "annotation", lookup, corpus.labels, warnings=False):  # type: ignore[arg-type]
                bad = [f.format() for f in checked.findings if f.is_error]
                errors += bad
                rec = checked.record
                if rec is None or bad:
                    continue
                here = f"{file}:{checked.lineno}"
                if rec["annotator"] != name:
                    errors.append(f"{here}: annotator: {rec['annotator']!r} in the file of {name!r} (each annotator writes only annotations/<name>.jsonl)")
                    continue
                row = rows.get((name, rec["doc_id"]))
                if row is not None and row.state != NOT_STARTED:
                    errors.append(f"{here}: doc_id: a second record of {name!r} for document {rec['doc_id']!r}")
                    continue
                row = row or DocStatus(name, rec["doc_id"], False, NOT_STARTED)
                rows[(name, rec["doc_id"])] = _fill(row, rec, mtime)
                labels += [e["label"] for e in rec["entities"] if e["label"] not in labels]
        except UnreadableFile as e:
            raise StatusInputError(str(e)) from None
        except OSError as e:
            raise StatusInputError(f"{file}: cannot read: {e.strerror or e}") from None
    order = {d: i for i, d in enumerate(corpus.documents)}
    who = {a: i for i, a in enumerate(annotators)}
    documents = sorted(rows.values(), key=lambda r: (who[r.annotator], order.get(r.doc_id, len(order)), r.doc_id))
    return Status(corpus_dir, path if plan else None, annotators, labels, documents, now, errors[:MAX_ERRORS])


def _fill(row: DocStatus, rec: dict[str, Any], mtime: datetime) -> DocStatus:
    row.state = rec["status"]
    for e in rec["entities"]:
        row.entities[e["label"]] = row.entities.get(e["label"], 0) + 1
    row.quotes, row.claims = len(rec["quotes"]), len(rec["claims"])
    meta = rec.get("meta") if isinstance(rec.get("meta"), dict) else {}
    opened = meta.get("annotate")
    stamps = [(when, source) for source, value in (("meta.updated", meta.get("updated")),
                                                   ("meta.annotate.last_opened", opened.get("last_opened") if isinstance(opened, dict) else None))
              if (when := _time(value)) is not None]
    row.changed, row.changed_from = max(stamps) if stamps else (mtime, "file mtime")
    return row


def _time(value: Any) -> datetime | None:
    """An ISO-8601 time as an aware time (a naive one is UTC); None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def summary(status: Status) -> list[dict[str, Any]]:
    """Per annotator: documents assigned, and of them not started, draft and done; records of
    documents not assigned to them; spans and last change over all their records."""
    out = []
    for name in status.annotators:
        mine = [r for r in status.documents if r.annotator == name]
        changed = [r.changed for r in mine if r.changed]
        out.append({
            "annotator": name,
            "assigned": sum(r.assigned for r in mine),
            "not_started": sum(r.state == NOT_STARTED for r in mine),
            "draft": sum(r.assigned and r.state == "draft" for r in mine),
            "done": sum(r.assigned and r.state == "done" for r in mine),
            "unassigned": sum(not r.assigned for r in mine),
            "spans": sum(r.spans for r in mine),
            "last_change": max(changed) if changed else None,
        })
    return out


def overlap(status: Status) -> dict[str, int]:
    """Documents assigned to two annotators, and how many of them both have marked done
    (the ones ``annotator agree`` compares by default)."""
    by_doc: dict[str, list[DocStatus]] = {}
    for r in status.documents:
        if r.assigned:
            by_doc.setdefault(r.doc_id, []).append(r)
    shared = [rows for rows in by_doc.values() if len(rows) >= 2]
    return {"documents": len(shared), "done_by_all": sum(all(r.state == "done" for r in rows) for rows in shared)}


def age(now: datetime, then: datetime | None) -> str:
    """``then`` as a time before ``now``: ``42 s``, ``5 min``, ``3 h``, ``2 d`` (``-`` for none)."""
    if then is None:
        return "-"
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"
