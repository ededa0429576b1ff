"""Benchmarks of the scorer (issue #5), run with:

    .venv/bin/pytest tests/bench/test_bench_score.py --benchmark-enable -p no:cacheprovider -s

* scoring: all seven schemes on a synthetic corpus (10,000 documents x 50 gold entities,
  realistic prediction errors) against nervaluate's four schemes on the same data, in the
  same run; the issue asks for >= 20x.
* command: the whole ``annotator score`` (parsing and validation included, bootstrap off and
  at its default of 1000 samples) against ``json.loads`` of both files; the issue asks for <= 3x.

BENCH_DOCS overrides the corpus size (e.g. BENCH_DOCS=1000 for a quick look).
"""

import gc
import io
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "score"))

from synth import records  # noqa: E402

from annotator.model import Annotation, Prediction  # noqa: E402
from annotator.model.plain import validate_plain  # noqa: E402
from annotator.score.aggregate import Totals  # noqa: E402
from annotator.score.command import run_score  # noqa: E402
from annotator.score.document import score_document  # noqa: E402
from annotator.io.corpus import DocText  # noqa: E402
from annotator.score.engine import DocLookup, load_registry, score_files  # noqa: E402
from annotator.validate import iter_records  # noqa: E402
from annotator.score.schemes import SCHEMES  # noqa: E402

nervaluate = pytest.importorskip("nervaluate")

N_DOCS = int(os.environ.get("BENCH_DOCS", "10000"))
N_ENTITIES = 50
TAGS = ["PER", "ORG", "GPE", "LOC", "EVENT"]
RESULTS: dict[str, float] = {}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory):
    """The synthetic corpus as the two JSONL files a user would score (nothing else kept)."""
    golds, preds, _ = records(N_DOCS, N_ENTITIES, seed=7, safe=True)
    directory = tmp_path_factory.mktemp("bench")
    gold_path, pred_path = directory / "gold.jsonl", directory / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in golds), encoding="utf-8")
    pred_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds), encoding="utf-8")
    return {"gold": gold_path, "pred": pred_path}


