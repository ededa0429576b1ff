"""``annotator assign`` and ``annotator status``: thin typer wrappers over :func:`run_assign`
and :func:`run_status` (heavy modules imported inside, so that ``annotator --help`` stays fast)."""

import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.model.assignments import ANNOTATOR_NAME_PATTERN


def parse_annotators(value: str) -> list[str]:
    """``a,b,c`` as a list of names; raises ValueError with the message for a bad one."""
    from annotator.text.visible import visible

    names = [n.strip() for n in value.split(",")]
    for name in names:
        if not re.fullmatch(ANNOTATOR_NAME_PATTERN.strip("^$"), name):
            shown = visible(name) if name else "an empty name"
            raise ValueError(f"--annotators: {shown!r} is not an annotator name (1 to 64 letters, digits, '.', '_' or '-', "
                             "starting with a letter or digit: it names the file annotations/NAME.jsonl)" if name else f"--annotators: {shown} in {visible(value)!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"--annotators: a name is given twice in {visible(value)!r}")
    return names


def run_assign(annotators: str, *, overlap: float = 0.0, seed: int = 0, corpus: Path | None = None, out: Path | None = None,
               force: bool = False, stdout: Any = None, stderr: Any = None) -> int:
    """Draw the assignments and write them (atomically); the exit code (0; 1 an invalid corpus
    registry or label set; 2 usage, unreadable input, assignments that would be replaced)."""
    from annotator.io.atomic import write_text_atomic
    from annotator.io.corpus import Corpus, CorpusError
    from annotator.team.assign import AssignError, assign, loads, pair_counts
    from annotator.team.assignments import ASSIGNMENTS, render_assignments
    from annotator.text.visible import visible

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr

    def fail(line: str) -> int:
        stderr.write(visible(line) + "\n")
        return 2

    try:
        names = parse_annotators(annotators)
    except ValueError as e:
        return fail(str(e))
    if not 0.0 <= overlap <= 1.0:
        return fail(f"--overlap: must be between 0 and 1 (a fraction of the documents), not {overlap:g}")
    if overlap > 0 and len(names) < 2:
        return fail("--overlap: double annotation needs at least two annotators (or use --overlap 0)")
    try:
        loaded = Corpus.load(corpus)
    except CorpusError as e:
        fail(str(e))
        return e.exit_code
    if not loaded.documents:
        return fail(f"{loaded.directory}: the corpus has no documents to assign (add some with `annotator add`)")
    try:
        plan = assign(loaded.doc_ids, names, overlap, seed)
    except AssignError as e:
        return fail(f"annotator assign: {e}")
    target = out or loaded.directory / ASSIGNMENTS
    text = render_assignments(plan)
    try:
        old = target.read_text(encoding="utf-8") if target.is_file() else None
    except (OSError, UnicodeDecodeError):
        old = ""
    if old is not None and old != text and not force:
        return fail(f"{target}: already exists with other assignments; annotators may have started on them (--force replaces it, keeping {target.name}.bak)")
    if old != text:
        try:
            write_text_atomic(target, text)
        except OSError as e:
            return fail(f"{target}: cannot write: {e.strerror or e}")
    double = sum(len(d.annotators) == 2 for d in plan.document)
    load = ", ".join(f"{a} {n}" for a, n in loads(plan).items())
    pairs = ", ".join(f"{a}+{b} {n}" for (a, b), n in pair_counts(plan).items())
    stdout.write(visible(f"{'unchanged' if old == text else 'wrote'} {target}: {len(plan.document)} documents, {double} annotated twice; "
                         f"documents per annotator: {load}" + (f"; twice-annotated per pair: {pairs}" if double else "")) + "\n")
    return 0


def run_status(corpus: Path | None = None, *, fmt: str = "table", now: Any = None, stdout: Any = None, stderr: Any = None) -> int:
    """Print the team's progress; the exit code (0; 1 invalid records, assignments, registry
    or label set; 2 unreadable input, usage)."""
    from annotator.io.corpus import CorpusError, find_corpus_dir
    from annotator.team.assignments import AssignmentsError
    from annotator.team.render import FORMATS, render_status
    from annotator.team.status import StatusInputError, collect_status
    from annotator.text.visible import visible

    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    if fmt not in FORMATS:
        stderr.write(visible(f"--format: unknown format {fmt!r} (choose from {', '.join(FORMATS)})") + "\n")
        return 2
    try:
        status = collect_status(corpus or find_corpus_dir(), now=now)
    except (CorpusError, AssignmentsError, StatusInputError) as e:
        stderr.write(visible(e) + "\n")
        return 2 if isinstance(e, StatusInputError) else e.exit_code
    stdout.write(render_status(status, fmt))
    for line in status.errors:
        stderr.write(visible(line) + "\n")
    return 1 if status.errors else 0


def assign_command(
    annotators: Annotated[str, typer.Option("--annotators", help="Comma-separated annotator names, e.g. ana,badr,carla.")],
    overlap: Annotated[float, typer.Option("--overlap", help="Fraction of the documents annotated by two annotators (0 to 1).")] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draw: the same seed gives the same assignment.")] = 0,
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus directory (default: ./corpus or the bundled one).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write (default: CORPUS/assignments.toml).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file with other assignments.")] = False,
) -> None:
    """Assign the corpus's documents to annotators, fairly and deterministically."""
    raise typer.Exit(run_assign(annotators, overlap=overlap, seed=seed, corpus=corpus, out=out, force=force))


def status_command(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus directory (default: ./corpus or the bundled one).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or markdown (a CI job summary).")] = "table",
) -> None:
    """Per annotator and document: assigned, draft or done, spans per label, time since the last change."""
    raise typer.Exit(run_status(corpus, fmt=fmt))
