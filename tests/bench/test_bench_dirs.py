"""Directories of many files against the same lines as one file a side (issue 16), run with:

    .venv/bin/pytest tests/bench/test_bench_dirs.py --benchmark-enable -p no:cacheprovider -s

The 10,000 x 50 corpus of ``test_bench_scale.py`` (``records(10000, 50, seed=7, safe=True)``),
one file a side against ``FILES`` files a side (``--jobs 2``: each side's files are read as
one stream and cut into chunks, not scored by the hash of ``doc_id``), and against many
small files: 1,000 files of 10 documents and 10,000 files of one a side, with ``score`` and
``validate`` in one process and with ``--jobs 2`` (each small file read once, whole, and
hashed from those bytes). The variants are run alternately, ``ROUNDS`` times each, after a
warm-up; printed: the medians of the CPU time of this process and its workers
(``RUSAGE_CHILDREN``: what a shared machine distorts least) and of the wall time, and the
median of the ratios of each round. BENCH_SCALE=small runs a tenth of it.
"""

import contextlib
import gc
import io
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "score"))

from synth import records  # noqa: E402

from annotator.score.command import run_score  # noqa: E402
from annotator.validate.command import run_validate  # noqa: E402

SCALE = 10 if os.environ.get("BENCH_SCALE") == "small" else 1
FILES = 20
ROUNDS = 8


#: many small files a side: (files, documents in each)
SMALL_FILES = [(1_000 // SCALE, 10), (10_000 // SCALE, 1)]


def _split(directory: Path, lines: list[str], files: int) -> Path:
    directory.mkdir()
    size = -(-len(lines) // files)
    for i in range(files):
        (directory / f"part-{i:05d}.jsonl").write_text("".join(lines[i * size : (i + 1) * size]), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """{"file": (gold, pred), "dirs": (gold dir, pred dir) of FILES files, N: (gold dir, pred
    dir) of N files for each of SMALL_FILES}."""
    d = tmp_path_factory.mktemp("dirs")
    golds, preds, _ = records(10_000 // SCALE, 50, seed=7, safe=True)
    out: dict[object, list[Path]] = {"file": [], "dirs": [], **{n: [] for n, _ in SMALL_FILES}}
    for side, rows in (("gold", golds), ("pred", preds)):
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
        out["file"].append(d / f"{side}.jsonl")
        out["file"][-1].write_text("".join(lines), encoding="utf-8")
        out["dirs"].append(_split(d / side, lines, FILES))
        for n, _ in SMALL_FILES:
            out[n].append(_split(d / f"{side}-{n}", lines, n))
    return out


def _measured(fn) -> tuple[float, float]:
    """(CPU seconds of this process and the processes it started, wall seconds) of ``fn``."""
    cpu, children, wall = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    fn()
    wall, after = time.perf_counter() - wall, resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() - cpu + (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime), wall


def _compare(benchmark, runs: dict[str, object], what: str, many: str = "dirs", label: str = f"{FILES} files a side") -> None:
    """Alternated rounds of ``runs`` ("file" and ``many``), the ratio of ``many`` to "file"."""
    for fn in runs.values():
        fn()  # warm-up: imports, derived decoders
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for r in range(ROUNDS):
        for name in (list(runs) if r % 2 == 0 else list(runs)[::-1]):
            gc.collect()
            got[name].append(_measured(runs[name]))
    benchmark.pedantic(runs[many], rounds=1, iterations=1)
    for name, rows in got.items():
        print(f"\n{what}, {name}: CPU time {statistics.median(c for c, _ in rows):.3f} s, wall {statistics.median(w for _, w in rows):.3f} s", end="")
    cpu = statistics.median(a[0] / b[0] for a, b in zip(got[many], got["file"]))
    wall = statistics.median(a[1] / b[1] for a, b in zip(got[many], got["file"]))
    benchmark.extra_info.update({"cpu_ratio": cpu, "wall_ratio": wall})
    print(f"\n{what}: {label} against one, median of ratios: CPU time {cpu:.3f}x, wall {wall:.3f}x; "
          f"load average {os.getloadavg()[0]:.1f}")


def _score(gold, pred, jobs):
    def run() -> None:
        assert run_score(gold, pred, report="json", bootstrap=0, jobs=jobs, stdout=io.StringIO(), stderr=io.StringIO()) == 0

    return run


def _validate(files, jobs):
    def run() -> None:
        with contextlib.redirect_stderr(io.StringIO()):  # (its summary line)
            assert run_validate(files, jobs=jobs, out=io.StringIO(), quiet=True) == 0

    return run


def test_bench_score_jobs_on_directories(benchmark, corpus):
    _compare(benchmark, {name: _score(*corpus[name], 2) for name in ("file", "dirs")}, "score --jobs 2")


def test_bench_validate_jobs_on_many_files(benchmark, corpus):
    gold_files = sorted(corpus["dirs"][0].iterdir())
    _compare(benchmark, {"file": _validate([corpus["file"][0]], 2), "dirs": _validate(gold_files, 2)}, "validate --jobs 2")


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("files, per_file", SMALL_FILES)
def test_bench_score_many_small_files(benchmark, corpus, files, per_file, jobs):
    runs = {"file": _score(*corpus["file"], jobs), files: _score(*corpus[files], jobs)}
    _compare(benchmark, runs, f"score --jobs {jobs}", files, f"{files:,} files of {per_file} document(s) a side")


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("files, per_file", SMALL_FILES)
def test_bench_validate_many_small_files(benchmark, corpus, files, per_file, jobs):
    runs = {"file": _validate([corpus["file"][0]], jobs), files: _validate(sorted(corpus[files][0].iterdir()), jobs)}
    _compare(benchmark, runs, f"validate --jobs {jobs}", files, f"{files:,} files of {per_file} document(s)")
