"""The one atomic writer every file write of the toolkit goes through.

Write to a temporary file in the same directory, flush and fsync it, keep the previous
version as ``NAME.bak`` and atomically replace ``NAME``: a crash at any moment leaves
either the old or the new file complete, never a mix.

Shared annotation directories are writable by others, so no write ever goes through a
name someone else could have planted or replaced: every temporary file is created with
``O_CREAT | O_EXCL`` under an unpredictable name (:func:`tempfile.mkstemp`) and written,
chmod-ed and fsync-ed through its file descriptor only; names are only ever *renamed*
(``rename`` replaces a symlink, it never writes through one) or hard-linked (``link``
refuses an existing name). Temporary files left by a killed writer are removed on the
next write: only our own regular files, only of a process that is gone.
"""

import contextlib
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.io.jsonl import dumps_line

#: A leftover temporary file younger than this is left alone (it may still be in use).
STALE_AFTER_SECONDS = 60.0


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a directory
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_prefix(name: str) -> str:
    """Temporary names are ``.NAME.PID.<random>.tmp``: the pid tells a leftover from a live one."""
    return f".{name}.{os.getpid()}."


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = True) -> Path:
    """Atomically replace ``path`` with ``data``; keep the old version as ``path.bak``."""
    path = Path(path)
    if _write_to_stream(path, data):
        return path
    directory = path.parent if str(path.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            try:  # keep the file's mode; a new file gets the usual 0666 & ~umask
                mode = path.stat().st_mode & 0o777
                existed = True
            except OSError:
                mode, existed = 0o666 & ~_umask(), False
            with contextlib.suppress(OSError):
                os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        if existed and backup:
            _replace_backup(path, directory)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(directory)
    return path


def _write_to_stream(path: Path, data: bytes) -> bool:
    """Write ``data`` straight to ``path`` when it is a stream (``/dev/null``, ``/dev/stdout``,
    a FIFO): renaming a temporary file over it would replace the device or the symlink itself
    (as root, ``/dev/null`` became a regular file). Nothing atomic about a stream; nothing to
    overwrite either: only character devices and FIFOs are written (a block device, a
    directory or a socket is refused). False when ``path`` is a regular file or absent."""
    try:
        st = os.stat(path)  # follows symlinks: /dev/stdout -> /proc/self/fd/1 -> a pipe or a tty
    except OSError:
        return False
    if stat.S_ISREG(st.st_mode):
        return False
    if not (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise IsADirectoryError(21, "is a directory", str(path)) if stat.S_ISDIR(st.st_mode) else \
            OSError(22, "not a regular file, a character device or a FIFO", str(path))
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _replace_backup(path: Path, directory: Path) -> None:
    """Point ``path.bak`` at the current content of ``path``, atomically.

    A hard link to a fresh unpredictable name (``link`` fails on an existing name and never
    follows one), then a rename over ``.bak`` (which replaces whatever is there, a planted
    symlink included, without writing through it). Where hard links are not supported, the
    content is copied into a ``mkstemp`` file through its descriptor."""
    bak = backup_path(path)
    prefix = _temp_prefix(bak.name)
    for _ in range(100):
        link = directory / f"{prefix}{secrets.token_hex(8)}.tmp"
        try:
            os.link(path, link, follow_symlinks=False)
            break
        except FileExistsError:
            continue
        except OSError:  # no hard links here (some network/FAT file systems): copy instead
            link = _copy_to_temporary(path, directory, prefix)
            break
    else:
        raise FileExistsError(f"{directory}: cannot create a temporary file for the backup")
    try:
        os.replace(link, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            link.unlink()
        raise


def _copy_to_temporary(path: Path, directory: Path, prefix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


_TEMP_NAME = re.compile(r"(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def remove_stale_temporaries(path: str | os.PathLike[str], *, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Remove the temporary files a killed writer of ``path`` (or of its ``.bak``) left behind.

    Only what is safe to remove: names of our own pattern, regular files (never a symlink:
    ``unlink`` removes a name, it never follows one), owned by this user, older than
    ``older_than`` seconds, written by a process that no longer exists. Anything else is
    left alone (and never read: leftovers are ignored by every reader)."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    removed: list[Path] = []
    head = f".{path.name}."
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.startswith(head):
            continue
        match = _TEMP_NAME.fullmatch(name[len(head):].removeprefix("bak."))
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        pid = int(match["pid"])
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or now - st.st_mtime < older_than or pid == os.getpid() or _pid_alive(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def write_text_atomic(path: str | os.PathLike[str], text: str, *, backup: bool = True) -> Path:
    """Atomically write UTF-8 text with ``\\n`` line ends as given."""
    return write_bytes_atomic(path, text.encode("utf-8"), backup=backup)


def write_jsonl_atomic(path: str | os.PathLike[str], records: Iterable[Any], *, backup: bool = True) -> Path:
    """Atomically write records (pydantic models or plain JSON values) as deterministic JSONL."""
    return write_text_atomic(path, "".join(dumps_line(r) + "\n" for r in records), backup=backup)
