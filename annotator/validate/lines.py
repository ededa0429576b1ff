"""Reading JSONL as lines of bytes, with the file-level problems spotted on the way:
a BOM, CRLF line ends, blank lines, a line too long to be a record, a missing final newline.

Every input is read once, front to back (a pipe or ``-`` cannot be read twice), and never
more than ``MAX_LINE_BYTES`` of it is held at a time. The rest of an over-long line is
skipped in a regular file (it ends); in a pipe or device (``/dev/zero`` never does) reading
stops with :class:`InputStopped`."""

import io
import os
import stat
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from annotator.io.chunks import Ranges

MAX_LINE_BYTES = 16 * 1024 * 1024
_CHUNK = 1 << 20
BOM = b"\xef\xbb\xbf"


class InputStopped(Exception):
    """A pipe or device sent a line longer than the limit: reading it stops (``str()`` is the message)."""

    def __init__(self, lineno: int, message: str) -> None:
        super().__init__(message)
        self.lineno = lineno


def too_long(size: int | None = None, what: str = "one record") -> str:
    limit = f"the {MAX_LINE_BYTES // (1024 * 1024)} MiB limit for {what}"
    return f"line is {size / 1e6:.1f} MB, longer than {limit}" if size is not None else f"longer than {limit}"


@dataclass(slots=True)
class RawLine:
    lineno: int
    data: bytes | None  # None when the line was too long to read
    problems: list[str] | tuple[()] = ()  # a list as soon as there is one
    last: bool = False  # the final line of the file, without a newline


def _skip_rest(f: BinaryIO, size: int) -> tuple[int, bool]:
    """Skip the rest of an over-long line without keeping it: (its whole size, whether it ended with a newline)."""
    while True:
        chunk = f.readline(_CHUNK)
        size += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return size, chunk.endswith(b"\n")


CRLF = "CRLF line end; JSONL lines end with \\n only (reported once per file)"


def read_lines(
    f: BinaryIO, *, regular: bool = True, size: int | None = None, lineno: int = 0,
) -> Generator[RawLine, None, int]:
    """The lines of ``f``; ``regular`` False for a pipe or device (an over-long line stops
    reading). ``size``: read only so many bytes from where ``f`` is (whole lines: a chunk of a
    file, :mod:`annotator.io.chunks`); ``lineno``: the number before the first line's. Returns
    the number of the last line read."""
    crlf_reported = False
    readline = f.readline
    left = 1 << 62 if size is None else size  # bytes of the range not read yet
    while left > 0:
        data = readline(MAX_LINE_BYTES + 1)
        if not data:
            return lineno
        lineno += 1
        left -= len(data)
        newline = data.endswith(b"\n")
        if not newline and len(data) > MAX_LINE_BYTES:
            if not regular:
                raise InputStopped(lineno, f"{too_long()}, in an input that is not a regular file (a pipe or device); stopped reading")
            whole, newline = _skip_rest(f, len(data))
            left -= whole - len(data)
            yield RawLine(lineno, None, [f"{too_long(whole)}; not read"], last=not newline)
            continue
        raw = RawLine(lineno, None, last=not newline)
        if newline:
            data = data[:-1]
        if lineno == 1 and data.startswith(BOM):
            raw.problems = ["file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM"]
            data = data[len(BOM):]
        if data.endswith(b"\r"):
            data = data[:-1]
            if not crlf_reported:
                raw.problems = [*raw.problems, CRLF]
                crlf_reported = True
        if not data or data.isspace():  # (stops at the first other byte; strip() would copy the line)
            raw.problems = [*raw.problems, "blank line; every line must hold one JSON object"]
            yield raw
            continue
        raw.data = data
        yield raw
    return lineno


def read_ranges(
    f: BinaryIO, ranges: "Ranges", *, regular: bool = True, taken: Iterator[tuple[int, int, int | None]] | None = None,
) -> Iterator[RawLine]:
    """The lines of the chunks of ``f`` that ``ranges`` takes, numbered by their chunk's
    offset (see :class:`annotator.io.chunks.Ranges`, which counts the lines of each). The
    first CRLF line end of each chunk is reported (a single pass reports the file's first).
    ``taken``: :meth:`~annotator.io.chunks.Ranges.first_taken`, when it was called before
    ``f`` was opened."""
    for chunk, start, size in taken or ranges.taken():
        f.seek(start)
        ranges.counts[chunk] = (yield from read_lines(f, regular=regular, size=size, lineno=start)) - start


