"""Benchmarks of issue 16 (scoring at archive scale), run with:

    .venv/bin/pytest tests/bench/test_bench_scale.py --benchmark-enable -p no:cacheprovider -s

Every figure is a ratio measured in one run, the two sides timed alternately (best of
``ROUNDS`` each): these machines are shared and noisy.

* the whole ``annotator score`` against ``json.loads`` of both inputs, on the issue's two
  corpus shapes (10,000 documents x 50 entities, 100,000 x 10), with embedded texts and with
  ``--docs``, with offsets and string-anchored, with the command's default bootstrap (1,000 samples)
  and without, in one process and with the default ``--jobs``;
* ``--jobs 2`` against ``--jobs 1`` (the issue asks >= 1.7x on the 2-core machine);
* end to end, loading included, against nervaluate (load + evaluate) and seqeval (load +
  classification report) on the same spans (the issue asks >= 15x and >= 20x).

BENCH_SCALE=small runs every shape at a tenth of its size (a quick look; the goals are for
the full sizes).
"""

import gc
import io
import json
import os
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "score"))

from synth import records  # noqa: E402

from annotator.model import Document  # noqa: E402
from annotator.score.command import run_score  # noqa: E402
from annotator.io.chunks import available_cores  # noqa: E402

nervaluate = pytest.importorskip("nervaluate")
seqeval_metrics = pytest.importorskip("seqeval.metrics")

