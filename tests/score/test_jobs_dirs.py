"""``score --jobs N`` on directories of many files (issue 16): each side's files, sorted by
name, are read as one stream, cut into chunks of lines that hold the same documents (a chunk
that spans files is a piece of each) and each chunk goes to the first process that reaches
it. The files of the two sides need not pair up; anything that is not a clean partition
falls back to the hash of ``doc_id``. Either way the output is the one of ``--jobs 1``: the
same JSON (``document_positions``: file index * 2**32 + line), the same errors with the same
``FILE:LINE``, the same bootstrap."""

import io
import json
import os
import random

import pytest

from annotator.io import chunks
from annotator.score import split
from annotator.score.command import run_merge, run_score
from annotator.score.positions import file_base
from jobskit import claim_by, in_turns_as_one_pass, even, forked_workers, hash_runs, narrow_positions, run_json, taken, write_dir  # noqa: F401 (fixtures)
from synth import records


def _dirs(tmp_path, golds, preds, gold_sizes, pred_sizes, **kw):
    gold, _ = write_dir(tmp_path / "gold", golds, gold_sizes, **kw)
    pred, _ = write_dir(tmp_path / "pred", preds, pred_sizes, **kw)
    return gold, pred


def _every_chunk_once(run, jobs_chunks):
    return sorted(c for mine in run for c in mine) == list(range(jobs_chunks))


def test_byte_files_read_several_files_as_one_stream(tmp_path):
    """Offsets into the concatenation; a file's start is a line's start (after a file without
    a final newline too); nothing is found across two files; empty files hold nothing."""
    parts = [b"a\nbb", b"", b"ccc\n", b"d\n\nee"]
    paths = []
    for i, data in enumerate(parts):
        paths.append(tmp_path / f"{i}.jsonl")
        paths[-1].write_bytes(data)
    with chunks.ByteFiles(paths) as stream:
        assert len(stream) == 13 and stream.sizes == [4, 0, 4, 5] and stream.starts == [0, 4, 4, 8]
        lines, at = [], 0
        while at < len(stream):
            line, at = stream.line(at)
            lines.append(line)
        assert lines == [b"a", b"bb", b"ccc", b"d", b"", b"ee"] and at == 13
        assert stream.find(b"bc", 0) == -1 and stream.find(b"cc", 0) == 4 and stream.find(b"\n", 3) == 7
        assert stream.find(b"\n", 8, 9) == -1 and stream.find(b"\n", 8, 10) == 9 and stream.find(b"e", 0) == 11
        assert stream.rfind(b"\n", 0, 6) == 3  # the end of the file before (no line end there)
        assert stream.rfind(b"\n", 4, 6) == -1 and stream.rfind(b"\n", 0, 2) == 1 and stream.rfind(b"\n", 0, 1) == -1
        assert stream.rfind(b"\n", 0, 13) == 10 and stream.rfind(b"\n", 0, 9) == 7


def test_chunks_of_files_start_at_line_starts(tmp_path):
    """Random files (empty ones, blank lines, no final newline): every piece starts at the
    start of a line of its file, the pieces of a chunk are consecutive, and the chunks are
    numbered in order; a file that cannot be read: each file one chunk."""
    rng = random.Random(5)
    for trial in range(30):
        paths = []
        for i in range(rng.randrange(1, 6)):
            data = b"".join(b"x" * rng.randrange(0, 30) + b"\n" for _ in range(rng.randrange(0, 12)))
            paths.append(tmp_path / f"{trial}-{i}.jsonl")
            paths[-1].write_bytes(data[:-1] if data and rng.random() < 0.3 else data)
        pieces = chunks.file_chunks(paths, chunks.chunk_cuts(rng.randrange(2, 5)))
        ids = [k for _, file_ids in pieces for k in file_ids]
        assert ids == sorted(ids) and sorted(set(ids)) == list(range(len(set(ids))))
        for path, (starts, _) in zip(paths, pieces):
            data = path.read_bytes()
            assert (starts[:1] == [0]) == bool(data) and all(0 < s < len(data) and data[s - 1 : s] == b"\n" for s in starts[1:])
    assert chunks.file_chunks([paths[0], tmp_path / "missing.jsonl"], [0.5]) == [([0], [0]), ([0], [1])]


