"""Tables of already-escaped cells: GitHub-flavoured Markdown and HTML (in a box that
scrolls sideways on a narrow screen instead of being cut)."""


def md_table(header: list[str], rows: list[list[str]], numeric: bool = True) -> str:
    """A GFM table; cells must already be escaped (:func:`annotator.report.escape.md`).
    ``numeric``: every column but the first right-aligned."""
    sep = ["---" if i == 0 or not numeric else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(sep) + "|"]
    lines += ["| " + " | ".join(c if c else " " for c in r) + " |" for r in rows]
    return "\n".join(lines)


def html_table(header: list[str], rows: list[list[str]], caption: str = "", cls: str = "") -> str:
    """An HTML table in a scrolling box; cells must already be escaped (``html_text``)."""
    head = "".join(f'<th scope="col">{h}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<th scope="row">{c}</th>' if i == 0 else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{caption}</caption>" if caption else ""
    klass = f' class="{cls}"' if cls else ""
    return f'<div class="scroll" role="region" aria-label="{caption or "table"}" tabindex="0"><table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
