"""Property-based fuzzing of the record format and the JSONL reader (issue 10).

For every input (mutated valid records, random bytes, random nesting, random Unicode with
surrogates and controls): ``validate`` and ``score`` return 0, 1 or 2, print only one-line
messages with nothing a terminal would act on, and raise nothing; an input judged valid
round-trips through the atomic writer byte for byte, and its records are written back
deterministically and stay valid.

The suite runs a short campaign (``FUZZ_EXAMPLES``, default 30 examples per property). A long
campaign: ``FUZZ_EXAMPLES=5000 nice pytest tests/foundation/test_fuzz.py -p no:cacheprovider``.
"""

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.io.atomic import write_bytes_atomic, write_jsonl_atomic
from annotator.io.corpus import load_documents
from annotator.score.command import run_score
from annotator.text.visible import is_visible
from annotator.validate.command import run_validate
from annotator.validate.run import iter_records

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "corpus" / "documents.jsonl"
SEED_ID = "000_9cb6c4488f67ca16"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)
WORK = Path(tempfile.mkdtemp(prefix="annotator-fuzz-"))


def _seed_record() -> dict:
    text = load_documents(DOCS)[SEED_ID].text

    def span(s, occurrence=0):
        i = -1
        for _ in range(occurrence + 1):
            i = text.index(s, i + 1)
        return {"start": i, "end": i + len(s), "text": s}

    return {
        "schema_version": "1", "doc_id": SEED_ID, "text_sha256": load_documents(DOCS)[SEED_ID].text_sha256,
        "annotator": "fuzz", "status": "draft",
        "entities": [{"id": "e1", **span("لويد أوستن"), "label": "PER"}, {"id": "e2", **span("داعش", 1), "label": "ORG"}],
        "quotes": [{"id": "q1", **span("لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش"), "kind": "direct", "speaker": "e1", "cue": span("وأكد")}],
        "claims": [{"id": "c1", **span("153 هجوماً"), "kind": "count", "value": 153, "unit": "attack", "approx": False, "time": "2024-01/2024-06", "place": [], "source": None}],
    }


SEED = _seed_record()
PRED = {"schema_version": "1", "doc_id": SEED_ID, "entities": [{"text": "داعش", "label": "ORG"}]}

# Unicode of every kind: controls, bidi formatting, lone surrogates, ZWJ, Arabic, emoji.
HOSTILE_CHARS = st.sampled_from(list("\x00\x07\x1b\x7f\x85\x9b\n\r\t\u061c\u200d\u200e\u202e\u2066\u2028\ufeff\ud800\udfff\"\\:{}[],") + ["ب", "\u064e", "👩", "🇮", "a", "1", " "])
TEXT = st.text(alphabet=st.one_of(HOSTILE_CHARS, st.characters()), max_size=30)
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True, allow_infinity=True), TEXT)
JSON_VALUE = st.recursive(SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=20)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


@st.composite
def mutated_record(draw) -> bytes:
    """The seed record with one to three mutations, as a JSONL line (bytes, maybe broken)."""
    record = json.loads(json.dumps(SEED))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(record))
        path = draw(st.sampled_from(paths[1:]))
        parent = record
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add", "nudge"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON_VALUE)
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(TEXT)] = draw(JSON_VALUE)
        elif isinstance(parent[path[-1]], int) and not isinstance(parent[path[-1]], bool):
            parent[path[-1]] += draw(st.integers(-3, 3))
    line = json.dumps(record, ensure_ascii=draw(st.booleans()), allow_nan=True).encode("utf-8", "surrogatepass")
    edit = draw(st.sampled_from(["none", "none", "truncate", "insert", "duplicate-key", "deep"]))
    if edit == "truncate":
        line = line[: draw(st.integers(0, len(line)))]
    elif edit == "insert":
        at = draw(st.integers(0, len(line)))
        line = line[:at] + draw(st.binary(max_size=8)) + line[at:]
    elif edit == "duplicate-key" and line.endswith(b"}"):
        line = line[:-1] + b',"status":"done"}'
    elif edit == "deep":
        depth = draw(st.sampled_from([150, 201, 202, 1000, 5000]))
        line = line[:-1] + b',"meta":{"x":' + b"[" * depth + b"]" * depth + b"}}"
    return line