def test_file_pieces_split_chunks_at_file_boundaries():
    # files of 10, 0, 5 and 20 bytes; chunks starting at 0, 4, 15 (a file's start) and 30
    assert chunks.file_pieces([10, 0, 5, 20], [0, 4, 15, 30]) == [
        ([0, 4], [0, 1]), ([], []), ([0], [1]), ([0, 15], [2, 3])]
    assert chunks.file_pieces([7], [0, 3]) == [([0, 3], [0, 1])]


@pytest.mark.parametrize("jobs", [2, 3])
def test_paired_directories_are_scored_by_chunks(tmp_path, hash_runs, taken, jobs):
    """An extractor run file by file: as many prediction files as gold files, the same
    documents in the same order. The chunks are used (no hash-sharded run: before, several
    files always went to it) and the output is the single pass's."""
    golds, preds, _ = records(300, 4, seed=61, safe=False)
    del preds[130], preds[7]  # documents without a prediction, in the 1st and 3rd files
    sizes = even(300, 5)
    gold, pred = _dirs(tmp_path, golds, preds, sizes, [sizes[0] - 1, sizes[1], sizes[2] - 1, *sizes[3:]])
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0 and len(one[1]["documents"]["missing_predictions"]) == 2
    assert one[1]["document_positions"][-1] == file_base(4) + sizes[4]  # file index * 2**32 + line
    assert run_json(gold, pred, jobs=jobs) == one
    assert hash_runs == []
    cut = split.chunk_pieces(sorted(gold.iterdir()), sorted(pred.iterdir()), chunks.chunk_cuts(jobs))
    assert cut is not None and len(taken) == 1 and _every_chunk_once(taken[0], cut[2])
    # chunks span files: the last piece of a file and the first of the next are one chunk
    assert any(a[1][-1] == b[1][0] for a, b in zip(cut[0], cut[0][1:]))


def test_chunks_taken_in_turns_across_files(tmp_path, hash_runs, taken, monkeypatch):
    """Chunks taken in turns by two processes: pieces of one file read by both, each
    numbering its lines from the piece's offset; the parent gives the positions of one pass."""
    forked_workers(monkeypatch)
    golds, preds, _ = records(240, 3, seed=62, safe=False)
    del preds[100]
    gold, pred = _dirs(tmp_path, golds, preds, even(240, 4), even(239, 4))
    in_turns_as_one_pass(monkeypatch, gold, pred, hash_runs, taken)


@pytest.mark.parametrize("gold_sizes, pred_sizes", [
    ([60, 60, 60, 60], [100, 40, 100]),  # different counts and boundaries
    ([240], [30, 30, 90, 90]),  # one gold file, many prediction files
    ([50, 70, 60, 60], [240]),  # and the other way round
    ([60, 60, 60, 60], [60, 0, 60, 60, 0, 60]),  # empty files between them
    ([0, 120, 120], [120, 120, 0]),  # and first or last
])
def test_the_sides_need_not_pair_up(tmp_path, hash_runs, taken, gold_sizes, pred_sizes):
    """The files of a side are one stream: any number of files on each side, boundaries
    anywhere, as long as the documents are in the same order."""
    golds, preds, _ = records(240, 3, seed=63, safe=False)
    gold, pred = _dirs(tmp_path, golds, preds, gold_sizes, pred_sizes)
    one = run_json(gold, pred, jobs=1)
    assert one[0] == 0
    for jobs in (2, 3):
        assert run_json(gold, pred, jobs=jobs) == one
    assert hash_runs == [] and len(taken) == 2


