"""Reading JSONL as lines of bytes, with the file-level problems spotted on the way:
a BOM, CRLF line ends, blank lines, a line too long to be a record, a missing final newline."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

MAX_LINE_BYTES = 16 * 1024 * 1024
_CHUNK = 1 << 20
BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class RawLine:
    lineno: int
    data: bytes | None  # None when the line was too long to read
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    last: bool = False  # the final line of the file, without a newline


def _read_line(f: BinaryIO) -> tuple[bytes | None, int, bool]:
    """One line: (bytes or None if over the limit, its length, whether it ended with \\n)."""
    line = f.readline(MAX_LINE_BYTES + 1)
    if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
        return line, len(line), line.endswith(b"\n")
    size = len(line)
    while True:  # skip the rest of an over-long line without keeping it
        chunk = f.readline(_CHUNK)
        size += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return None, size, chunk.endswith(b"\n")


def read_lines(f: BinaryIO) -> Iterator[RawLine]:
    lineno = 0
    crlf_reported = False
    while True:
        data, size, newline = _read_line(f)
        if size == 0:
            return
        lineno += 1
        raw = RawLine(lineno, None, last=not newline)
        if data is None:
            raw.problems.append(
                f"line is {size / 1e6:.1f} MB, longer than the {MAX_LINE_BYTES // (1024 * 1024)} MiB limit for one record; not read"
            )
            yield raw
            continue
        if newline:
            data = data[:-1]
        if lineno == 1 and data.startswith(BOM):
            raw.problems.append("file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM")
            data = data[len(BOM):]
        if data.endswith(b"\r"):
            data = data[:-1]
            if not crlf_reported:
                raw.problems.append("CRLF line end; JSONL lines end with \\n only (reported once per file)")
                crlf_reported = True
        if not data.strip():
            raw.problems.append("blank line; every line must hold one JSON object")
            yield raw
            continue
        raw.data = data
        yield raw
