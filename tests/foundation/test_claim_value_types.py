"""Issue 11, item 2: a claim's value type follows its kind, in the model, the plain validator,
the JSON Schema and ``annotator validate`` (dates are ISO strings, every other kind a number)."""

import json

import jsonschema
import pytest
from pydantic import ValidationError

from annotator.model import Claim
from annotator.model.jsonschema import load_schema
from annotator.model.plain import validate_plain
from foundation.test_validate import run

BASE = {"start": 0, "end": 8, "text": "عام 2019", "id": "c1", "unit": None, "approx": False,
        "time": None, "place": [], "source": None}

GOOD = [("date", "2019"), ("date", "2023-08"), ("date", "2024-01/2024-06"), ("date", None),
        ("count", 153), ("money", 2.5e9), ("ratio", 0.5), ("other", None), ("percent", -3)]
BAD = [("date", 2019), ("date", 2019.0), ("count", "153"), ("duration", "2"), ("ordinal", "2019"), ("other", "2019")]


def claim(kind, value):
    return {**BASE, "kind": kind, "value": value}


@pytest.mark.parametrize("kind,value", GOOD)
def test_values_of_the_right_type_are_accepted_by_every_engine(kind, value):
    data = claim(kind, value)
    assert Claim.model_validate(data).value == value
    assert validate_plain(Claim, json.dumps(data))["value"] == value
    jsonschema.validate(data, load_schema("annotation.v1.schema.json")["$defs"]["Claim"])


@pytest.mark.parametrize("kind,value", BAD)
def test_a_value_of_the_other_type_is_rejected_by_every_engine(kind, value):
    data = claim(kind, value)
    with pytest.raises(ValidationError, match="ISO-8601 date string" if kind == "date" else "is a number|should match pattern"):
        Claim.model_validate(data)
    with pytest.raises(ValidationError):
        validate_plain(Claim, json.dumps(data))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema("annotation.v1.schema.json")["$defs"]["Claim"])


@pytest.mark.parametrize("engine", ["pydantic", "jsonschema"])
def test_validate_rejects_a_date_saved_as_a_number(write_jsonl, good_record, engine):
    good_record["claims"][0].update(kind="date", value=2019, unit=None, time=None)
    code, lines = run([write_jsonl([good_record])], engine=engine)
    assert code == 1
    message = next(line for line in lines if "claims[0].value" in line)
    assert "Value error" not in message and "2019" in message
