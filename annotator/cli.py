"""The ``annotator`` command line: thin wrappers over plain functions.

Exit codes: 0 ok, 1 findings (invalid data, a failed gate), 2 usage or unreadable input.
Errors are one plain line ``FILE:LINE: message``, never a traceback.

Commands are registered by name, as ``"module:function"`` with their one-line help, and
imported only when they run or show their own help: ``annotator --help`` loads typer and
this file, nothing else (no models, no lexicon, no numpy). Add a command with one line in
``COMMANDS``; its module should import its heavy modules inside the command function.
"""

import importlib
import sys
from typing import Any

import typer
import typer.core
import typer.main
import typer.models

#: name -> (module:function of the typer command, one-line help shown by ``annotator --help``)
COMMANDS: dict[str, tuple[str, str]] = {
    "annotate": ("annotator.tui.command:annotate_command", "Open the terminal annotator (default: the seed article of the bundled corpus)."),
    "merge-mine": ("annotator.tui.merge:merge_mine_command", "Merge FILE.mine-PID (work annotate could not save) back into FILE."),
    "validate": ("annotator.validate.command:validate_command", "Validate annotation, prediction and document JSONL files."),
    "add": ("annotator.io.command:add_command", "Register text files as documents of a corpus (stored NFC)."),
    "schema": ("annotator.validate.command:schema_command", "Write or check the JSON Schema files generated from the models."),
    "score": ("annotator.score.command:score_command", "Score extractor predictions against gold annotations, with reports and CI gates."),
    "compare": ("annotator.score.command:compare_command", "Compare two JSON score reports: paired differences with intervals."),
    "report": ("annotator.score.command:report_command", "Render a JSON score report as table, markdown, junit or html (no new scoring)."),
    "merge-reports": ("annotator.score.command:merge_command", "Merge JSON score reports of disjoint document sets into one, exactly."),
    "extract": ("annotator.extract.command:extract_command", "Run the baseline Arabic extractor over a corpus and write prediction JSONL."),
    "export": ("annotator.convert.command:export_command", "Export annotations to another format (flat JSONL, brat, doccano, Label Studio, INCEpTION, spaCy, CoNLL, W3C)."),
    "import": ("annotator.convert.command:import_command", "Import annotations from any of the export formats into annotation records, every span checked."),
    "adjudicate": ("annotator.tui.adjudicate_command:adjudicate_command", "Resolve several annotators' disagreements into one gold file, in the terminal annotator."),
    "agree": ("annotator.agree.command:agree_command", "Inter-annotator agreement of annotation files: F1 under every scheme, kappas, alpha, gates."),
    "assign": ("annotator.team.command:assign_command", "Assign the corpus's documents to a team of annotators (corpus/assignments.toml), with an overlap for double annotation."),
    "status": ("annotator.team.command:status_command", "A team's progress: per annotator and document, assigned / draft / done, spans per label, time since the last change."),
}


class LazyGroup(typer.core.TyperGroup):
    """A typer group whose commands in ``COMMANDS`` are imported on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            target, help = COMMANDS[cmd_name]
            module, _, function = target.partition(":")
            info = typer.models.CommandInfo(cmd_name, callback=getattr(importlib.import_module(module), function), help=help)
            self.commands[cmd_name] = typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
        return super().get_command(ctx, cmd_name)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            # absent, typer's help flag is None, and coercing None builds a pydantic adapter:
            # False keeps ``annotator CMD --help`` from importing pydantic (0.07 s) for nothing
            option.default = False
        return option

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from the registered one-line helps, without importing any command."""
        rows = [(name, COMMANDS[name][1] if name in COMMANDS else self.commands[name].get_short_help_str(200)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="annotator",
    help="Build gold corpora of entities, quotes and numeric claims on Arabic text, and score extractors against them.",
    cls=LazyGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _group() -> None:
    """Build gold corpora of entities, quotes and numeric claims on Arabic text, and score extractors against them."""


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``annotator`` script and ``python -m annotator``."""
    try:
        app(args=argv, prog_name="annotator")
    except KeyboardInterrupt:
        sys.stderr.write("annotator: interrupted\n")
        sys.exit(130)
