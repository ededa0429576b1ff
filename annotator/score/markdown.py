"""``--report markdown``: for a CI job summary or a pull-request comment (GitHub-flavoured
Markdown). Strings from files are escaped (:func:`annotator.report.escape.md`): a label
or doc_id cannot break a table or inject HTML; Arabic text is marked right to left."""

from typing import Any

from annotator.report.escape import md
from annotator.report.tables import md_table
from annotator.score import views as v
from annotator.text.words import count

#: Errors listed in the (collapsed) error list; all of them are in the JSON and HTML reports.
MAX_MD_ERRORS = 100
#: Span texts in the error list are clipped to this many characters (a comment has a size limit).
MAX_MD_TEXT = 80
#: Ends the report: in a pull-request comment, so that a workflow finds its own comment and edits it.
COMMENT_MARKER = "<!-- annotator-score-report -->"


def render_markdown(report: dict[str, Any]) -> str:
    gates = report.get("gates") or []
    failed = [g for g in gates if not g["passed"]]
    title = "## Score report"
    if gates:
        title += f" — {'❌ ' + count(len(failed), 'gate') + ' failed' if failed else '✅ all gates passed'}"
    out = [title, "", v.docs_line(report, md), ""]
    if gates:
        rows = [[*r[:3], "pass" if r[3] == "pass" else "**FAIL**"] for r in v.gate_rows(report, md)]
        out += [md_table(v.GATE_HEADER, rows), ""]
    comparison = v.comparison_rows(report, md)
    if comparison:
        out += ["### Compared with the baseline", "", v.comparison_lead(report["comparison"]), ""]
        if report["comparison"].get("warning"):
            out += [f"> **Warning:** {report['comparison']['warning']}", ""]
        out += [md_table(v.COMPARISON_HEADER, comparison), ""]
    for layer in report["layers"]:
        if v.is_empty(report, layer):
            out += [f"### {layer}", "", f"Nothing to score (no gold and no predicted {layer}).", ""]
            continue
        out += [f"### {layer}", "", md_table(v.SCHEME_HEADER, v.scheme_rows(report, layer)), ""]
        attrs = v.attribute_rows(report, layer)
        if attrs:
            out += [md_table(v.ATTRIBUTE_HEADER, attrs), ""]
        line = v.alignment_line(report, layer)
        if line:
            out += [line, ""]
    labels = v.label_rows(report, md)
    if labels:
        out += ["<details><summary>entities by label (strict)</summary>", "", md_table(v.LABEL_HEADER, labels), "", "</details>", ""]
        names, matrix = v.confusion(report)
        header = ["gold \\\\ predicted", *(md(n) for n in names)]
        rows = [[md(g), *(str(n) if n else "·" for n in row)] for g, row in zip(names, matrix)]
        out += ["### Entity label confusion", "", "Gold labels in rows, predicted labels in columns; ∅: no span (a miss or a spurious prediction).", "",
                md_table(header, rows), ""]
    out += [*_errors(report), COMMENT_MARKER]
    return "\n".join(out).rstrip() + "\n"


def _errors(report: dict[str, Any]) -> list[str]:
    errors = report.get("errors") or []
    total = report.get("errors_total", len(errors))
    if not total:
        return []
    shown = errors[:MAX_MD_ERRORS]
    note = f" (the first {len(shown)}; all of them are in the JSON and HTML reports)" if len(shown) < total else ""
    rows = [v.error_cells(e, md, limit=MAX_MD_TEXT) for e in shown]
    return [f"<details><summary>Errors: {total} (strict spans, then wrong attributes){note}</summary>", "",
            md_table(v.ERROR_HEADER, rows, numeric=False), "", "</details>", ""]
