"""``--jobs 2`` on directories of many files against the same lines as one file a side
(issue 16: each side's files are read as one stream and cut into chunks, not scored by the
hash of ``doc_id``), run with:

    .venv/bin/pytest tests/bench/test_bench_dirs.py --benchmark-enable -p no:cacheprovider -s

The 10,000 x 50 corpus of ``test_bench_scale.py`` (``records(10000, 50, seed=7, safe=True)``),
one file a side and ``FILES`` files a side. The two are run alternately, ``ROUNDS`` times
each, after a warm-up; printed: the medians of the CPU time of this process and its workers
(``RUSAGE_CHILDREN``: what a shared machine distorts least) and of the wall time, and the
median of the ratios of each round. BENCH_SCALE=small runs a tenth of it.
"""

import contextlib
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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """{"file": (gold, pred), "dirs": (gold dir, pred dir)}."""
    d = tmp_path_factory.mktemp("dirs")
    golds, preds, _ = records(10_000 // SCALE, 50, seed=7, safe=True)
    out: dict[str, list[Path]] = {"file": [], "dirs": []}
    for side, rows in (("gold", golds), ("pred", preds)):
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
        out["file"].append(d / f"{side}.jsonl")
        out["file"][-1].write_text("".join(lines), encoding="utf-8")
        out["dirs"].append(d / side)
        out["dirs"][-1].mkdir()
        size = -(-len(lines) // FILES)
        for i in range(FILES):
            (d / side / f"part-{i:02d}.jsonl").write_text("".join(lines[i * size : (i + 1) * size]), encoding="utf-8")
    return out


def _measured(fn) -> tuple[float, float]:
    """(CPU seconds of this process and the processes it started, wall seconds) of ``fn``."""
    cpu, children, wall = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    fn()
    wall, after = time.perf_counter() - wall, resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() - cpu + (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime), wall


def _compare(benchmark, runs: dict[str, object], what: str) -> None:
    for fn in runs.values():
        fn()  # warm-up: imports, derived decoders
    got: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for r in range(ROUNDS):
        for name in (list(runs) if r % 2 == 0 else list(runs)[::-1]):
            got[name].append(_measured(runs[name]))
    benchmark.pedantic(runs["dirs"], rounds=1, iterations=1)
    for name, rows in got.items():
        print(f"\n{what}, {name}: CPU time {statistics.median(c for c, _ in rows):.3f} s, wall {statistics.median(w for _, w in rows):.3f} s", end="")
    cpu = statistics.median(a[0] / b[0] for a, b in zip(got["dirs"], got["file"]))
    wall = statistics.median(a[1] / b[1] for a, b in zip(got["dirs"], got["file"]))
    benchmark.extra_info.update({"cpu_ratio": cpu, "wall_ratio": wall})
    print(f"\n{what}: {FILES} files a side against one, median of ratios: CPU time {cpu:.3f}x, wall {wall:.3f}x; "
          f"load average {os.getloadavg()[0]:.1f}")


def test_bench_score_jobs_on_directories(benchmark, corpus):
    def score(gold, pred):
        def run() -> None:
            assert run_score(gold, pred, report="json", bootstrap=0, jobs=2, stdout=io.StringIO(), stderr=io.StringIO()) == 0

        return run

    _compare(benchmark, {name: score(*paths) for name, paths in corpus.items()}, "score --jobs 2")


def test_bench_validate_jobs_on_many_files(benchmark, corpus):
    gold_files = sorted(corpus["dirs"][0].iterdir())

    def validate(files):
        def run() -> None:
            with contextlib.redirect_stderr(io.StringIO()):  # (its summary line)
                assert run_validate(files, jobs=2, out=io.StringIO(), quiet=True) == 0

        return run

    _compare(benchmark, {"file": validate([corpus["file"][0]]), "dirs": validate(gold_files)}, "validate --jobs 2")
