"""The ``annotator`` command line: thin wrappers over plain functions.

Exit codes: 0 ok, 1 findings (invalid data, a failed gate), 2 usage or unreadable input.
Errors are one plain line ``FILE:LINE: message``, never a traceback.
"""

import sys

import typer

from annotator.agree.command import agree_command
from annotator.convert.command import export_command, import_command
from annotator.extract.command import extract_command
from annotator.io.command import add_command
from annotator.score.command import compare_command, report_command, score_command
from annotator.team.command import assign_command, status_command
from annotator.tui.adjudicate_command import adjudicate_command
from annotator.tui.command import annotate_command
from annotator.tui.merge import merge_mine_command
from annotator.validate.command import schema_command, validate_command

app = typer.Typer(
    name="annotator",
    help="Build gold corpora of entities, quotes and numeric claims on Arabic text, and score extractors against them.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

app.command("annotate", help="Open the terminal annotator (default: the seed article of the bundled corpus).")(annotate_command)
app.command("merge-mine", help="Merge FILE.mine-PID (work annotate could not save) back into FILE.")(merge_mine_command)
app.command("validate", help="Validate annotation, prediction and document JSONL files.")(validate_command)
app.command("add", help="Register text files as documents of a corpus (stored NFC).")(add_command)
app.command("schema", help="Write or check the JSON Schema files generated from the models.")(schema_command)
app.command("score", help="Score extractor predictions against gold annotations, with reports and CI gates.")(score_command)
app.command("compare", help="Compare two JSON score reports: paired differences with intervals.")(compare_command)
app.command("report", help="Render a JSON score report as table, markdown, junit or html (no new scoring).")(report_command)
app.command("extract", help="Run the baseline Arabic extractor over a corpus and write prediction JSONL.")(extract_command)
app.command("export", help="Export annotations to another format (flat JSONL, brat, doccano, Label Studio, INCEpTION, spaCy, CoNLL, W3C).")(export_command)
app.command("import", help="Import annotations from any of the export formats into annotation records, every span checked.")(import_command)
app.command("adjudicate", help="Resolve several annotators' disagreements into one gold file, in the terminal annotator.")(adjudicate_command)
app.command("agree", help="Inter-annotator agreement of annotation files: F1 under every scheme, kappas, alpha, gates.")(agree_command)
app.command("assign", help="Assign the corpus's documents to a team of annotators (corpus/assignments.toml), with an overlap for double annotation.")(assign_command)
app.command("status", help="A team's progress: per annotator and document, assigned / draft / done, spans per label, time since the last change.")(status_command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``annotator`` script and ``python -m annotator``."""
    try:
        app(args=argv, prog_name="annotator")
    except KeyboardInterrupt:
        sys.stderr.write("annotator: interrupted\n")
        sys.exit(130)
