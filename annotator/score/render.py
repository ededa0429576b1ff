"""Rendering a report: ``table`` (terminal), ``json``, ``markdown`` (CI job summary),
``junit`` (one test case per gate). ``html`` lives in :mod:`annotator.score.html`."""

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from annotator.score.schemes import SCHEMES
from annotator.text.words import count

FORMATS = ("table", "json", "markdown", "junit", "html")
COLUMNS = ("correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1")


def render_report(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "table":
        return render_table(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "junit":
        return render_junit(report)
    if fmt == "html":
        from annotator.score.html import render_html

        return render_html(report)
    raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


#: json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) without building
#: an encoder per call (one line per document)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def render_json(report: dict[str, Any]) -> str:
    """One top-level key per line, ``layers`` one layer per line and ``per_document`` one
    document per line: diffable, and written by the C encoder (``indent`` would not be)."""
    lines = []
    for key, value in report.items():
        if key in ("layers", "per_document") and isinstance(value, dict) and value:
            inner = ",\n".join(f"  {_dumps(k)}: {_dumps(v)}" for k, v in value.items())
            lines.append(f" {_dumps(key)}: {{\n{inner}\n }}")
        else:
            lines.append(f" {_dumps(key)}: {_dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _num(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _ci(report: dict[str, Any], metric: str) -> str:
    interval = (report.get("bootstrap") or {}).get("intervals", {}).get(metric)
    return f"[{interval[0]:.3f}, {interval[1]:.3f}]" if interval else ""


def _grid(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths)))]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(lines)


def _scheme_rows(report: dict[str, Any], layer: str) -> list[list[str]]:
    body = report["layers"][layer]
    rows = []
    for scheme in SCHEMES:
        entry = body["schemes"][scheme]
        rows.append([scheme, *(_num(entry[c]) for c in COLUMNS), _num(entry["macro"]["f1"]), _ci(report, f"{layer}.{scheme}.f1")])
    return rows


def _attribute_rows(report: dict[str, Any], layer: str) -> list[list[str]]:
    body = report["layers"][layer]
    rows = [[name, str(a["correct"]), str(a["total"]), _num(a["accuracy"]), _ci(report, f"{layer}.{name}.accuracy")] for name, a in body.get("attributes", {}).items()]
    e2e = body.get("end_to_end")
    if e2e:
        rows.append(["end_to_end f1", str(e2e["correct"]), f"{e2e['actual']}/{e2e['possible']}", _num(e2e["f1"]), _ci(report, f"{layer}.end_to_end.f1")])
    return rows


def _docs_line(report: dict[str, Any]) -> str:
    d = report["documents"]
    line = f"{d['scored']} document{'' if d['scored'] == 1 else 's'} scored"
    if d["missing_predictions"]:
        line += f"; {len(d['missing_predictions'])} without a prediction record (all missed): {', '.join(d['missing_predictions'][:10])}"
        if len(d["missing_predictions"]) > 10:
            line += ", ..."
    if d["unscored_predictions"]:
        line += f"; {count(len(d['unscored_predictions']), 'prediction')} for documents without gold (ignored)"
    return line


def _alignment_line(report: dict[str, Any], layer: str) -> str | None:
    a = report["layers"][layer]["alignment"]
    if not any(a.values()):
        return None
    return f"string-anchored predictions: {a['aligned']} aligned, {a['ambiguous']} ambiguous, {a['not_found']} not found"


def _empty(report: dict[str, Any], layer: str) -> bool:
    strict = report["layers"][layer]["schemes"]["strict"]
    return not strict["possible"] and not strict["actual"]


def render_table(report: dict[str, Any]) -> str:
    out = [_docs_line(report), ""]
    header = ["scheme", *COLUMNS, "macro f1", "95% CI f1" if report.get("bootstrap") else ""]
    for layer in report["layers"]:
        if _empty(report, layer):
            out += [f"== {layer} == nothing to score (no gold and no predicted {layer})", ""]
            continue
        out.append(f"== {layer} ==")
        out.append(_grid(header, _scheme_rows(report, layer)))
        attrs = _attribute_rows(report, layer)
        if attrs:
            out.append("")
            out.append(_grid(["attribute", "correct", "of", "accuracy", "95% CI" if report.get("bootstrap") else ""], attrs))
        line = _alignment_line(report, layer)
        if line:
            out.append(line)
        out.append("")
    labels = report["layers"]["entities"]["schemes"]["strict"]["labels"]
    if labels:
        out.append("== entities by label (strict) ==")
        out.append(_grid(["label", *COLUMNS], [[k, *(_num(v[c]) for c in COLUMNS)] for k, v in labels.items()]))
        out.append("")
    out.extend(_gate_lines(report))
    return "\n".join(out).rstrip() + "\n"


def _gate_lines(report: dict[str, Any]) -> list[str]:
    gates = report.get("gates") or []
    if not gates:
        return []
    failed = sum(not g["passed"] for g in gates)
    lines = [f"== gates: {len(gates) - failed} passed, {failed} failed =="]
    lines += [("PASS " if g["passed"] else "FAIL ") + g["message"] for g in gates]
    return lines


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def render_markdown(report: dict[str, Any]) -> str:
    gates = report.get("gates") or []
    failed = [g for g in gates if not g["passed"]]
    title = "## Score report"
    if gates:
        title += f" — {'❌ ' + str(len(failed)) + ' gate(s) failed' if failed else '✅ all gates passed'}"
    out = [title, "", _docs_line(report), ""]
    if gates:
        out += [_md_table(["gate", "value", "result"], [[g["name"], f"{g['value']:.4f}", "pass" if g["passed"] else "**FAIL**"] for g in gates]), ""]
    header = ["scheme", *COLUMNS, "macro f1", "95% CI f1"]
    for layer in report["layers"]:
        if _empty(report, layer):
            out += [f"### {layer}", "", f"Nothing to score (no gold and no predicted {layer}).", ""]
            continue
        out += [f"### {layer}", "", _md_table(header, _scheme_rows(report, layer)), ""]
        attrs = _attribute_rows(report, layer)
        if attrs:
            out += [_md_table(["attribute", "correct", "of", "accuracy", "95% CI"], attrs), ""]
        line = _alignment_line(report, layer)
        if line:
            out += [line, ""]
    labels = report["layers"]["entities"]["schemes"]["strict"]["labels"]
    if labels:
        out += ["<details><summary>entities by label (strict)</summary>", "", _md_table(["label", *COLUMNS], [[k, *(_num(v[c]) for c in COLUMNS)] for k, v in labels.items()]), "", "</details>", ""]
    return "\n".join(out).rstrip() + "\n"


def render_junit(report: dict[str, Any]) -> str:
    gates = report.get("gates") or []
    failures = sum(not g["passed"] for g in gates)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(f'<testsuites name="annotator score" tests="{len(gates)}" failures="{failures}">')
    lines.append(f'  <testsuite name="annotator score gates" tests="{len(gates)}" failures="{failures}" errors="0" skipped="0">')
    for g in gates:
        lines.append(f'    <testcase classname="annotator.score.gates" name={quoteattr(g["name"])}>')
        if not g["passed"]:
            lines.append(f'      <failure message={quoteattr(g["message"])} type="GateFailed">{escape(g["message"])}</failure>')
        else:
            lines.append(f"      <system-out>{escape(g['message'])}</system-out>")
        lines.append("    </testcase>")
    lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"
