"""`annotator validate` on 100,000 records (~20 spans each) against plain json.loads.

Run: pytest tests/bench/test_bench_validate.py --benchmark-enable -s
Target (issue #2): validate takes at most 5x the time json.loads takes over the same file.
"""

import json
import time

import pytest
from synthetic_records import make_corpus

from annotator.io.corpus import load_documents, load_labels
from annotator.validate import validate_files

RECORDS = 100_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("validate"), RECORDS)


def _json_loads(path):
    with path.open("rb") as f:
        for line in f:
            json.loads(line)


def _best_of(fn, rounds=3):
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def test_validate_vs_json_loads(benchmark, corpus):
    docs_path, ann = corpus
    docs, labels = load_documents(docs_path), load_labels(None)

    def validate():
        report = validate_files([ann], docs, labels)
        assert report.findings == [] and report.files[str(ann)] == ("annotation", RECORDS)

    baseline = _best_of(lambda: _json_loads(ann))
    benchmark.pedantic(validate, rounds=3, iterations=1)
    ratio = benchmark.stats.stats.min / baseline
    benchmark.extra_info.update({"json_loads_s": round(baseline, 3), "ratio_vs_json_loads": round(ratio, 2)})
    print(f"\nvalidate {benchmark.stats.stats.min:.2f}s, json.loads {baseline:.2f}s, ratio {ratio:.2f}x (target <= 5x)")
    assert ratio <= 5
