"""``--report html``: one self-contained file (inline CSS and SVG, no script, no external
asset) that reads on a phone as on a desktop: a viewport, landmarks, tables that scroll
sideways in their own box, Arabic text marked ``lang="ar" dir="rtl"``, the confusion matrix
as a heatmap, F1 per label and per document as small charts. Every string from a file is
escaped (:mod:`annotator.report.escape`)."""

from html import escape
from typing import Any

from annotator.report.escape import html_attr, html_text
from annotator.report.tables import html_table
from annotator.score import views as v
from annotator.text.visible import visible

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;max-width:72em;color:#222;background:#fff;line-height:1.4}
h1{font-size:1.6em}
.scroll{overflow-x:auto;max-width:100%;margin:.5em 0 1.5em}
table{border-collapse:collapse}
th,td{border:1px solid #bbb;padding:.2em .6em;text-align:right;white-space:nowrap}
thead th{background:#f0f0f0}
thead th:first-child{text-align:left}
caption{text-align:left;caption-side:top;padding:.2em 0;color:#444}
tbody th{text-align:left;font-weight:normal}
table.errors td,table.errors th{text-align:start;white-space:normal;min-width:6em}
.fail{color:#a00000;font-weight:bold}.pass{color:#006100}
bdi[dir=rtl]{font-size:1.1em}
table.heat td{text-align:center;min-width:2.5em}
.h0{background:#fff}.h1{background:#deebf7}.h2{background:#9ecae1}.h3{background:#4292c6;color:#000}.h4{background:#08306b;color:#fff}
svg{max-width:100%;height:auto;display:block}
svg text{font-size:12px;fill:#222}
.warning{background:#fff4ce;border-left:4px solid #8a6d00;padding:.4em .8em}
"""


def _bars(items: list[tuple[str, float]], label: str) -> str:
    """Horizontal SVG bars of values in [0, 1], one per item (label, value)."""
    if not items:
        return ""
    row = 20
    height = row * len(items) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 {height}" width="520" role="img" aria-label="{html_attr(label)}"><title>{escape(label)}</title>']
    for i, (name, value) in enumerate(items):
        y = 5 + row * i
        width = round(330 * max(0.0, min(1.0, value)), 1)
        short = visible(name)
        short = short if len(short) <= 22 else short[:21] + "…"
        parts.append(f'<text x="0" y="{y + 13}">{escape(short)}</text>')
        parts.append(f'<rect x="150" y="{y}" width="330" height="15" fill="#e8e8e8"/>')
        parts.append(f'<rect x="150" y="{y}" width="{width}" height="15" fill="#2b5c8a"/>')
        parts.append(f'<text x="485" y="{y + 13}">{value:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _histogram(values: list[float], label: str) -> str:
    """Documents per F1 bin (0-0.1, ..., 0.9-1.0) as SVG columns."""
    bins = [0] * 10
    for x in values:
        bins[min(9, int(x * 10))] += 1
    top = max(bins) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 520 170" width="520" role="img" aria-label="{html_attr(label)}"><title>{escape(label)}</title>']
    for i, n in enumerate(bins):
        h = round(120 * n / top, 1)
        x = 10 + 50 * i
        parts.append(f'<rect x="{x}" y="{130 - h}" width="44" height="{h}" fill="#2b5c8a"/>')
        parts.append(f'<text x="{x + 4}" y="{125 - h}">{n}</text>')
        parts.append(f'<text x="{x}" y="148">{i / 10:.1f}–{(i + 1) / 10:.1f}</text>')
    parts.append('<text x="10" y="166">strict F1 of the document</text></svg>')
    return "".join(parts)


def _per_document_chart(report: dict[str, Any], layer: str) -> str:
    scores = v.per_document_f1(report, layer)
    if not scores:
        return ""
    title = f"{layer}: strict F1 per document"
    if len(scores) <= 40:
        chart = _bars(sorted(scores, key=lambda item: (item[1], item[0])), title + ", lowest first")
    else:
        chart = _histogram([f for _, f in scores], title + " (documents per F1 bin)")
    return f"<h3>{escape(title)}</h3>{chart}"


def _heatmap(report: dict[str, Any]) -> str:
    names, matrix = v.confusion(report)
    top = max((n for row in matrix for n in row), default=0) or 1
    head = "".join(f'<th scope="col">{html_text(n)}</th>' for n in ["gold \\ predicted", *names])
    body = []
    for g, row in zip(names, matrix):
        cells = "".join(f'<td class="h{0 if not n else 1 + min(3, int(4 * n / top - 1e-9))}">{n if n else "·"}</td>' for n in row)
        body.append(f'<tr><th scope="row">{html_text(g)}</th>{cells}</tr>')
    return ('<div class="scroll" role="region" aria-label="label confusion" tabindex="0"><table class="heat">'
            f"<caption>Gold labels in rows, predicted in columns; ∅: no span (a miss or a spurious prediction)</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")


def render_html(report: dict[str, Any]) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>annotator score report</title><style>{CSS}</style></head><body>",
           "<header><h1>Score report</h1>", f"<p>{v.docs_line(report, html_text)}</p></header>", "<main>"]
    gates = report.get("gates") or []
    if gates:
        out.append("<section><h2>Gates</h2><ul>")
        for g in gates:
            cls = "pass" if g["passed"] else "fail"
            out.append(f'<li class="{cls}">{"PASS" if g["passed"] else "FAIL"} {html_text(g["message"])}</li>')
        out.append("</ul></section>")
    comparison = v.comparison_rows(report, html_text)
    if comparison:
        out.append(f"<section><h2>Compared with the baseline</h2><p>{escape(v.comparison_lead(report['comparison']))}</p>")
        if report["comparison"].get("warning"):
            out.append(f'<p class="warning"><strong>Warning:</strong> {escape(report["comparison"]["warning"])}</p>')
        out.append(html_table(v.COMPARISON_HEADER, comparison, "baseline comparison") + "</section>")
    for layer, body in report["layers"].items():
        out.append(f"<section><h2>{escape(layer)}</h2>")
        if v.is_empty(report, layer):
            out.append(f"<p>Nothing to score (no gold and no predicted {escape(layer)}).</p></section>")
            continue
        out.append(html_table(v.SCHEME_HEADER, v.scheme_rows(report, layer), f"{layer}: every scheme"))
        attrs = v.attribute_rows(report, layer)
        if attrs:
            out.append(html_table(v.ATTRIBUTE_HEADER, attrs, f"{layer}: attributes"))
        line = v.alignment_line(report, layer)
        if line:
            out.append(f"<p>{escape(line)}</p>")
        labels = body["schemes"]["strict"]["labels"]
        if layer == "entities" and labels:
            out.append("<h3>F1 per label (strict)</h3>")
            out.append(_bars([(k, float(r["f1"])) for k, r in labels.items()], "strict F1 per label"))
            out.append(html_table(v.LABEL_HEADER, v.label_rows(report, html_text), "entities by label (strict)"))
            out.append("<h3>Label confusion</h3>")
            out.append(_heatmap(report))
        out.append(_per_document_chart(report, layer))
        out.append("</section>")
    errors = report.get("errors") or []
    out.append(f"<section><h2>Errors: {report.get('errors_total', len(errors))}</h2>")
    out.append("<p>Strict span errors (incorrect label, missed, spurious), then wrong attributes of matched quotes and claims.</p>")
    if len(errors) < report.get("errors_total", 0):
        out.append(f"<p>The first {len(errors)} are listed.</p>")
    if errors:
        out.append(html_table(v.ERROR_HEADER, [v.error_cells(e, html_text, sep="<br>") for e in errors], "errors", cls="errors"))
    out.append("</section></main>")
    out.append(_footer(report))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _footer(report: dict[str, Any]) -> str:
    """Where the numbers come from: the tool, every input with its SHA-256, the options, the run."""
    prov = report.get("provenance") or {}
    inputs = prov.get("inputs") or {}
    rows = []
    for role in ("gold", "pred", "documents", "baseline"):
        files = inputs.get(role) or []
        for f in files if isinstance(files, list) else [files]:
            rows.append([role, html_text(f["path"]), f"<code>{escape(f['sha256'] or 'not hashed (a pipe)')}</code>"])
    run = report.get("run") or {}
    options = ", ".join(f"{escape(str(k))} {escape(str(val))}" for k, val in (prov.get("options") or {}).items())
    return (f"<footer><h2>Provenance</h2><p>{escape(prov.get('distribution', 'annotator'))} {escape(prov.get('version', ''))}; {options}; "
            f"run {escape(run.get('date', ''))}, {run.get('elapsed_seconds', '')} s</p>"
            + (html_table(["input", "file", "SHA-256"], rows, "inputs") if rows else "") + "</footer>")
