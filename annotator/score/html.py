"""``--report html``: one self-contained file (inline CSS and SVG, no external assets).
Every piece of document text and every label is escaped."""

from html import escape
from typing import Any

from annotator.score.render import COLUMNS, _attribute_rows, _docs_line, _num, _scheme_rows

CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:.2em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}
.fail{color:#b00;font-weight:bold}.pass{color:#070}
.ar{direction:rtl;unicode-bidi:isolate;font-size:1.1em}
svg text{font-size:12px}
"""


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bars(rows: dict[str, dict[str, Any]], metric: str = "f1") -> str:
    """Horizontal SVG bars, one per label, of ``metric`` in [0, 1]."""
    if not rows:
        return ""
    height = 22 * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="520" height="{height}" role="img" aria-label="{escape(metric)} per label">']
    for i, (label, row) in enumerate(rows.items()):
        y = 5 + 22 * i
        value = float(row.get(metric, 0.0))
        width = round(360 * max(0.0, min(1.0, value)), 1)
        parts.append(f'<text x="0" y="{y + 14}">{escape(label)}</text>')
        parts.append(f'<rect x="100" y="{y}" width="360" height="16" fill="#eee"/>')
        parts.append(f'<rect x="100" y="{y}" width="{width}" height="16" fill="#4a7fb5"/>')
        parts.append(f'<text x="{100 + 365}" y="{y + 14}">{value:.3f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _span(span: dict[str, Any] | None) -> str:
    if not span:
        return "—"
    return f'<span class="ar">{escape(span["text"])}</span> [{span["start"]}, {span["end"]}) {escape(span["label"])}'


def render_html(report: dict[str, Any]) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"><title>annotator score report</title>', f"<style>{CSS}</style></head><body>"]
    out.append("<h1>Score report</h1>")
    out.append(f"<p>{escape(_docs_line(report))}</p>")
    gates = report.get("gates") or []
    if gates:
        out.append("<h2>Gates</h2><ul>")
        for g in gates:
            cls = "pass" if g["passed"] else "fail"
            out.append(f'<li class="{cls}">{"PASS" if g["passed"] else "FAIL"} {escape(g["message"])}</li>')
        out.append("</ul>")
    for layer, body in report["layers"].items():
        out.append(f"<h2>{escape(layer)}</h2>")
        out.append(_table(["scheme", *COLUMNS, "macro f1", "95% CI f1"], _scheme_rows(report, layer)))
        attrs = _attribute_rows(report, layer)
        if attrs:
            out.append(_table(["attribute", "correct", "of", "accuracy", "95% CI"], attrs))
        labels = body["schemes"]["strict"]["labels"]
        if layer == "entities" and labels:
            out.append("<h3>F1 per label (strict)</h3>")
            out.append(_bars(labels))
            out.append(_table(["label", *COLUMNS], [[k, *(_num(v[c]) for c in COLUMNS)] for k, v in labels.items()]))
            conf = body.get("confusion", {})
            names = [*conf.get("labels", []), conf.get("none", "∅")]
            matrix = conf.get("matrix", {})
            out.append("<h3>Label confusion (gold rows, predicted columns)</h3>")
            out.append(_table(["gold \\ pred", *names], [[g, *(str(matrix.get(g, {}).get(p, 0)) for p in names)] for g in names]))
    errors = report.get("errors") or []
    out.append(f"<h2>Errors (strict): {report.get('errors_total', len(errors))}</h2>")
    if len(errors) < report.get("errors_total", 0):
        out.append(f"<p>The first {len(errors)} are listed.</p>")
    out.append("<table><thead><tr><th>document</th><th>layer</th><th>outcome</th><th>gold</th><th>predicted</th></tr></thead><tbody>")
    for e in errors:
        out.append(
            f"<tr><td>{escape(e['doc_id'])}</td><td>{escape(e['layer'])}</td><td>{escape(e['outcome'])}</td>"
            f"<td>{_span(e['gold'])}</td><td>{_span(e['pred'])}</td></tr>"
        )
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"
