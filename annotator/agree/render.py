"""Rendering an agreement report: ``table`` (terminal), ``json``, ``markdown`` (CI job
summary), ``html`` (one self-contained file).

Annotator names, document ids and labels come from files: in the table they pass through
:func:`annotator.text.visible.visible`; in Markdown and HTML through the reports' one set of
escapers, :mod:`annotator.report.escape` (the same as the score report's). The JSON is the scorer's diffable layout (``render_json``), and the
grids are the scorer's (``_grid``).
"""

from typing import Any

from annotator.score.render import _grid, render_json
from annotator.score.schemes import SCHEMES
from annotator.report.escape import html_text, md
from annotator.text.visible import visible

FORMATS = ("table", "json", "markdown", "html")


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _ci(report: dict[str, Any], metric: str) -> str:
    interval = (report.get("bootstrap") or {}).get("intervals", {}).get(metric)
    return f"[{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""


def sections(report: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(title, header, rows, note) of every table, in plain text (values already visible())."""
    pairs = report["pairs"]
    ci = bool(report.get("bootstrap"))
    out = []
    gates = report.get("gates") or []
    if gates:
        out.append(("gates", ["gate", "result"], [[visible(g["message"]), "pass" if g["passed"] else "FAIL"] for g in gates], ""))
    for layer, body in report["layers"].items():
        rows = []
        for scheme in SCHEMES:
            entry = body["schemes"][scheme]
            rows.append([scheme, _num(entry["f1"]), _ci(report, f"{layer}.{scheme}.f1"), *(_num(entry["pairs"][p]["f1"]) for p in pairs)])
        strict = body["schemes"]["strict"]["pairs"]
        spans = ", ".join(f"{visible(p)}: {strict[p]['possible']}/{strict[p]['actual']}" for p in pairs)
        alpha = f"unitized alpha {_num(body['alpha'])} {_ci(report, f'{layer}.alpha')}".rstrip()
        out.append((f"{layer}: F1 agreement", ["scheme", "mean F1", "95% CI" if ci else "", *map(visible, pairs)], rows, f"{alpha}; spans per pair (first/second): {spans or 'none'}"))
    labels = report["layers"]["entities"].get("labels") or {}
    if labels:
        shown = ("strict", "exact", "type", "overlap", "boundary-lenient")
        rows = [[visible(label), f"{row['spans']['a']}/{row['spans']['b']}", *(_num(row[s]) for s in shown)] for label, row in labels.items()]
        out.append(("entities by label (mean F1 over pairs; a pair across two labels agrees on neither)", ["label", "spans", *shown], rows, ""))
    rows = []
    for name, k in report["kappa"].items():
        rows.append([name, _num(k["cohen"]), _ci(report, f"{name}.cohen_kappa"), _num(k["fleiss"]), _ci(report, f"{name}.fleiss_kappa"), str(k["items"])])
    out.append(("chance-corrected agreement on matched spans", ["attribute", "Cohen kappa", "95% CI" if ci else "", "Fleiss kappa", "95% CI" if ci else "", "items"], rows, "Cohen: mean over pairs; Fleiss: all annotators, items = spans matched across annotators"))
    rows = []
    for name, a in report["attributes"].items():
        rows.append([name, _num(a["agreement"]), _ci(report, f"{name}.agreement"), *(f"{a['pairs'][p]['agree']}/{a['pairs'][p]['total']}" for p in pairs)])
    out.append(("attributes of matched spans (share equal)", ["attribute", "agreement", "95% CI" if ci else "", *map(visible, pairs)], rows, ""))
    rows = [
        [visible(r["doc_id"]), ", ".join(map(visible, r["annotators"])), _num(r["strict_f1"]), f"{r['disagreements']:.1f}", _num(r["alpha"])]
        for r in report["per_document"]
    ]
    out.append(("documents, most disagreement first", ["document", "annotators", "strict F1", "disagreements/pair", "mean alpha"], rows, ""))
    cur = report.get("curation")
    if cur:
        all_labels = sorted({label for a in cur["annotators"].values() for label in a["labels"]})
        rows = []
        for name, a in cur["annotators"].items():
            rows.append([visible(name), str(a["documents"]), *(_num(a["layers"][layer]["f1"]) for layer in ("entities", "quotes", "claims")), *(_num(a["labels"][x]["f1"]) if x in a["labels"] else "" for x in all_labels)])
        gold = ", ".join(map(visible, cur["gold"]))
        out.append((f"agreement with the adjudicated gold {gold} (strict F1)", ["annotator", "documents", "entities", "quotes", "claims", *map(visible, all_labels)], rows, ""))
    return out


def _docs_line(report: dict[str, Any]) -> str:
    d = report["documents"]
    line = f"{d['compared']} document{'' if d['compared'] == 1 else 's'} compared; annotators: {', '.join(map(visible, report['annotators']))}"
    single = d["single_annotator"]
    if single:
        shown = ", ".join(f"{visible(doc)} ({visible(who)})" for doc, who in list(single.items())[:10])
        line += f"; {len(single)} annotated by one annotator only (not compared): {shown}{', ...' if len(single) > 10 else ''}"
    if d["drafts_excluded"]:
        line += f"; {len(d['drafts_excluded'])} draft record(s) excluded (--include-drafts to compare them)"
    return line


def render_table(report: dict[str, Any]) -> str:
    out = [_docs_line(report), ""]
    for title, header, rows, note in sections(report):
        out += [f"== {title} ==", _grid(header, rows)]
        if note:
            out.append(note)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    gates = report.get("gates") or []
    failed = sum(not g["passed"] for g in gates)
    title = "## Agreement report"
    if gates:
        title += f" — {'❌ ' + str(failed) + ' gate(s) failed' if failed else '✅ all gates passed'}"
    out = [title, "", md(_docs_line(report)), ""]
    for name, header, rows, note in sections(report):
        out += [f"### {md(name)}", ""]
        out.append("| " + " | ".join(md(h) for h in header) + " |")
        out.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        out += ["| " + " | ".join(md(c) for c in r) + " |" for r in rows]
        out += ["", md(note), ""] if note else [""]
    return "\n".join(out).rstrip() + "\n"


def render_html(report: dict[str, Any]) -> str:
    from annotator.score.html import CSS

    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8"><title>annotator agreement report</title>', f"<style>{CSS}</style></head><body>"]
    out += ["<h1>Agreement report</h1>", f"<p>{html_text(_docs_line(report))}</p>"]
    for name, header, rows, note in sections(report):
        out.append(f"<h2>{html_text(name)}</h2>")
        head = "".join(f"<th>{html_text(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in r) + "</tr>" for r in rows)
        out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if note:
            out.append(f"<p>{html_text(note)}</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render_report(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "table":
        return render_table(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