SCALE = 10 if os.environ.get("BENCH_SCALE") == "small" else 1
SHAPES = {"10000x50": (10_000 // SCALE, 50), "100000x10": (100_000 // SCALE, 10)}
ROUNDS = 2
TAGS = ["PER", "ORG", "GPE", "LOC", "EVENT"]


def _write(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """Per shape: gold with embedded texts, gold without + a document registry, predictions
    with offsets, string-anchored predictions, and the peers' inputs (the same spans)."""
    out = {}
    for shape, (n, k) in SHAPES.items():
        d = tmp_path_factory.mktemp(shape)
        golds, preds, texts = records(n, k, seed=7, safe=True)
        c = {"gold": _write(d / "gold.jsonl", golds), "pred": _write(d / "pred.jsonl", preds)}
        c["anchored"] = _write(d / "pred-anchored.jsonl", (
            {**p, "entities": [{"text": e["text"], "label": e["label"]} for e in p["entities"]]} for p in preds))
        c["docs"] = _write(d / "documents.jsonl", (
            Document(doc_id=g["doc_id"], text=t, text_sha256=g["text_sha256"], lang="ar", source="synthetic").model_dump() for g, t in zip(golds, texts)))
        for g in golds:
            del g["text"]
        c["gold_bare"] = _write(d / "gold-bare.jsonl", golds)
        # nervaluate's dict format (inclusive ends) and seqeval's BIO tags over whitespace tokens
        c["nervaluate"] = _write(d / "nervaluate.jsonl", (
            {"true": [{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in g["entities"]],
             "pred": [{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in p["entities"]]} for g, p in zip(golds, preds)))
        c["seqeval"] = _write(d / "seqeval.jsonl", ({"true": _bio(t, g["entities"]), "pred": _bio(t, p["entities"])} for g, p, t in zip(golds, preds, texts)))
        out[shape] = c
        del golds, preds, texts
    return out


def _bio(text: str, spans) -> list[str]:
    """BIO tags of the whitespace tokens of ``text`` (a token is in a span when it starts in it)."""
    tags, starts, pos = [], [], 0
    for token in text.split(" "):
        starts.append(pos)
        pos += len(token) + 1
    tags = ["O"] * len(starts)
    import bisect

    for s in sorted(spans, key=lambda e: e["start"]):
        i = bisect.bisect_left(starts, s["start"])
        j = bisect.bisect_left(starts, s["end"])
        for t in range(i, max(i + 1, j)):
            if t < len(tags):
                tags[t] = ("B-" if t == i else "I-") + s["label"]
    return tags


def _loads(*paths: Path) -> None:
    for path in paths:
        with path.open("rb") as f:
            for line in f:
                json.loads(line)


def _timed(fn, cpu: bool = False) -> float:
    """Wall time of ``fn``, or with ``cpu`` the CPU time of this process (all its threads:
    our input hashing included) when ``fn`` starts no process: six engineers share the two
    cores, and CPU time is what a busy machine distorts least."""
    gc.collect()
    clock = time.process_time if cpu else time.perf_counter
    t0 = clock()
    fn()
    return clock() - t0


def _alternate(a, b, rounds: int = ROUNDS, cpu: bool = False) -> tuple[float, float]:
    """Best times of ``a`` and ``b``, run alternately."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(_timed(a, cpu))
        tb.append(_timed(b, cpu))
    return min(ta), min(tb)


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _score(gold: Path, pred: Path, bootstrap: int = 0, **kw):
    def run() -> None:
        code = run_score(gold, pred, report="json", bootstrap=bootstrap, stdout=io.StringIO(), stderr=io.StringIO(), **kw)
        assert code == 0

    return run


CASES = {  # (gold, predictions, --docs, --bootstrap)
    "offsets": ("gold", "pred", False, 0),
    "offsets --docs": ("gold_bare", "pred", True, 0),
    "string-anchored": ("gold", "anchored", False, 0),
    "offsets --bootstrap 1000": ("gold", "pred", False, 1000),  # the command's default
}


@pytest.mark.parametrize("jobs", [1, None], ids=["jobs=1", "jobs=default"])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("shape", list(SHAPES))
def test_bench_command_vs_json_loads(benchmark, corpora, shape, case, jobs):
    """The issue asks <= 1.5x json.loads (<= 2x string-anchored); printed, not asserted."""
    c = corpora[shape]
    gold_key, pred_key, with_docs, bootstrap = CASES[case]
    gold, pred = c[gold_key], c[pred_key]
    command = _score(gold, pred, bootstrap, docs=c["docs"] if with_docs else None, jobs=jobs)
    inputs = (gold, pred, c["docs"]) if with_docs else (gold, pred)  # the registry is an input too
    cpu = jobs == 1  # one process: CPU time; several: wall time (the workers' CPU is elsewhere)
    base, ours = _alternate(lambda: _loads(*inputs), command, cpu=cpu)
    benchmark.pedantic(command, rounds=1, iterations=1)
    ratio = ours / base
    benchmark.extra_info.update({"shape": shape, "case": case, "jobs": jobs or available_cores(), "ratio": ratio, "clock": "cpu" if cpu else "wall"})
    print(f"\n{shape} {case} --jobs {jobs or 'default'}: annotator score {ours:.2f}s, json.loads {base:.2f}s "
          f"({'CPU' if cpu else 'wall'}): {ratio:.2f}x; {_load()}")


@pytest.mark.parametrize("shape", list(SHAPES))
def test_bench_registry_vs_json_loads(benchmark, corpora, shape):
    """Reading the document registry as ``score --docs`` does (every line checked; serial
    time before the workers fork, whatever ``--jobs``) against ``json.loads`` of its lines,
    CPU time. Printed, not asserted."""
    from annotator.score.inputs import load_registry

    docs = corpora[shape]["docs"]
    base, ours = _alternate(lambda: _loads(docs), lambda: load_registry(docs), rounds=3, cpu=True)
    benchmark.pedantic(lambda: load_registry(docs), rounds=1, iterations=1)
    benchmark.extra_info.update({"shape": shape, "ratio": ours / base})
    print(f"\n{shape} document registry: load_registry {ours:.2f}s, json.loads {base:.2f}s (CPU): {ours / base:.2f}x; {_load()}")


def test_bench_jobs_speedup(benchmark, corpora):
    """--jobs 2 against --jobs 1 on 10,000 x 50: the issue asks >= 1.7x on 2 cores. Wall time
    (the point is two cores at once), so it says little when the machine has no idle core:
    every alternation is printed with the load average, and the CPU time of each process."""
    c = corpora["10000x50"]
    one_fn, two_fn = _score(c["gold"], c["pred"], jobs=1), _score(c["gold"], c["pred"], jobs=2)
    ratios = []
    for _ in range(JOBS_ROUNDS):
        one, two = _timed(one_fn), _timed(two_fn)
        ratios.append(one / two)
        print(f"\n--jobs 1 {one:.2f}s, --jobs 2 {two:.2f}s: {one / two:.2f}x; {_load()}", end="")
    benchmark.pedantic(two_fn, rounds=1, iterations=1)
    # CPU time too (this process and its workers): what two idle cores would give, when the
    # shared machine has none idle and the wall-time ratio says little
    cpu1, cpu2 = _cpu(one_fn), _cpu(two_fn)
    ratios.sort()
    benchmark.extra_info.update({"speedups": ratios, "cores": available_cores(), "cpu": [cpu1, cpu2]})
    print(f"\n--jobs 2 vs --jobs 1 on {available_cores()} cores: median {ratios[len(ratios) // 2]:.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x; "
          f"CPU time: one process {cpu1[0]:.2f}s, --jobs 2 this process {cpu2[0]:.2f}s + worker {cpu2[1]:.2f}s "
          f"(what two idle cores allow: {cpu1[0] / (sum(cpu2) / 2):.2f}x, the work shared as the processes take chunks)")


JOBS_ROUNDS = 5


def _cpu(fn) -> tuple[float, float]:
    """CPU seconds of ``fn`` in this process and in the processes it started."""
    import resource

    before, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    fn()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() - before, (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)


def _peer(path: Path, evaluate):
    """Load the peer's input (one JSON line per document: true and predicted) and evaluate."""

    def run() -> None:
        true, pred = [], []
        with path.open("rb") as f:
            for line in f:
                row = json.loads(line)
                true.append(row["true"])
                pred.append(row["pred"])
        evaluate(true, pred)

    return run


PEERS = {
    "nervaluate": lambda true, pred: nervaluate.Evaluator(true, pred, tags=TAGS, loader="dict").evaluate(),
    "seqeval": lambda true, pred: seqeval_metrics.classification_report(true, pred, digits=4),
}


@pytest.mark.parametrize("peer", ["nervaluate", "seqeval"])
def test_bench_end_to_end_vs_peers(benchmark, corpora, peer):
    """Loading included: ours (validation, 7 schemes, attributes, JSON report) against the
    peer's load + evaluation on the same spans, in turns (best of 2 each): the wall time of
    our default ``--jobs`` against the peer's (it uses one core), and the CPU time of one
    process on both sides. The issue asks >= 15x (nervaluate) and >= 20x (seqeval)."""
    c = corpora["10000x50"]
    theirs_fn = _peer(c[peer], PEERS[peer])
    ours_one, ours_default = _score(c["gold"], c["pred"], jobs=1), _score(c["gold"], c["pred"])
    cpu_ours, wall_ours, cpu_theirs, wall_theirs = [], [], [], []
    for _ in range(2):
        cpu_ours.append(_timed(ours_one, cpu=True))
        wall_ours.append(_timed(ours_default))
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        theirs_fn()
        cpu_theirs.append(time.process_time() - cpu)
        wall_theirs.append(time.perf_counter() - wall)
    benchmark.pedantic(ours_default, rounds=1, iterations=1)
    ours, theirs, ours_wall, theirs_wall = min(cpu_ours), min(cpu_theirs), min(wall_ours), min(wall_theirs)
    benchmark.extra_info.update({"ours_cpu_s": ours, "ours_default_jobs_wall_s": ours_wall, "theirs_cpu_s": theirs, "theirs_wall_s": theirs_wall,
                                 "speedup_wall_default_jobs": theirs_wall / ours_wall, "speedup_cpu_one_process": theirs / ours})
    print(f"\nend to end vs {peer}: wall with the default jobs ours {ours_wall:.2f}s, {peer} {theirs_wall:.2f}s: {theirs_wall / ours_wall:.1f}x; "
          f"CPU of one process ours {ours:.2f}s (--jobs 1), {peer} {theirs:.2f}s: {theirs / ours:.1f}x; {_load()}")


def _help_cpu(*args: str) -> float:
    """CPU time (user + sys) of ``annotator ARGS`` in a fresh process."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "annotator", *args], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


@pytest.mark.parametrize("args", [("--help",), ("score", "--help")], ids=["--help", "score --help"])
def test_bench_start_up(benchmark, args):
    """CPU time of a help screen, best of 5 (the issue asks <= 0.15 s), and of a bare
    ``python -c pass`` (the interpreter's own start, which no import can save)."""
    ours = min(_help_cpu(*args) for _ in range(5))
    import resource
    import subprocess

    floor = []
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        floor.append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
    benchmark.pedantic(lambda: _help_cpu(*args), rounds=1, iterations=1)
    benchmark.extra_info.update({"cpu_s": ours, "python_floor_s": min(floor)})
    print(f"\nannotator {' '.join(args)}: {ours:.3f}s CPU (python -c pass: {min(floor):.3f}s); {_load()}")
