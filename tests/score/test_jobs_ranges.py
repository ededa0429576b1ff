"""``--jobs N`` on inputs that list documents in the same order: both files are cut into
chunks of lines that hold the same documents (``annotator.score.split``) and each chunk goes
to the first process that reaches it; anything that is not a clean partition (another
order, a document in two processes, an invalid record) falls back to sharding by a hash of
``doc_id``. Either way the output is the one of ``--jobs 1``."""

import io
import json
import multiprocessing
import os
import random
import threading

import pytest

from annotator.io import chunks
from annotator.score import parallel, split
from annotator.validate.lines import CRLF, read_lines, read_ranges
from jobskit import claim_by, cut_offsets, in_turns_as_one_pass, forked_workers, hash_runs, narrow_positions, run_json, taken, this_process_waits_for_every_chunk, write_pair  # noqa: F401 (fixtures)
from synth import records


def test_same_order_scores_chunks_with_the_single_pass_output(tmp_path, hash_runs, taken):
    golds, preds, _ = records(300, 5, seed=11, safe=False)
    del preds[7], preds[150]  # two documents without a prediction
    gold, pred = write_pair(tmp_path, golds, preds)
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0 and one[1]["documents"]["missing_predictions"]
    for jobs in (2, 3):
        assert run_json(gold, pred, jobs=jobs) == one
    assert hash_runs == []  # no fallback: the chunks were used
    for run, jobs in zip(taken, (2, 3)):  # every chunk scored once, by one process
        assert sorted(c for mine in run for c in mine) == list(range(len(chunks.chunk_cuts(jobs)) + 1))


def test_interleaved_chunks_give_the_single_pass_output(tmp_path, hash_runs, taken, monkeypatch):
    """Chunks taken in turns (not one range per process): documents, errors of scoring and
    missing predictions merge back into the single pass's order."""
    forked_workers(monkeypatch)
    golds, preds, _ = records(240, 4, seed=21, safe=False)
    del preds[30], preds[200]
    gold, pred = write_pair(tmp_path, golds, preds)
    in_turns_as_one_pass(monkeypatch, gold, pred, hash_runs, taken)


def test_a_held_up_process_takes_fewer_chunks(tmp_path, hash_runs, taken, monkeypatch):
    """This process waits (as if the machine's other programs had its core) before it looks
    for any chunk: the worker takes them all as it reaches them, this process scores nothing,
    and the output is the same."""
    forked_workers(monkeypatch)
    golds, preds, _ = records(200, 4, seed=5, safe=False)
    gold, pred = write_pair(tmp_path, golds, preds)
    one = run_json(gold, pred, jobs=1)
    this_process_waits_for_every_chunk(monkeypatch)
    assert run_json(gold, pred, jobs=2) == one
    assert hash_runs == []
    (mine, theirs), = taken
    assert mine == [] and len(theirs) > 8 and theirs == list(range(len(theirs)))


EVEN_16 = [k / 16 for k in range(1, 16)]


def _cut_lines(gold, pred, cuts):
    """The lines that start the chunks after the first of GOLD and PRED (each offset a line's start), or None."""
    offsets = cut_offsets(gold, pred, cuts)
    if offsets is None:
        return None
    lines = []
    for path, starts in zip((gold, pred), offsets):
        data = path.read_bytes()
        assert all(data[s - 1 : s] == b"\n" for s in starts) and starts == sorted(set(starts))
        lines.append([data[s:].split(b"\n", 1)[0] for s in starts])
    return lines


def test_chunks_get_smaller_towards_the_end():
    for jobs in (2, 3, 8):
        cuts = chunks.chunk_cuts(jobs)
        sizes = [b - a for a, b in zip([0, *cuts], [*cuts, 1])]
        assert all(s > 0 for s in sizes) and sizes[0] == pytest.approx(chunks.CHUNK_OF_REST / jobs)
        assert all(a >= b for a, b in zip(sizes[:-1], sizes[1:-1]))  # (the last is what is left)
        assert max(sizes[-3:]) <= chunks.LAST_CHUNK / jobs * 1.5


