"""Rendering a report: ``table`` (terminal), ``json``, ``junit``; ``markdown`` and ``html``
live in :mod:`annotator.score.markdown` and :mod:`annotator.score.html`. What each shows
comes from :mod:`annotator.score.views`; strings from files are escaped for each format
(:mod:`annotator.report.escape`)."""

import json
from itertools import repeat
from typing import Any

from annotator.report.escape import plain, xml_attr, xml_text
from annotator.score import views as v
from annotator.score.report_format import REPORT_KEYS, label_vector_json
from annotator.text.words import count

FORMATS = ("table", "json", "markdown", "junit", "html")
COLUMNS = v.COLUMNS


def render_report(report: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return render_score_json(report)
    if fmt == "table":
        return render_table(report)
    if fmt == "markdown":
        from annotator.score.markdown import render_markdown

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
#: what ``_dumps`` gives for a string (a key), without its method's dispatch: once per document
_string = json.encoder.encode_basestring


def render_json(report: dict[str, Any], order: tuple[str, ...] = (), vector: Any = None) -> str:
    """The diffable layout of a JSON report (also the agreement report's): one top-level key
    per line (those in ``order`` first), ``layers`` one layer per line and ``per_document``
    one document per line (each through ``vector``, which returns JSON text, if given),
    written by the C encoder (``indent`` would not be)."""
    # Measured hot path (a report of 100,000 documents is about 57 MB): the pieces are joined
    # once; joining each level apart copied the text four times and cost 0.3 s, now 0.1 s.
    parts = ["{\n"]
    for key in [*(k for k in order if k in report), *(k for k in report if k not in order)]:
        value = report[key]
        parts += (",\n " if len(parts) > 1 else " ", _dumps(key), ": ")
        if key in ("layers", "per_document") and isinstance(value, dict) and value:
            dump = _shared(vector) if key == "per_document" and vector is not None else _dumps
            n = len(value)
            lines = [""] * (4 * n)  # '  "key": value' per line, ",\n" between lines
            lines[0::4] = map(_string, value)
            lines[1::4] = repeat(": ", n)
            lines[2::4] = map(dump, value.values())
            lines[3::4] = repeat(",\n  ", n)
            lines[-1] = "\n }"
            parts.append("{\n  ")
            parts += lines
        else:
            parts.append(_dumps(value))
    parts.append("\n}\n")
    return "".join(parts)


def _shared(vector: Any) -> Any:
    """``vector`` computed once per distinct object: documents share their count vectors
    (``aggregate.Totals``), and writing 100,000 of them one by one cost 0.3x ``json.loads``
    of the inputs (a measured hot path; every vector is alive while the report is written,
    so an ``id`` stands for one)."""
    memo: dict[int, str] = {}

    def dump(value: Any) -> str:
        text = memo.get(id(value))
        if text is None:
            text = memo[id(value)] = vector(value)
        return text

    return dump


def render_score_json(report: dict[str, Any]) -> str:
    """A score report: keys in the model's order, per-document counts labelled."""
    return render_json(report, REPORT_KEYS, label_vector_json)


def grid(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table, first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths))).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    return "\n".join(lines)


_grid = grid  # the name the agreement report imports


def render_table(report: dict[str, Any]) -> str:
    out = [v.docs_line(report, plain), ""]
    for layer in report["layers"]:
        if v.is_empty(report, layer):
            out += [f"== {layer} == nothing to score (no gold and no predicted {layer})", ""]
            continue
        out.append(f"== {layer} ==")
        out.append(grid(v.SCHEME_HEADER, v.scheme_rows(report, layer)))
        attrs = v.attribute_rows(report, layer)
        if attrs:
            out += ["", grid(v.ATTRIBUTE_HEADER, attrs)]
        line = v.alignment_line(report, layer)
        if line:
            out.append(line)
        out.append("")
    labels = v.label_rows(report, plain)
    if labels:
        out += ["== entities by label (strict) ==", grid(v.LABEL_HEADER, labels), ""]
    comparison = v.comparison_rows(report, plain)
    if comparison:
        out += ["== compared with the baseline ==", v.comparison_lead(report["comparison"])]
        if report["comparison"].get("warning"):
            out.append("warning: " + report["comparison"]["warning"])
        out += [grid(v.COMPARISON_HEADER, comparison), ""]
    errors = report.get("errors") or []
    if errors:
        out.append(f"== errors: {report.get('errors_total', len(errors))} (strict spans, then attributes; first {min(len(errors), 20)} shown, all in --report json/html) ==")
        out += ["  ".join(v.error_cells(e, plain, limit=60)) for e in errors[:20]]
        out.append("")
    out.extend(_gate_lines(report))
    return "\n".join(out).rstrip() + "\n"


