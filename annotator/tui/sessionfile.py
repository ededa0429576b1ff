"""The annotation file of a session, below the session itself: the errors a session reports
(``str()`` is one plain line), the lock file naming its holder, and reading the records
through the validator's own line reader. Plain Python, no textual."""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from annotator.model import Annotation
from annotator.validate.run import UnreadableFile, iter_records


class SessionError(Exception):
    """An annotation file or corpus the session cannot use; ``str()`` is one plain line.
    ``exit_code``: 2 (usage, unreadable input; the default), or 1 for invalid data."""

    exit_code = 2

    def __init__(self, message: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class LockedError(SessionError):
    """Another annotator process holds the output file."""


class ConflictError(SessionError):
    """The output file changed on disk since the session read it."""


class ReadOnlyError(SessionError):
    """An edit of a document that is open read-only."""


class EditError(SessionError):
    """An edit that cannot be made (empty span, out of range, duplicate ...)."""


def default_annotator() -> str:
    """The user's login name (``annotator`` when the system does not know one)."""
    with contextlib.suppress(Exception):
        name = getpass.getuser()
        if name:
            return name
    return "annotator"


# --- lock file ------------------------------------------------------------------------


def lock_path(out: Path) -> Path:
    return out.with_name(out.name + ".lock")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


@dataclass
class FileLock:
    """``OUT.lock``: created exclusively, holds ``{"pid", "user", "host", "since"}``."""

    out: Path
    held: bool = False

    @property
    def path(self) -> Path:
        return lock_path(self.out)

    def holder(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def acquire(self) -> None:
        me = {"pid": os.getpid(), "user": default_annotator(), "host": socket.gethostname(), "since": _now()}
        for attempt in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = self.holder() or {}
                stale = (
                    holder.get("host") == me["host"]
                    and isinstance(holder.get("pid"), int)
                    and not _pid_alive(holder["pid"])
                )
                if stale and attempt == 0:
                    with contextlib.suppress(FileNotFoundError):
                        self.path.unlink()
                    continue
                who = f"{holder.get('user', '?')} (pid {holder.get('pid', '?')} on {holder.get('host', '?')}, since {holder.get('since', '?')})"
                raise LockedError(
                    f"{self.out}: already open in another annotator: {who}; "
                    f"close it, or delete {self.path} if that process is gone"
                ) from None
            except OSError as e:
                raise SessionError(f"{self.path}: cannot create lock file: {e.strerror or e}") from None
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(me) + "\n")
            self.held = True
            return

    def release(self) -> str | None:
        """Remove the lock; a plain one-line message when it cannot be removed (its directory
        became read-only, say), never an exception."""
        if not self.held:
            return None
        self.held = False
        holder = self.holder()
        if holder is None or holder.get("pid") == os.getpid():
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as e:
                return (
                    f"{self.path}: cannot remove the lock file: {e.strerror or e}; "
                    "the next session on this host takes it over, or delete it by hand"
                )
        return None


def _now() -> str:
    """UTC time with microseconds (orders the records by when they were last open)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


# --- loading --------------------------------------------------------------------------


def read_records(out: Path) -> list[Annotation]:
    """The records of an annotation file, in file order, read by the validator's own line
    reader and structural check (raises SessionError with its first error). Semantic problems
    (a hash that no longer matches, say) are the session's to handle, not reasons to refuse."""
    if not out.exists():
        return []
    records: list[Annotation] = []
    seen: set[str] = set()
    try:
        for checked in iter_records(out, "annotation"):
            if checked.record is None:
                raise SessionError(next(f for f in checked.findings if f.is_error).format(), 1)
            rec = Annotation.model_validate(checked.record)  # the session edits models; the checks read plain dicts
            if rec.doc_id in seen:
                raise SessionError(f"{out}:{checked.lineno}: second record for document {rec.doc_id!r}", 1)
            seen.add(rec.doc_id)
            records.append(rec)
    except UnreadableFile as e:
        raise SessionError(str(e)) from None
    return records
