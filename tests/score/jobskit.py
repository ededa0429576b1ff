"""What the --jobs tests of score and validate share."""

import io
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from types import ModuleType

import pytest

from annotator.io import chunks
from annotator.score import parallel, positions, split
from annotator.score.command import run_score


def one_worker_runs_every_part(monkeypatch, parallel: ModuleType) -> None:
    """``parallel``'s pool gets one forked worker, which runs the run's parts one after the
    other (as a fork server's pool may), and this process claims no chunk before the worker's
    first part took them all."""
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", lambda workers, **kw: ProcessPoolExecutor(1, **kw))
    monkeypatch.setattr(parallel, "process_context", lambda name: multiprocessing.get_context("fork"))
    this_process_waits_for_every_chunk(monkeypatch)


def this_process_waits_for_every_chunk(monkeypatch) -> None:
    """This process claims no chunk before the workers took them all (as if the machine's
    other programs had its core)."""
    parent, real = os.getpid(), chunks.Claims.__call__

    def held_up(self, chunk):
        if os.getpid() == parent:
            deadline = time.monotonic() + 60
            while not all(self.table) and time.monotonic() < deadline:
                time.sleep(0.001)
        return real(self, chunk)

    monkeypatch.setattr(chunks.Claims, "__call__", held_up)


def cut_offsets(gold, pred, cuts):
    """Where the chunks after the first of one GOLD and one PRED file start (gold's, the
    predictions'), as ``split.chunk_pieces`` cuts them, or None."""
    found = split.chunk_pieces([gold], [pred], cuts)
    return None if found is None else (found[0][0][0][1:], found[1][0][0][1:])


def write_pair(tmp_path, golds, preds, *, extra_pred=(), extra_gold=()):
    """GOLD and PRED files of ``tmp_path``, a record per line."""
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*golds, *extra_gold]), encoding="utf-8")
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*preds, *extra_pred]), encoding="utf-8")
    return gold, pred


def write_dir(path, records, sizes, *, names=None):
    """A directory of JSONL files, ``sizes[i]`` records in the i-th (in sorted order; ``names``:
    their names, by default ``part-00.jsonl``, ...); returns the directory and the files."""
    assert sum(sizes) == len(records)
    path.mkdir(parents=True, exist_ok=True)
    names = names or [f"part-{i:02d}.jsonl" for i in range(len(sizes))]
    files, at = [], 0
    for name, size in zip(names, sizes):
        file = path / name
        file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[at : at + size]), encoding="utf-8")
        files.append(file)
        at += size
    return path, files


def even(n: int, parts: int) -> list[int]:
    """``n`` records in ``parts`` files of (nearly) the same number."""
    return [n // parts + (i < n % parts) for i in range(parts)]


def run_json(gold, pred, **kw):
    """(exit code, JSON report without its ``run`` section, errors) of ``annotator score``."""
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


@pytest.fixture
def taken(monkeypatch):
    """The chunks each process took, in the runs whose chunks were checked (this process first)."""
    runs = []
    real = parallel._partition

    def spy(results, *rest):
        runs.append([report["_chunks"][0] if status == "ok" else None for status, report, _ in results])
        return real(results, *rest)

    monkeypatch.setattr(parallel, "_partition", spy)
    return runs


def forked_workers(monkeypatch):
    """Workers forked from this process, so that they inherit the patched claims (other tests
    of this process may have left threads that would make the command use a fork server)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("fork"))


def claim_by(monkeypatch, parent: int, ours=lambda chunk: chunk % 2 == 0):
    """This process takes the chunks ``ours`` says (by default the even ones), the workers the
    others (forked: they inherit it)."""

    def claim(self, chunk):
        return self.owned.setdefault(chunk, ours(chunk) == (os.getpid() == parent))

    monkeypatch.setattr(chunks.Claims, "__call__", claim)


def in_turns_as_one_pass(monkeypatch, gold, pred, hash_runs, taken) -> None:
    """``--jobs 2`` with the chunks taken in turns (this process the even ones) gives the JSON
    of ``--jobs 1``, from the chunks (no hash-sharded run)."""
    one = run_json(gold, pred, jobs=1)
    claim_by(monkeypatch, os.getpid())
    assert run_json(gold, pred, jobs=2) == one
    assert hash_runs == []
    (mine, theirs), = taken
    n = len(mine) + len(theirs)
    assert n > 8 and mine == list(range(0, n, 2)) and theirs == list(range(1, n, 2))


def narrow_positions(monkeypatch, bits: int) -> int:
    """Positions of lines (``annotator.score.positions``) with ``bits`` for the line number:
    at 12, a chunk of a file of a few kB starts beyond it, as one of a file of more than
    4 GiB does at 32 (forked workers inherit it). Returns ``2**bits``."""
    monkeypatch.setattr(positions, "LINE_BITS", bits)
    return 1 << bits
