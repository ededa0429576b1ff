"""``annotator export`` and ``annotator import``: thin wrappers over plain functions.

Exit codes of ``export``: 0 written and nothing lost (or the loss accepted with
``--allow-loss``); 1 written, but the format could not hold everything (the summary says
what, with counts and examples), or invalid input (the export stops); 2 unreadable
input, usage. The last line on stderr says which 1 it was.
Exit codes of ``import``: 0 every record valid and written; 1 the source is not valid in its
format, or a span or record does not fit its document (one ``FILE:LINE`` line each; nothing
is written); 2 unreadable input, usage.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.convert import EXPORT_FORMATS, FORMATS, IMPORT_FORMATS, format_module

ExportFormat = Enum("ExportFormat", {name: name for name in EXPORT_FORMATS}, type=str)  # type: ignore[misc]
ImportFormat = Enum("ImportFormat", {name: name for name in IMPORT_FORMATS}, type=str)  # type: ignore[misc]


class Snap(str, Enum):
    expand = "expand"
    contract = "contract"


def run_export(
    inputs: list[Path], to: str, out: Path, *, docs: Path | None = None, snap: str | None = None,
    lang: str = "xx", predictions: bool = False, allow_loss: bool = False, stderr: Any = None,
) -> int:
    """Export annotation files to ``to``; print the summary and the loss; return the exit code."""
    from annotator.convert.common import ConvertError, ExportOptions, entity_labels, load_items
    from annotator.text.visible import visible

    stderr = stderr or sys.stderr
    inputs_resolved = {p.resolve() for p in inputs if p.is_file()} | {f.resolve() for p in inputs if p.is_dir() for f in p.glob("*.jsonl")}
    if out.resolve() in inputs_resolved:
        stderr.write(f"{out}: is one of the input files; choose another --out\n")
        return 2
    try:
        items, _, labels = load_items(inputs, docs)
        options = ExportOptions(labels=entity_labels(items, labels), snap=snap, lang=lang, predictions=predictions,
                                colors={label.name: label.color for label in labels.labels})
        loss = format_module(to).export(items, out, options)
    except ConvertError as e:
        stderr.write("".join(visible(line) + "\n" for line in e.lines))
        if e.exit_code == 1:
            stderr.write(f"{to}: invalid input (above); export stopped\n")
        return e.exit_code
    except OSError as e:
        stderr.write(f"{out}: cannot write: {e.strerror or e}\n")
        return 2
    counts = [sum(len(i.record[layer]) for i in items) for layer in ("entities", "quotes", "claims")]
    stderr.write(f"{to}: exported {len(items)} record(s) ({counts[0]} entities, {counts[1]} quotes, {counts[2]} claims) to {out}\n")
    for line in loss.lines():
        stderr.write(f"{to}: {visible(line)}\n")
    if loss and not allow_loss:
        stderr.write(f"{to}: the format cannot hold everything (above); exit 1. Pass --allow-loss to accept the loss.\n")
        return 1
    return 0


def run_import(
    source: Path, fmt: str, out: Path, *, docs: Path | None = None, annotator: str = "import",
    status: str = "draft", stderr: Any = None,
) -> int:
    """Import ``source`` from ``fmt`` into annotation JSONL at ``out``; return the exit code."""
    from annotator.convert.build import Options, build_record
    from annotator.convert.common import ConvertError
    from annotator.io.atomic import write_jsonl_atomic
    from annotator.model import Annotation
    from annotator.score.engine import ScoreInputError, load_registry
    from annotator.text.visible import visible

    stderr = stderr or sys.stderr
    if not source.exists():
        stderr.write(f"{source}: no such file or directory\n")
        return 2
    try:
        registry, labels = load_registry(docs)
        drafts = format_module(fmt).read(source, registry)
    except (ConvertError, ScoreInputError) as e:
        stderr.write("".join(visible(line) + "\n" for line in e.lines))
        if e.exit_code == 1:
            stderr.write(f"{fmt}: invalid input (above); nothing written\n")
        return e.exit_code
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:  # a shape the reader did not expect
        stderr.write(f"{source}: not a {fmt} file this import understands ({type(e).__name__}: {visible(e)})\n")
        stderr.write(f"{fmt}: invalid input (above); nothing written\n")
        return 1
    if source.is_dir():  # one file per document, listed by name: put them in the corpus's order
        order = {doc_id: i for i, doc_id in enumerate(registry)}
        drafts.sort(key=lambda d: order.get(d.doc_id, len(order)))
    opts = Options(registry, labels, annotator, status)
    records, errors, seen = [], [], {}
    for draft in drafts:
        key = (draft.doc_id, draft.annotator or annotator)
        if key in seen:
            errors.append(f"{draft.file}:{draft.line}: a second record for document {draft.doc_id!r} by {key[1]!r} (first at {seen[key]})")
            continue
        seen[key] = f"{draft.file}:{draft.line}"
        record, problems = build_record(draft, opts)
        errors.extend(problems)
        if record is not None:
            records.append(record)
    for line in errors:
        stderr.write(visible(line) + "\n")
    if errors:
        stderr.write(f"{fmt}: {len(errors)} error(s); nothing written\n")
        return 1
    try:
        write_jsonl_atomic(out, [Annotation.model_validate(r) for r in records])
    except OSError as e:
        stderr.write(f"{out}: cannot write: {e.strerror or e}\n")
        return 2
    counts = [sum(len(r[layer]) for r in records) for layer in ("entities", "quotes", "claims")]
    stderr.write(f"{fmt}: imported {len(records)} record(s) ({counts[0]} entities, {counts[1]} quotes, {counts[2]} claims) to {out}\n")
    return 0


_FORMATS_HELP = "; ".join(f"{name}: {what}" for name, (_, _, what) in FORMATS.items())


def export_command(
    inputs: Annotated[list[Path], typer.Argument(help="Annotation JSONL files or directories of them (e.g. corpus/gold).", show_default=False)],
    to: Annotated[ExportFormat, typer.Option("--to", help="The format to write.")] = ExportFormat.flat,  # type: ignore[attr-defined]
    out: Annotated[Path, typer.Option("--out", help=f"Where to write ({_FORMATS_HELP}).", show_default=False)] = ...,  # type: ignore[assignment]
    docs: Annotated[Path | None, typer.Option("--docs", help="Document registry (default: the corpus found from here).")] = None,
    snap: Annotated[Snap | None, typer.Option("--snap", help="spacy, conll: move spans that are not on token boundaries out (expand) or in (contract) to the nearest ones; reported. Default: drop and report them.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="spacy: the language of the blank tokenizer (xx, ar ...).")] = "xx",
    predictions: Annotated[bool, typer.Option("--predictions", help="labelstudio: write the spans as predictions (pre-annotations) instead of annotations.")] = False,
    allow_loss: Annotated[bool, typer.Option("--allow-loss", help="Exit 0 even when the format cannot hold everything (the loss is still printed).")] = False,
) -> None:
    raise typer.Exit(run_export(inputs, to.value, out, docs=docs, snap=snap.value if snap else None, lang=lang, predictions=predictions, allow_loss=allow_loss))


def import_command(
    source: Annotated[Path, typer.Argument(help="The file (or brat directory) to import.", show_default=False)],
    from_: Annotated[ImportFormat, typer.Option("--from", help="The format of SOURCE.")] = ImportFormat.flat,  # type: ignore[attr-defined]
    out: Annotated[Path, typer.Option("--out", help="The annotation JSONL file to write.", show_default=False)] = ...,  # type: ignore[assignment]
    docs: Annotated[Path | None, typer.Option("--docs", help="Document registry to check the texts against (default: the corpus found from here).")] = None,
    annotator: Annotated[str, typer.Option("--annotator", help="Annotator name for records whose format does not carry one.")] = "import",
    status: Annotated[str, typer.Option("--status", help="Status for records whose format does not carry one (draft or done).")] = "draft",
) -> None:
    raise typer.Exit(run_import(source, from_.value, out, docs=docs, annotator=annotator, status=status))
