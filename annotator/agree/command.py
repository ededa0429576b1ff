"""``annotator agree``: a thin typer wrapper over :func:`run_agree` (heavy modules imported
inside, so that ``annotator --help`` stays fast)."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer


def run_agree(
    paths: list[Path],
    *,
    docs: Path | None = None,
    include_drafts: bool = False,
    report: str = "table",
    output: Path | None = None,
    fail_under: list[str] | None = None,
    against: Path | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    min_iou: float = 0.5,
    tolerance: float = 1e-9,
    stdout: Any = None,
    stderr: Any = None,
) -> int:
    """Measure agreement, check the gates, write the report; the exit code (0; 1 a gate failed
    or invalid input, the last line on stderr says which; 2 usage or unreadable input)."""
    from annotator.agree.compute import agree_files
    from annotator.agree.render import FORMATS, render_report
    from annotator.agree.report import check_gates
    from annotator.io.atomic import write_text_atomic
    from annotator.score.document import Options
    from annotator.score.engine import ScoreInputError
    from annotator.score.gates import GateError, parse_gate, verdict
    from annotator.text.visible import visible

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr

    def fail(line: str) -> int:
        stderr.write(visible(line) + "\n")
        return 2

    if report not in FORMATS:
        return fail(f"--report: unknown format {report!r} (choose from {', '.join(FORMATS)})")
    if bootstrap < 0:
        return fail("--bootstrap: must be >= 0")
    if not 0.0 < min_iou <= 1.0:
        return fail("--min-iou: must be in (0, 1]")
    try:
        gates = [parse_gate("fail-under", g) for g in fail_under or []]
        data = agree_files(paths, docs=docs, include_drafts=include_drafts, options=Options(min_iou, tolerance), bootstrap=bootstrap, seed=seed, against=against)
        results = check_gates(data, gates)
    except GateError as e:
        return fail(str(e))
    except ScoreInputError as e:
        for line in e.lines:
            stderr.write(visible(line) + "\n")
        if e.exit_code == 1:
            stderr.write("annotator agree: invalid input (above): nothing compared\n")
        return e.exit_code
    reasons = [f"{r.gate.metric} = {_fmt(data['metrics'][r.gate.metric])}, must be >= {r.gate.threshold:g}" for r in results]
    data["gates"] = [
        {"name": r.gate.name, "metric": r.gate.metric, "threshold": r.gate.threshold, "value": data["metrics"][r.gate.metric], "passed": r.passed,
         "message": f"{reason}: {'ok' if r.passed else 'FAILED'}"}
        for r, reason in zip(results, reasons)
    ]
    if not data["documents"]["compared"]:
        stderr.write("annotator agree: no document has records of two annotators: nothing to compare\n")
    text = render_report(data, report)
    failed = sum(not r.passed for r in results)
    said = verdict(results, reasons)
    if output is not None:
        try:
            write_text_atomic(output, text, backup=False)
        except OSError as e:
            return fail(f"{output}: cannot write: {e.strerror or e}")
        stderr.write(f"annotator agree: report written to {output}; {said}\n")
    else:
        stdout.write(text)
        if failed:
            stderr.write(f"annotator agree: {said}\n")
    return 1 if failed else 0


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.4f}"


def agree_command(
    paths: Annotated[list[Path], typer.Argument(help="Annotation JSONL files or directories of them (two or more annotators).")],
    docs: Annotated[Path | None, typer.Option("--docs", help="Document registry (default: embedded texts, then the corpus registry).")] = None,
    include_drafts: Annotated[bool, typer.Option("--include-drafts", help="Compare draft records too (default: only status done).")] = False,
    report: Annotated[str, typer.Option("--report", help="table, json, markdown or html.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")] = None,
    fail_under: Annotated[list[str] | None, typer.Option("--fail-under", help="Gate METRIC=VALUE, e.g. entities.alpha=0.8 (repeatable).")] = None,
    against: Annotated[Path | None, typer.Option("--against", help="Adjudicated gold: how often each annotator agreed with it.")] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap samples over documents for 95% intervals (0: none).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    min_iou: Annotated[float, typer.Option("--min-iou", help="Minimum intersection-over-union of the overlap scheme.")] = 0.5,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Relative tolerance of numeric claim values.")] = 1e-9,
) -> None:
    """Inter-annotator agreement: F1 under every scheme, kappas, unitized alpha, attributes."""
    raise typer.Exit(
        run_agree(paths, docs=docs, include_drafts=include_drafts, report=report, output=output, fail_under=fail_under,
                  against=against, bootstrap=bootstrap, seed=seed, min_iou=min_iou, tolerance=tolerance)
    )