@pytest.fixture(scope="module")
def corpus(files):
    """The same corpus in memory: for our scorer (records as the validator gives them, plain
    dicts) and for nervaluate (its dict format has inclusive ends: end - 1)."""
    G = [validate_plain(Annotation, line) for line in files["gold"].read_bytes().splitlines()]
    P = [validate_plain(Prediction, line) for line in files["pred"].read_bytes().splitlines()]
    texts = [g["text"] for g in G]
    true = [[{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in r["entities"]] for r in G]
    pred = [[{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in r["entities"]] for r in P]
    return {"G": G, "P": P, "texts": texts, "true": true, "pred_nv": pred}


def _ours(G, P, texts) -> Totals:
    totals = Totals()
    for g, p, t in zip(G, P, texts):
        totals.add(score_document(g, p, t))
    return totals


def _theirs(true, pred):
    return nervaluate.Evaluator(true, pred, tags=TAGS, loader="dict").evaluate()


def _best(fn, rounds: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(rounds):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


@pytest.mark.parametrize("bootstrap", [0, 1000])
def test_bench_command_vs_json_loads(benchmark, files, bootstrap):
    """The whole command (read, validate, score, JSON report; with and without the default
    1000-sample bootstrap) against json.loads of both files: the issue asks for <= 3x.

    Validation alone (``annotator.validate.iter_records`` over both files, errors only, as
    the command asks for them) is timed too, to show where the time goes."""
    gold, pred = files["gold"], files["pred"]

    def loads() -> None:
        for path in (gold, pred):
            with path.open("rb") as f:
                for line in f:
                    json.loads(line)

    def validate_only() -> None:
        registry, labels = load_registry(None)
        lookup = DocLookup(registry)
        for checked in iter_records(gold, "annotation", lookup, labels, warnings=False):
            if checked.record is not None and checked.record["text"] is not None:
                lookup.embedded[checked.record["doc_id"]] = DocText(checked.record["doc_id"], checked.record["text"], checked.record["text_sha256"])
        for _ in iter_records(pred, "prediction", lookup, None, warnings=False):
            pass

    def command() -> int:
        out = io.StringIO()
        return run_score(gold, pred, report="json", bootstrap=bootstrap, stdout=out, stderr=io.StringIO())

    # json.loads and the command run back to back, five times: the ratio is the median of the
    # five paired ratios, so a slower or faster spell of this shared machine weighs on both
    # sides of each one
    pairs = []
    for _ in range(5):
        base = _best(loads, 1)[0]
        took, code = _best(command, 1)
        assert code == 0
        pairs.append((base, took))
    ratio = statistics.median(took / base for base, took in pairs)
    base, ours = min(b for b, _ in pairs), min(t for _, t in pairs)
    validation, _ = _best(validate_only, 2)
    benchmark.pedantic(command, rounds=1, iterations=1)  # the command's row in pytest-benchmark's table
    RESULTS[f"command_ratio_bootstrap_{bootstrap}"] = ratio
    benchmark.extra_info.update({"docs": N_DOCS, "command_s": ours, "json_loads_s": base, "validation_s": validation, "ratio": ratio, "bootstrap": bootstrap})
    print(
        f"\nannotator score --bootstrap {bootstrap} on {N_DOCS} docs: {ours:.3f}s, json.loads {base:.3f}s (best of five each); "
        f"median of the paired ratios {ratio:.2f}x (all: {', '.join(f'{t / b:.2f}' for b, t in pairs)}); "
        f"validation alone {validation:.3f}s = {validation / base:.2f}x; the rest (scoring, bootstrap, report) {(ours - validation) / base:.2f}x"
    )
    if N_DOCS >= 10_000:  # the corpus; on small ones fixed costs (start-up, 1000 bootstrap samples) dominate
        assert ratio <= 3


def test_bench_scoring_vs_nervaluate(benchmark, corpus):
    """All our schemes >= 20x faster than nervaluate's four, on the same data, same run."""
    totals = benchmark.pedantic(_ours, args=(corpus["G"], corpus["P"], corpus["texts"]), rounds=5, iterations=1)
    ours = benchmark.stats.stats.min
    theirs, result = _best(lambda: _theirs(corpus["true"], corpus["pred_nv"]), 2)
    # the same counts on the same data (the corpus has none of the cases where nervaluate is wrong)
    for nv, name in (("strict", "strict"), ("exact", "exact"), ("partial", "partial"), ("ent_type", "type")):
        r = result["overall"][nv]
        k = SCHEMES.index(name)
        assert [r.correct, r.incorrect, r.partial, r.missed, r.spurious] == totals.rows["entities"][5 * k : 5 * k + 5]
    ratio = theirs / ours
    RESULTS["scoring_ratio"] = ratio
    benchmark.extra_info.update({"docs": N_DOCS, "ours_s": ours, "nervaluate_s": theirs, "speedup": ratio})
    print(f"\nscoring {N_DOCS} docs x {N_ENTITIES} entities: ours {ours:.3f}s (7 schemes), nervaluate {theirs:.3f}s (4 schemes): {ratio:.1f}x")
    assert ratio >= 20


def test_memory_flat(corpus, tmp_path):
    """Memory stays flat: the scorer streams document by document and keeps, per document,
    only its count vectors (for the bootstrap and the JSON report), never its records or text.

    Measured with tracemalloc: what is still allocated after scoring, per document, at two
    corpus sizes."""
    retained, sizes = [], []
    for n in (N_DOCS // 10, N_DOCS):
        golds, preds, _ = records(n, N_ENTITIES, seed=3, safe=True)
        g, p = tmp_path / f"g{n}.jsonl", tmp_path / f"p{n}.jsonl"
        g.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in golds), encoding="utf-8")
        p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds), encoding="utf-8")
        del golds, preds
        sizes.append((g.stat().st_size + p.stat().st_size) / n)
        gc.collect()
        tracemalloc.start()
        report = score_files([g], [p])
        gc.collect()
        retained.append(tracemalloc.get_traced_memory()[0] / n)
        tracemalloc.stop()
        assert report.data["documents"]["scored"] == n
        del report
    small, large = N_DOCS // 10, N_DOCS
    growth = (retained[1] * large - retained[0] * small) / (large - small)  # bytes per extra document
    print(f"\nretained after scoring: {retained[0] * small / 1e6:.2f} MB for {small} docs, {retained[1] * large / 1e6:.2f} MB for "
          f"{large} docs: {growth:.0f} B per extra document (the input is {sizes[1]:.0f} B per document)")
    assert growth < 0.1 * sizes[1]
