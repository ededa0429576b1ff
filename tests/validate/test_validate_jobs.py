"""``annotator validate --jobs N`` prints what ``--jobs 1`` prints (issue 16): the same
findings in the same order with the same FILE:LINE, the same JSON report, counts,
``--max-errors`` cut and its summary, duplicate records across chunks and files, exit codes,
while each process checks only its share of the lines.

The chunks are taken in turns (this process the even ones, the worker the odd ones: forked
workers inherit the patched claims), so that the findings of the two processes interleave in
the file and any mistake of the merge changes the output; batches are small (7 lines) so
that batch and chunk boundaries fall everywhere."""

import contextlib
import gc
import io
import json
import multiprocessing
import os
import random
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "score"))

from synth import records  # noqa: E402

from annotator.io import chunks  # noqa: E402
from annotator.validate import batch, lines, parallel, run  # noqa: E402
from annotator.validate.command import run_validate  # noqa: E402
from annotator.validate.run import validate_files  # noqa: E402


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(batch, "BATCH", 7)


@pytest.fixture
def parts(monkeypatch):
    """Per file merged, the lines (with a record or a finding) each process checked."""
    seen: dict[str, dict[int, set[int]]] = {}
    real = parallel._Merge._merge

    def spy(self, name, kind, part):
        seen.setdefault(name, {}).setdefault(part.by, set()).update(part.lines, (f.line for f in part.findings))
        return real(self, name, kind, part)

    monkeypatch.setattr(parallel._Merge, "_merge", spy)
    return seen


