"""Provenance of a score report: the tool, every input file with its SHA-256, and the
run-to-run facts (date, elapsed time, Python) that ``run`` keeps apart."""

import hashlib
import platform
import stat
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__

if TYPE_CHECKING:
    from annotator.score.document import Options

#: The package's name on the package index (``pip install arabic-gold-annotator``); the
#: import package and the command stay ``annotator``.
DISTRIBUTION = "arabic-gold-annotator"


def input_file(path: Path, buffer: bytearray | None = None) -> dict[str, Any]:
    """``{"path", "sha256", "bytes"}`` of one file, read in 256 kB blocks into one buffer (no
    new block to allocate and fault in each time: about 6% less CPU than ``f.read``; a pipe or
    standard input cannot be read a second time: null). ``buffer``: one to reuse (a thread
    that hashes many small files would otherwise map and fault in a new one for each)."""
    if not path.is_file():
        return {"path": str(path), "sha256": None, "bytes": None}
    digest = hashlib.sha256()
    size = 0
    buffer = buffer or bytearray(1 << 18)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as f:
        while n := f.readinto(buffer):
            digest.update(view[:n])
            size += n
    return {"path": str(path), "sha256": digest.hexdigest(), "bytes": size}


def bytes_provenance(name: str, data: bytes) -> dict[str, Any]:
    """:func:`input_file` of a file whose whole content is ``data`` (the bytes a reader read)."""
    return {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def hash_in_background(paths: list[Path], hashed_by_reader: int = 0) -> "Future[list[dict[str, Any] | None]]":
    """Hash ``paths`` in a thread while the scorer reads them: hashlib releases the GIL on
    large blocks, so on a second core the hashes cost the run (almost) no time. The first
    ``hashed_by_reader`` paths that are small regular files (``SMALL_FILE``) are left out
    (None): the reader reads them whole and hashes those bytes (:func:`completed`)."""
    from annotator.validate.lines import SMALL_FILE

    def one(index: int, path: Path) -> dict[str, Any] | None:
        if index < hashed_by_reader:
            try:
                st = path.stat()
            except OSError:
                st = None
            if st is not None and stat.S_ISREG(st.st_mode) and st.st_size <= SMALL_FILE:
                return None
        return input_file(path, buffer)

    buffer = bytearray(1 << 18)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annotator-sha256")
    future = pool.submit(lambda: [one(i, p) for i, p in enumerate(paths)])
    pool.shutdown(wait=False)
    return future


def completed(
    paths: list[Path], hashed: list[dict[str, Any] | None], by_reader: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Every file's provenance: the reader's (of the bytes it scored), else the thread's, else
    (a file that grew past ``SMALL_FILE`` while the run read it) the file's now."""
    return [by_reader.get(str(p)) or entry or input_file(p) for p, entry in zip(paths, hashed)]


def provenance(inputs: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    return {"tool": "annotator", "distribution": DISTRIBUTION, "version": __version__, "inputs": inputs, "options": options}


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def run_section(date: str, elapsed: float) -> dict[str, Any]:
    return {
        "date": date,
        "elapsed_seconds": round(elapsed, 3),
        "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}".strip() or sys.platform,
    }


def options_provenance(options: "Options", inputs: dict[str, Any] | None = None, bootstrap: int = 0, seed: int = 0) -> dict[str, Any]:
    """The ``provenance`` of a report scored with ``options`` (no input files: a partial report)."""
    inputs = inputs or {"gold": [], "pred": [], "documents": None, "baseline": None}
    return provenance(inputs, {"min_iou": options.min_iou, "rel_tol": options.rel_tol, "bootstrap": bootstrap, "seed": seed})