def test_the_cuts_split_both_files_at_the_same_documents(tmp_path):
    golds, preds, _ = records(200, 3, seed=4, safe=True)
    del preds[60]
    gold, pred = write_pair(tmp_path, golds, preds)
    markers = _cut_lines(gold, pred, [0.5])
    assert markers is not None
    (g,), (p,) = markers
    assert json.loads(g)["doc_id"] == json.loads(p)["doc_id"]
    many = _cut_lines(gold, pred, EVEN_16)
    assert many is not None and len(many[0]) == len(many[1]) == 15
    ids = [json.loads(line)["doc_id"] for line in many[0]]
    assert ids == [json.loads(line)["doc_id"] for line in many[1]]
    order = [r["doc_id"] for r in golds]
    assert [order.index(i) for i in ids] == sorted(order.index(i) for i in ids)
    # reversed predictions: the sampled documents give the other order away
    gold, pred = write_pair(tmp_path, golds, preds[::-1])
    assert cut_offsets(gold, pred, [0.5]) is None
    assert cut_offsets(gold, pred, EVEN_16) is None


def test_more_chunks_than_lines(tmp_path):
    """A small file gets as many chunks as it has lines to cut at, each cut a later line."""
    golds, preds, _ = records(5, 2, seed=2, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    g, p = _cut_lines(gold, pred, [k / 64 for k in range(1, 64)])
    assert 1 <= len(g) <= 4 and len(set(g)) == len(g) and len(p) == len(g)
    assert run_json(gold, pred, jobs=3) == run_json(gold, pred, jobs=1)


def test_a_document_across_two_processes_falls_back_to_the_hash(tmp_path, hash_runs, monkeypatch):
    """A prediction listed far from its gold (not among the sampled documents): the chunks
    are tried, the parts overlap, and the hash-sharded run gives the single pass's report."""
    golds, preds, _ = records(200, 4, seed=9, safe=False)
    moved = preds.pop(3)
    gold, pred = write_pair(tmp_path, golds, preds, extra_pred=[moved])
    monkeypatch.setattr(split, "_agree", lambda *a: True)  # the sample would have caught it
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0
    forked_workers(monkeypatch)
    claim_by(monkeypatch, os.getpid(), lambda chunk: chunk == 0)  # its gold here, its prediction there
    assert run_json(gold, pred, jobs=2) == one
    assert len(hash_runs) == 1  # tried the chunks, then the parent's hash shard


def test_duplicate_records_in_two_processes_give_the_single_pass_errors(tmp_path, hash_runs, monkeypatch):
    golds, preds, _ = records(120, 3, seed=3, safe=False)
    gold, pred = write_pair(tmp_path, golds, preds, extra_gold=[golds[2]], extra_pred=[preds[2]])
    monkeypatch.setattr(split, "_agree", lambda *a: True)
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 1 and "duplicate gold record" in one[2] and "duplicate prediction record" in one[2]
    assert run_json(gold, pred, jobs=2) == one
    assert len(hash_runs) == 1


def test_invalid_records_are_listed_by_the_hash_shardedrun_json(tmp_path, hash_runs):
    golds, preds, _ = records(150, 3, seed=6, safe=False)
    preds[100]["entities"][0]["start"] = -1
    golds[20]["entities"][0]["label"] = 7
    gold, pred = write_pair(tmp_path, golds, preds)
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 1 and "gold.jsonl:21" in one[2] and "pred.jsonl:101" in one[2]
    assert run_json(gold, pred, jobs=2) == one
    assert len(hash_runs) == 1


def _read_chunks(data: bytes, offsets, owner, who):
    """The lines ``who`` reads of ``data`` (chunks starting at ``offsets``, ``owner[k]`` taking
    chunk k), and its Ranges."""
    ranges = chunks.Ranges(offsets, lambda c: owner[c] == who)
    return list(read_ranges(io.BytesIO(data), ranges)), ranges


def test_ranges_tile_the_file_and_number_lines_as_one_pass():
    """Two processes read the chunks they take straight from their offsets: every line once,
    each numbered in order from its chunk's offset; with every chunk's count of lines the
    numbers become those of one pass, whatever is on the lines (blank, CRLF, the last line
    without a newline, a chunk of one line at the end)."""
    data = b'{"a": 1}\n\n{"b": 2}\r\n   \n{"c": 3}\n{"b": 2}\n{"d": 4}\r\n{"e": 5}'
    starts = [0] + [i + 1 for i, byte in enumerate(data) if byte == 10]
    one = list(read_lines(io.BytesIO(data)))
    offsets = [0, starts[2], starts[3], starts[7]]  # the last chunk: the last line alone
    owner = {0: "p", 1: "w", 2: "p", 3: "w"}
    read = {who: _read_chunks(data, offsets, owner, who) for who in "pw"}
    lines = sorted((raw for got, _ in read.values() for raw in got), key=lambda raw: raw.lineno)
    assert [raw.data for raw in lines] == [raw.data for raw in one]  # each line once, CR and line end dropped
    assert [raw.last for raw in lines] == [raw.last for raw in one] == [False] * 7 + [True]
    counts = {**read["p"][1].counts, **read["w"][1].counts}
    assert counts == {0: 2, 1: 1, 2: 4, 3: 1}
    positions = [raw.lineno for raw in lines]
    assert positions == sorted(set(positions)) and all(offsets[k] < p for k, p in zip([0, 0, 1, 2, 2, 2, 2, 3], positions))
    assert chunks.line_numbers(positions, offsets, counts) == [raw.lineno for raw in one] == list(range(1, 9))
    assert chunks.line_numbers([positions[3], positions[7]], offsets, counts) == [4, 8]
    # each chunk reports its own first CRLF (a single pass, the file's first: the merge keeps that one)
    crlf = [raw.lineno for raw in lines if CRLF in raw.problems]
    assert chunks.line_numbers(crlf, offsets, counts) == [3, 7] and [raw.lineno for raw in one if CRLF in raw.problems] == [3]


def test_claims_give_each_chunk_to_the_first_process_that_reaches_it():
    table = multiprocessing.get_context().Array("i", 3)
    first, second = chunks.Claims(table), chunks.Claims(table)
    second.me = first.me + 1  # (another process)
    assert first(0) and not second(0)
    assert second(2) and not first(2)
    assert first(0) and not second(0)  # the answer is kept
    assert list(table) == [first.me, 0, second.me] and first.taken() == [0] and second.taken() == [2]


def test_no_chunks_for_files_that_cannot_be_cut(tmp_path):
    """Missing or empty files and a file of one line: no chunks (the hash-sharded run then
    reports whatever is wrong exactly as one process does)."""
    golds, preds, _ = records(20, 3, seed=1, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    assert cut_offsets(tmp_path / "missing.jsonl", pred, [0.5]) is None
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert cut_offsets(gold, tmp_path / "empty.jsonl", [0.5]) is None
    single = tmp_path / "one.jsonl"
    single.write_text(json.dumps(golds[0], ensure_ascii=False) + "\n", encoding="utf-8")
    assert cut_offsets(single, pred, [0.5]) is None


def test_crlf_lines_give_the_single_pass_output(tmp_path):
    """CRLF line ends: the chunks start after a whole line end; the error is the single pass's."""
    golds, preds, _ = records(120, 3, seed=8, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    pred.write_bytes(pred.read_bytes().replace(b"\n", b"\r\n"))
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 1 and "CRLF" in one[2]  # reported once, at the first line
    assert run_json(gold, pred, jobs=2) == one
    markers = _cut_lines(gold, pred, [0.5])
    assert markers is not None and not markers[1][0].startswith(b"\n")


def test_chunks_with_a_fork_server(tmp_path, hash_runs, monkeypatch):
    """Workers that are not forked get the table of the chunks' owners when they start."""
    golds, preds, _ = records(150, 3, seed=12, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    one = run_json(gold, pred, jobs=1)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallel._context().get_start_method() in ("forkserver", "spawn")
    assert run_json(gold, pred, jobs=2) == one
    assert hash_runs == []


def _variant(data: bytes, how: str) -> bytes:
    if how == "no final newline":
        return data[:-1]
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "crlf":
        return data.replace(b"\n", b"\r\n")
    if how == "blank line":
        lines = data.split(b"\n")
        lines.insert(len(lines) * 2 // 3, b"   ")
        return b"\n".join(lines)
    return data


@pytest.mark.parametrize("bits", [32, 12])
@pytest.mark.parametrize("how", ["no final newline", "bom", "crlf", "blank line"])
@pytest.mark.parametrize("which", ["gold", "pred"])
def test_file_level_problems_give_the_single_pass_output(tmp_path, hash_runs, taken, monkeypatch, how, which, bits):
    """Chunks read from their offsets, taken in turns (the last chunk, a line or two, by either
    process): a missing final newline (valid: the chunks are used, the positions of the
    documents of every chunk are those of one pass), and a BOM, CRLF line ends, a blank line
    (errors: the hash-sharded run lists them, each once, as one pass does). ``bits``: the
    width of a line number in a position (``annotator.score.positions``); at 12, every chunk
    after the first starts beyond it, as in a file of more than 4 GiB at 32."""
    forked_workers(monkeypatch)
    narrow_positions(monkeypatch, bits)
    golds, preds, _ = records(150, 3, seed=31, safe=False)
    del preds[75]
    gold, pred = write_pair(tmp_path, golds, preds)
    path = gold if which == "gold" else pred
    path.write_bytes(_variant(path.read_bytes(), how))
    data, real = gold.read_bytes(), parallel.chunk_cuts
    last = data.rindex(b"\n", 0, -1) + 1
    monkeypatch.setattr(parallel, "chunk_cuts", lambda jobs: sorted({*real(jobs), (last - 2) / len(data)}))
    cut = cut_offsets(gold, pred, parallel.chunk_cuts(2))
    assert cut and cut[0][-1] == last  # the last chunk: the last line alone
    one = run_json(gold, pred, jobs=1)
    assert (one[0] == 0) == (how == "no final newline"), one[2]
    claim_by(monkeypatch, os.getpid())
    assert run_json(gold, pred, jobs=2) == one
    assert len(taken) == 1 and len(hash_runs) == (0 if how == "no final newline" else 1), taken  # the chunks tried
    assert (cut[0][0] >= 1 << bits) == (bits < 32)  # every chunk but the first beyond the width
    if how == "no final newline":
        (mine, theirs), = taken
        assert mine and theirs and len(mine) + len(theirs) == len(cut[0]) + 1
        positions = one[1]["document_positions"]
        assert positions == list(range(1, 151)) and one[1]["documents"]["missing_predictions"] == [golds[75]["doc_id"]]


def test_documents_in_another_order_within_chunks(tmp_path, hash_runs, taken, monkeypatch):
    """Predictions shuffled within windows that straddle the cuts: the chunks are tried (the
    samples may agree), and either way the output is the single pass's."""
    golds, preds, _ = records(200, 3, seed=33, safe=False)
    rng = random.Random(3)
    windows = [preds[i : i + 9] for i in range(0, len(preds), 9)]
    for w in windows:
        rng.shuffle(w)
    gold, pred = write_pair(tmp_path, golds, [p for w in windows for p in w])
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0
    for jobs in (2, 3):
        assert run_json(gold, pred, jobs=jobs) == one


def test_a_process_reads_only_the_chunks_it_takes(tmp_path, hash_runs, taken, monkeypatch):
    """This process (the even chunks) reads the bytes of its chunks of both files, from their
    offsets, and not one line of the worker's."""
    from annotator.validate import lines as reader

    forked_workers(monkeypatch)
    golds, preds, _ = records(200, 3, seed=41, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    one = run_json(gold, pred, jobs=1)
    parent, read, real = os.getpid(), [], reader.read_lines

    def spied(f, **kw):
        if os.getpid() == parent:
            read.append((f.name, f.tell(), kw.get("size")))
        return (yield from real(f, **kw))

    monkeypatch.setattr(reader, "read_lines", spied)
    claim_by(monkeypatch, os.getpid())
    assert run_json(gold, pred, jobs=2) == one and hash_runs == []
    cut = cut_offsets(gold, pred, chunks.chunk_cuts(2))
    for path, starts in zip((gold, pred), cut):
        ends = [*starts, path.stat().st_size]
        mine = [(str(path), start, end - start) for k, (start, end) in enumerate(zip([0, *starts], ends)) if k % 2 == 0]
        assert [r for r in read if r[0] == str(path)] == [(n, s, None if s + z == path.stat().st_size else z) for n, s, z in mine]
