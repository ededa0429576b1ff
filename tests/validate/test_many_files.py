"""``annotator validate`` of many small files (issue 16): the findings of the same lines in
one file, at their own FILE:LINE; ``--jobs 2`` as ``--jobs 1``; a file's kind detected from
its first line without decoding all of it; a file a process takes no chunk of is not opened."""

import contextlib
import io
import json
import multiprocessing
import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "score"))

from synth import records  # noqa: E402

from annotator.io import chunks  # noqa: E402
from annotator.validate import lines as reader, parallel, run  # noqa: E402
from annotator.validate.command import run_validate  # noqa: E402


def _run(paths, **kw):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_validate(list(paths), out=out, max_errors=0, quiet=True, **kw)
    return code, out.getvalue(), err.getvalue()


def _in_turns(monkeypatch):
    """Forked workers, this process taking the even chunks, the worker the odd ones."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "process_context", lambda name: multiprocessing.get_context("fork"))
    parent = os.getpid()
    monkeypatch.setattr(chunks.Claims, "__call__",
                        lambda self, chunk: self.owned.setdefault(chunk, (chunk % 2 == 0) == (os.getpid() == parent)))


def _lines(n: int, seed: int) -> list[str]:
    """Records with problems of several kinds: wrong offsets, an unknown field, invalid JSON,
    a duplicate of an earlier record."""
    golds, _, _ = records(n, 3, seed=seed)
    out = []
    for i, g in enumerate(golds):
        if i % 7 == 3:
            g["entities"][0]["start"] += 1
        elif i % 11 == 5:
            g["surprise"] = 1
        line = json.dumps(g, ensure_ascii=False)
        if i % 13 == 9:
            line = line[: len(line) // 2]
        out.append(line)
        if i % 17 == 16:
            out.append(out[i // 2])
    return out


def _split(tmp_path: Path, lines: list[str], sizes: list[int]) -> tuple[Path, list[Path], list[tuple[Path, int]]]:
    """One file of ``lines`` and the same lines in files of ``sizes`` lines; where each line of
    the one file went (file, line)."""
    one = tmp_path / "all-gold.jsonl"
    one.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    (tmp_path / "gold").mkdir()
    files, where, at = [], [], 0
    for i, size in enumerate(sizes):
        files.append(tmp_path / "gold" / f"part-{i:03d}.jsonl")
        files[-1].write_text("".join(line + "\n" for line in lines[at : at + size]), encoding="utf-8")
        where += [(files[-1], n) for n in range(1, size + 1)]
        at += size
    assert at == len(lines)
    return one, files, where


def test_many_files_give_the_findings_of_one_file(tmp_path):
    lines = _lines(80, 5)
    sizes = [1, 2, 1, 5, 1, 1, 3] * 20
    sizes = sizes[: next(i for i in range(len(sizes) + 1) if sum(sizes[:i]) >= len(lines))]
    sizes[-1] -= sum(sizes) - len(lines)
    one, files, where = _split(tmp_path, lines, sizes)
    code, out, _ = _run([one], jobs=1)
    assert code == 1 and out.count("\n") > 15

    def moved(match: re.Match) -> str:
        path, line = where[int(match.group(2)) - 1]
        return f"{path}:{line}"

    expected = re.sub(rf"({re.escape(str(one))}):(\d+)", moved, out)
    got = _run(files, jobs=1)
    assert got[0] == 1 and got[1] == expected


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_jobs_2_on_many_small_files_as_one_pass(tmp_path, monkeypatch, fmt):
    """One-record files with problems, an empty file, a file without its final newline, one
    with a BOM, one with CRLF line ends: ``--jobs 2`` (chunks taken in turns) as ``--jobs 1``."""
    lines = _lines(60, 6)
    _, files, _ = _split(tmp_path, lines, [1] * len(lines))
    files[10].write_bytes(b"")
    files[20].write_bytes(files[20].read_bytes()[:-1])
    files[30].write_bytes(b"\xef\xbb\xbf" + files[30].read_bytes())
    files[40].write_bytes(files[40].read_bytes().replace(b"\n", b"\r\n"))
    one = _run(files, jobs=1, fmt=fmt)
    assert one[0] == 1
    if fmt == "text":
        for i, what in [(10, "no records"), (20, "no newline at the end"), (30, "byte order mark"), (40, "CRLF")]:
            assert re.search(rf"^{re.escape(str(files[i]))}(:1)?: .*{what}", one[1], re.M), what
    _in_turns(monkeypatch)
    assert _run(files, jobs=2, fmt=fmt) == one


@pytest.mark.parametrize("first", [
    b'{"doc_id": "d", "lang": "ar", "text": "x"}',
    b'{"schema_version": 1, "lang": "ar", "doc_id": "d"}',
    b'{"annotator": "a", "status": null, "doc_id": "d"}',
    b'{"annotator": "a", "status": "done", "status": null}',
    b'{"annotator": "a", "status": null, "status": "done"}',
    b'{"annotator": "a", "status" : "done" }',
    b'{"source": "s", "n": ' + b"1" * 5000 + b"}",
    b'{"lang": "ar", "deep": ' + b"[" * 3000 + b"]" * 3000 + b"}",
    *(b'{"lang": "ar", "deep": ' + b"[" * n + b"]" * n + b"}" for n in (sys.getrecursionlimit() - k for k in (260, 20, 5))),
    b'{"lang": NaN}',
    b'{"lang": "\\ud800"}',
    b'{"lang": "\xff"}',
    b'\xef\xbb\xbf\xef\xbb\xbf{"lang": "ar"}',
    b"[1, 2]",
    b"not json",
])
@pytest.mark.parametrize("name", ["part.jsonl", "gold/part.jsonl", "pred.jsonl"])
def test_kind_detection_reads_the_first_object_as_json_does(tmp_path, first, name):
    """The keys that tell the kind, read without decoding the rest of the line, give the kind
    that ``json.loads`` of the line gives, for lines it reads and for lines it rejects (then the
    next line tells)."""
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(first + b'\n{"annotator": "b", "status": "done"}\n')

    def reference(data: bytes):
        try:
            obj = json.loads(data.decode("utf-8", "replace").lstrip("\ufeff"))
        except (ValueError, RecursionError):
            return None
        return obj if isinstance(obj, dict) else None

    expected = None
    for line in path.read_bytes().splitlines():
        obj = reference(line[3:] if line.startswith(b"\xef\xbb\xbf") else line)
        if obj is not None:
            expected = run._kind_from_object(obj, path)
            break
    assert run.detect_kind(path) == expected


def test_kind_detection_does_not_decode_whole_lines(tmp_path, monkeypatch):
    """A directory of one-record files: no line is decoded by ``json`` to detect a kind."""
    _, files, _ = _split(tmp_path, [json.dumps(g, ensure_ascii=False) for g in records(20, 3, seed=4)[0]], [1] * 20)
    decoded = []
    real = run.json.loads
    monkeypatch.setattr(run.json, "loads", lambda s, *a, **kw: decoded.append(s) or real(s, *a, **kw))
    assert [run.detect_kind(f) for f in files] == ["annotation"] * 20 and decoded == []


def test_a_file_whose_chunks_others_take_is_not_opened(tmp_path, monkeypatch):
    """``--jobs``: a process opens only the files of which it takes a chunk."""
    path = tmp_path / "gold.jsonl"
    path.write_text('{"a": 1}\n{"a": 2}\n', encoding="utf-8")

    def refused(self, *args, **kw):
        raise AssertionError(f"{self} opened")

    monkeypatch.setattr(Path, "open", refused)
    theirs = chunks.Ranges([0, 9], lambda chunk: False)
    with reader.open_input(path, None, theirs) as lines:
        assert list(lines) == []
    monkeypatch.undo()
    ours = chunks.Ranges([0, 9], lambda chunk: chunk == 1)
    with reader.open_input(path, None, ours) as lines:
        assert [(raw.lineno, raw.data) for raw in lines] == [(10, b'{"a": 2}')]
    assert ours.counts == {1: 1}
