"""The one atomic writer every file write of the toolkit goes through.

Write to a temporary file in the same directory, flush and fsync it, keep the previous
version as ``NAME.bak`` and atomically replace ``NAME``: a crash at any moment leaves
either the old or the new file complete, never a mix.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.io.jsonl import dumps_line


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = True) -> Path:
    """Atomically replace ``path`` with ``data``; keep the old version as ``path.bak``."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        existed = path.exists()
        with contextlib.suppress(OSError):  # keep the file's mode; a new file gets the usual 0666 & ~umask
            os.chmod(tmp, path.stat().st_mode & 0o7777 if existed else 0o666 & ~_umask())
        if existed and backup:
            _replace_backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(directory)
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _replace_backup(path: Path) -> None:
    """Point ``path.bak`` at the current content of ``path`` (atomically, by a hard link)."""
    bak = backup_path(path)
    link = bak.with_name(f".{bak.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    try:
        os.link(path, link)
    except OSError:  # no hard links here (some network/FAT file systems): copy instead
        link.write_bytes(path.read_bytes())
    os.replace(link, bak)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, backup: bool = True) -> Path:
    """Atomically write UTF-8 text with ``\\n`` line ends as given."""
    return write_bytes_atomic(path, text.encode("utf-8"), backup=backup)


def write_jsonl_atomic(path: str | os.PathLike[str], records: Iterable[Any], *, backup: bool = True) -> Path:
    """Atomically write records (pydantic models or plain JSON values) as deterministic JSONL."""
    return write_text_atomic(path, "".join(dumps_line(r) + "\n" for r in records), backup=backup)
