"""``annotator score --jobs N`` gives the output of ``--jobs 1`` (report, errors and their
order, bootstrap); ``--shard I/N`` reports merged by ``annotator merge-reports`` give the
report of scoring everything at once (issue 16)."""

import io
import json
import random
import threading
from pathlib import Path

import pytest

from annotator.score.command import run_merge, run_score
from reportkit import valid_report
from synth import records


def _files(tmp_path, n=150, *, seed=5, broken=False):
    golds, preds, _ = records(n, 6, seed=seed, safe=False)
    rng = random.Random(seed)
    for p in preds[::3]:  # string-anchored predictions on some documents
        p["entities"] = [{"text": e["text"], "label": e["label"]} for e in p["entities"]]
    lines_g = [json.dumps(r, ensure_ascii=False) for r in golds]
    chunks = [preds[i : i + 20] for i in range(0, len(preds), 20)]
    for c in chunks:
        rng.shuffle(c)  # out of order within windows
    lines_p = [json.dumps(r, ensure_ascii=False) for c in chunks for r in c]
    if broken:  # invalid lines in both inputs, spread over the files
        for i in range(5, n, 17):
            lines_g[i] = lines_g[i].replace('"label": "PER"', '"label": 7', 1) if '"PER"' in lines_g[i] else "{not json"
        for i in range(9, n, 23):
            lines_p[i] = lines_p[i].replace('"start": ', '"start": -', 1)
        lines_p.insert(40, "")  # a blank line: reported once
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("\n".join(lines_g) + "\n", encoding="utf-8")
    pred.write_text("\n".join(lines_p) + "\n", encoding="utf-8")
    return gold, pred


