"""``annotator score``, ``annotator compare``, ``annotator report`` and ``annotator
merge-reports``: thin typer wrappers over plain functions (``run_score``, ``run_compare``,
``run_report``, ``run_merge``) that tests call.

Only what the signatures need is imported here; the scorer, the models and numpy are
imported when a command runs (``annotator score --help`` stays fast)."""

import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

COMPARE_FORMATS = ("table", "json", "markdown")


class _Failed(Exception):
    """Stop with ``code`` (2 usage or unreadable input, 1 invalid input) after the lines have been reported."""

    def __init__(self, lines: list[str], code: int = 2) -> None:
        super().__init__("\n".join(lines))
        self.lines, self.code = lines, code


def _gate_dicts(results: list[Any], base: dict[str, Any] | None) -> list[dict[str, Any]]:
    from annotator.score.gates import metrics

    before = metrics(base) if base is not None else {}
    return [
        {"name": r.gate.name, "kind": r.gate.kind, "metric": r.gate.metric, "threshold": r.gate.threshold, "value": r.value,
         "baseline": r.baseline if r.baseline is not None else before.get(r.gate.metric), "passed": r.passed, "message": r.message}
        for r in results
    ]


def run_score(
    gold: Path,
    pred: Path,
    *,
    docs: Path | None = None,
    report: str | list[str] | None = None,
    output: Path | None = None,
    fail_under: list[str] | None = None,
    baseline: Path | None = None,
    max_drop: list[str] | None = None,
    bootstrap: int = 1000,
    seed: int = 0,
    min_iou: float = 0.5,
    tolerance: float = 1e-9,
    quiet: bool = False,
    shard: str | None = None,
    jobs: int | None = None,
    stdout: Any = None,
    stderr: Any = None,
) -> int:
    """Score, evaluate the gates, write every report; return the exit code (0, 1 a gate
    failed or invalid input, 2 usage or unreadable input; the last line on stderr says which,
    also with ``quiet``, which only leaves out the progress bar and the line of a run that passed). When the run cannot score, each JUnit report asked for still gets one
    failed test case naming the problem. ``shard`` "I/N" scores one shard of the documents;
    ``jobs`` processes (None: one per core, fewer for small inputs; the output is the same
    for any number)."""
    from annotator.score.gates import verdict
    from annotator.score.reportio import ReportFileError, parse_specs, write_reports

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        specs = parse_specs([report] if isinstance(report, str) else report, output)
    except ReportFileError as e:
        stderr.write(f"{e}\n")
        return 2
    try:
        data, results = _score(gold, pred, docs, fail_under, baseline, max_drop, bootstrap, seed, min_iou, tolerance, quiet, stderr,
                               shard, jobs)
        written = write_reports(data, specs, stdout)
    except _Failed as e:
        for line in e.lines:
            stderr.write(line + "\n")
        _junit_on_failure(specs, e.lines, stdout, stderr)
        if e.code == 1:  # (also with --quiet: the reason of a failure is always told)
            stderr.write("annotator score: invalid input (above): nothing scored\n")
        return e.code
    except ReportFileError as e:
        stderr.write(f"{e}\n")
        return 2
    failed = any(not r.passed for r in results)
    if failed or (written and not quiet):  # (a failed gate: this line tells it from invalid input, also exit 1; --quiet keeps it)
        where = f"report{'s' if len(written) > 1 else ''} written to {', '.join(map(str, written))}; " if written else ""
        stderr.write(f"annotator score: {where}{verdict(results)}\n")
    return 1 if failed else 0


