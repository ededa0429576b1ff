"""``score --jobs N`` cuts files of any size into chunks (issue 16): a chunk's lines are
numbered from its byte offset, which passes 2**32 in a file of 4 GiB or more, and positions
(``annotator.score.positions``: file index << LINE_BITS | line) must not read such a number
as a file index. Shown with a line number of 12 bits (``narrow_positions``): every chunk but
the first of a file of a few kB then starts beyond it, as in a file of more than 4 GiB at
32 bits; the output must be the one of ``--jobs 1``, and the chunks must be used."""

import json
import os

from annotator.io import chunks
from annotator.score.positions import LINE_BITS, file_base, where
from jobskit import claim_by, cut_offsets, forked_workers, hash_runs, narrow_positions, run_json, taken, write_pair  # noqa: F401 (fixtures)
from synth import records


def test_a_position_names_its_file_and_line():
    """With one file on a side, the whole position is the line, of any size (a chunk's line
    beyond 4 GiB); with several, the file's index is above the line's bits."""
    assert LINE_BITS == 32
    assert where(["gold.jsonl"], (5 << 32) + 17) == f"gold.jsonl:{(5 << 32) + 17}"
    assert where(["a.jsonl", "b.jsonl"], file_base(1) + 7) == "b.jsonl:7"
    assert where(["a.jsonl", "b.jsonl"], file_base(0) + 7) == "a.jsonl:7"
    assert file_base(1) + 7 == (1 << 32) + 7  # the report's document_positions, as in every earlier version


def test_narrow_positions_are_read_with_the_same_width(monkeypatch):
    limit = narrow_positions(monkeypatch, 12)
    assert file_base(2) == 2 * limit
    assert where(["a.jsonl", "b.jsonl", "c.jsonl"], file_base(2) + 5) == "c.jsonl:5"
    assert where(["a.jsonl"], 3 * limit + 5) == f"a.jsonl:{3 * limit + 5}"


def _cut(gold, pred, jobs=2):
    """The offsets of the chunks after the first of GOLD and PRED."""
    cut = cut_offsets(gold, pred, chunks.chunk_cuts(jobs))
    assert cut is not None
    return cut


def _chunk_lines(path, starts, k):
    """The numbers (from 0) of the lines of ``path`` in chunk ``k`` (``starts``: the offsets
    of the chunks after the first)."""
    data = path.read_bytes()
    line_starts = [0] + [i + 1 for i, byte in enumerate(data) if byte == 10]
    bounds = [0, *starts, len(data)]
    return [n for n, s in enumerate(line_starts) if bounds[k] <= s < bounds[k + 1]]


def test_a_file_beyond_the_width_is_scored_by_chunks(tmp_path, hash_runs, taken, monkeypatch):
    """Chunks taken by three processes as they reach them, then in turns by two: the single pass's report
    (documents, errors of scoring, missing predictions, their order and positions), from the
    chunks, without the hash-sharded run."""
    forked_workers(monkeypatch)
    limit = narrow_positions(monkeypatch, 12)
    golds, preds, _ = records(200, 4, seed=51, safe=False)
    del preds[20], preds[170]
    gold, pred = write_pair(tmp_path, golds, preds)
    cut = _cut(gold, pred)
    assert limit < cut[0][0] and limit < cut[1][0] and gold.stat().st_size > 20 * limit
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0 and one[1]["document_positions"] == list(range(1, 201))
    assert run_json(gold, pred, jobs=3) == one  # chunks taken as the processes reach them
    claim_by(monkeypatch, os.getpid())  # in turns: this process the even ones, the worker the odd ones
    assert run_json(gold, pred, jobs=2) == one
    assert hash_runs == []
    for run, jobs in zip(taken, (3, 2)):
        assert sorted(c for mine in run for c in mine) == list(range(len(_cut(gold, pred, jobs)[0]) + 1))
    assert all(taken[1])  # both processes took chunks beyond the width


def test_documents_out_of_order_in_a_chunk_beyond_the_width(tmp_path, hash_runs, taken, monkeypatch):
    """Two predictions swapped inside a chunk beyond the width: the first waits for its gold
    record (its text), and is checked again then, named by its position; the chunks are used
    and the report is the single pass's."""
    forked_workers(monkeypatch)
    limit = narrow_positions(monkeypatch, 12)
    golds, preds, _ = records(150, 3, seed=52, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    before = _cut(gold, pred)
    lines = _chunk_lines(pred, before[1], 2)
    assert len(lines) >= 4 and before[1][1] > limit
    k = lines[len(lines) // 2]
    preds[k], preds[k + 1] = preds[k + 1], preds[k]
    gold, pred = write_pair(tmp_path, golds, preds)
    assert _cut(gold, pred) == before  # the same chunks: the swap is inside one
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0 and one[1]["documents"]["scored"] == 150
    assert run_json(gold, pred, jobs=2) == one
    assert hash_runs == [] and len(taken) == 1


def test_invalid_and_duplicate_records_in_a_chunk_beyond_the_width(tmp_path, hash_runs, taken, monkeypatch):
    """A duplicate gold record (its message names the first one's position) and an invalid
    one inside a chunk beyond the width: the chunks are tried, the errors send the run to the
    hash, and the errors name the lines of one pass, FILE:LINE, in its order."""
    forked_workers(monkeypatch)
    limit = narrow_positions(monkeypatch, 12)
    golds, preds, _ = records(150, 3, seed=53, safe=True)
    gold, pred = write_pair(tmp_path, golds, preds)
    lines = _chunk_lines(gold, _cut(gold, pred)[0], 1)
    assert len(lines) >= 8
    k = lines[len(lines) // 2]
    golds[k + 2]["entities"][0]["label"] = 7
    golds.insert(k + 1, json.loads(json.dumps(golds[k])))  # line k + 2 repeats line k + 1
    gold, pred = write_pair(tmp_path, golds, preds)
    offsets = [0, *_cut(gold, pred)[0]]
    chunk = _chunk_lines(gold, offsets[1:], 1)
    assert {k, k + 1, k + 3} <= set(chunk) and offsets[1] > limit  # one chunk, beyond the width
    one = run_json(gold, pred, jobs=1)
    errors = one[2].splitlines()
    assert one[0] == 1 and one[1] is None  # invalid records: exit 1
    assert errors[0] == f"{gold}:{k + 2}: doc_id: duplicate gold record for document {golds[k]['doc_id']!r} (first at {gold}:{k + 1})"
    assert any(line.startswith(f"{gold}:{k + 4}: entities[0].label: ") for line in errors[1:])
    claim_by(monkeypatch, os.getpid())
    assert run_json(gold, pred, jobs=2) == one
    assert len(taken) == 1 and len(hash_runs) == 1


def test_the_report_keeps_the_positions_of_every_version(tmp_path):
    """The report's ``document_positions`` of several files: file index * 2**32 + line, as
    reports of earlier versions hold them (``merge-reports`` merges them with new ones). A
    lock on the format, not on the change: it passes on the code before it too."""
    golds, preds, _ = records(20, 2, seed=54, safe=True)
    for side, rows in (("g", golds), ("p", preds)):
        (tmp_path / side).mkdir()
        for k in (0, 1):
            lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in rows[10 * k : 10 * k + 10])
            (tmp_path / side / f"{k}.jsonl").write_text("".join(lines), encoding="utf-8")
    expected = [*range(1, 11), *((1 << 32) + n for n in range(1, 11))]
    for jobs in (1, 2):
        code, data, _ = run_json(tmp_path / "g", tmp_path / "p", jobs=jobs)
        assert code == 0 and data["document_positions"] == expected