def _mismatch(how, golds, preds, tmp_path):
    """Directories whose files do not list the same documents in the same order: (gold, pred,
    whether the chunks can be used)."""
    sizes = even(len(golds), 4)
    if how == "a file in another order":
        preds[sizes[0] : sizes[0] + sizes[1]] = preds[sizes[0] : sizes[0] + sizes[1]][::-1]
    elif how == "a document without its prediction":
        del preds[sizes[0] + 3]
    elif how == "a prediction of an unknown document":
        preds.insert(sizes[0] + 3, {**preds[5], "doc_id": "nowhere"})
    elif how == "the predictions of a file sorted elsewhere":
        gold, _ = write_dir(tmp_path / "gold", golds, sizes)
        pred, _ = write_dir(tmp_path / "pred", preds, sizes, names=["b.jsonl", "a.jsonl", "c.jsonl", "d.jsonl"])
        return gold, pred, False
    elif how == "an extra prediction file":
        gold, pred = _dirs(tmp_path, golds, preds, sizes, sizes)
        (pred / "part-01b.jsonl").write_text(json.dumps(preds[sizes[0] + 2], ensure_ascii=False) + "\n", encoding="utf-8")
        return gold, pred, False  # a duplicate prediction: an error
    elif how == "more predictions in an extra file":
        moved = preds[sizes[0] : sizes[0] + 10]
        del preds[sizes[0] : sizes[0] + 10]
        gold, pred = _dirs(tmp_path, golds, preds, sizes, [sizes[0], sizes[1] - 10, *sizes[2:]])
        write_dir(pred, moved, [10], names=["zz.jsonl"])
        return gold, pred, None  # documents out of order: the samples may or may not see it
    gold, pred = _dirs(tmp_path, golds, preds, sizes, [len(preds) - sum(sizes[1:]), *sizes[1:]])
    return gold, pred, how == "a document without its prediction"


@pytest.mark.parametrize("how", ["a file in another order", "a document without its prediction", "a prediction of an unknown document",
                                 "the predictions of a file sorted elsewhere", "an extra prediction file", "more predictions in an extra file"])
def test_mismatched_directories_give_the_single_pass_output(tmp_path, hash_runs, how):
    golds, preds, _ = records(200, 3, seed=64, safe=False)
    gold, pred, chunked = _mismatch(how, golds, preds, tmp_path)
    one = run_json(gold, pred, jobs=1)
    assert one[0] == (1 if how in ("a prediction of an unknown document", "an extra prediction file") else 0), one[2]
    for jobs in (2, 3):
        assert run_json(gold, pred, jobs=jobs) == one
    if chunked is not None:
        assert len(hash_runs) == (0 if chunked else 2)  # the fallback, once per --jobs


@pytest.mark.parametrize("side", ["gold", "pred"])
def test_an_invalid_record_in_the_third_file_names_its_file_and_line(tmp_path, hash_runs, taken, side):
    golds, preds, _ = records(200, 3, seed=65, safe=False)
    sizes = even(200, 5)
    bad = sizes[0] + sizes[1] + 6  # line 7 of the 3rd file
    (golds if side == "gold" else preds)[bad]["entities"][0]["start"] = -1
    gold, pred = _dirs(tmp_path, golds, preds, sizes, sizes)
    one = run_json(gold, pred, jobs=1)
    where = f"{tmp_path / side / 'part-02.jsonl'}:7:"
    assert one[0] == 1 and one[2].startswith(where), one[2]
    assert run_json(gold, pred, jobs=2) == one
    assert len(taken) == 1 and len(hash_runs) == 1  # the chunks were tried; the hash-sharded run lists the error


def _variant(data: bytes, how: str) -> bytes:
    if how == "empty":
        return b""
    if how == "no final newline":
        return data[:-1]
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    return data.replace(b"\n", b"\r\n")  # crlf


