"""Rendering ``annotator status``: ``table`` (terminal), ``json``, ``markdown`` (CI job summary).

Annotator names, document ids and labels come from files: in the table they pass through
:func:`annotator.text.visible.visible`, in Markdown they are escaped as well (the reports'
``annotator.report.escape.md``), and the JSON escapes every non-ASCII character.
"""

import json
from datetime import datetime
from typing import Any

from annotator.report.escape import md as _md
from annotator.score.render import _grid
from annotator.team.status import Status, age, overlap, summary
from annotator.text.visible import visible

FORMATS = ("table", "json", "markdown")


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat().replace("+00:00", "Z")


def to_json(status: Status) -> dict[str, Any]:
    def secs(when: datetime | None) -> int | None:
        return None if when is None else max(0, int((status.now - when).total_seconds()))

    return {
        "corpus": str(status.corpus),
        "assignments": None if status.assignments is None else str(status.assignments),
        "now": _iso(status.now),
        "labels": status.labels,
        "overlap": overlap(status),
        "annotators": [{**s, "last_change": _iso(s["last_change"]), "seconds_since_change": secs(s["last_change"])} for s in summary(status)],
        "documents": [
            {"annotator": r.annotator, "doc_id": r.doc_id, "assigned": r.assigned, "state": r.state, "spans": r.spans,
             "entities": {label: r.entities.get(label, 0) for label in status.labels}, "quotes": r.quotes, "claims": r.claims,
             "last_change": _iso(r.changed), "seconds_since_change": secs(r.changed), "time_from": r.changed_from}
            for r in status.documents
        ],
        "errors": status.errors,
    }


def render_json(status: Status) -> str:
    return json.dumps(to_json(status), ensure_ascii=True, indent=1) + "\n"


def sections(status: Status) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of both tables, in plain text (values already visible())."""
    people = [
        [visible(s["annotator"]), str(s["assigned"]), str(s["not_started"]), str(s["draft"]), str(s["done"]), str(s["unassigned"]), str(s["spans"]), age(status.now, s["last_change"])]
        for s in summary(status)
    ]
    docs = [
        [visible(r.annotator), visible(r.doc_id), r.state + ("" if r.assigned else " (unassigned)"),
         *(str(r.entities.get(label, 0)) for label in status.labels), str(r.quotes), str(r.claims), age(status.now, r.changed)]
        for r in status.documents
    ]
    return [
        ("Annotators", ["annotator", "assigned", "not started", "draft", "done", "unassigned", "spans", "last change"], people),
        ("Documents", ["annotator", "document", "state", *map(visible, status.labels), "quotes", "claims", "last change"], docs),
    ]


def _source_line(status: Status) -> str:
    plan = f"assignments {status.assignments}" if status.assignments else "no assignments.toml (annotation files only)"
    return visible(f"corpus {status.corpus}; {plan}; last change from each record's meta.updated or meta.annotate.last_opened, else its file's modification time")


def _overlap_line(status: Status) -> str:
    shared = overlap(status)
    return f"overlap: {shared['documents']} documents assigned to two annotators, {shared['done_by_all']} done by both (what `annotator agree` compares)"


def _left(header: list[str], rows: list[list[str]], columns: int) -> tuple[list[str], list[list[str]]]:
    """The first ``columns`` columns padded to one width, so that the grid (which right-aligns
    all but the first) shows names and states left-aligned."""
    table = [header, *rows]
    for i in range(1, columns):
        width = max(len(r[i]) for r in table)
        table = [[*r[:i], r[i].ljust(width), *r[i + 1:]] for r in table]
    return table[0], table[1:]


def render_table(status: Status) -> str:
    out = [_source_line(status), _overlap_line(status), ""]
    for title, header, rows in sections(status):
        out += [f"== {title} ==", _grid(*_left(header, rows, 3 if title == "Documents" else 1)) if rows else "(none)", ""]
    return "\n".join(out).rstrip() + "\n"


def render_markdown(status: Status) -> str:
    out = ["## Annotation status", "", _md(_source_line(status)), "", _md(_overlap_line(status)), ""]
    for title, header, rows in sections(status):
        out += [f"### {title}", ""]
        if not rows:
            out += ["(none)", ""]
            continue
        out.append("| " + " | ".join(_md(h) for h in header) + " |")
        out.append("|" + "|".join("---" if i < 3 and title == "Documents" or i == 0 else "---:" for i in range(len(header))) + "|")
        out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_status(status: Status, fmt: str) -> str:
    return {"json": render_json, "table": render_table, "markdown": render_markdown}[fmt](status)
