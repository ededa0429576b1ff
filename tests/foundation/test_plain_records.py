"""Records validated into plain dicts (annotator.model.plain) follow the models exactly:
the same values for valid records, the same errors for invalid ones. The checks and the
scorer read this form, so a difference here would be a second, drifting format."""

import copy
import json
import random
from pathlib import Path

import pytest
from pydantic import ValidationError, model_validator

from annotator.model import Annotation, Document, Prediction
from annotator.model.base import Record
from annotator.model.plain import plain_validator, validate_plain
from annotator.validate.semantic import check_record

ROOT = Path(__file__).resolve().parents[2]


def _errors(model, line):
    """(type, loc, msg, input) of every error, or None when the line is valid. A model says
    ``model_type`` where a plain dict says ``dict_type``: the same rule, the same message."""
    try:
        model.model_validate_json(line)
    except ValidationError as e:
        return [({"model_type": "dict_type"}.get(x["type"], x["type"]), x["loc"], x["msg"], x.get("input")) for x in e.errors(include_url=False)]
    return None


def _plain_errors(model, line):
    try:
        validate_plain(model, line)
    except ValidationError as e:
        return [(x["type"], x["loc"], x["msg"], x.get("input")) for x in e.errors(include_url=False)]
    return None


def _corpus_lines():
    for path in sorted((ROOT / "corpus" / "gold").glob("*.jsonl")):
        yield from path.read_bytes().splitlines()


def test_valid_records_are_the_models_dump():
    lines = list(_corpus_lines())
    assert lines
    for line in lines:
        assert validate_plain(Annotation, line) == Annotation.model_validate_json(line).model_dump()
        # a gold record is also a valid prediction
        assert validate_plain(Prediction, line) == Prediction.model_validate_json(line).model_dump()
    for line in (ROOT / "corpus" / "documents.jsonl").read_bytes().splitlines():
        assert validate_plain(Document, line) == Document.model_validate_json(line).model_dump()


def test_defaults_are_filled_in_like_the_model():
    line = json.dumps({"schema_version": "1", "doc_id": "d", "quotes": [{"text": "قال", "speaker": {"text": "أوستن"}}]})
    plain = validate_plain(Prediction, line)
    assert plain == Prediction.model_validate_json(line).model_dump()
    assert plain["entities"] == [] and plain["text_sha256"] is None
    assert plain["quotes"][0]["speaker"] == {"start": None, "end": None, "text": "أوستن"}
    assert type(plain) is dict and type(plain["quotes"][0]) is dict


def _mutations(record, rng):
    """Single changes to a valid record: drop, retype or add a field at any depth."""
    junk = [None, -1, 0, 1.5, "", "x", "e 1", [], {}, [1], {"a": 1}, True, "2024-13", "ABC"]
    paths = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                paths.append((*path, key))
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                paths.append((*path, i))
                walk(item, (*path, i))

    walk(record, ())
    for path in paths:
        for action in ("drop", "retype", "extra"):
            changed = copy.deepcopy(record)
            parent = changed
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            if action == "drop":
                if isinstance(parent, dict):
                    del parent[last]
                else:
                    parent.pop(last)
            elif action == "retype":
                parent[last] = rng.choice(junk)
            elif isinstance(parent[last], dict):
                parent[last]["unknown_field"] = 1
            else:
                continue
            yield json.dumps(changed, ensure_ascii=False)


@pytest.mark.parametrize("model", [Annotation, Prediction])
def test_every_single_change_to_a_record_is_judged_alike(model, good_record):
    rng = random.Random(5)
    record = {**good_record, "claims": good_record["claims"] + [{**good_record["claims"][0], "id": "c2", "kind": "date", "value": "2024-03", "unit": None}]}
    record["quotes"].append({**record["quotes"][0], "id": "q2", "cue": None, "speaker": None})
    if model is Prediction:
        record["quotes"][1]["speaker"] = {"text": "أوستن"}
    seen_valid = seen_invalid = 0
    for line in _mutations(record, rng):
        expected, got = _errors(model, line), _plain_errors(model, line)
        assert got == expected, line
        if expected is None:
            seen_valid += 1
            assert validate_plain(model, line) == model.model_validate_json(line).model_dump()
        else:
            seen_invalid += 1
    assert seen_valid > 10 and seen_invalid > 50  # the mutations reach both outcomes


def test_a_model_validator_is_refused_rather_than_silently_dropped():
    class Checked(Record):
        a: int

        @model_validator(mode="after")
        def _check(self):
            return self

    with pytest.raises(TypeError, match="model validators"):
        plain_validator(Checked)


def test_errors_only_skips_the_edge_warnings(good_record, seed_doc):
    """The scorer asks for errors only: the edges (warnings) are not looked at, every error still is."""
    text = seed_doc.text
    i = text.index("لويد أوستن")
    spaced = {"id": "e3", "start": i, "end": i + 11, "text": text[i : i + 11], "label": "PER"}  # ends with a space
    rec = validate_plain(Annotation, json.dumps({**good_record, "entities": good_record["entities"] + [spaced]}))
    issues = check_record(rec, seed_doc, None)
    assert [(p, warn) for p, _, warn in issues] == [("entities[2]", True)]
    assert check_record(rec, seed_doc, None, warnings=False) == []
    past = {**spaced, "id": "e4", "start": len(text) - 1, "end": len(text) + 3, "text": "abcd"}
    bad = validate_plain(Annotation, json.dumps({**good_record, "entities": good_record["entities"] + [spaced, past]}))
    assert [(p, warn) for p, _, warn in check_record(bad, seed_doc, None)] == [("entities[2]", True), ("entities[3].end", False)]
    assert [(p, warn) for p, _, warn in check_record(bad, seed_doc, None, warnings=False)] == [("entities[3].end", False)]
