"""``annotator score`` and ``annotator compare``: thin typer wrappers over plain functions."""

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.io.atomic import write_text_atomic
from annotator.score.document import Options
from annotator.score.engine import REPORT_FORMAT, ScoreInputError, score_files
from annotator.score.gates import GateError, check_gates, parse_gate
from annotator.score.render import FORMATS, render_report
from annotator.score.stats import compare_reports
from annotator.text.words import count

#: Above this many bytes of gold input a terminal gets a progress bar (on stderr).
PROGRESS_BYTES = 2_000_000


class ReportFileError(Exception):
    """A --baseline / compare input that is not a score report (one ``FILE: message`` line)."""


def load_report(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ReportFileError(f"{path}: cannot read: {e.strerror or e}") from None
    except ValueError as e:
        raise ReportFileError(f"{path}:{getattr(e, 'lineno', 1)}: not valid JSON: {getattr(e, 'msg', e)}") from None
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        raise ReportFileError(f"{path}: not an annotator score report (write one with --report json)")
    return data


class _Progress:
    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done != total:
            return
        self.last = now
        frac = done / total if total else 0.0
        bar = "#" * int(30 * frac)
        self.stream.write(f"\rscoring [{bar:<30}] {done}/{count(total, 'document')}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run_score(
    gold: Path,
    pred: Path,
    *,
    docs: Path | None = None,
    report: str = "table",
    output: Path | None = None,
    fail_under: list[str] | None = None,
    baseline: Path | None = None,
    max_drop: list[str] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    min_iou: float = 0.5,
    tolerance: float = 1e-9,
    stdout: Any = None,
    stderr: Any = None,
) -> int:
    """Score, evaluate the gates, write the report; return the exit code (0, 1 gate failed, 2 bad input)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr

    def fail(line: str) -> int:
        stderr.write(line + "\n")
        return 2

    if report not in FORMATS:
        return fail(f"--report: unknown format {report!r} (choose from {', '.join(FORMATS)})")
    if bootstrap < 0:
        return fail("--bootstrap: must be >= 0")
    if not 0.0 < min_iou <= 1.0:
        return fail("--min-iou: must be in (0, 1]")
    try:
        gates = [parse_gate("fail-under", g) for g in fail_under or []]
        gates += [parse_gate("max-drop", g) for g in max_drop or []]
        if any(g.kind == "max-drop" for g in gates) and baseline is None:
            raise GateError("--max-drop needs --baseline PREVIOUS_REPORT.json")
        base = load_report(baseline) if baseline is not None else None
    except (GateError, ReportFileError) as e:
        return fail(str(e))
    progress = None
    if getattr(stderr, "isatty", lambda: False)() and gold.is_file() and gold.stat().st_size > PROGRESS_BYTES:
        progress = _Progress(stderr)
    try:
        result = score_files([gold], [pred], docs=docs, options=Options(min_iou, tolerance), bootstrap=bootstrap, seed=seed, progress=progress)
    except ScoreInputError as e:
        for line in e.lines:
            stderr.write(line + "\n")
        return 2
    data = result.data
    try:
        results = check_gates(data, gates, base)
    except GateError as e:
        return fail(str(e))
    if base is not None:
        data["comparison"] = compare_reports(base, data, samples=bootstrap, seed=seed)
    data["gates"] = [
        {"name": r.gate.name, "kind": r.gate.kind, "metric": r.gate.metric, "threshold": r.gate.threshold,
         "value": r.value, "baseline": r.baseline, "passed": r.passed, "message": r.message}
        for r in results
    ]
    text = render_report(data, report)
    if output is not None:
        try:
            write_text_atomic(output, text, backup=False)
        except OSError as e:
            return fail(f"{output}: cannot write: {e.strerror or e}")
        failed = [r for r in results if not r.passed]
        gates = f"{count(len(results) - len(failed), 'gate')} passed, {len(failed)} failed" if results else "no gates"
        stderr.write(f"annotator score: report written to {output}; {gates}\n")
    else:
        stdout.write(text)
    return 1 if any(not r.passed for r in results) else 0


def render_comparison(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    rows = [[name, f"{m['a']:.4f}", f"{m['b']:.4f}", f"{m['difference']:+.4f}", f"[{m['interval'][0]:+.4f}, {m['interval'][1]:+.4f}]", f"{m['p_value']:.3f}"] for name, m in result["metrics"].items()]
    header = ["metric", "A", "B", "B - A", "95% CI", "p"]
    lead = f"{count(result['documents'], 'document')} in both reports ({result['only_a']} only in A, {result['only_b']} only in B); paired bootstrap, {count(result['samples'], 'sample')}, seed {result['seed']}"
    if fmt == "markdown":
        lines = ["## Comparison", "", lead, "", "| " + " | ".join(header) + " |", "|---|" + "---:|" * 5]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    from annotator.score.render import _grid

    return lead + "\n\n" + _grid(header, rows) + "\n"


def run_compare(a: Path, b: Path, *, report: str = "table", output: Path | None = None, bootstrap: int = 1000, seed: int = 0, stdout: Any = None, stderr: Any = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if report not in ("table", "json", "markdown"):
        stderr.write(f"--report: unknown format {report!r} (choose from table, json, markdown)\n")
        return 2
    try:
        ra, rb = load_report(a), load_report(b)
    except ReportFileError as e:
        stderr.write(f"{e}\n")
        return 2
    text = render_comparison(compare_reports(ra, rb, samples=bootstrap, seed=seed), report)
    if output is not None:
        write_text_atomic(output, text, backup=False)
    else:
        stdout.write(text)
    return 0


def score_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotation JSONL file, or a directory of them.")],
    pred: Annotated[Path, typer.Argument(help="Prediction JSONL file, or a directory of them.")],
    docs: Annotated[Path | None, typer.Option("--docs", help="Document registry (default: embedded texts, then the corpus registry).")] = None,
    report: Annotated[str, typer.Option("--report", help="table, json, markdown, junit or html.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")] = None,
    fail_under: Annotated[list[str] | None, typer.Option("--fail-under", help="Gate METRIC=VALUE, e.g. entities.strict.f1=0.8 (repeatable).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="A previous JSON report to compare with.")] = None,
    max_drop: Annotated[list[str] | None, typer.Option("--max-drop", help="Gate METRIC=DELTA against --baseline (repeatable).")] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap samples for 95% intervals (0: none).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    min_iou: Annotated[float, typer.Option("--min-iou", help="Minimum intersection-over-union of the overlap scheme.")] = 0.5,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Relative tolerance of numeric claim values.")] = 1e-9,
) -> None:
    """Score extractor predictions against gold annotations."""
    raise typer.Exit(
        run_score(gold, pred, docs=docs, report=report, output=output, fail_under=fail_under, baseline=baseline,
                  max_drop=max_drop, bootstrap=bootstrap, seed=seed, min_iou=min_iou, tolerance=tolerance)
    )


def compare_command(
    report_a: Annotated[Path, typer.Argument(help="JSON score report A (before).")],
    report_b: Annotated[Path, typer.Argument(help="JSON score report B (after).")],
    report: Annotated[str, typer.Option("--report", help="table, json or markdown.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap samples.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
) -> None:
    """Paired difference B - A of every headline metric, with 95% interval and p-value."""
    raise typer.Exit(run_compare(report_a, report_b, report=report, output=output, bootstrap=bootstrap, seed=seed))
