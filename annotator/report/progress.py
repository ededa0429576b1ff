"""Progress bars for long commands (score, validate, extract): Rich's, on standard error,
only when it is a terminal and the user did not ask for ``--quiet``; otherwise nothing at
all (CI logs and pipes stay clean)."""

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TextIO

Update = Callable[[int, int | None], None]


def count_lines(paths: list[Path]) -> int | None:
    """Lines in all ``paths`` (the total of a bar); None when one is not a regular file
    (a pipe can be read only once: the bar then shows no total)."""
    total = 0
    for path in paths:
        if not path.is_file():
            return None
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                total += chunk.count(b"\n")
    return total


def wanted(stream: Any, quiet: bool) -> bool:
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


class Bar:
    """``bar(done, total)`` moves the bar; ``bar.echo(line)`` prints a line above it (on its
    terminal) instead of through it."""

    def __init__(self, progress: Any, task: Any) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, done: int, total: int | None) -> None:
        self._progress.update(self._task, completed=done, total=total or None)

    def echo(self, line: str) -> None:
        self._progress.console.print(line, markup=False, highlight=False, emoji=False, soft_wrap=True)


@contextmanager
def progress_bar(description: str, *, stream: TextIO | None = None, quiet: bool = False, unit: str = "documents") -> Iterator[Bar | None]:
    """Yield a :class:`Bar` drawn on ``stream`` (default stderr), or None when no bar is
    wanted. The bar is removed when the work is done. Standard output is left alone (a
    redirected output never receives the bar, and the bar never takes its lines)."""
    stream = stream or sys.stderr
    if not wanted(stream, quiet):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(file=stream, stderr=stream is sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False) as progress:
        yield Bar(progress, progress.add_task(description, total=None))


class LazyBar:
    """A :class:`Bar` that appears at its first update or line. Commands that start worker
    processes use it: the bar's refresh thread then starts after the workers were forked
    (with a thread alive they would come from a fork server, about 0.3 s more)."""

    def __init__(self, start: Callable[[], Bar | None]) -> None:
        self._start = start
        self._bar: Bar | None = None

    def _started(self) -> Bar:
        if self._bar is None:
            self._bar = self._start()
        assert self._bar is not None  # (a LazyBar is made only when a bar is wanted)
        return self._bar

    def __call__(self, done: int, total: int | None) -> None:
        self._started()(done, total)

    def echo(self, line: str) -> None:
        self._started().echo(line)


@contextmanager
def lazy_progress_bar(description: str, *, stream: TextIO | None = None, quiet: bool = False, unit: str = "documents") -> Iterator[LazyBar | None]:
    """:func:`progress_bar`, drawn from its first update on (see :class:`LazyBar`)."""
    if not wanted(stream or sys.stderr, quiet):
        yield None
        return
    with ExitStack() as stack:
        yield LazyBar(lambda: stack.enter_context(progress_bar(description, stream=stream, unit=unit)))