def _run(*args, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(*args, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


def _without_time(text: str) -> dict:
    data = json.loads(text)
    data.pop("run")
    return data


def test_jobs_give_the_same_report_and_bootstrap(tmp_path):
    gold, pred = _files(tmp_path)
    one = _run(gold, pred, report="json", jobs=1, bootstrap=200, seed=3)
    for jobs in (2, 3):
        many = _run(gold, pred, report="json", jobs=jobs, bootstrap=200, seed=3)
        assert many[0] == one[0] == 0
        assert _without_time(many[1]) == _without_time(one[1])
    # and the table a person reads
    assert _run(gold, pred, jobs=2, bootstrap=0)[1].replace("\n", "") != ""
    assert _run(gold, pred, jobs=2, bootstrap=50)[1] == _run(gold, pred, jobs=1, bootstrap=50)[1]


def test_jobs_give_the_same_errors_in_the_same_order(tmp_path):
    gold, pred = _files(tmp_path, broken=True)
    code, out, err = _run(gold, pred, report="json", jobs=1)
    assert code == 1 and out == ""  # invalid records: exit 1, and the summary line says so
    lines = err.splitlines()
    assert lines[-1] == "annotator score: invalid input (above): nothing scored"
    assert len(lines) > 10 and any("pred.jsonl" in line for line in lines) and any("gold.jsonl" in line for line in lines)
    assert sum("blank line" in line for line in lines) == 1
    for jobs in (2, 4):
        assert _run(gold, pred, report="json", jobs=jobs) == (code, out, err)


def test_shards_merged_by_merge_reports_equal_scoring_all(tmp_path):
    gold, pred = _files(tmp_path, n=200, seed=8)
    code, whole, _ = _run(gold, pred, report="json", jobs=1, bootstrap=100, seed=1)
    parts = []
    for i in range(1, 4):
        path = tmp_path / f"part{i}.json"
        assert _run(gold, pred, report="json", shard=f"{i}/3", output=path, jobs=2 if i == 2 else 1)[0] == 0
        parts.append(path)
    out, err = io.StringIO(), io.StringIO()
    assert run_merge(parts, output=tmp_path / "all.json", bootstrap=100, seed=1, stdout=out, stderr=err) == 0, err.getvalue()
    assert "3 reports, 200 documents" in err.getvalue()
    merged = (tmp_path / "all.json").read_text(encoding="utf-8")
    # shard reports and the merged report are score reports like any other: they validate
    # against the checked-in schema, with provenance, run and gates
    for text in [merged, *(p.read_text(encoding="utf-8") for p in parts)]:
        valid_report(text)
    assert json.loads(merged)["provenance"]["options"] == {"min_iou": 0.5, "rel_tol": 1e-9, "bootstrap": 100, "seed": 1}
    assert _without_time(merged) == _without_time(whole)
    # a CI matrix gates the merged report
    f1 = json.loads(whole)["layers"]["entities"]["schemes"]["strict"]["f1"]
    for threshold, code in ((f1 - 0.01, 0), (f1 + 0.01, 1)):
        out = io.StringIO()
        assert run_merge(parts, fail_under=[f"entities.strict.f1={threshold}"], report="json", stdout=out, stderr=io.StringIO()) == code
        assert json.loads(out.getvalue())["gates"][0]["passed"] is (code == 0)


@pytest.mark.parametrize("bad", ["3", "0/2", "3/2", "a/b", "1/0"])
def test_a_bad_shard_is_a_usage_error(tmp_path, bad):
    gold, pred = _files(tmp_path, n=5)
    code, out, err = _run(gold, pred, shard=bad)
    assert code == 2 and err.startswith("--shard: ") and len(err.splitlines()) == 1


def test_merge_reports_refuses_overlapping_or_foreign_files(tmp_path):
    gold, pred = _files(tmp_path, n=20)
    a = tmp_path / "a.json"
    assert _run(gold, pred, report="json", output=a)[0] == 0
    err = io.StringIO()
    assert run_merge([a, a], stderr=err, stdout=io.StringIO()) == 1  # a finding: the shards overlap
    assert "merge reports of disjoint documents" in err.getvalue()
    (tmp_path / "x.json").write_text("[1, 2]", encoding="utf-8")
    err = io.StringIO()
    assert run_merge([a, tmp_path / "x.json"], stderr=err, stdout=io.StringIO()) == 2
    assert "not an annotator score report" in err.getvalue()


def test_input_hashing_starts_after_the_workers_fork(tmp_path, monkeypatch):
    """The report's input hashes are computed in a thread; it starts only once the workers
    are forked, so that --jobs can fork (no thread of ours alive) and the hashes are still there."""
    import hashlib
    import multiprocessing
    import threading

    from annotator.score import engine, parallel

    events = []
    context, hashing = parallel._context, engine.hash_in_background

    def spy_context():
        chosen = context()
        events.append(("workers", chosen.get_start_method(), threading.active_count()))
        return chosen

    def spy_hashing(paths, *rest):
        events.append(("hashing",))
        return hashing(paths, *rest)

    monkeypatch.setattr(parallel, "_context", spy_context)
    monkeypatch.setattr(engine, "hash_in_background", spy_hashing)
    gold, pred = _files(tmp_path, n=30)
    code, out, err = _run(gold, pred, report="json", jobs=2, bootstrap=0)
    assert code == 0, err
    assert [e[0] for e in events] == ["workers", "hashing"]
    _, method, threads = events[0]
    if threads == 1 and "fork" in multiprocessing.get_all_start_methods():
        assert method == "fork"  # (other tests of this process may have left threads of their own)
    inputs = json.loads(out)["provenance"]["inputs"]
    assert inputs["gold"][0]["sha256"] == hashlib.sha256(gold.read_bytes()).hexdigest()
    assert inputs["pred"][0]["sha256"] == hashlib.sha256(pred.read_bytes()).hexdigest()


def test_jobs_with_other_threads_alive_use_a_fork_server(tmp_path, monkeypatch):
    """Forking while other threads run may deadlock the child: then the processes come from a
    fork server (the scorer imported once there), with the same output."""
    from annotator.score import parallel

    gold, pred = _files(tmp_path, n=30)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallel._context().get_start_method() in ("forkserver", "spawn")
    served = _run(gold, pred, report="json", jobs=2, bootstrap=20)
    assert _without_time(served[1]) == _without_time(_run(gold, pred, report="json", jobs=1, bootstrap=20)[1])


def test_default_jobs(tmp_path, monkeypatch):
    """One process per core, at most one per BYTES_PER_JOB of input (files or directories of
    them), and one when an input is not a regular file."""
    from annotator.io import chunks

    gold, pred = _files(tmp_path, n=10)
    monkeypatch.setattr(chunks, "available_cores", lambda: 4)
    assert chunks.default_jobs([gold, pred]) == 1  # a few kB
    monkeypatch.setattr(chunks, "BYTES_PER_JOB", 1)
    assert chunks.default_jobs([gold, pred]) == 4
    assert chunks.default_jobs([tmp_path, pred]) == 4  # the directory's .jsonl files count
    assert chunks.default_jobs([gold, Path("/dev/stdin")]) == 1


def test_jobs_with_a_document_registry(tmp_path):
    """With --docs the registry is read once and inherited by the workers: the same report."""
    golds, preds, texts = records(60, 4, seed=2, safe=False)
    docs = tmp_path / "documents.jsonl"
    docs.write_text("".join(json.dumps({"doc_id": g["doc_id"], "text": t, "text_sha256": g["text_sha256"], "lang": "ar", "source": "synthetic"},
                                       ensure_ascii=False) + "\n" for g, t in zip(golds, texts)), encoding="utf-8")
    for g in golds:
        del g["text"]
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in golds), encoding="utf-8")
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds), encoding="utf-8")
    one = _run(gold, pred, docs=docs, report="json", jobs=1, bootstrap=10)
    assert one[0] == 0, one[2]
    assert _without_time(_run(gold, pred, docs=docs, report="json", jobs=3, bootstrap=10)[1]) == _without_time(one[1])


