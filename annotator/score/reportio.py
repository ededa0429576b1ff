"""Reading JSON score reports back (``--baseline``, ``compare``, ``annotator report``) and
writing one run's reports to several files (``--report FORMAT:PATH``, repeatable)."""

import json
from pathlib import Path
from typing import Any, TextIO

from annotator.io.atomic import write_text_atomic
from annotator.report.escape import plain
from annotator.score.render import FORMATS, render_report
from annotator.score.report_format import REPORT_FORMAT, REPORT_VERSION, flat_vector


class ReportFileError(Exception):
    """A --baseline / compare / report input that is not a score report, or an output that
    cannot be written: one plain ``FILE: message`` line (exit 2)."""


def load_report(path: Path) -> dict[str, Any]:
    """A JSON score report, checked against its model, with compact per-document vectors."""
    # the model, only where a report is read back (a scoring run without --baseline never is)
    from pydantic import ValidationError

    from annotator.score.report_model import ScoreReport

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ReportFileError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ReportFileError(f"{path}: not UTF-8 (byte {e.start}): not a JSON score report") from None
    except json.JSONDecodeError as e:
        raise ReportFileError(f"{path}:{e.lineno}: not valid JSON: {e.msg}") from None
    except (ValueError, RecursionError) as e:  # integers over 4,300 digits; nesting deeper than the parser's stack
        reason = "nested too deeply" if isinstance(e, RecursionError) else plain(str(e).split(";")[0])
        raise ReportFileError(f"{path}: not a usable JSON document: {reason}") from None
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        raise ReportFileError(f"{path}: not an annotator score report (write one with --report json)")
    try:
        ScoreReport.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(plain(x) for x in first["loc"]) or "(top)"
        raise ReportFileError(f"{path}: {where}: {plain(first['msg'])} (not a valid score report of version {REPORT_VERSION})") from None
    except RecursionError:
        raise ReportFileError(f"{path}: not a usable score report: nested too deeply") from None
    data["per_document"] = {doc: flat_vector(vec) for doc, vec in data["per_document"].items()}
    return data


def parse_specs(reports: list[str] | None, output: Path | None) -> list[tuple[str, Path | None]]:
    """``--report FORMAT`` or ``FORMAT:PATH`` (repeatable; ``FORMAT:-`` is standard output) as
    (format, path or None for --output / standard output). Raises ReportFileError on a usage error."""
    specs: list[tuple[str, Path | None]] = []
    for spec in reports or ["table"]:
        fmt, sep, path = spec.partition(":")
        fmt = fmt.strip()
        if fmt not in FORMATS:
            raise ReportFileError(f"--report: unknown format {fmt!r} (choose from {', '.join(FORMATS)}; FORMAT:PATH writes it to PATH)")
        if sep and not path:
            raise ReportFileError(f"--report {spec!r}: no path after ':'")
        specs.append((fmt, Path(path) if sep and path != "-" else None))  # FORMAT:- is standard output
    unnamed = [s for s in specs if s[1] is None]
    if len(unnamed) > 1:
        raise ReportFileError("--report: only one report can go to --output or standard output; give the others as FORMAT:PATH")
    if output is not None:
        if not unnamed:
            raise ReportFileError("--output: every --report already names its file (FORMAT:PATH)")
        specs = [(f, output if p is None else p) for f, p in specs]
    return specs


def write_reports(data: dict[str, Any], specs: list[tuple[str, Path | None]], stdout: TextIO) -> list[Path]:
    """Render ``data`` in every format asked for and write each (atomically) or print it."""
    written = []
    for fmt, path in specs:
        text = render_report(data, fmt)
        if path is None:
            stdout.write(text)
            continue
        write_text(path, text)
        written.append(path)
    return written


def write_text(path: Path, text: str) -> None:
    try:
        write_text_atomic(path, text, backup=False)
    except OSError as e:
        raise ReportFileError(f"{path}: cannot write: {e.strerror or e}") from None
