"""``annotator validate`` and ``annotator schema``: thin wrappers over plain functions."""

import json
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from annotator.report.progress import Bar, LazyBar, lazy_progress_bar, progress_bar
from annotator.io.corpus import DOCUMENTS, CorpusError, find_corpus_dir, load_labels, load_texts
from annotator.text.visible import visible
from annotator.validate.findings import Finding
from annotator.validate.run import DEFAULT_MAX_ERRORS, UnreadableFile, is_stdin, validate_files

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]")


class Kind(str, Enum):
    annotation = "annotation"
    prediction = "prediction"
    document = "document"


class Format(str, Enum):
    text = "text"
    json = "json"


class Engine(str, Enum):
    pydantic = "pydantic"
    jsonschema = "jsonschema"


def _fail(message: str, code: int = 2) -> typer.Exit:
    sys.stderr.write(message + "\n")
    return typer.Exit(code)


def _json_safe(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with what a terminal would act on escaped as ``\\uXXXX``
    (C1 controls, DEL, bidi formatting, lone surrogates): the same JSON value, safe to print."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def run_validate(
    files: list[Path],
    docs_path: Path | None = None,
    kind: str | None = None,
    fmt: str = "text",
    engine: str = "pydantic",
    out=None,
    max_errors: int = DEFAULT_MAX_ERRORS,
    quiet: bool = False,
    jobs: int | None = None,
) -> int:
    """Validate ``files`` (``-``: standard input); print findings as they are found (text) or
    one JSON report; return the exit code (0 valid, 1 problems, an invalid registry or label
    set included; 2 unreadable input, usage). ``jobs``
    processes (None: one per core, fewer for small inputs, one for a pipe) give the same
    output; with more than one, findings are printed as the chunks of lines complete in order."""
    out = out or sys.stdout
    corpus_dir = docs_path.parent if docs_path else find_corpus_dir()
    registry = docs_path or corpus_dir / DOCUMENTS
    try:
        docs = load_texts(registry) if registry.is_file() or docs_path else {}  # (what the checks read of each document)
        labels = load_labels(corpus_dir)
    except CorpusError as e:
        sys.stderr.write(visible(e) + "\n")
        return e.exit_code
    if sum(map(is_stdin, files)) > 1:
        sys.stderr.write("annotator validate: standard input (-) can be read only once\n")
        return 2
    for path in files:
        if not is_stdin(path) and path.is_dir():
            sys.stderr.write(visible(f"{path}: is a directory; name the .jsonl files (e.g. {path}/*.jsonl)") + "\n")
            return 2

    if jobs is None:
        from annotator.io.chunks import default_jobs  # (multiprocessing: not for --help)

        jobs = default_jobs(files)
    bar: Bar | LazyBar | None = None

    def show(finding: Finding) -> None:  # at most --max-errors a file: flushing each one costs nothing
        if bar is not None and out is sys.stdout and out.isatty():
            bar.echo(finding.format())  # the bar's terminal: printed above the bar, not through it
            return
        out.write(finding.format() + "\n")
        out.flush()

    try:
        # with processes, the bar appears once they are started (see LazyBar)
        with (lazy_progress_bar if jobs > 1 else progress_bar)("validating", unit="lines", quiet=quiet) as bar:
            report = validate_files(files, docs, labels, kind=kind, engine=engine, max_errors=max_errors,
                                    on_finding=show if fmt == "text" else None, progress=bar, jobs=jobs)
    except UnreadableFile as e:
        out.flush()
        sys.stderr.write(visible(e) + "\n")
        return 2
    if fmt == "json":
        text = json.dumps(
            {"valid": report.errors == 0, "errors": report.errors, "warnings": report.warnings, "not_shown": report.not_shown,
             "files": {name: {"kind": k, "records": n} for name, (k, n) in report.files.items()},
             "findings": [f.as_dict() for f in report.findings]},
            ensure_ascii=False, indent=2)
        out.write(_json_safe(text) + "\n")
    else:
        records = sum(n for _, n in report.files.values())
        summary = f"{len(report.files)} file(s), {records} record(s): "
        summary += "valid" if report.errors == 0 else f"{report.errors} error(s)"
        if report.warnings:
            summary += f", {report.warnings} warning(s)"
        out.flush()
        if report.not_shown:
            summary += f" ({report.not_shown} not shown: at most {max_errors} per file; --max-errors 0 shows all)"
        sys.stderr.write(summary + "\n")
    return 1 if report.errors else 0


def validate_command(
    files: Annotated[list[Path], typer.Argument(help="JSONL files to validate (annotations, predictions or documents); - reads standard input.", show_default=False)],
    docs: Annotated[Path | None, typer.Option("--docs", help="Document registry (default: corpus/documents.jsonl of the corpus found from here, or the bundled one).")] = None,
    kind: Annotated[Kind | None, typer.Option("--kind", help="Kind of every file (default: detected per file).")] = None,
    format: Annotated[Format, typer.Option("--format", help="text: one line per problem; json: for machines.")] = Format.text,
    engine: Annotated[Engine, typer.Option("--engine", help="Structural layer: the pydantic models (fast) or jsonschema against the checked-in schema files.")] = Engine.pydantic,
    max_errors: Annotated[int, typer.Option("--max-errors", min=0, help="Show at most this many problems per file; the rest are counted (0: show all).")] = DEFAULT_MAX_ERRORS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on a terminal.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Validate in this many processes, with the same output (default: one per core, one for small inputs or standard input).", show_default=False)] = None,
) -> None:
    code = run_validate(files, docs, kind.value if kind else None, format.value, engine.value, max_errors=max_errors, quiet=quiet, jobs=jobs)
    raise typer.Exit(code)


def schema_command(
    write: Annotated[bool, typer.Option("--write", help="Write schema/*.json from the models.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 when the checked-in files differ from the models.")] = False,
) -> None:
    from annotator.model.jsonschema import SCHEMAS, schema_dir, stale_schemas, write_schemas

    if write == check:
        raise _fail("annotator schema: give exactly one of --write or --check")
    if write:
        for path in write_schemas():
            typer.echo(f"wrote {path}")
        return
    stale = stale_schemas()
    for name in stale:
        sys.stderr.write(f"{schema_dir() / name}: differs from the models; run `annotator schema --write`\n")
    if stale:
        raise typer.Exit(1)
    typer.echo(f"{len(SCHEMAS)} schema files match the models")