@pytest.mark.parametrize("how", ["empty", "no final newline", "bom", "crlf"])
@pytest.mark.parametrize("side", ["gold", "pred"])
def test_file_level_problems_in_a_middle_file(tmp_path, hash_runs, taken, monkeypatch, how, side):
    """A file among others that is empty (its documents left out on both sides), lacks its
    final newline (valid: the chunks are used), starts with a BOM or has CRLF line ends (errors:
    the hash-sharded run lists them as one pass does), with chunks taken in turns."""
    forked_workers(monkeypatch)
    golds, preds, _ = records(200, 3, seed=66, safe=False)
    sizes = even(200, 4)
    gold, pred = _dirs(tmp_path, golds, preds, sizes, sizes)
    path = (gold if side == "gold" else pred) / "part-02.jsonl"
    path.write_bytes(_variant(path.read_bytes(), how))
    if how == "empty":  # the same documents gone from the other side
        other = (pred if side == "gold" else gold) / "part-02.jsonl"
        other.write_bytes(b"")
    one = run_json(gold, pred, jobs=1)
    valid = how in ("empty", "no final newline")
    assert (one[0] == 0) == valid, one[2]
    claim_by(monkeypatch, os.getpid())
    assert run_json(gold, pred, jobs=2) == one
    assert len(taken) == 1 and len(hash_runs) == (0 if valid else 1)
    if valid:
        (mine, theirs), = taken
        assert mine and theirs


def test_files_beyond_the_width_of_a_line_number_are_hashed(tmp_path, hash_runs, monkeypatch):
    """With several files on a side, a position holds the file's index above the line's bits,
    and a line is numbered from its piece's offset: a file of more than 2**LINE_BITS bytes (4 GiB)
    among several is not cut (shown with 12 bits); smaller ones are, with the same output."""
    forked_workers(monkeypatch)
    limit = narrow_positions(monkeypatch, 12)
    golds, preds, _ = records(64, 2, seed=67, safe=False)
    gold, pred = _dirs(tmp_path, golds, preds, even(64, 16), even(64, 16))
    assert max(p.stat().st_size for p in [*gold.iterdir(), *pred.iterdir()]) < limit
    one = run_json(gold, pred, jobs=1)
    claim_by(monkeypatch, os.getpid())
    assert run_json(gold, pred, jobs=2) == one and hash_runs == []
    big, _ = write_dir(tmp_path / "big", golds, [40, 24])
    assert (big / "part-00.jsonl").stat().st_size >= limit
    assert split.chunk_pieces(sorted(big.iterdir()), sorted(pred.iterdir()), [0.5]) is None
    one = run_json(big, pred, jobs=1)
    assert run_json(big, pred, jobs=2) == one and len(hash_runs) == 1
    # one file on a side is cut whatever its size (its positions are the line alone)
    (tmp_path / "one").mkdir()
    single = tmp_path / "one" / "all.jsonl"
    single.write_bytes(b"".join(p.read_bytes() for p in sorted(big.iterdir())))
    assert split.chunk_pieces([single], sorted(pred.iterdir()), [0.5]) is not None
    assert run_json(single, pred, jobs=2) == run_json(single, pred, jobs=1) and len(hash_runs) == 1