def _in_turns(monkeypatch):
    """Workers forked from this process (other tests may have left threads that would make
    the command use a fork server), this process taking the even chunks, the worker the odd ones."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    monkeypatch.setattr(parallel, "process_context", lambda name: multiprocessing.get_context("fork"))
    parent = os.getpid()

    def claim(self, chunk):
        return self.owned.setdefault(chunk, (chunk % 2 == 0) == (os.getpid() == parent))

    monkeypatch.setattr(chunks.Claims, "__call__", claim)


def _lines(n: int, seed: int) -> list[str]:
    golds, _, _ = records(n, 4, seed=seed)
    return [json.dumps(g, ensure_ascii=False) for g in golds]


def _broken(lines: list[str], rng: random.Random) -> list[str]:
    """Problems of every kind spread over the file: wrong offsets and texts, invalid JSON, an
    unknown field, blank lines, white space at a span's edge (a warning), exact duplicate lines
    (duplicate records, and lines that may be chunk markers twice), a CRLF line end."""
    out = []
    for i, line in enumerate(lines):
        r = json.loads(line)
        if i % 11 == 3:
            r["entities"][0]["start"] += 1
        elif i % 17 == 5:
            span = r["entities"][1]
            if r["text"][span["end"] : span["end"] + 1] == " ":  # the space after it taken in: a warning
                span["end"] += 1
            span["text"] += " "
        elif i % 19 == 7:
            r["surprise"] = 1
        line = json.dumps(r, ensure_ascii=False)
        if i % 23 == 9:
            line = line[: len(line) // 2]  # invalid JSON
        out.append(line)
        if i % 31 == 30:
            out.append("   ")
        if i % 29 == 28:
            out.append(out[rng.randrange(len(out))])  # a duplicate record, often in another chunk
    out[len(out) // 3] += "\r"
    return out


def _write(path: Path, lines: list[str], *, final_newline: bool = True, bom: bool = False) -> Path:
    data = "\n".join(lines) + ("\n" if final_newline else "")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))
    return path


def _run(paths, **kw):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_validate(list(paths), out=out, **kw)
    return code, out.getvalue(), err.getvalue()


def _same(paths, jobs_list=(2, 3), **kw):
    one = _run(paths, jobs=1, **kw)
    for jobs in jobs_list:
        assert _run(paths, jobs=jobs, **kw) == one
    return one


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("max_errors", [0, 4, 100])
def test_findings_of_interleaved_chunks_merge_in_the_single_pass_order(tmp_path, monkeypatch, parts, fmt, max_errors):
    rng = random.Random(5)
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(260, 1), rng), bom=True)
    other = _lines(90, 2)
    other[10], other[70] = other[70], other[10]
    tail = _write(tmp_path / "more-gold.jsonl", other[:60] + _broken(other[60:], rng) + [_lines(260, 1)[200]], final_newline=False)
    one = _run([gold, tail], jobs=1, fmt=fmt, max_errors=max_errors)
    assert one[0] == 1
    text = one[1] + one[2]
    for expected in ("duplicate record for this document and annotator (first at", "CRLF line end", "byte order mark",
                     "no newline at the end of the file", "invalid JSON", "blank line", "white space"):
        assert expected in text or max_errors, expected
    assert f"more-gold.jsonl:{len(other) + 1}: doc_id: duplicate record" in one[1] or max_errors or fmt == "json"  # across files
    _in_turns(monkeypatch)
    assert _run([gold, tail], jobs=2, fmt=fmt, max_errors=max_errors) == one
    assert len(parts) == 2
    for by in parts.values():  # each process checked a share of each file, none the other's
        mine, theirs = by.values()
        assert len(mine) > 20 and len(theirs) > 20 and not mine & theirs


def test_three_processes_racing_for_chunks(tmp_path, parts):
    """No claims patched: the processes take chunks as they reach them."""
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(300, 3), random.Random(1)))
    code, out, err = _same([gold], jobs_list=(3,), max_errors=0)
    assert code == 1 and len(out.splitlines()) > 50
    (three,) = parts.values()
    assert sum(map(len, three.values())) == len(set().union(*three.values()))  # no line checked twice


def test_duplicates_across_chunks_and_files(tmp_path, monkeypatch):
    """A record of the first chunk repeated in the last (another process's) and in a second
    file: each repeat names the first occurrence, FILE:LINE."""
    lines = _lines(200, 4)
    gold = _write(tmp_path / "gold.jsonl", [*lines, lines[0], lines[1]])
    again = _write(tmp_path / "again-gold.jsonl", [lines[150], lines[3]])
    one = _run([gold, again], jobs=1, max_errors=0)
    assert one[1].splitlines() == [
        f"{gold}:201: doc_id: duplicate record for this document and annotator (first at {gold}:1)",
        f"{gold}:202: doc_id: duplicate record for this document and annotator (first at {gold}:2)",
        f"{again}:1: doc_id: duplicate record for this document and annotator (first at {gold}:151)",
        f"{again}:2: doc_id: duplicate record for this document and annotator (first at {gold}:4)",
    ]
    _in_turns(monkeypatch)
    assert _run([gold, again], jobs=2, max_errors=0) == one
    assert _run([gold, again], jobs=2, max_errors=0, fmt="json") == _run([gold, again], jobs=1, max_errors=0, fmt="json")


def test_max_errors_keeps_the_first_findings_of_the_file(tmp_path, monkeypatch):
    """Every line is wrong: each process finds more than the limit; the first ones of the file
    are shown, the others counted, as one pass does."""
    lines = [line[:-1] for line in _lines(150, 6)]  # each one invalid JSON
    gold = _write(tmp_path / "gold.jsonl", lines)
    one = _run([gold], jobs=1, max_errors=5)
    assert [line.split(":")[1] for line in one[1].splitlines()] == ["1", "2", "3", "4", "5"]
    assert "(145 not shown: at most 5 per file" in one[2]
    _in_turns(monkeypatch)
    assert _run([gold], jobs=2, max_errors=5) == one
    assert _run([gold], jobs=2, max_errors=5, fmt="json") == _run([gold], jobs=1, max_errors=5, fmt="json")


@pytest.mark.parametrize("kind", [None, "annotation"])
def test_an_unreadable_file_after_others(tmp_path, monkeypatch, kind):
    """A regular file that cannot be opened (found when its kind is detected, or by every
    process): the findings of the files before it, then its message and exit 2, as one pass."""
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(120, 7), random.Random(2)))
    locked = _write(tmp_path / "locked-gold.jsonl", _lines(5, 7))
    real = run.open_input

    def refused(path, name=None, *read):
        if path == locked:
            raise run.UnreadableFile(f"{locked}: cannot read: Permission denied")
        return real(path, name, *read)

    monkeypatch.setattr(run, "open_input", refused)
    monkeypatch.setattr(parallel, "open_input", refused)
    one = _run([gold, locked, gold], jobs=1, kind=kind)
    assert one[0] == 2 and one[2] == f"{locked}: cannot read: Permission denied\n" and len(one[1].splitlines()) > 30
    _in_turns(monkeypatch)
    assert _run([gold, locked, gold], jobs=2, kind=kind) == one


class _FailsAt:
    """A file whose read of the line at byte ``offset`` fails (an I/O error there)."""

    def __init__(self, f, offset):
        self.f, self.offset = f, offset

    def readline(self, *args):
        if self.f.tell() == self.offset:
            raise OSError(5, "Input/output error")
        return self.f.readline(*args)

    def __getattr__(self, name):
        return getattr(self.f, name)


def test_a_file_that_fails_midway(tmp_path, monkeypatch):
    """A read error at line 150 of the second file (in a chunk another process takes, and
    with chunks after it): the findings of every line before it (in batches of one line, where
    one pass loses no batch in progress), then its message, and nothing after it."""
    monkeypatch.setattr(batch, "BATCH", 1)
    first = _write(tmp_path / "a-gold.jsonl", _broken(_lines(60, 13), random.Random(6)))
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(220, 13), random.Random(6)))
    offset = sum(len(line) + 1 for line in gold.read_bytes().split(b"\n")[:149])
    real = lines.read_lines  # what open_input reads every file with (read_ranges too, chunk by chunk)

    def failing(f, *args, **kw):
        return real(_FailsAt(f, offset) if str(getattr(f, "name", "")) == str(gold) else f, *args, **kw)

    monkeypatch.setattr(lines, "read_lines", failing)
    one = _run([first, gold], jobs=1, max_errors=0)
    assert one[0] == 2 and "gold.jsonl:149:" in one[1] and ":150:" not in one[1] and ":151:" not in one[1]
    assert one[2] == f"{gold}: cannot read: Input/output error\n"
    _in_turns(monkeypatch)
    taken = []
    merge = parallel._Merge._merge
    monkeypatch.setattr(parallel._Merge, "_merge", lambda self, name, kind, part: taken.append((name, self.chunk, part.count)) or merge(self, name, kind, part))
    assert _run([first, gold], jobs=2, max_errors=0) == one
    failed = [piece for name, piece, count in taken if name == str(gold) and count is None]
    starts, ids = chunks.file_chunks([first, gold], chunks.chunk_cuts(2))[1]  # the pieces of gold's chunks
    assert len(failed) == 1 and ids[failed[0]] % 2 == 1  # in the worker's chunk, read from its offset, not the last
    assert starts[failed[0]] > 0 and failed[0] + 1 < len(starts)


def _registered(tmp_path: Path, n: int, seed: int) -> tuple[list[dict], Path]:
    """Gold records without their texts, and the registry that holds them."""
    golds, _, texts = records(n, 5, seed=seed, embed_text=False)
    docs = tmp_path / "documents.jsonl"
    docs.write_text("".join(json.dumps({"doc_id": g["doc_id"], "text_sha256": g["text_sha256"], "lang": "ar", "source": "synth", "text": t}, ensure_ascii=False) + "\n"
                            for g, t in zip(golds, texts)), encoding="utf-8")
    return golds, docs


def test_valid_files_and_a_registry(tmp_path, monkeypatch):
    """Clean records (the batch path) with the registry given: exit 0, the same summary."""
    golds, docs = _registered(tmp_path, 150, 8)
    gold = _write(tmp_path / "gold.jsonl", [json.dumps(g, ensure_ascii=False) for g in golds])
    one = _same([gold], docs_path=docs)
    assert one[0] == 0, one[2]
    assert one[2] == "1 file(s), 150 record(s): valid\n"


def test_workers_from_a_fork_server(tmp_path, monkeypatch, parts):
    """With other threads alive the workers are not forked: they get the table of the chunks'
    owners and the registry when they start, and the output is the same."""
    golds, docs = _registered(tmp_path, 120, 9)
    lines = [json.dumps(g, ensure_ascii=False) for g in golds]
    lines[100] = lines[100].replace('"start": ', '"start": 1', 1)
    gold = _write(tmp_path / "gold.jsonl", lines)
    one = _run([gold], jobs=1, docs_path=docs)
    assert one[0] == 1
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert chunks.process_context(parallel.__name__).get_start_method() in ("forkserver", "spawn")
    assert _run([gold], jobs=2, docs_path=docs) == one


def test_default_jobs(tmp_path, monkeypatch):
    """One process per core for large regular files; one for small inputs and standard input,
    whatever --jobs says for a pipe (it can be read once)."""
    gold = _write(tmp_path / "gold.jsonl", _lines(40, 10))
    used = []
    real = parallel.validate_in_processes
    monkeypatch.setattr(parallel, "validate_in_processes", lambda *a: used.append(a[1]) or real(*a))
    monkeypatch.setattr(chunks, "available_cores", lambda: 2)
    assert _run([gold])[0] == 0 and used == []  # a few kB: one process
    monkeypatch.setattr(chunks, "BYTES_PER_JOB", 1)
    assert _run([gold])[0] == 0 and used == [2]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gold.read_bytes())))
    assert _run([Path("-")], jobs=2) == (0, "", "1 file(s), 40 record(s): valid\n") and used == [2]


def test_chunks_start_at_line_starts(tmp_path):
    """Each chunk after the first starts at the start of the first line after its cut (a
    blank line or one with CRLF too), none twice, none at the end of the file."""
    path = tmp_path / "f.jsonl"
    data = b'{"a": 0}\n' * 10 + b"\n   \n" + b'{"a": 1}\r\n' + b'{"a": 2}\n' * 10
    path.write_bytes(data)
    offsets = chunks.file_chunks([path], [0.45, 0.46, 0.48, 0.5, 0.999])[0][0][1:]
    assert offsets == sorted(set(offsets)) and all(data[o - 1 : o] == b"\n" for o in offsets) and offsets[-1] < len(data)
    assert [data[o:].split(b"\n", 1)[0] for o in offsets] == [b"", b"   ", b'{"a": 1}\r', b'{"a": 2}']
    assert chunks.file_chunks([tmp_path / "missing.jsonl"], [0.5])[0][0][1:] == []


def test_findings_are_printed_as_the_chunks_complete(tmp_path, monkeypatch):
    """The worker waits at its first chunk until this process has printed a finding (of its
    own first chunk): findings come out before every process is done, in order."""
    _in_turns(monkeypatch)
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(200, 11), random.Random(3)))
    one = _run([gold], jobs=1)
    printed, timed_out = tmp_path / "printed", tmp_path / "timed-out"
    parent, turns = os.getpid(), chunks.Claims.__call__

    def held(self, chunk):
        if os.getpid() != parent and chunk == 1 and chunk not in self.owned:
            deadline = time.monotonic() + 30
            while not printed.exists() and time.monotonic() < deadline:
                time.sleep(0.002)
            if not printed.exists():
                timed_out.touch()
        return turns(self, chunk)

    class Out(io.StringIO):
        def write(self, text):
            printed.touch()
            return super().write(text)

    monkeypatch.setattr(chunks.Claims, "__call__", held)
    out, err = Out(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_validate([gold], out=out, jobs=2)
    assert (code, out.getvalue(), err.getvalue()) == one
    assert printed.exists() and not timed_out.exists()


def test_progress_counts_every_line_once(tmp_path, monkeypatch):
    _in_turns(monkeypatch)
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(150, 12), random.Random(4)))
    calls = []
    report = validate_files([gold], jobs=2, progress=lambda done, total: calls.append((done, total)))
    total = len(gold.read_bytes().splitlines())
    assert report.errors and calls[-1] == (total, total)
    assert gc.isenabled()  # paused while validating, then as it was
    assert [done for done, _ in calls] == sorted({done for done, _ in calls}) and len(calls) > 5


def test_interrupted_in_this_process(tmp_path, monkeypatch):
    """Ctrl-C that reaches only this process (or any failure here) while the worker still
    sends: the command stops, no worker is left behind (none waits to flush its messages)."""
    _in_turns(monkeypatch)
    lines = [line[: len(line) // 2] for line in _lines(6000, 14)]  # every line invalid JSON: many findings
    gold = _write(tmp_path / "gold.jsonl", lines)
    seen = []

    def interrupted(finding):
        seen.append(finding)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        validate_files([gold], jobs=2, max_errors=0, on_finding=interrupted)
    assert multiprocessing.active_children() == []


def test_one_worker_running_two_tasks(tmp_path, monkeypatch):
    """A pool's worker may run two tasks of one run, one after the other (a fork server starts
    workers as they are needed): each task claims chunks under its own id, so the second
    takes none of the first's again."""
    from jobskit import one_worker_runs_every_part

    one_worker_runs_every_part(monkeypatch, parallel)
    gold = _write(tmp_path / "gold.jsonl", _broken(_lines(150, 15), random.Random(7)))
    _same([gold], jobs_list=(3,), max_errors=0)


