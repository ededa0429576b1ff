"""The fast decoder (annotator.model.fast, msgspec types derived from the models) against
the models themselves: whatever line it accepts, pydantic's path (``check_pydantic``: the
models' JSON validation, duplicate keys, unusable numbers) accepts too, with the same record;
and it does accept ordinary valid records (else it would be no fast path). Invalid lines it
refuses go to pydantic, so ``validate`` words every finding exactly as before."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.model import Annotation, Document, Prediction
from annotator.model.base import DOC_ID_PATTERN, ISO_DATE_PATTERN
from annotator.model.fast import decode
from annotator.validate.structural import MODELS, check_line, check_pydantic

from .test_fuzz import JSON_VALUE, LINES, SEED

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)
KIND_OF = {model: kind for kind, model in MODELS.items()}


def _agrees(model, line: bytes) -> bool:
    """The fast path accepts only what pydantic's path accepts, with the same values
    (returns whether it accepted)."""
    fast = decode(model, line)
    if fast is None:
        return False
    assert check_pydantic(line, KIND_OF[model]) == (fast, []), line
    return True


def _corpus_lines(pattern: str) -> list[bytes]:
    return [line for path in sorted(ROOT.glob(pattern)) for line in path.read_bytes().splitlines() if line.strip()]


def test_the_corpus_takes_the_fast_path():
    gold, docs = _corpus_lines("corpus/gold/*.jsonl"), _corpus_lines("corpus/documents.jsonl")
    preds = _corpus_lines("corpus/annotations/*.jsonl") + _corpus_lines("tests/**/*pred*.jsonl")
    assert gold and docs
    for line in gold:
        assert _agrees(Annotation, line) and _agrees(Prediction, line)  # a gold record is a valid prediction
    for line in docs:
        assert _agrees(Document, line)
    for line in preds:
        _agrees(Prediction, line)


# Valid records: ids by the id rule, texts without a quote, backslash or colon and no
# string that starts with a colon (so that the colon count is exact: else a valid line may
# go the slow way), optional fields present or not, numbers of every size.
ID = st.from_regex(r"[A-Za-z0-9_.-][A-Za-z0-9_.:-]{0,11}", fullmatch=True)  # no colon first
PLAIN = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\:'), min_size=1, max_size=12)
OFFSET = st.integers(0, 10**25)
DATE = st.from_regex(ISO_DATE_PATTERN.strip("^$"), fullmatch=True)
NUMBER = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=False, allow_infinity=False))
META = st.none() | st.dictionaries(PLAIN, JSON_VALUE.filter(lambda v: "NaN" not in json.dumps(v, allow_nan=True) and "Infinity" not in json.dumps(v, allow_nan=True)), max_size=3)


def _maybe(draw, record: dict, key: str, value) -> None:
    if draw(st.booleans()):
        record[key] = value


@st.composite
def span(draw, predicted: bool, **fields) -> dict:
    out: dict = {}
    if not predicted or draw(st.booleans()):
        out.update(start=draw(OFFSET), end=draw(OFFSET))
    out["text"] = draw(PLAIN)
    for key, value in fields.items():
        if predicted and value is not None:
            _maybe(draw, out, key, draw(value))
        elif value is not None:
            out[key] = draw(value)
    return out


def ref(predicted: bool):
    return st.none() | ID | (span(True) if predicted else st.nothing())


@st.composite
def claim(draw, predicted: bool) -> dict:
    kind = draw(st.sampled_from(["count", "date", "money", "other"]))
    value = draw(st.none() | (DATE if kind == "date" else NUMBER))
    out = draw(span(predicted, id=ID, unit=st.none() | st.from_regex(r"[a-z][a-z_ -]{0,8}", fullmatch=True), approx=st.booleans(),
                    time=st.none() | DATE, place=st.lists(ref(predicted).filter(lambda r: r is not None), max_size=2), source=ref(predicted)))
    if not predicted or draw(st.booleans()):
        out.update(kind=kind, value=value)
    return out


@st.composite
def record(draw, predicted: bool) -> dict:
    out = {"schema_version": "1", "doc_id": draw(st.from_regex(DOC_ID_PATTERN.strip("^$"), fullmatch=True).filter(lambda d: d[0] != ":"))}
    required = {"text_sha256": st.from_regex(r"[0-9a-f]{64}", fullmatch=True), "annotator": PLAIN, "status": st.sampled_from(["draft", "done"])}
    for key, value in required.items():
        if predicted:
            _maybe(draw, out, key, draw(st.none() | value))
        else:
            out[key] = draw(value)
    _maybe(draw, out, "text", draw(st.none() | PLAIN))
    _maybe(draw, out, "meta", draw(META))
    quote = span(predicted, id=ID, kind=st.sampled_from(["direct", "indirect", "mixed"]), speaker=ref(predicted), cue=st.none() | span(predicted))
    layers = {"entities": span(predicted, id=ID, label=PLAIN), "quotes": quote, "claims": claim(predicted)}
    for layer, spans in layers.items():
        _maybe(draw, out, layer, draw(st.lists(spans, max_size=3)))
    return out


def _line(draw, value: dict) -> bytes:
    separators = draw(st.sampled_from([(",", ":"), (", ", ": ")]))
    return json.dumps(value, ensure_ascii=draw(st.booleans()), separators=separators).encode()


@PROPERTY
@given(st.data())
def test_valid_records_take_the_fast_path_with_the_models_values(data):
    model = data.draw(st.sampled_from([Annotation, Prediction]))
    value = data.draw(record(model is Prediction))
    line = _line(data.draw, value)
    accepted = check_pydantic(line, KIND_OF[model])[0] is not None
    assert _agrees(model, line) == accepted  # the values are pydantic's, and no valid line is left out


MUTATIONS = {
    "unknown field": lambda r: r["entities"][0].update(extra=1),
    "unknown top-level field": lambda r: r.update(extra={"a": [1]}),
    "id with a final newline": lambda r: r["entities"][0].update(id="e1\n"),
    "doc_id with a final newline": lambda r: r.update(doc_id=r["doc_id"] + "\n"),
    "doc_id with a space": lambda r: r.update(doc_id="a b"),
    "empty id": lambda r: r["entities"][0].update(id=""),
    "id of 201 characters": lambda r: r["entities"][0].update(id="e" * 201),
    "hash with a final newline": lambda r: r.update(text_sha256=r["text_sha256"] + "\n"),
    "negative offset": lambda r: r["entities"][0].update(start=-1),
    "float offset": lambda r: r["entities"][0].update(start=1.0),
    "boolean offset": lambda r: r["entities"][0].update(start=True),
    "string offset": lambda r: r["entities"][0].update(start="1"),
    "huge offset": lambda r: r["entities"][0].update(start=10**40),
    "speaker not an id": lambda r: r["quotes"][0].update(speaker="e 1"),
    "date value for a count": lambda r: r["claims"][0].update(value="2024"),
    "number value for a date": lambda r: r["claims"][0].update(kind="date"),
    "unit with a newline": lambda r: r["claims"][0].update(unit="attack\n"),
    "time not ISO": lambda r: r["claims"][0].update(time="2024-01/x"),
    "approx as 0": lambda r: r["claims"][0].update(approx=0),
    "cue with an id": lambda r: r["quotes"][0]["cue"].update(id="x"),
    "missing label": lambda r: r["entities"][0].pop("label"),
    "missing status": lambda r: r.pop("status"),
    "status null": lambda r: r.update(status=None),
    "schema version 2": lambda r: r.update(schema_version="2"),
    "meta a list": lambda r: r.update(meta=[1]),
    "meta with a huge integer": lambda r: r.update(meta={"n": 10**4299}),
    "meta with a float": lambda r: r.update(meta={"n": 1e308}),
}
RAW_EDITS = {
    "duplicate top-level key": lambda line: line[:-1] + b',"status":"done"}',
    "duplicate key in an entity": lambda line: line.replace(b'"label":"PER"', b'"label":"PER","label":"ORG"', 1),
    "duplicate key in meta": lambda line: line[:-1] + b',"meta":{"a":1,"a":2}}',
    "duplicate key with a colon in a string": lambda line: line[:-1] + b',"meta":{"a":"x:y","a":2}}',
    "lone surrogate": lambda line: line.replace(b'"fuzz"', b'"\\ud800"'),
    "lone surrogate in a key": lambda line: line[:-1] + b',"meta":{"\\udc00":1}}',
    "NaN": lambda line: line[:-1] + b',"meta":{"n":NaN}}',
    "Infinity": lambda line: line[:-1] + b',"meta":{"n":-Infinity}}',
    "1e400": lambda line: line[:-1] + b',"meta":{"n":1e400}}',
    "value 1e400": lambda line: line.replace(b'"value":153', b'"value":1e400'),
    "integer of 4,301 digits": lambda line: line[:-1] + b',"meta":{"n":1' + b"0" * 4300 + b"}}",
    "white space before a colon": lambda line: line.replace(b'"status":', b'"status" :'),
    "trailing garbage": lambda line: line + b"x",
    "invalid UTF-8": lambda line: line.replace(b'"fuzz"', b'"\xff"'),
    **{f"meta nested {d} deep": (lambda d: lambda line: line[:-1] + b',"meta":{"x":' + b"[" * d + b"]" * d + b"}}")(d) for d in (195, 198, 199, 200, 201, 202, 203)},
}


@pytest.mark.parametrize("name", list(MUTATIONS) + list(RAW_EDITS))
def test_each_rule_is_the_models(name):
    rec = json.loads(json.dumps(SEED))
    if name in MUTATIONS:
        MUTATIONS[name](rec)
    line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode()
    if name in RAW_EDITS:
        line = RAW_EDITS[name](line)
    for model in (Annotation, Prediction):
        _agrees(model, line)
        # and validate's findings are exactly pydantic's
        assert check_line(line, KIND_OF[model]) == check_pydantic(line, KIND_OF[model])


def test_document_rules():
    doc = {"doc_id": "d1", "text": "نص", "text_sha256": "0" * 64, "lang": "ar", "source": "x"}
    for meta in (None, {}, {"date": "2024-07-15"}, {"date": None}, {"date": 2024}, {"date": "15/07/2024"}, {"date": "2024-07-15\n"}):
        line = json.dumps({**doc, "meta": meta}).encode()
        _agrees(Document, line)
        assert check_line(line, "document") == check_pydantic(line, "document")
    assert decode(Document, json.dumps({**doc, "meta": {"date": "2024-07-15"}}).encode()) is not None
    assert decode(Document, json.dumps({**doc, "meta": {"date": 2024}}).encode()) is None


def test_what_cannot_be_derived_has_no_fast_path():
    """A model validator reads a model object, which the fast path never builds: such a model
    is refused when deriving, and its lines all go to pydantic."""
    from pydantic import model_validator

    from annotator.model.base import Record
    from annotator.model.fast import FastDecoder, Unsupported, fast_decoder

    class Checked(Record):
        a: int

        @model_validator(mode="after")
        def _check(self):
            return self

    with pytest.raises(Unsupported):
        FastDecoder(Checked)
    assert fast_decoder(Checked)(b'{"a": 1}') is None


@PROPERTY
@given(st.data())
def test_mutated_and_hostile_lines_never_pass_the_fast_path_alone(data):
    model = data.draw(st.sampled_from([Annotation, Prediction, Document]))
    if data.draw(st.booleans()):
        line = data.draw(LINES)
    else:
        value = data.draw(record(model is Prediction))
        path_value = data.draw(JSON_VALUE)
        key = data.draw(st.sampled_from(["entities", "quotes", "claims", "meta", "text", "start", "id", "speaker", "place", "cue", "x"]))
        layer = value.get(data.draw(st.sampled_from(["entities", "quotes", "claims"]))) or [value]
        layer[0][key] = path_value
        line = _line(data.draw, value)
    _agrees(model, line)