def test_shards_of_directories_merge_into_the_whole_report(tmp_path):
    golds, preds, _ = records(180, 3, seed=68, safe=False)
    rng = random.Random(1)
    del preds[rng.randrange(180)]
    gold, pred = _dirs(tmp_path, golds, preds, even(180, 6), even(179, 5))
    out, err = io.StringIO(), io.StringIO()
    assert run_score(gold, pred, report="json", bootstrap=50, seed=4, jobs=1, output=tmp_path / "whole.json", stdout=out, stderr=err) == 0
    parts = []
    for i in (1, 2, 3):
        parts.append(tmp_path / f"part{i}.json")
        assert run_score(gold, pred, report="json", shard=f"{i}/3", jobs=2, output=parts[-1], stdout=out, stderr=err) == 0, err.getvalue()
    assert run_merge(parts, output=tmp_path / "all.json", bootstrap=50, seed=4, stdout=out, stderr=err) == 0, err.getvalue()
    whole, merged = (json.loads((tmp_path / name).read_text(encoding="utf-8")) for name in ("whole.json", "all.json"))
    whole.pop("run"), merged.pop("run")
    assert merged == whole
    assert run_json(gold, pred, jobs=2) == run_json(gold, pred, jobs=1)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_cuts_many_files_as_one_stream(tmp_path, monkeypatch, fmt):
    """``validate --jobs`` reads its files as one stream too (no pairing to guess): many small
    files make as many chunks as one file would, a chunk spans files, and the findings are
    those of one pass, with the same FILE:LINE (duplicates across files, a blank line, CRLF
    line ends, an empty file, a file without a final newline), chunks taken in turns."""
    from annotator.validate import parallel as vparallel
    from annotator.validate.command import run_validate

    golds, _, _ = records(120, 3, seed=69, safe=False)
    golds[40]["entities"][0]["start"] = -1
    lines = [json.dumps(r, ensure_ascii=False) for r in golds]
    lines[70] = lines[10]  # a duplicate record, in another file
    lines[95] = "   "
    files = []
    for i in range(12):
        files.append(tmp_path / f"part-{i:02d}.jsonl")
        files[-1].write_text("".join(line + "\n" for line in lines[i * 10 : i * 10 + 10]), encoding="utf-8")
    files[3].write_bytes(files[3].read_bytes().replace(b"\n", b"\r\n"))
    files[5].write_bytes(b"")
    files[8].write_bytes(files[8].read_bytes()[:-1])
    seen, real = [], vparallel.file_chunks
    monkeypatch.setattr(vparallel, "file_chunks", lambda paths, cuts: seen.append(real(paths, cuts)) or seen[-1])

    def run(jobs):
        out = io.StringIO()
        code = run_validate(files, out=out, fmt=fmt, jobs=jobs, quiet=True)
        return code, out.getvalue()

    one = run(1)
    assert one[0] == 1
    if fmt == "text":
        assert f"{files[4]}:1:" in one[1] and f"{files[7]}:1:" in one[1] and f"{files[9]}:6:" in one[1]
    monkeypatch.setattr(vparallel, "process_context", lambda name: forked_context())
    claim_by(monkeypatch, os.getpid())
    assert run(2) == one
    pieces, = seen
    ids = sorted({k for _, file_ids in pieces for k in file_ids})
    assert ids == list(range(len(ids))) and len(ids) <= len(chunks.chunk_cuts(2)) + 1
    assert any(a[1][-1] == b[1][0] for a, b in zip(pieces, pieces[1:]) if a[1] and b[1])  # a chunk spans two files
    assert pieces[5] == ([], [])  # the empty file
    monkeypatch.undo()
    assert run(3) == one


def forked_context():
    import multiprocessing

    return multiprocessing.get_context("fork")


def test_predictions_of_documents_without_gold_with_a_registry(tmp_path, hash_runs, taken):
    """With a document registry, predictions of documents the gold leaves out are valid
    (unscored predictions): the chunks are used, and the report lists them as one pass."""
    golds, preds, texts = records(160, 3, seed=70, safe=False, embed_text=False)
    docs = tmp_path / "documents.jsonl"
    docs.write_text("".join(json.dumps({"doc_id": g["doc_id"], "text_sha256": g["text_sha256"], "lang": "ar", "source": "synth", "text": t},
                                       ensure_ascii=False) + "\n" for g, t in zip(golds, texts)), encoding="utf-8")
    del golds[100], golds[20]  # in the 1st and 3rd gold files; their predictions stay
    gold, pred = _dirs(tmp_path, golds, preds, even(158, 4), even(160, 3))
    one = run_json(gold, pred, jobs=1, docs=docs)
    assert one[0] == 0 and one[1]["documents"]["unscored_predictions"] == ["doc000020", "doc000100"]
    for jobs in (2, 3):
        assert run_json(gold, pred, jobs=jobs, docs=docs) == one
    assert hash_runs == [] and len(taken) == 2