class UnreadableFile(Exception):
    """The file cannot be opened or read at all (a usage error, exit 2)."""


def is_stdin(path: Path) -> bool:
    return str(path) == "-"


def display_name(path: Path) -> str:
    return "<stdin>" if is_stdin(path) else str(path)


#: A regular file of at most this many bytes is read whole, in one read, without a buffer
#: of its own: a measured hot path for directories of many small files (each file's 1 MiB
#: buffer and first reads cost more than its lines; docs/scale.md, "Several files a side").
SMALL_FILE = 1 << 20


@contextmanager
def open_input(
    path: Path, name: str | None = None, ranges: "Ranges | None" = None, whole: Callable[[bytes], None] | None = None,
) -> Iterator[Iterator[RawLine]]:
    """The lines of ``path`` (``-``: standard input), read once; raises :class:`UnreadableFile`.
    ``ranges``: only the lines of the chunks this process takes (:func:`read_ranges`); the
    file is then opened only if it takes one of them (``--jobs`` on a directory of small
    files: most are other processes' alone). ``whole(data)`` is given the whole content of a
    small regular file (``SMALL_FILE``), read at once before its lines (the bytes the lines
    come from: the scorer hashes them for its report)."""
    name = name or display_name(path)
    read: Callable[..., Iterator[RawLine]] = read_lines
    if ranges is not None:
        taken = ranges.first_taken()
        if taken is None:
            yield iter(())
            return
        read = partial(read_ranges, ranges=ranges, taken=taken)
    if is_stdin(path):
        f, close = sys.stdin.buffer, False
    else:
        try:
            f, close = path.open("rb", buffering=0), True
        except OSError as e:
            raise UnreadableFile(f"{name}: cannot read: {e.strerror or e}") from None
    try:
        try:
            st = os.fstat(f.fileno())
            regular, size = stat.S_ISREG(st.st_mode), st.st_size
        except (OSError, ValueError):
            regular, size = False, None
        source: BinaryIO = f
        if close:
            data = _read_small(f, size, name) if regular and size is not None and size <= SMALL_FILE else None
            if data is not None:
                if whole is not None:
                    whole(data)
                source = io.BytesIO(data)
                source.name = f.name  # type: ignore[attr-defined]  # (what a reader may say of its file)
            else:  # lines are long: a large buffer saves most of the copying
                source = io.BufferedReader(f, 1 << 20)  # type: ignore[arg-type]
        yield _guarded(read(source, regular=regular), name)
    finally:
        if close:
            f.close()


def _read_small(f: BinaryIO, size: int, name: str) -> bytes | None:
    """The whole of a small file (``size``: its size when opened), or None (and ``f`` back at
    its start) when it has grown past ``SMALL_FILE`` since: it is read through a buffer like
    a large one. Each read asks for what is expected (a read of 1 MiB allocates and faults
    in 1 MiB however little it returns: 22 us a file of 5 kB, against 7 us)."""
    parts, read, want = [], 0, size + 1
    try:
        while read <= SMALL_FILE and (part := f.read(min(want, SMALL_FILE + 1 - read))):
            parts.append(part)
            read += len(part)
            want = 1 << 16  # (the file grew: up to its end, or past the limit)
        if read > SMALL_FILE:
            f.seek(0)
            return None
    except OSError as e:
        raise UnreadableFile(f"{name}: cannot read: {e.strerror or e}") from None
    return parts[0] if len(parts) == 1 else b"".join(parts)  # (no copy of a file read in one part)


def _guarded(lines: Iterator[RawLine], name: str) -> Iterator[RawLine]:
    try:
        yield from lines
    except InputStopped as e:
        raise UnreadableFile(f"{name}:{e.lineno}: {e}") from None
    except OSError as e:
        raise UnreadableFile(f"{name}: cannot read: {e.strerror or e}") from None
