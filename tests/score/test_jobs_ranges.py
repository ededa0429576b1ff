"""``--jobs N`` on inputs that list documents in the same order: each process scores
contiguous line ranges of both files (``annotator.score.split``); anything that is not a
clean partition (another order, a document in two ranges, an invalid record) falls back to
sharding by a hash of ``doc_id``. Either way the output is the one of ``--jobs 1``."""

import io
import json

import pytest

from annotator.score import parallel, split
from annotator.score.command import run_score
from synth import records


def _write(tmp_path, golds, preds, *, extra_pred=(), extra_gold=()):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*golds, *extra_gold]), encoding="utf-8")
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*preds, *extra_pred]), encoding="utf-8")
    return gold, pred


def _run(gold, pred, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(gold, pred, report="json", stdout=out, stderr=err, bootstrap=30, seed=2, **kw)
    data = json.loads(out.getvalue()) if out.getvalue() else None
    if data:
        data.pop("run")
    return code, data, err.getvalue()


@pytest.fixture
def hash_runs(monkeypatch):
    """How many times this process scored a part selected by the hash of doc_id (the fallback)."""
    calls = []
    real = parallel.selector

    def counted(shards):
        calls.append(shards)
        return real(shards)

    monkeypatch.setattr(parallel, "selector", counted)
    return calls


def test_same_order_scores_line_ranges_with_the_single_pass_output(tmp_path, hash_runs):
    golds, preds, _ = records(300, 5, seed=11, safe=False)
    del preds[7], preds[150]  # two documents without a prediction
    gold, pred = _write(tmp_path, golds, preds)
    one = _run(gold, pred, jobs=1)
    assert one[0] == 0 and one[1]["documents"]["missing_predictions"]
    for jobs in (2, 3):
        assert _run(gold, pred, jobs=jobs) == one
    assert hash_runs == []  # no fallback: the ranges were used


def test_the_cuts_split_both_files_at_the_same_document(tmp_path):
    golds, preds, _ = records(200, 3, seed=4, safe=True)
    gold, pred = _write(tmp_path, golds, preds)
    ranges = split.line_ranges(gold, pred, [0.5, 0.5])
    assert ranges is not None
    (g0, p0), (g1, p1) = ranges
    assert g0[0] is None and g1[1] is None and g0[1] == g1[0] and p0[1] == p1[0]
    assert json.loads(g0[1])["doc_id"] == json.loads(p0[1])["doc_id"]
    # reversed predictions: the sampled documents give the other order away
    gold, pred = _write(tmp_path, golds, preds[::-1])
    assert split.line_ranges(gold, pred, [0.5, 0.5]) is None


def test_a_document_across_two_ranges_falls_back_to_the_hash(tmp_path, hash_runs, monkeypatch):
    """A prediction listed far from its gold (not among the sampled documents): the ranges
    are tried, the parts overlap, and the hash-sharded run gives the single pass's report."""
    golds, preds, _ = records(200, 4, seed=9, safe=False)
    moved = preds.pop(3)
    gold, pred = _write(tmp_path, golds, preds, extra_pred=[moved])
    monkeypatch.setattr(split, "_agree", lambda *a: True)  # the sample would have caught it
    one = _run(gold, pred, jobs=1)
    assert one[0] == 0
    assert _run(gold, pred, jobs=2) == one
    assert len(hash_runs) == 1  # tried the ranges, then the parent's hash shard


def test_duplicate_records_in_two_ranges_give_the_single_pass_errors(tmp_path, hash_runs, monkeypatch):
    golds, preds, _ = records(120, 3, seed=3, safe=False)
    gold, pred = _write(tmp_path, golds, preds, extra_gold=[golds[2]], extra_pred=[preds[2]])
    monkeypatch.setattr(split, "_agree", lambda *a: True)
    one = _run(gold, pred, jobs=1)
    assert one[0] == 2 and "duplicate gold record" in one[2] and "duplicate prediction record" in one[2]
    assert _run(gold, pred, jobs=2) == one
    assert len(hash_runs) == 1


def test_invalid_records_are_listed_by_the_hash_sharded_run(tmp_path, hash_runs):
    golds, preds, _ = records(150, 3, seed=6, safe=False)
    preds[100]["entities"][0]["start"] = -1
    golds[20]["entities"][0]["label"] = 7
    gold, pred = _write(tmp_path, golds, preds)
    one = _run(gold, pred, jobs=1)
    assert one[0] == 2 and "gold.jsonl:21" in one[2] and "pred.jsonl:101" in one[2]
    assert _run(gold, pred, jobs=2) == one
    assert len(hash_runs) == 1


def test_line_range_counts_every_line_and_tiles():
    lines = [b"a", None, b"b", b"c", b"b", b"d"]
    first, second = split.LineRange(None, b"b"), split.LineRange(b"b", None)
    assert [first(x) for x in lines] == [True, True, False, False, False, False]
    assert [second(x) for x in lines] == [False, False, True, True, True, True]
    assert (first.started, first.stopped, second.started, second.stopped) == (1, 3, 3, None)
    assert split.tiled([(1, 3), (3, None)])
    assert not split.tiled([(1, 3), (4, None)])  # a line nobody kept
    assert not split.tiled([(1, None), (3, None)])  # the first range never stopped
    assert not split.tiled([(1, 3), (None, None)])  # the second never started


def test_no_ranges_for_files_that_cannot_be_cut(tmp_path):
    """Missing or empty files and a file of one line: no ranges (the hash-sharded run then
    reports whatever is wrong exactly as one process does)."""
    golds, preds, _ = records(20, 3, seed=1, safe=True)
    gold, pred = _write(tmp_path, golds, preds)
    assert split.line_ranges(tmp_path / "missing.jsonl", pred, [0.5, 0.5]) is None
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert split.line_ranges(gold, tmp_path / "empty.jsonl", [0.5, 0.5]) is None
    single = tmp_path / "one.jsonl"
    single.write_text(json.dumps(golds[0], ensure_ascii=False) + "\n", encoding="utf-8")
    assert split.line_ranges(single, pred, [0.5, 0.5]) is None


def test_crlf_lines_give_the_single_pass_output(tmp_path):
    """A cut line is compared as the reader gives it (one \\r dropped)."""
    golds, preds, _ = records(120, 3, seed=8, safe=True)
    gold, pred = _write(tmp_path, golds, preds)
    pred.write_bytes(pred.read_bytes().replace(b"\n", b"\r\n"))
    one = _run(gold, pred, jobs=1)
    assert _run(gold, pred, jobs=2) == one
    cut = split.line_ranges(gold, pred, [0.5, 0.5])
    assert cut is not None and not cut[0][1][1].endswith(b"\r")
