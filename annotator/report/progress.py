"""Progress bars for long commands (score, validate, extract): Rich's, on standard error,
only when it is a terminal and the user did not ask for ``--quiet``; otherwise nothing at
all (CI logs and pipes stay clean)."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

Update = Callable[[int, int], None]


def wanted(stream: Any, quiet: bool) -> bool:
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(description: str, *, stream: TextIO | None = None, quiet: bool = False, unit: str = "documents") -> Iterator[Update | None]:
    """Yield ``update(done, total)`` drawing a bar on ``stream`` (default stderr), or None
    when no bar is wanted. The bar is removed when the work is done."""
    stream = stream or sys.stderr
    if not wanted(stream, quiet):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(file=stream, stderr=stream is sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update