def test_the_progress_bar_starts_after_the_workers(tmp_path, monkeypatch):
    """On a terminal the bar's thread starts at its first update, once the workers are
    forked: with a thread alive they would come from a fork server (0.3 s more)."""
    from annotator.report import progress

    events = []
    real = parallel.process_context
    monkeypatch.setattr(parallel, "process_context", lambda name: events.append("workers") or real(name))

    @contextlib.contextmanager
    def bar(*args, **kw):
        events.append("bar")
        yield lambda done, total: events.append(("update", done, total))

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(progress, "progress_bar", bar)
    monkeypatch.setattr(sys, "stderr", Terminal())
    counted, count = [], parallel.count_lines  # the bar's total: counted once the worker runs (not serial time)
    monkeypatch.setattr(parallel, "count_lines", lambda paths: counted.append(len(multiprocessing.active_children())) or count(paths))
    gold = _write(tmp_path / "gold.jsonl", _lines(60, 16))
    assert run_validate([gold], out=io.StringIO(), jobs=2) == 0
    assert events[:2] == ["workers", "bar"] and events[-1] == ("update", 60, 60) and counted == [1]


@pytest.mark.parametrize("max_errors", [0, 1, 4])
def test_crlf_everywhere_is_reported_once(tmp_path, monkeypatch, parts, max_errors):
    """Every line ends with CRLF and the file starts with a BOM: each chunk read from its
    offset sees a first CRLF line, the merge keeps the file's first only (after the BOM's
    finding on line 1), and the per-file limit counts it as one pass does."""
    lines = _broken(_lines(160, 17), random.Random(9))
    gold = _write(tmp_path / "gold.jsonl", [line.rstrip("\r") + "\r" for line in lines], bom=True)
    one = _run([gold], jobs=1, max_errors=max_errors)
    out = one[1].splitlines()
    assert out[0].endswith("byte order mark (BOM); save it as UTF-8 without BOM")
    assert max_errors == 1 or ("CRLF" in out[1] and ":1: " in out[1] and sum("CRLF" in line for line in out) == 1)
    _in_turns(monkeypatch)
    assert _run([gold], jobs=2, max_errors=max_errors) == one
    assert _run([gold], jobs=2, max_errors=max_errors, fmt="json") == _run([gold], jobs=1, max_errors=max_errors, fmt="json")
    (by,) = parts.values()
    assert len(by) == 2  # both processes took chunks


