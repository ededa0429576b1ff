"""Where you stopped: the resume state of ``annotator annotate``, kept out of the gold.

Opening an annotation file to look at it must not change it (a file under version control
would show a diff without an edit). So the document opened last and the cursor in each
document live in a small per-user state file, never in the annotation records:

    $XDG_STATE_HOME/annotator/resume/<hash of the file's absolute path>.json
    (default ~/.local/state/annotator/resume/...)

``{"out": "/abs/path/gold.jsonl", "doc_id": "...", "cursors": {"doc": 123}, "saved": "..."}``,
written with the atomic writer. Per user, because where one annotator stopped is not where
another did; outside the corpus directory, so nothing shows up in git and a read-only
checkout can still be opened. A state file that is missing, unreadable or names another
path is ignored (the session starts at the first document); one that cannot be written is
skipped (resume is a convenience, never a reason to fail).

Files written by older versions kept this state in each record's ``meta["annotate"]``; it is
still read when there is no state file, and dropped from the records the next time a real
edit is saved.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from annotator.io.atomic import write_text_atomic

LEGACY_META_KEY = "annotate"


def state_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "annotator" / "resume"


def state_path(out: Path) -> Path:
    key = str(Path(out).resolve())
    return state_dir() / (hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".json")


@dataclass
class Resume:
    doc_id: str | None = None
    cursors: dict[str, int] = field(default_factory=dict)


def load(out: Path) -> Resume | None:
    """The saved state of ``out``, or None (no state file, unreadable, or not for this file)."""
    try:
        data = json.loads(state_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home directory
        return None
    if not isinstance(data, dict) or data.get("out") != str(Path(out).resolve()):
        return None
    doc_id = data.get("doc_id") if isinstance(data.get("doc_id"), str) else None
    cursors = data.get("cursors") if isinstance(data.get("cursors"), dict) else {}
    clean = {k: v for k, v in cursors.items() if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0}
    return Resume(doc_id, clean)


def save(out: Path, state: Resume) -> bool:
    """Write the state of ``out``; False when it cannot be written (never raises OSError)."""
    data = {
        "out": str(Path(out).resolve()),
        "doc_id": state.doc_id,
        "cursors": dict(sorted(state.cursors.items())),
        "saved": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    try:
        path = state_path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", backup=False)
    except (OSError, RuntimeError):
        return False
    return True


def from_legacy_meta(records) -> Resume:  # type: ignore[no-untyped-def]
    """The state older versions kept in ``meta["annotate"]`` of the records."""
    state = Resume()
    best = ""
    for rec in records:
        meta = (rec.meta or {}).get(LEGACY_META_KEY)
        if not isinstance(meta, dict):
            continue
        if isinstance(meta.get("cursor"), int):
            state.cursors[rec.doc_id] = meta["cursor"]
        stamp = meta.get("last_opened")
        if isinstance(stamp, str) and stamp > best:
            best, state.doc_id = stamp, rec.doc_id
    return state


def without_legacy_meta(rec):  # type: ignore[no-untyped-def]
    """The record without the old resume state in its meta (other meta keys are kept)."""
    if not rec.meta or LEGACY_META_KEY not in rec.meta:
        return rec
    meta = {k: v for k, v in rec.meta.items() if k != LEGACY_META_KEY}
    return rec.model_copy(update={"meta": meta or None})
