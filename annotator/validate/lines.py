"""Reading JSONL as lines of bytes, with the file-level problems spotted on the way:
a BOM, CRLF line ends, blank lines, a line too long to be a record, a missing final newline."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

MAX_LINE_BYTES = 16 * 1024 * 1024
_CHUNK = 1 << 20
BOM = b"\xef\xbb\xbf"


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


def read_lines(f: BinaryIO) -> Iterator[RawLine]:
    lineno = 0
    crlf_reported = False
    readline = f.readline
    while True:
        data = readline(MAX_LINE_BYTES + 1)
        if not data:
            return
        lineno += 1
        newline = data.endswith(b"\n")
        if not newline and len(data) > MAX_LINE_BYTES:
            size, newline = _skip_rest(f, len(data))
            message = f"line is {size / 1e6:.1f} MB, longer than the {MAX_LINE_BYTES // (1024 * 1024)} MiB limit for one record; not read"
            yield RawLine(lineno, None, [message], last=not newline)
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
                raw.problems = [*raw.problems, "CRLF line end; JSONL lines end with \\n only (reported once per file)"]
                crlf_reported = True
        if not data.strip():
            raw.problems = [*raw.problems, "blank line; every line must hold one JSON object"]
            yield raw
            continue
        raw.data = data
        yield raw