@pytest.mark.parametrize("final_newline", [True, False])
def test_over_long_and_empty_files(tmp_path, monkeypatch, final_newline):
    """Over-long lines (the limit made small) skipped in chunks read from their offsets, one
    of them the last line; an empty file and a file of blank lines between them."""
    from annotator.validate import lines as reader

    lines = _lines(120, 19)
    monkeypatch.setattr(reader, "MAX_LINE_BYTES", max(len(line.encode()) for line in lines) + 10)
    for i in (7, 40, 41, 90):
        lines[i] = lines[i] + " " * 5000  # longer than the limit
    lines.append(lines[-1] + " " * 5000)
    gold = _write(tmp_path / "gold.jsonl", lines, final_newline=final_newline)
    empty = _write(tmp_path / "empty-gold.jsonl", [], final_newline=False)
    blank = _write(tmp_path / "blank-gold.jsonl", ["", "  ", ""])
    one = _run([gold, empty, blank, gold], jobs=1, kind="annotation", max_errors=0)
    assert one[0] == 1 and one[1].count("not read") == 10 and "blank line" in one[1]
    assert _run([gold, empty, blank, gold], jobs=3, kind="annotation", max_errors=0) == one  # racing for chunks
    _in_turns(monkeypatch)
    assert _run([gold, empty, blank, gold], jobs=2, kind="annotation", max_errors=0) == one
