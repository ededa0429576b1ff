"""Reading several annotators' files and grouping their records by (doc_id, annotator).

Every line is validated exactly as ``annotator validate`` does (the registry's text, or
the text embedded in a record); any error fails the run with every error listed, as one
``FILE:LINE: message`` line each.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.io.corpus import DocText
from annotator.score.engine import DocLookup, ScoreInputError, UnreadableInput, expand_paths, load_registry
from annotator.validate import iter_records
from annotator.validate.run import UnreadableFile

MAX_ERRORS = 200


@dataclass
class Annotations:
    """Records by document and annotator, the document texts, and what was left out."""

    files: list[Path] = field(default_factory=list)
    by_doc: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # doc -> annotator -> record
    texts: dict[str, str] = field(default_factory=dict)
    where: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc, annotator) -> FILE:LINE
    drafts: list[tuple[str, str]] = field(default_factory=list)  # (doc, annotator) left out as drafts

    @property
    def annotators(self) -> list[str]:
        return sorted({name for recs in self.by_doc.values() for name in recs})

    @property
    def shared(self) -> list[str]:
        """Documents with at least two annotators (the ones agreement is measured on), sorted."""
        return sorted(d for d, recs in self.by_doc.items() if len(recs) >= 2)

    @property
    def single(self) -> dict[str, str]:
        """Documents annotated by one annotator only: doc -> that annotator."""
        return {d: next(iter(recs)) for d, recs in sorted(self.by_doc.items()) if len(recs) == 1}


def load_annotations(paths: list[Path], *, docs: Path | None = None, include_drafts: bool = False) -> Annotations:
    """Read every file (a directory stands for its ``*.jsonl``). Raises ScoreInputError
    (invalid records, none at all) or UnreadableInput (a file that cannot be read)."""
    files = expand_paths(paths)
    registry, labels = load_registry(docs)
    lookup = DocLookup(registry)
    out = Annotations(files=files)
    errors: list[str] = []
    for path in files:
        try:
            for checked in iter_records(path, "annotation", lookup, labels, warnings=False):  # type: ignore[arg-type]
                bad = [f for f in checked.findings if f.is_error]
                errors.extend(f.format() for f in bad)
                rec = checked.record
                if rec is None or bad:
                    continue
                doc_id, name = rec["doc_id"], rec["annotator"]
                here = f"{path}:{checked.lineno}"
                if "\x1f" in name:  # the separator of the report's internal keys
                    errors.append(f"{here}: annotator: contains the control character U+001F")
                    continue
                if (doc_id, name) in out.where:
                    errors.append(f"{here}: doc_id: a second record of {name!r} for document {doc_id!r} (first at {out.where[(doc_id, name)]})")
                    continue
                out.where[(doc_id, name)] = here
                text = rec["text"] if rec["text"] is not None else registry[doc_id].text
                if rec["text"] is not None and doc_id not in registry:
                    lookup.embedded[doc_id] = DocText(doc_id, text, rec["text_sha256"])
                known = out.texts.get(doc_id)
                if known is not None and known != text:
                    errors.append(f"{here}: text_sha256: annotates another text of {doc_id!r} than the record at {_first(out, doc_id)}")
                    continue
                out.texts[doc_id] = text
                if rec["status"] == "draft" and not include_drafts:
                    out.drafts.append((doc_id, name))
                    continue
                out.by_doc.setdefault(doc_id, {})[name] = rec
        except UnreadableFile as e:
            raise UnreadableInput([str(e)]) from None
        if len(errors) > MAX_ERRORS:
            break
    if errors:
        raise ScoreInputError(errors[:MAX_ERRORS] + (["... (further errors not shown)"] if len(errors) > MAX_ERRORS else []))
    if not out.by_doc and not out.drafts:
        raise ScoreInputError([f"{', '.join(map(str, paths))}: no annotation records"])
    return out


def _first(out: Annotations, doc_id: str) -> str:
    return next(w for (d, _), w in out.where.items() if d == doc_id)
