"""Directories of many small files cost no more than one file (issue 16): each small file is
read once, whole, and its SHA-256 in the report's provenance is taken from those bytes; the
report is the one of the same lines in one file."""

import hashlib
import json
import pathlib
import threading

import pytest

from annotator.score import engine, provenance
from annotator.score.inputs import expand_paths, jsonl_files
from annotator.validate import lines as reader
from jobskit import even, forked_workers, run_json, write_dir, write_pair  # noqa: F401
from synth import records


def _scored(report: dict) -> dict:
    """A report without what names the input files (their paths, sizes and hashes) and the
    positions of the documents in them (a file's index and a line; in reading order)."""
    data = dict(report)
    data["provenance"] = {k: v for k, v in data["provenance"].items() if k != "inputs"}
    positions = data.pop("document_positions")
    assert positions == sorted(positions)
    return data


def _sha(path: pathlib.Path) -> dict:
    data = path.read_bytes()
    return {"path": str(path), "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def _many(tmp_path, n=60, per_file=(1, 3, 0, 7, 2, 10, 37), seed=3):
    """One file a side and the same lines in many files (sizes cycling through ``per_file``,
    empty files among them)."""
    golds, preds, _ = records(n, 4, seed=seed, safe=False)
    gold, pred = write_pair(tmp_path, golds, preds)
    sizes, left, i = [], n, 0
    while left:
        sizes.append(min(left, per_file[i % len(per_file)]))
        left -= sizes[-1]
        i += 1
    gold_dir, _ = write_dir(tmp_path / "gold", golds, sizes)
    pred_dir, _ = write_dir(tmp_path / "pred", preds, list(reversed(sizes)))
    return (gold, pred), (gold_dir, pred_dir)


@pytest.mark.parametrize("jobs", [1, 2])
def test_many_files_score_as_one(tmp_path, jobs):
    one, many = _many(tmp_path)
    code, report, err = run_json(*one, jobs=1)
    assert code == 0, err
    got = run_json(*many, jobs=jobs)
    assert got[0] == 0 and got[2] == err
    assert _scored(got[1]) == _scored(report)
    files = sorted((tmp_path / "gold").iterdir()), sorted((tmp_path / "pred").iterdir())
    assert got[1]["provenance"]["inputs"]["gold"] == [_sha(p) for p in files[0]]
    assert got[1]["provenance"]["inputs"]["pred"] == [_sha(p) for p in files[1]]


def test_small_and_large_files_are_hashed_alike(tmp_path, monkeypatch):
    """Files read whole (small) and files read through a buffer (large, here past a lowered
    limit) give the SHA-256 of their bytes, in the order given, with ``--jobs 1`` and ``2``."""
    _, many = _many(tmp_path, per_file=(2, 30, 1))
    monkeypatch.setattr(reader, "SMALL_FILE", 4000)
    files = sorted((tmp_path / "gold").iterdir()) + sorted((tmp_path / "pred").iterdir())
    assert {p.stat().st_size > 4000 for p in files} == {True, False}
    for jobs in (1, 2):
        code, report, err = run_json(*many, jobs=jobs)
        assert code == 0, err
        inputs = report["provenance"]["inputs"]
        assert inputs["gold"] + inputs["pred"] == [_sha(p) for p in files]


def test_each_input_file_is_opened_once(tmp_path, monkeypatch):
    """``--jobs 1``: every input file is opened once, by the reader (its hash comes from the
    bytes read, not from a second reading by the hashing thread)."""
    _, many = _many(tmp_path)
    opened: list[str] = []
    lock, real = threading.Lock(), pathlib.Path.open

    def counted(self, *args, **kw):
        with lock:
            opened.append(str(self))
        return real(self, *args, **kw)

    monkeypatch.setattr(pathlib.Path, "open", counted)
    code, report, err = run_json(*many, jobs=1)
    assert code == 0, err
    inputs = [str(p) for side in many for p in sorted(side.iterdir())]
    assert sorted(p for p in opened if p in inputs) == sorted(inputs)


def test_a_file_that_grows_past_the_limit_while_read_is_hashed_as_it_is(tmp_path, monkeypatch):
    """A small file that grows between its size and its reading is read through a buffer;
    its hash is then that of the whole file (never the hash of part of it)."""
    gold, pred = _many(tmp_path)[0]
    size = gold.stat().st_size
    monkeypatch.setattr(reader, "SMALL_FILE", size - 500)
    real_fstat = reader.os.fstat

    def smaller(fd):  # the size when opened: before the last line was appended
        st = real_fstat(fd)
        return type(st)((st.st_mode, *st[1:6], st.st_size - 1000, *st[7:])) if st.st_size == size else st

    monkeypatch.setattr(reader.os, "fstat", smaller)
    hashes: dict = {}
    lines = list(engine.read_lines([gold], None, hashes))
    assert len(lines) == len(gold.read_bytes().splitlines()) and hashes == {}  # read through a buffer: not hashed by the reader
    assert provenance.completed([gold], [None], hashes) == [_sha(gold)]


def test_completed_prefers_the_bytes_read():
    """The reader's hash (of the bytes scored) over the thread's; a file neither hashed is hashed now."""
    path = pathlib.Path(__file__)
    read = {"path": str(path), "sha256": "r", "bytes": 1}
    assert provenance.completed([path], [{"path": str(path), "sha256": "t", "bytes": 1}], {str(path): read}) == [read]
    assert provenance.completed([path], [None], {}) == [_sha(path)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_middle_file_names_its_file_and_line(tmp_path, jobs):
    golds, preds, _ = records(50, 3, seed=8, safe=False)
    sizes = [1] * 20 + [3] * 10
    golds[20 + 3 + 1]["entities"][0]["start"] = -1  # line 2 of the 22nd file
    gold_dir, gold_files = write_dir(tmp_path / "gold", golds, sizes)
    pred_dir, _ = write_dir(tmp_path / "pred", preds, sizes)
    code, _, err = run_json(gold_dir, pred_dir, jobs=jobs)
    assert code == 1 and err.startswith(f"{gold_files[21]}:2: "), err
    assert run_json(gold_dir, pred_dir, jobs=1)[2] == err


def _variant(data: bytes, how: str) -> bytes:
    return {"empty": b"", "no final newline": data[:-1], "bom": b"\xef\xbb\xbf" + data, "crlf": data.replace(b"\n", b"\r\n")}[how]


@pytest.mark.parametrize("how", ["empty", "no final newline", "bom", "crlf"])
def test_file_level_problems_among_many_small_files(tmp_path, monkeypatch, how):
    """A file among one-record files that is empty, lacks its final newline, starts with a
    BOM or has CRLF line ends: ``--jobs 1`` and ``2`` say the same of it, at its line."""
    forked_workers(monkeypatch)
    golds, preds, _ = records(30, 3, seed=9, safe=False)
    gold_dir, gold_files = write_dir(tmp_path / "gold", golds, [1] * 30)
    pred_dir, pred_files = write_dir(tmp_path / "pred", preds, [1] * 30)
    gold_files[13].write_bytes(_variant(gold_files[13].read_bytes(), how))
    if how == "empty":
        pred_files[13].write_bytes(b"")
    one = run_json(gold_dir, pred_dir, jobs=1)
    assert (one[0] == 0) == (how in ("empty", "no final newline")), one[2]
    if how in ("bom", "crlf"):
        assert one[2].startswith(f"{gold_files[13]}:1: ")
    assert run_json(gold_dir, pred_dir, jobs=2) == one


def test_directories_list_their_jsonl_files_sorted_by_name(tmp_path):
    """As ``sorted(d.glob("*.jsonl"))`` with regular files only: links to files kept, other
    names, subdirectories and broken links left out."""
    d = tmp_path / "d"
    d.mkdir()
    for name in ["b.jsonl", "a.jsonl", "B.jsonl", "a.jsonl.bak", ".hidden.jsonl", "x.JSONL", "é.jsonl", "10.jsonl", "9.jsonl"]:
        (d / name).write_text("{}\n")
    (d / "sub.jsonl").mkdir()
    (d / "link.jsonl").symlink_to(d / "a.jsonl")
    (d / "broken.jsonl").symlink_to(d / "none")
    expected = sorted(p for p in d.glob("*.jsonl") if p.is_file())
    assert jsonl_files(d) == expected and expand_paths([d]) == expected
    assert [str(p) for p in jsonl_files(d)] == [str(p) for p in expected]