def _gate_lines(report: dict[str, Any]) -> list[str]:
    gates = report.get("gates") or []
    if not gates:
        return []
    failed = sum(not g["passed"] for g in gates)
    lines = [f"== gates: {len(gates) - failed} passed, {failed} failed =="]
    lines += [("PASS " if g["passed"] else "FAIL ") + plain(g["message"]) for g in gates]
    return lines


def _summary(report: dict[str, Any]) -> str:
    """The run's own test case: documents and the headline metrics, one per line (XML-escaped)."""
    lines = [v.docs_line(report, plain)]
    for layer in report["layers"]:
        strict = report["layers"][layer]["schemes"]["strict"]
        lines.append(f"{layer}: strict f1 {strict['f1']:.4f} (precision {strict['precision']:.4f}, recall {strict['recall']:.4f})")
    rows = v.comparison_rows(report, plain)
    if rows:
        lines.append("compared with the baseline: " + v.comparison_lead(report["comparison"]))
        lines += [f"{r[0]}: {r[1]} -> {r[2]} ({r[3]}, 95% CI {r[4] or 'n/a'})" for r in rows]
    return "\n".join(xml_text(line) for line in lines)


def _junit(cases: list[str], tests: int, failures: int, run: dict[str, Any] | None = None) -> str:
    when = f' timestamp={xml_attr(run["date"].removesuffix("Z"))} time="{run["elapsed_seconds"]}"' if run else ""
    head = ['<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites name="annotator score" tests="{tests}" failures="{failures}" errors="0">',
            f'  <testsuite name="annotator score" tests="{tests}" failures="{failures}" errors="0" skipped="0"{when}>']
    return "\n".join([*head, *cases, "  </testsuite>", "</testsuites>"]) + "\n"


def render_junit(report: dict[str, Any]) -> str:
    """One test case for the run itself (so a report without gates is never empty), then one per gate."""
    gates = report.get("gates") or []
    failures = sum(not g["passed"] for g in gates)
    cases = ['    <testcase classname="annotator.score" name="score run">',
             f"      <system-out>{_summary(report)}</system-out>", "    </testcase>"]
    for g in gates:
        cases.append(f'    <testcase classname="annotator.score.gates" name={xml_attr(g["name"])}>')
        if not g["passed"]:
            cases.append(f'      <failure message={xml_attr(g["message"])} type="GateFailed">{xml_text(g["message"])}</failure>')
        else:
            cases.append(f"      <system-out>{xml_text(g['message'])}</system-out>")
        cases.append("    </testcase>")
    return _junit(cases, 1 + len(gates), failures, report.get("run"))


def render_junit_error(lines: list[str]) -> str:
    """The JUnit report of a run that could not score (exit 2): one failed test case naming the problem."""
    first = lines[0] if lines else "invalid input"
    cases = ['    <testcase classname="annotator.score" name="score run">',
             f'      <failure message={xml_attr(first)} type="InvalidInput">{chr(10).join(xml_text(x) for x in lines)}</failure>',
             "    </testcase>"]
    return _junit(cases, 1, 1)


def render_comparison(result: dict[str, Any], fmt: str) -> str:
    """``annotator compare``: table, markdown or json."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    rows = [[plain(name), f"{m['a']:.4f}", f"{m['b']:.4f}", f"{m['difference']:+.4f}", f"[{m['interval'][0]:+.4f}, {m['interval'][1]:+.4f}]", f"{m['p_value']:.3f}"]
            for name, m in result["metrics"].items()]
    header = ["metric", "A", "B", "B - A", "95% CI", "p"]
    lead = (f"{count(result['documents'], 'document')} in both reports ({result['only_a']} only in A, {result['only_b']} only in B); "
            f"paired bootstrap, {count(result['samples'], 'sample')}, seed {result['seed']}")
    warning = [f"warning: {result['warning']}"] if result.get("warning") else []
    if fmt == "markdown":
        from annotator.report.escape import md
        from annotator.report.tables import md_table

        rows = [[md(name), *r[1:]] for name, r in zip(result["metrics"], rows)]
        return "\n".join(["## Comparison", "", lead, "", *(f"> **{w}**" for w in warning), "", md_table(header, rows)]) + "\n"
    return "\n".join([lead, *warning, "", grid(header, rows)]) + "\n"