def test_jobs_show_one_progress_bar_of_every_process_once_they_are_started(tmp_path, monkeypatch):
    """On a terminal, --jobs shows the documents scored by all the processes, and the bar (its
    thread) starts after the workers are forked: with a thread alive they would come from a
    fork server."""
    import contextlib

    from annotator.report import progress
    from annotator.score import parallel

    events: list = []
    real = parallel.process_context
    monkeypatch.setattr(parallel, "process_context", lambda name: events.append("workers") or real(name))

    @contextlib.contextmanager
    def bar(*args, **kw):
        events.append("bar")
        yield lambda done, total: events.append((done, total))

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(progress, "progress_bar", bar)
    import multiprocessing

    counted, count = [], parallel.count_lines  # the bar's total: counted once the worker runs (not serial time)
    monkeypatch.setattr(parallel, "count_lines", lambda paths: counted.append(len(multiprocessing.active_children())) or count(paths))
    golds, preds, _ = records(400, 6, seed=3, safe=True)
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    for path, rows in ((gold, golds), (pred, preds)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert run_score(gold, pred, report="json", bootstrap=0, stdout=io.StringIO(), stderr=Terminal(), jobs=2) == 0
    updates = [e for e in events if isinstance(e, tuple)]
    assert events[:2] == ["workers", "bar"]
    assert updates[-1] == (400, 400)
    assert [done for done, _ in updates] == sorted(done for done, _ in updates)
    assert events.count("bar") == 1 and counted == [1]


def test_a_worker_running_two_parts_takes_no_chunk_twice(tmp_path, monkeypatch):
    """A pool's worker may run two parts of one run, one after the other (a fork server starts
    workers as they are needed): each part claims chunks under its own id, so the second takes
    none of the first's again and the chunked run is used (before, the run was silently done
    again by hash: the same output in twice the time)."""
    from jobskit import one_worker_runs_every_part

    from annotator.score import parallel

    one_worker_runs_every_part(monkeypatch, parallel)
    verdicts: list[bool] = []
    partition = parallel._partition

    def checked(*args):
        counts = partition(*args)
        verdicts.append(counts is not None)
        return counts

    monkeypatch.setattr(parallel, "_partition", checked)
    golds, preds, _ = records(300, 6, seed=11, safe=True)
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    for path, rows in ((gold, golds), (pred, preds)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    one = _run(gold, pred, report="json", bootstrap=0, jobs=1)
    three = _run(gold, pred, report="json", bootstrap=0, jobs=3)
    assert one[0] == three[0] == 0 and _without_time(one[1]) == _without_time(three[1])
    assert verdicts == [True]
