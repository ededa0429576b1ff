"""Issue 10: hostile input to `validate`, `add` and the JSONL reader. Every class of defect
found by trying the toolkit as a hostile user would, each with its regression test."""

import io
import json
import os
import subprocess
import sys
import threading

import pytest

from .hostile import ROOT, annotator, one_line_messages, run

@pytest.fixture
def bad_file(tmp_path, good_record):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({**good_record, "status": "banana"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


# --- Defect 2: pipes are read once; `-` is standard input; no records is not "valid" ---


def test_process_substitution_is_read_once(bad_file):
    result = subprocess.run(["bash", "-c", f'"{sys.executable}" -m annotator validate <(cat "{bad_file}")'], capture_output=True, cwd=ROOT, timeout=120)
    text = one_line_messages(result)
    assert result.returncode == 1, text
    assert ": status: " in text and ": valid\n" not in text


def test_dev_stdin_and_dash_read_a_pipe_once(bad_file):
    for name in ("/dev/stdin", "-"):
        with bad_file.open("rb") as f:
            result = subprocess.run(["bash", "-c", f'cat | "{sys.executable}" -m annotator validate {name}'], stdin=f, capture_output=True, cwd=ROOT, timeout=120)
        text = one_line_messages(result)
        assert result.returncode == 1, (name, text)
        assert ": status: " in text and ": valid\n" not in text


def test_dash_is_standard_input_in_process(bad_file, good_record, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad_file.read_bytes())))
    code, lines = run(["-"])
    assert code == 1 and lines and all(line.startswith("<stdin>:1: ") for line in lines)
    good = (json.dumps(good_record, ensure_ascii=False) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(good)))
    assert run(["-"]) == (0, [])


