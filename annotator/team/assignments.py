"""Reading and writing ``assignments.toml``; errors are one ``FILE:LINE: message`` line.

The file is TOML (read with :mod:`tomllib`, written with ``tomli_w``) and checked by the
pydantic model :class:`annotator.model.assignments.Assignments`.
"""

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from annotator.model.assignments import Assignments

ASSIGNMENTS = "assignments.toml"
ANNOTATIONS = "annotations"

HEADER = (
    "# Which annotator annotates which documents: written by `annotator assign`, read by\n"
    "# `annotator status` (format: docs/team.md). Each annotator writes only\n"
    "# annotations/<name>.jsonl. Documents with two annotators are the overlap that\n"
    "# `annotator agree` compares.\n\n"
)


class AssignmentsError(Exception):
    """An invalid assignments file (exit 1); ``str()`` is one line. :class:`AssignmentsUnreadable`: one that cannot be read (exit 2)."""

    exit_code = 1


class AssignmentsUnreadable(AssignmentsError):
    """An assignments file that cannot be read, or is not UTF-8 text (exit 2)."""

    exit_code = 2


def annotation_file(corpus_dir: Path, annotator: str) -> Path:
    """The one file an annotator writes: ``annotations/<annotator>.jsonl``."""
    return corpus_dir / ANNOTATIONS / f"{annotator}.jsonl"


def render_assignments(assignments: Assignments) -> str:
    import tomli_w

    return HEADER + tomli_w.dumps(assignments.model_dump(mode="json"))


def load_assignments(path: Path) -> Assignments:
    """Read and check ``path``. Raises AssignmentsError (``FILE:LINE: message``)."""
    from annotator.text.visible import visible

    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise AssignmentsUnreadable(visible(f"{path}: cannot read: {e.strerror or e}")) from None
    except UnicodeDecodeError as e:
        raise AssignmentsUnreadable(visible(f"{path}:{_line_at(path.read_bytes(), e.start)}: invalid UTF-8")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = re.search(r"\(at line (\d+), column \d+\)", str(e))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e)) or "invalid TOML"
        raise AssignmentsError(visible(f"{path}:{found.group(1) if found else 1}: invalid TOML: {message}")) from None
    try:
        return Assignments.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(err["loc"])
        where = ".".join(str(p) for p in loc)
        msg = err["msg"].removeprefix("Value error, ")
        line = line_of(text, loc) if loc else _line_of_document(text, msg)
        raise AssignmentsError(visible(f"{path}:{line}: {where + ': ' if where else ''}{msg}")) from None


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _line_of_document(text: str, message: str) -> int:
    """A whole-file rule broken by one document (the message names it first): its ``doc_id`` line."""
    named = re.search(r"'([^']*)'", message)
    if named:
        for i, line in enumerate(text.split("\n")):
            if re.match(rf"\s*doc_id\s*=\s*[\"']{re.escape(named.group(1))}[\"']\s*$", line):
                return i + 1
    return 1


def line_of(text: str, loc: tuple) -> int:
    """The line a validation error points at: the ``[[document]]`` table it is in (then its key
    inside that table), or the top-level key; else line 1."""
    lines = text.split("\n")
    start, end = 0, len(lines)
    if len(loc) >= 2 and loc[0] == "document" and isinstance(loc[1], int):
        headers = [i for i, line in enumerate(lines) if re.match(r"\s*\[\[\s*document\s*\]\]", line)]
        if loc[1] < len(headers):
            start = headers[loc[1]]
            end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
            key = loc[2] if len(loc) > 2 else None
        else:
            return 1
        if key is None:
            return start + 1
    else:
        key = loc[0] if loc else None
        end = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    if isinstance(key, str):
        for i in range(start, end):
            if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", lines[i]):
                return i + 1
    return start + 1