LINES = st.one_of(
    mutated_record(),
    st.binary(max_size=200),
    st.builds(lambda d, o: (o * d + b"1" + (b"]" if o == b"[" else b"}") * d) if o == b"[" else b'{"a":' * d + b"1" + b"}" * d, st.integers(0, 3000), st.sampled_from([b"[", b"{"])),
    st.builds(lambda v: json.dumps(v, allow_nan=True).encode(), JSON_VALUE),
    st.builds(lambda v: json.dumps(v, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass"), JSON_VALUE),
)
FILES = st.lists(LINES, min_size=0, max_size=4).map(lambda lines: b"\n".join(lines) + b"\n") | st.binary(max_size=300)


def _safe_lines(text: str) -> None:
    for line in text.splitlines():
        assert is_visible(line), repr(line)
        assert "Traceback" not in line


def _validate(path: Path, **kw) -> tuple[int, str]:
    """(exit code, stdout + stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_validate([path], DOCS, out=out, **kw)
    return code, out.getvalue() + err.getvalue()


def _check_validate(data: bytes) -> None:
    path = WORK / "fuzz.jsonl"
    path.write_bytes(data)
    for kind in (None, "annotation", "prediction"):
        code, out = _validate(path, kind=kind)
        assert code in (0, 1, 2)
        _safe_lines(out)
        if kind is None:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stderr(err):
                json_code = run_validate([path], DOCS, fmt="json", out=out)
            json_out = out.getvalue()
            assert json_code == code and err.getvalue() == ""
            assert is_visible(json_out.replace("\n", ""))
            assert json.loads(json_out)["valid"] is (code == 0)
        if code == 0 and kind != "prediction":
            _round_trip(path, data, kind or "annotation")


def _round_trip(path: Path, data: bytes, kind: str) -> None:
    copy = write_bytes_atomic(WORK / "copy.jsonl", data)
    assert copy.read_bytes() == data
    records = [c.record for c in iter_records(path, kind) if c.record is not None]
    out = write_jsonl_atomic(WORK / "rewritten.jsonl", records)
    first = out.read_bytes()
    assert [c.record for c in iter_records(out, kind)] == records
    assert _validate(out, kind=kind)[0] == 0
    assert write_jsonl_atomic(out, records).read_bytes() == first  # deterministic


def _check_score(data: bytes, as_gold: bool) -> None:
    fuzzed = WORK / ("gold.jsonl" if as_gold else "pred.jsonl")
    fuzzed.write_bytes(data)
    other = WORK / ("pred-ok.jsonl" if as_gold else "gold-ok.jsonl")
    other.write_text(json.dumps(PRED if as_gold else SEED, ensure_ascii=False) + "\n", encoding="utf-8")
    gold, pred = (fuzzed, other) if as_gold else (other, fuzzed)
    out, err = io.StringIO(), io.StringIO()
    code = run_score(gold, pred, docs=DOCS, report="json", bootstrap=0, stdout=out, stderr=err)
    assert code in (0, 1, 2)
    _safe_lines(err.getvalue())
    if code == 0:
        json.loads(out.getvalue())


@FUZZ
@given(data=FILES)
def test_fuzz_validate(data):
    _check_validate(data)


@FUZZ
@given(data=FILES, as_gold=st.booleans())
def test_fuzz_score(data, as_gold):
    _check_score(data, as_gold)


@FUZZ
@given(line=mutated_record())
def test_fuzz_mutated_records_agree_across_engines(line):
    """The two structural engines judge every mutated record alike (valid or not)."""
    path = WORK / "engines.jsonl"
    path.write_bytes(line + b"\n")
    assert (_validate(path, kind="annotation")[0] == 0) == (_validate(path, kind="annotation", engine="jsonschema")[0] == 0)


def test_the_seed_record_is_valid_and_round_trips():
    data = (json.dumps(SEED, ensure_ascii=False) + "\n").encode()
    path = WORK / "seed.jsonl"
    path.write_bytes(data)
    assert _validate(path)[0] == 0
    _check_validate(data)


@settings(max_examples=max(2, EXAMPLES // 50), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)
@given(data=FILES)
def test_fuzz_the_real_command(data):
    """A few inputs through the real command line (validate, and score with the input as
    gold), in a child process with its peak memory."""
    path = WORK / "sub.jsonl"
    path.write_bytes(data)
    pred = WORK / "sub-pred.jsonl"
    pred.write_text(json.dumps(PRED, ensure_ascii=False) + "\n", encoding="utf-8")
    for args in (["validate", "--docs", str(DOCS), str(path)], ["score", "--docs", str(DOCS), "--bootstrap", "0", str(path), str(pred)]):
        probe = (
            "import resource, subprocess, sys\n"
            f"r = subprocess.run([sys.executable, '-m', 'annotator', *{args!r}], capture_output=True, timeout=120)\n"
            "sys.stdout.buffer.write(r.stdout + r.stderr)\n"
            "print('\\nRC', r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        )
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, timeout=180)
        text = result.stdout.decode("utf-8")
        body, _, tail = text.rpartition("\nRC ")
        code, peak_kb = map(int, tail.split())
        assert code in (0, 1, 2), (args[0], text)
        _safe_lines(body)
        assert peak_kb < 300_000


def test_the_campaign_kept_memory_bounded():
    """Runs after the properties above (file order): the whole campaign stayed in bounds."""
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_500_000