def test_an_empty_input_is_not_valid(tmp_path, monkeypatch):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    code, lines = run([empty])
    assert code == 1
    assert lines == [f"{empty}: no records: the input is empty; expected one JSON annotation record per line"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert run(["-"])[0] == 1
    result = annotator("validate", "-", input=b"")
    assert result.returncode == 1 and b"no records" in result.stdout and b": valid\n" not in result.stderr


# --- Defect 3: strings from files are printed with their control characters made visible ---


def test_unknown_field_names_and_values_are_printed_visibly(tmp_path, good_record):
    path = tmp_path / "evil.jsonl"
    hostile = "x\x1b]52;c;QUFBQQ==\x07\u202e\x9b2J\nforged.jsonl:1: valid"
    record = {**good_record, hostile: 1, "entities": [{**good_record["entities"][0], "label": hostile}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = annotator("validate", str(path))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\x9b" not in out
    assert "\\x1b]52;c;QUFBQQ==\\x07\\u202e\\x9b2J\\x0aforged" in out
    assert all(line.startswith(f"{path}:1: ") for line in out.splitlines())  # no forged second line
    as_json = annotator("validate", "--format", "json", str(path))
    raw = as_json.stdout.decode()
    assert "\x1b" not in raw and "\x07" not in raw and "\u202e" not in raw and "\x9b" not in raw
    findings = json.loads(raw)["findings"]
    assert any(f["path"] == hostile for f in findings)  # the same value, escaped as JSON


def test_a_lone_surrogate_reaches_no_output_raw(tmp_path, good_record):
    path = tmp_path / "s.jsonl"
    path.write_bytes(json.dumps({**good_record, "annotator": "\ud800"}).encode() + b"\n")
    for fmt in ("text", "json"):
        result = annotator("validate", "--format", fmt, str(path))
        one_line_messages(result)
        assert result.returncode == 1 and b"\\ud800" in result.stdout


# --- Defect 4: one plain line, never a traceback ---

GOOD_PREFIX = '{"schema_version":"1","doc_id":"000_9cb6c4488f67ca16","annotator":"t","status":"draft","entities":[],"quotes":[],"claims":[],'


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (GOOD_PREFIX + '"meta":{"a":' + "[" * 200 + "]" * 200 + "}}", "nested more than 201 levels deep"),
        ("[" * 200 + "]" * 200, "expected a JSON object, got array"),
        ('{"a":' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 201 levels deep"),
        ("[" * 100_000, "nested more than 201 levels deep"),
        ('{"\\ud800":1}', "lone surrogate \\ud800 in an object key"),
        (GOOD_PREFIX + '"meta":{"\\udfff":1}}', "lone surrogate \\udfff in an object key"),
        (GOOD_PREFIX + '"meta":{"n":' + "9" * 5000 + "}}", "an integer has more than 4300 digits"),
        ('{"schema_version":' + "9" * 5000 + "}", "an integer has more than 4300 digits"),
    ],
    ids=["meta-200-deep", "array-200-deep", "100000-deep", "100000-open", "surrogate-key", "surrogate-key-in-meta", "huge-integer-in-meta", "huge-integer"],
)
@pytest.mark.parametrize("engine", ["pydantic", "jsonschema"])
def test_hostile_json_gives_one_plain_line(tmp_path, line, message, engine):
    path = tmp_path / "h.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    code, lines = run([path], engine=engine)
    assert code == 1
    assert any(message in out for out in lines), lines
    assert all(out.startswith(f"{path}:1: ") and len(out) < 400 for out in lines)


def test_hostile_json_through_the_real_command(tmp_path):
    path = tmp_path / "h.jsonl"
    path.write_text('{"a":' + "[" * 100_000 + "]" * 100_000 + "}\n" + '{"\\ud800":1}\n' + GOOD_PREFIX + '"meta":{"n":' + "9" * 5000 + "}}\n", encoding="utf-8")
    result = annotator("validate", str(path))
    text = one_line_messages(result)
    assert result.returncode == 1 and text.count(f"{path}:") == 3, text


# --- Defect 5: pipes and devices are read with the same limit as files ---


def test_dev_zero_stops_at_the_line_limit():
    result = annotator("validate", "/dev/zero", timeout=60)
    text = one_line_messages(result)
    assert result.returncode == 2
    assert text.strip() == "/dev/zero:1: longer than the 16 MiB limit for one record, in an input that is not a regular file (a pipe or device); stopped reading"


def test_a_fifo_that_never_ends_a_line_stops_at_the_limit(tmp_path):
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed():
        try:
            with fifo.open("wb") as f:
                while not stop.is_set():
                    f.write(b"x" * 65536)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        result = annotator("validate", str(fifo), timeout=60)
    finally:
        stop.set()
    writer.join(timeout=30)
    assert result.returncode == 2 and b"stopped reading" in result.stderr
    one_line_messages(result)


def test_add_dev_zero_stops_at_the_limit(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    probe = f"""
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "annotator", "add", "/dev/zero", "--id", "z", "--corpus", {str(corpus)!r}], capture_output=True, timeout=60)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.buffer.write(r.stderr)
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, timeout=120)
    code, peak_kb = map(int, result.stdout.split())
    assert code == 2
    assert result.stderr.decode().strip() == "/dev/zero: longer than the 16 MiB limit for one document; not added"
    assert peak_kb < 250_000, f"peak RSS {peak_kb} kB"
    assert not (corpus / "documents.jsonl").exists()


def test_add_refuses_an_id_that_breaks_the_rule_and_prints_it_visibly(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = tmp_path / "news.txt"
    src.write_text("نص", encoding="utf-8")
    result = annotator("add", str(src), "--id", "a\x1b[2Jb c", "--corpus", str(corpus))
    text = one_line_messages(result)
    assert result.returncode == 2 and "'a\\x1b[2Jb c' is not a valid doc_id" in text


# --- Defect 6: findings stream out; at most --max-errors per file are shown, the rest counted ---


def test_max_errors_caps_what_is_shown_and_counts_the_rest(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_text("{}\n" * 1000, encoding="utf-8")
    code, lines = run([path])
    assert code == 1 and len(lines) == 100
    code, lines = run([path], max_errors=7)
    assert len(lines) == 7
    assert len(run([path], max_errors=0)[1]) == 2000
    result = annotator("validate", "--max-errors", "3", str(path))
    assert result.returncode == 1 and len(result.stdout.splitlines()) == 3
    assert result.stderr.decode() == "1 file(s), 0 record(s): 2000 error(s) (1997 not shown: at most 3 per file; --max-errors 0 shows all)\n"
    report = json.loads(annotator("validate", "--format", "json", "--max-errors", "3", str(path)).stdout)
    assert report["errors"] == 2000 and len(report["findings"]) == 3 and report["not_shown"] == 1997


def test_findings_are_printed_before_the_input_ends(tmp_path):
    """The first finding appears while the input is still open (streamed, not collected; the
    kind is detected from the first JSON object, so the line is one)."""
    import select

    proc = subprocess.Popen([sys.executable, "-m", "annotator", "validate", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        proc.stdin.write(b'{"doc_id": "x"}\n')
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "no finding printed while the input was still open"
        assert proc.stdout.readline() == b"<stdin>:1: schema_version: missing required field\n"
        proc.stdin.close()
        assert proc.wait(timeout=60) == 1
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.slow
def test_a_million_lines_of_empty_objects_in_bounded_memory(tmp_path):
    path = tmp_path / "million.jsonl"
    path.write_bytes(b"{}\n" * 1_000_000)
    probe = f"""
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "annotator", "validate", {str(path)!r}], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
print(r.returncode, len(r.stdout.splitlines()), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.buffer.write(r.stderr)
"""
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, timeout=900)
    code, shown, peak_kb = map(int, result.stdout.split())
    assert code == 1 and shown == 100
    assert "2000000 error(s)" in result.stderr.decode()
    assert peak_kb < 200_000, f"peak RSS {peak_kb} kB for 1,000,000 lines of {{}}"  # was about 500 MB


def test_peak_rss_probe_works():
    """The memory probes above read the peak RSS of a child; make sure the figure is real."""
    probe = "import resource, subprocess, sys; subprocess.run([sys.executable, '-c', 'x = bytearray(100_000_000)']); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    peak_kb = int(subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60).stdout)
    assert peak_kb > 100_000


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ('{"a":' + "[" * 100_000 + "]" * 100_000 + "}", "nested more than 201 levels deep"),
        ('{"\\ud800":1}', "lone surrogate \\ud800 in an object key"),
        ('{"n":' + "9" * 5000 + "}", "an integer has more than 4300 digits"),
        ('{"k":1,"k":2}', "meta.k: duplicate key"),
    ],
    ids=["deep", "surrogate-key", "huge-integer", "duplicate-key"],
)
def test_a_hostile_registry_gives_one_line_to_add_and_validate(tmp_path, meta, message):
    from annotator.model import text_sha256

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = json.dumps({"doc_id": "a", "text": "نص", "text_sha256": text_sha256("نص"), "lang": "ar", "source": "x"}, ensure_ascii=False)
    (corpus / "documents.jsonl").write_text(line[:-1] + ',"meta":' + meta + "}\n", encoding="utf-8")
    src = tmp_path / "b.txt"
    src.write_text("نص آخر", encoding="utf-8")
    for args in (["add", str(src), "--corpus", str(corpus)], ["validate", "--docs", str(corpus / "documents.jsonl"), str(src)]):
        result = annotator(*args)
        text = one_line_messages(result)
        assert result.returncode == 1, text  # an invalid registry is invalid data, not a usage error
        assert text.strip() == f"{corpus / 'documents.jsonl'}:1: invalid document record: {message}" or message in text.strip().splitlines()[0], text
        assert len(text.strip().splitlines()) == 1, text
