"""Reading predictions for the documents being annotated.

A prediction file is read by the scorer's own lenient reader (every line validated as
``annotator validate`` / ``annotator score`` do: :func:`annotator.validate.iter_records`
with kind ``prediction``, string-anchored spans allowed). Unlike the scorer, which fails on
the first invalid record, the annotator keeps what it can: a span with a problem (bad
offsets, a text that does not match or does not occur, an unknown label) is left out, a
record with a problem of the whole record (unknown document, another version of the text)
is left out, and each problem is one ``FILE:LINE: message`` line. Only an unreadable file
stops it (:class:`SuggestInputError`, exit 2).

An extractor (``--suggest-with NAME|module:function``) is run on one document at a time,
when the annotator first shows it; its output goes through the same checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.io.corpus import Corpus
from annotator.io.jsonl import dumps_line
from annotator.score.provenance import input_file
from annotator.suggest.suggestion import Suggestion, suggestions_of
from annotator.text.visible import visible
from annotator.validate.lines import RawLine
from annotator.validate.run import Checked, UnreadableFile, check_lines, iter_records

_SPAN_PATH = re.compile(r"^(entities|quotes|claims)\[(\d+)\]")


class SuggestInputError(Exception):
    """The predictions cannot be read at all (one plain line; exit 2)."""


@dataclass
class Predictions:
    """Suggestions by document, where they came from, and what was left out."""

    source: dict[str, Any]
    get: Callable[[str], list[Suggestion]]
    problems: list[str] = field(default_factory=list)


def _keep(checked: Checked, name: str, corpus: Corpus, problems: list[str]) -> tuple[dict[str, Any], dict[str, set[int]]] | None:
    """The record and the positions of its spans with problems, to leave out (None: nothing usable)."""
    rec = checked.record
    errors = [f for f in checked.findings if f.is_error]
    if rec is None:
        problems.extend(f.format() for f in errors[:1])
        return None
    doc_id = rec["doc_id"]
    if doc_id not in corpus.documents:
        problems.append(visible(f"{name}:{checked.lineno}: doc_id: document {doc_id!r} is not in the corpus ({corpus.directory}); its predictions are not shown"))
        return None
    drop: dict[str, set[int]] = {"entities": set(), "quotes": set(), "claims": set()}
    for f in errors:
        m = _SPAN_PATH.match(f.path)
        if m is None:  # a problem of the whole record (another text, duplicate ids ...)
            problems.append(f.format() + "; the predictions of this line are not shown")
            return None
        drop[m.group(1)].add(int(m.group(2)))
        problems.append(f.format() + "; not suggested")
    if drop["entities"]:  # a reference to a left-out entity is no reference
        gone = {e["id"] for i, e in enumerate(rec["entities"]) if i in drop["entities"] and e["id"] is not None}
        for q in rec["quotes"]:
            if isinstance(q["speaker"], str) and q["speaker"] in gone:
                q["speaker"] = None
        for c in rec["claims"]:
            c["place"] = [p for p in c["place"] if not isinstance(p, str) or p not in gone]
            if isinstance(c["source"], str) and c["source"] in gone:
                c["source"] = None
    return rec, drop


def _collect(checks: Iterable[Checked], name: str, corpus: Corpus, problems: list[str], only: str | None = None) -> dict[str, list[Suggestion]]:
    by_doc: dict[str, list[Suggestion]] = {}
    first: dict[str, int] = {}
    for checked in checks:
        kept = _keep(checked, name, corpus, problems)
        if kept is None:
            continue
        rec, drop = kept
        doc_id = rec["doc_id"]
        where = f"{name}:{checked.lineno}"
        if only is not None and doc_id != only:
            problems.append(visible(f"{where}: doc_id: {doc_id!r} was not asked for (the extractor was run on {only!r}); ignored"))
            continue
        if doc_id in first:
            problems.append(visible(f"{where}: doc_id: a second prediction record for {doc_id!r} (first at line {first[doc_id]}); ignored"))
            continue
        first[doc_id] = checked.lineno
        by_doc[doc_id] = suggestions_of(rec, corpus.documents[doc_id].text, where, problems, drop)
    return by_doc


def read_prediction_file(path: Path, corpus: Corpus) -> Predictions:
    """Every document's suggestions from a prediction file. Raises SuggestInputError."""
    problems: list[str] = []
    name = str(path)
    makers: list[str] = []

    def checks() -> Iterable[Checked]:
        for checked in iter_records(path, "prediction", corpus.documents, corpus.labels, warnings=False):
            if checked.record is not None and checked.record.get("annotator") and not makers:
                makers.append(checked.record["annotator"])
            yield checked

    if str(path) == "-":
        raise SuggestInputError("--suggest -: the annotator needs the terminal; standard input cannot hold the predictions (give a file)")
    try:
        if path.is_dir():
            raise SuggestInputError(f"{path}: is a directory, not a prediction file")
        by_doc = _collect(checks(), name, corpus, problems)
        digest = input_file(path)["sha256"]  # the scorer's own file hash (None for a non-file)
    except UnreadableFile as e:
        raise SuggestInputError(str(e)) from None
    except OSError as e:
        raise SuggestInputError(f"{path}: cannot read: {e.strerror or e}") from None
    if not by_doc and not problems:
        problems.append(f"{visible(name)}: no prediction records; nothing to suggest")
    source = {"name": makers[0] if makers else path.stem, "file": name, "sha256": digest}
    return Predictions(source, lambda doc_id: by_doc.get(doc_id, []), problems)


def run_extractor(spec: str, corpus: Corpus) -> Predictions:
    """Suggestions made by running the extractor ``spec`` (a registered name or
    ``module:function``) on each document when it is first asked for. Raises
    SuggestInputError when the extractor cannot be loaded."""
    from annotator.extract.plugins import ExtractorNotFound, load_extractor

    try:
        func = load_extractor(spec)
    except ExtractorNotFound as e:
        raise SuggestInputError(f"--suggest-with: {e}") from None
    problems: list[str] = []
    cache: dict[str, list[Suggestion]] = {}
    name = f"<{spec}>"

    def get(doc_id: str) -> list[Suggestion]:
        if doc_id not in cache:
            cache[doc_id] = []
            try:
                records = list(func([corpus.documents[doc_id]]))
                lines = [RawLine(n, dumps_line(r).encode("utf-8")) for n, r in enumerate(records, 1)]
            except Exception as e:  # third-party code: whatever it raises is one line, never a traceback
                problems.append(visible(f"{name}: failed on document {doc_id!r}: {type(e).__name__}: {e}"))
                return cache[doc_id]
            found = _collect(check_lines(lines, name, "prediction", corpus.documents, corpus.labels, warnings=False), name, corpus, problems, only=doc_id)
            cache[doc_id] = found.get(doc_id, [])
        return cache[doc_id]

    return Predictions({"name": spec, "extractor": spec}, get, problems)