def _score(gold: Path, pred: Path, docs: Path | None, fail_under: list[str] | None, baseline: Path | None, max_drop: list[str] | None,
           bootstrap: int, seed: int, min_iou: float, tolerance: float, quiet: bool, stderr: TextIO,
           shard: str | None = None, jobs: int | None = None) -> tuple[dict[str, Any], list[Any]]:
    from annotator.report.progress import lazy_progress_bar, progress_bar
    from annotator.score.document import Options
    from annotator.score.engine import ScoreInputError, score_files
    from annotator.score.gates import GateError, check_gates, parse_gate
    from annotator.io.chunks import default_jobs
    from annotator.score.provenance import input_file
    from annotator.score.reportio import ReportFileError, load_report
    from annotator.score.shard import parse_shard

    if bootstrap < 0:
        raise _Failed(["--bootstrap: must be >= 0"])
    if not 0.0 < min_iou <= 1.0:
        raise _Failed(["--min-iou: must be in (0, 1]"])
    if jobs is not None and jobs < 1:
        raise _Failed(["--jobs: must be >= 1"])
    try:
        shard_of = parse_shard(shard) if shard is not None else None
    except ValueError as e:
        raise _Failed([str(e)]) from None
    try:
        gates = [parse_gate("fail-under", g) for g in fail_under or []]
        gates += [parse_gate("max-drop", g) for g in max_drop or []]
        if any(g.kind == "max-drop" for g in gates) and baseline is None:
            raise GateError("--max-drop needs --baseline PREVIOUS_REPORT.json")
        base = load_report(baseline) if baseline is not None else None
    except (GateError, ReportFileError) as e:
        raise _Failed([str(e)]) from None
    try:
        if jobs is None:
            jobs = default_jobs([gold, pred])
        # with processes, the bar appears once they are started (see LazyBar)
        with (lazy_progress_bar if jobs > 1 else progress_bar)("scoring", stream=stderr, quiet=quiet) as progress:
            result = score_files([gold], [pred], docs=docs, options=Options(min_iou, tolerance), bootstrap=bootstrap, seed=seed,
                                 progress=progress, shard=shard_of, jobs=jobs)
    except ScoreInputError as e:
        raise _Failed(e.lines, e.exit_code) from None
    data = result.data
    try:
        results = check_gates(data, gates, base)
    except GateError as e:
        raise _Failed([str(e)]) from None
    if base is not None and baseline is not None:
        from annotator.score.stats import compare_reports

        comparison = compare_reports(base, data, samples=bootstrap, seed=seed)
        if not comparison["documents"]:
            raise _Failed([f"{baseline}: no document in common with this run: not a baseline of these inputs"])
        data["comparison"] = comparison
        data["provenance"]["inputs"]["baseline"] = input_file(baseline)
    data["gates"] = _gate_dicts(results, base)
    return data, results


def _junit_on_failure(specs: list[tuple[str, Path | None]], lines: list[str], stdout: TextIO, stderr: TextIO) -> None:
    from annotator.score.render import render_junit_error
    from annotator.score.reportio import ReportFileError, write_text

    text = render_junit_error(lines)
    for fmt, path in specs:
        if fmt != "junit":
            continue
        if path is None:
            stdout.write(text)
            continue
        try:
            write_text(path, text)
        except ReportFileError as e:
            stderr.write(f"{e}\n")


def run_compare(a: Path, b: Path, *, report: str = "table", output: Path | None = None, bootstrap: int = 1000, seed: int = 0,
                quiet: bool = False, stdout: Any = None, stderr: Any = None) -> int:
    """Paired comparison of two JSON reports; 0, or 2 for unusable input or output."""
    from annotator.score.render import render_comparison
    from annotator.score.reportio import ReportFileError, load_report, write_text
    from annotator.score.stats import compare_reports

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if report not in COMPARE_FORMATS:
        stderr.write(f"--report: unknown format {report!r} (choose from {', '.join(COMPARE_FORMATS)})\n")
        return 2
    if bootstrap < 0:
        stderr.write("--bootstrap: must be >= 0\n")
        return 2
    try:
        ra, rb = load_report(a), load_report(b)
        result = compare_reports(ra, rb, samples=bootstrap, seed=seed)
        if not result["documents"]:
            raise ReportFileError(f"{a}, {b}: no document in common: nothing to compare")
        if result.get("warning") and not quiet:
            stderr.write(f"annotator compare: warning: {result['warning']}\n")
        text = render_comparison(result, report)
        if output is not None:
            write_text(output, text)
        else:
            stdout.write(text)
    except ReportFileError as e:
        stderr.write(f"{e}\n")
        return 2
    return 0


def run_report(source: Path, *, report: list[str] | None = None, output: Path | None = None, stdout: Any = None, stderr: Any = None) -> int:
    """Render a JSON score report in other formats (no new scoring); 0, or 2."""
    from annotator.score.reportio import ReportFileError, load_report, parse_specs, write_reports

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        specs = parse_specs(report, output)
        write_reports(load_report(source), specs, stdout)
    except ReportFileError as e:
        stderr.write(f"{e}\n")
        return 2
    return 0


REPORT_HELP = "FORMAT or FORMAT:PATH, repeatable: table, json, markdown, junit, html (one run, every report)."


