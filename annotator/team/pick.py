"""``annotator annotate --annotator NAME``: which document an annotator of the team opens next,
and the one file they write (``annotations/<NAME>.jsonl``). Core: never imports textual.

The next document is the first of NAME's documents in ``assignments.toml`` (file order) that
their file does not hold as ``done``: a draft is resumed before a new document is started.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.team.assignments import ASSIGNMENTS, annotation_file, load_assignments
from annotator.validate.run import UnreadableFile, iter_records


@dataclass
class Pick:
    """What to open: ``doc_id`` (None: nothing left) in ``out``; ``message`` says why not."""

    doc_id: str | None
    out: Path
    assigned: list[str]
    done: list[str]
    message: str = ""

    @property
    def position(self) -> str:
        """``2/5``: where ``doc_id`` is among the annotator's documents."""
        return f"{self.assigned.index(self.doc_id) + 1}/{len(self.assigned)}" if self.doc_id in self.assigned else ""


class PickError(Exception):
    """No document can be chosen for the annotator (exit 2); ``str()`` is one plain line."""


def done_documents(out: Path) -> list[str]:
    """The documents ``out`` holds as ``done`` (records that do not parse are the session's to report)."""
    if not out.is_file():
        return []
    try:
        return [c.record["doc_id"] for c in iter_records(out, "annotation", warnings=False)
                if c.record is not None and c.record.get("status") == "done"]
    except UnreadableFile as e:
        raise PickError(str(e)) from None


def next_document(corpus_dir: Path, annotator: str) -> Pick:
    """The next assigned document of ``annotator`` in the corpus at ``corpus_dir``.
    Raises PickError (and AssignmentsError) with one line."""
    path = corpus_dir / ASSIGNMENTS
    if not path.is_file():
        raise PickError(f"{path}: no assignments file, so no documents are assigned to {annotator!r} "
                        "(the lead writes it with `annotator assign --annotators a,b,c`; "
                        "to annotate outside a team's plan, give --out FILE)")
    plan = load_assignments(path)
    if annotator not in plan.annotators:
        raise PickError(f"{path}: {annotator!r} is not in the team ({', '.join(plan.annotators)}); "
                        "check the spelling, or ask the lead to add you with `annotator assign --force`")
    out = annotation_file(corpus_dir, annotator)
    assigned = plan.documents_of(annotator)
    done = done_documents(out)
    todo = [d for d in assigned if d not in done]
    if not assigned:
        return Pick(None, out, assigned, done, f"no documents are assigned to {annotator} in {path}; nothing to annotate")
    if not todo:
        return Pick(None, out, assigned, done, f"{annotator}: all {len(assigned)} assigned documents are done in {out} "
                    "(`annotator status` shows the team's progress; --doc ID reopens one)")
    return Pick(todo[0], out, assigned, done)


def open_for(corpus: Path | None, annotator: str, doc: str | None = None, *, stdout: Any = None,
             stderr: Any = None) -> tuple[int | None, str | None, Path | None, list[str]]:
    """``annotate --annotator NAME`` without ``--out``: ``(None, doc_id, out, documents)`` to open
    (``doc`` when given, else NAME's next document, in NAME's own file; ``documents``: the ones
    the session steps through, NAME's assigned ones and ``doc``), or ``(exit code, None, None,
    [])`` after one line: 2 when there is no plan or NAME is not in it (1 when the plan is
    invalid), 0 when nothing is left."""
    from annotator.io.corpus import find_corpus_dir
    from annotator.team.assignments import AssignmentsError
    from annotator.text.visible import visible

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        pick = next_document(corpus or find_corpus_dir(), annotator)
    except (PickError, AssignmentsError) as e:
        stderr.write(visible(e) + "\n")
        return (e.exit_code if isinstance(e, AssignmentsError) else 2), None, None, []
    if doc is not None:
        return None, doc, pick.out, pick.assigned + ([doc] if doc not in pick.assigned else [])
    if pick.doc_id is None:
        stdout.write(visible(pick.message) + "\n")
        return 0, None, None, []
    return None, pick.doc_id, pick.out, pick.assigned
