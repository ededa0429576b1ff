"""``annotator merge-mine FILE.mine-PID``: merge a copy of a session's work back into the file.

When ``annotator annotate`` could not save to its file (someone else changed it on disk, or
the save failed and the work was saved elsewhere), the work is in a copy: a complete
annotation file, with ``COPY.base`` next to it holding the file as that session last read or
wrote it (the common ancestor). The merge is per document (per record), three-way:

- changed only in the copy ("yours")        -> yours
- changed only in the file ("theirs")       -> theirs
- changed the same way on both sides        -> that record
- changed differently on both sides         -> a conflict: nothing is written unless
  ``--prefer mine`` or ``--prefer theirs`` says which side wins for those documents.

Without ``COPY.base`` (a copy made by hand) every document that differs is a conflict.
The file is written through the atomic writer (its previous version stays as ``FILE.bak``)
while holding its lock, so it is never merged under a running annotator. The copy and its
base are left in place; delete them when you are happy with the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

_MINE = re.compile(r"^(?P<name>.+)\.mine-[0-9]+$")


class MergeError(Exception):
    """Unusable input; ``str()`` is one plain line. ``exit_code``: 2 (usage, unreadable),
    1 when a file holds invalid records."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


@dataclass
class MergeResult:
    out: Path
    decisions: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, "mine" | "theirs" | "same" | "conflict")
    written: bool = False

    @property
    def conflicts(self) -> list[str]:
        return [doc for doc, how in self.decisions if how == "conflict"]


def target_of(copy: Path) -> Path | None:
    """``gold.jsonl`` for ``gold.jsonl.mine-1234``."""
    m = _MINE.match(copy.name)
    return copy.with_name(m.group("name")) if m else None


def _key(rec) -> str:  # type: ignore[no-untyped-def]
    from annotator.io.jsonl import dumps_line
    from annotator.tui.resume import without_legacy_meta

    return dumps_line(without_legacy_meta(rec))


def _records(path: Path) -> dict:  # type: ignore[type-arg]
    from annotator.tui.sessionfile import SessionError, read_records

    try:
        return {rec.doc_id: rec for rec in read_records(path)}
    except SessionError as e:
        raise MergeError(str(e), e.exit_code) from None


def merge_mine(copy: Path, into: Path | None = None, *, prefer: str | None = None, dry_run: bool = False) -> MergeResult:
    """Merge ``copy`` into ``into`` (default: the file the copy's name points at)."""
    from annotator.io.atomic import write_jsonl_atomic
    from annotator.tui.resume import without_legacy_meta
    from annotator.tui.session import SessionError, base_path
    from annotator.tui.sessionfile import FileLock, _digest

    copy = Path(copy)
    out = Path(into) if into is not None else target_of(copy)
    if out is None:
        raise MergeError(f"{copy}: not named FILE.mine-PID: say which file to merge it into with --into FILE")
    if not copy.is_file():
        raise MergeError(f"{copy}: no such file")
    if out.resolve() == copy.resolve():
        raise MergeError(f"{copy}: cannot merge a file into itself")
    mine = _records(copy)
    base = _records(base_path(copy)) if base_path(copy).is_file() else None
    lock = FileLock(out)
    try:
        lock.acquire()
    except SessionError as e:
        raise MergeError(str(e)) from None
    try:
        digest = _digest(out)
        theirs = _records(out)
        result = MergeResult(out)
        merged = []
        for doc_id in [*theirs, *(d for d in mine if d not in theirs)]:
            t, m = theirs.get(doc_id), mine.get(doc_id)
            b = base.get(doc_id) if base is not None else None
            tk, mk = (_key(t) if t else None), (_key(m) if m else None)
            bk = _key(b) if b else None
            if tk == mk:
                how, rec = "same", t or m
            elif base is not None and mk == bk:
                how, rec = "theirs", t
            elif base is not None and tk == bk:
                how, rec = "mine", m
            else:
                how = "conflict"
                rec = m if prefer == "mine" else t if prefer == "theirs" else None
            result.decisions.append((doc_id, how))
            if rec is not None:
                merged.append(without_legacy_meta(rec))
        if result.conflicts and prefer is None or dry_run:
            return result
        if _digest(out) != digest:
            raise MergeError(f"{out}: changed on disk during the merge; run it again")
        write_jsonl_atomic(out, merged)
        result.written = True
        return result
    finally:
        lock.release()


def merge_mine_command(
    copy: Annotated[Path, typer.Argument(help="The copy of your work: FILE.mine-PID (printed when annotate could not save).")],
    into: Annotated[Path | None, typer.Option("--into", help="The annotation file to merge into (default: FILE, from the copy's name).")] = None,
    prefer: Annotated[str | None, typer.Option("--prefer", help="For documents changed on both sides: 'mine' or 'theirs' (default: stop and list them).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be taken from where; write nothing.")] = False,
) -> None:
    """Merge FILE.mine-PID (your work that could not be saved) back into FILE."""
    from annotator.text.visible import visible

    if prefer not in (None, "mine", "theirs"):
        typer.echo(f"--prefer: 'mine' or 'theirs', not {visible(prefer)!r}", err=True)
        raise typer.Exit(2)
    try:
        result = merge_mine(copy, into, prefer=prefer, dry_run=dry_run)
    except MergeError as e:
        typer.echo(visible(e), err=True)
        raise typer.Exit(e.exit_code) from None
    said = {"mine": "yours (changed only in the copy)", "theirs": "theirs (changed only in the file)", "same": "unchanged or the same on both sides"}
    for doc_id, how in result.decisions:
        if how == "conflict":
            taken = f": took {prefer}" if prefer else ": use --prefer mine or --prefer theirs"
            typer.echo(f"{visible(doc_id)}: CONFLICT, changed on both sides{taken}")
        elif how != "same":
            typer.echo(f"{visible(doc_id)}: {said[how]}")
    out = visible(result.out)
    if result.written:
        typer.echo(f"merged {visible(copy)} into {out} (its previous version is {out}.bak); you can delete {visible(copy)} and {visible(copy)}.base")
    elif dry_run:
        typer.echo(f"dry run: {out} not written")
    else:
        typer.echo(f"not merged: {len(result.conflicts)} document(s) changed on both sides; {out} is unchanged", err=True)
        raise typer.Exit(1)