def score_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotation JSONL file, or a directory of them.")],
    pred: Annotated[Path, typer.Argument(help="Prediction JSONL file, or a directory of them.")],
    docs: Annotated[Path | None, typer.Option("--docs", help="Document registry (default: embedded texts, then the corpus registry).")] = None,
    report: Annotated[list[str] | None, typer.Option("--report", help=REPORT_HELP, metavar="FORMAT[:PATH]")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report without a PATH to this file (atomically).")] = None,
    fail_under: Annotated[list[str] | None, typer.Option("--fail-under", help="Gate METRIC=VALUE, e.g. entities.strict.f1=0.8 (repeatable).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="A previous JSON report to compare with.")] = None,
    max_drop: Annotated[list[str] | None, typer.Option("--max-drop", help="Gate METRIC=DELTA against --baseline (repeatable).")] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap samples for 95% intervals (0: none).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    min_iou: Annotated[float, typer.Option("--min-iou", help="Minimum intersection-over-union of the overlap scheme.")] = 0.5,
    tolerance: Annotated[float, typer.Option("--tolerance", help="Relative tolerance of numeric claim values.")] = 1e-9,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, and no summary line unless a gate failed (errors are still printed).")] = False,
    shard: Annotated[str | None, typer.Option("--shard", help="I/N: score only shard I of N (by a stable hash of doc_id); merge the JSON reports with merge-reports.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Processes (default: one per core, fewer for small inputs); the output is the same for any number.")] = None,
) -> None:
    """Score extractor predictions against gold annotations."""
    raise typer.Exit(
        run_score(gold, pred, docs=docs, report=report, output=output, fail_under=fail_under, baseline=baseline,
                  max_drop=max_drop, bootstrap=bootstrap, seed=seed, min_iou=min_iou, tolerance=tolerance, quiet=quiet,
                  shard=shard, jobs=jobs)
    )


def compare_command(
    report_a: Annotated[Path, typer.Argument(help="JSON score report A (before).")],
    report_b: Annotated[Path, typer.Argument(help="JSON score report B (after).")],
    report: Annotated[str, typer.Option("--report", help="table, json or markdown.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap samples.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No warning on standard error (it stays in the output).")] = False,
) -> None:
    """Paired difference B - A of every headline metric, with 95% interval and p-value."""
    raise typer.Exit(run_compare(report_a, report_b, report=report, output=output, bootstrap=bootstrap, seed=seed, quiet=quiet))


def report_command(
    source: Annotated[Path, typer.Argument(help="A JSON score report (annotator score --report json:FILE).")],
    report: Annotated[list[str] | None, typer.Option("--report", help=REPORT_HELP, metavar="FORMAT[:PATH]")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report without a PATH to this file (atomically).")] = None,
) -> None:
    """Render a JSON score report as table, markdown, junit or html, without scoring again."""
    raise typer.Exit(run_report(source, report=report, output=output))


def run_merge(
    reports: list[Path], *, output: Path | None = None, report: str | list[str] | None = None, bootstrap: int = 1000, seed: int = 0,
    fail_under: list[str] | None = None, quiet: bool = False, stdout: Any = None, stderr: Any = None,
) -> int:
    """Merge JSON score reports of disjoint documents (shards) into the report of all of them,
    evaluate ``fail_under`` gates on it; exit code as ``run_score``'s (1: a gate failed, or
    a document in two reports; 2: usage, a file that is not a usable score report)."""
    from annotator.score.gates import GateError, check_gates, parse_gate, verdict
    from annotator.score.merge import MergeError, ReportsOverlap, merge_reports
    from annotator.score.reportio import ReportFileError, load_report, parse_specs, write_reports
    from annotator.text.words import count

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if bootstrap < 0:
        stderr.write("--bootstrap: must be >= 0\n")
        return 2
    try:
        specs = parse_specs([report] if isinstance(report, str) else (report or ["json"]), output)
        gates = [parse_gate("fail-under", g) for g in fail_under or []]
        data = merge_reports([load_report(path) for path in reports], bootstrap=bootstrap, seed=seed)
        results = check_gates(data, gates, None)
        data["gates"] = _gate_dicts(results, None)
        written = write_reports(data, specs, stdout)
    except (ReportFileError, GateError) as e:
        stderr.write(f"{e}\n")
        return 2
    except MergeError as e:
        stderr.write(f"annotator merge-reports: {e}\n")
        return 1 if isinstance(e, ReportsOverlap) else 2
    failed = any(not r.passed for r in results)
    if failed or (written and not quiet):  # (--quiet keeps the line of a failed gate)
        where = f", written to {', '.join(map(str, written))}" if written else ""
        said = f"; {verdict(results)}" if results else ""
        stderr.write(f"annotator merge-reports: {count(len(reports), 'report')}, {count(data['documents']['scored'], 'document')}{where}{said}\n")
    return 1 if failed else 0


def merge_command(
    reports: Annotated[list[Path], typer.Argument(help="JSON score reports of disjoint documents (for example of --shard 1/N ... N/N).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the merged report without a PATH to this file (atomically).")] = None,
    report: Annotated[list[str] | None, typer.Option("--report", help=REPORT_HELP + " Default: json.", metavar="FORMAT[:PATH]")] = None,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap samples for 95% intervals, from the merged per-document vectors (0: none).")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    fail_under: Annotated[list[str] | None, typer.Option("--fail-under", help="Gate METRIC=VALUE on the merged report (repeatable).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line unless a gate failed (errors are still printed).")] = False,
) -> None:
    """Merge JSON score reports of disjoint document sets: the same report as scoring them all at once."""
    raise typer.Exit(run_merge(reports, output=output, report=report, bootstrap=bootstrap, seed=seed, fail_under=fail_under, quiet=quiet))
