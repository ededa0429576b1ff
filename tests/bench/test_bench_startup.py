"""Start-up of real runs (issue 16): each command on small inputs (the bundled corpus: the
seed article, one document), in fresh processes, run with:

    .venv/bin/pytest tests/bench/test_bench_startup.py --benchmark-enable -p no:cacheprovider -s

On a one-document input a run is almost all start-up: what it imports. For each command:
CPU time (user + sys of the process, best of ``ROUNDS``), wall time (best of the same runs),
and the share of imports (top-level imports' cumulative time from ``-X importtime``, best of 3,
over the CPU time: an upper estimate, as ``-X importtime`` adds its own cost); against the
peer of the same run, ``python -c pass`` (the interpreter's own start, which no import can save).

Python's bytecode cache is on (as in any installed copy), in a directory of the test's own:
with ``PYTHONDONTWRITEBYTECODE`` set in a checkout without ``__pycache__`` (as on the
development machines), every run compiles the package's modules from source, about 0.12 s
more (cProfile: 56 modules, 0.12 s in ``compile``), which is not what users run.
"""

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    out = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, env):
    """Predictions of the baseline extractor and a JSON report, on the bundled corpus."""
    d = tmp_path_factory.mktemp("startup")
    subprocess.run([sys.executable, "-m", "annotator", "extract", "--corpus", ROOT / "corpus", "--out", d / "pred.jsonl"],
                   check=True, capture_output=True, env=env, cwd=ROOT)
    subprocess.run([sys.executable, "-m", "annotator", "score", ROOT / "corpus" / "gold", d / "pred.jsonl", "--report",
                    f"json:{d / 'report.json'}", "-q"], check=True, capture_output=True, env=env, cwd=ROOT)
    return d


def _commands(d: Path) -> dict[str, list[str]]:
    gold = str(ROOT / "corpus" / "gold")
    return {
        "score (json report, default bootstrap)": ["score", gold, f"{d}/pred.jsonl", "--report", f"json:{d}/o.json", "-q"],
        "score --bootstrap 0 (json report)": ["score", gold, f"{d}/pred.jsonl", "--report", f"json:{d}/o0.json", "-q", "--bootstrap", "0"],
        "score --bootstrap 0 (table)": ["score", gold, f"{d}/pred.jsonl", "-q", "--bootstrap", "0"],
        "validate": ["validate", *map(str, sorted((ROOT / "corpus" / "gold").glob("*.jsonl")))],
        "extract": ["extract", "--corpus", str(ROOT / "corpus"), "--out", f"{d}/pred2.jsonl"],
        "report --report markdown": ["report", f"{d}/report.json", "--report", f"markdown:{d}/r.md"],
        "report --report html": ["report", f"{d}/report.json", "--report", f"html:{d}/r.html"],
        "merge-reports": ["merge-reports", f"{d}/report.json", "--output", f"{d}/m.json", "-q"],
        "--help": ["--help"],
    }


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """(CPU seconds, wall seconds, the process) of one fresh run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    import time

    start = time.perf_counter()
    out = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), wall, out


_IMPORT = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\S+)")  # a top-level import: no indent before the name


def _import_seconds(args: list[str], env: dict[str, str]) -> float:
    """Cumulative time of the top-level imports of one run under ``-X importtime``, best of 3."""
    best = float("inf")
    for _ in range(3):
        _, _, out = _run(["-X", "importtime", "-m", "annotator", *args], env)
        best = min(best, sum(int(m.group(1)) for m in map(_IMPORT.match, out.stderr.splitlines()) if m) / 1e6)
    return best


@pytest.mark.parametrize("name", list(_commands(Path("."))))
def test_bench_startup_of_real_runs(benchmark, name, inputs, env):
    args = _commands(inputs)[name]
    _run(["-m", "annotator", *args], env)  # fills the bytecode cache
    cpu, wall = [], []
    floor = []
    for _ in range(ROUNDS):  # alternated with the peer
        c, w, out = _run(["-m", "annotator", *args], env)
        assert out.returncode == 0, out.stderr
        cpu.append(c)
        wall.append(w)
        floor.append(_run(["-c", "pass"], env)[0])
    imports = _import_seconds(args, env)
    benchmark.pedantic(lambda: _run(["-m", "annotator", *args], env), rounds=1, iterations=1)
    benchmark.extra_info.update({"cpu_s": min(cpu), "wall_s": min(wall), "imports_s": imports, "python_floor_s": min(floor)})
    print(f"\nannotator {' '.join(args[:1])} [{name}]: {min(cpu):.3f}s CPU, {min(wall):.3f}s wall, imports <= {imports:.3f}s "
          f"(python -c pass: {min(floor):.3f}s); load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
