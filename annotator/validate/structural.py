"""Structural validation of one JSONL line against the record models (schema v1).

The fast path is pydantic's JSON validation (in Rust) of the line's bytes, by the models'
rules into plain dicts (:mod:`annotator.model.plain`): the checks and the scorer read records,
they never need model objects. Only a line that
fails is parsed again with :mod:`json` to say precisely what is wrong with it (invalid UTF-8,
invalid JSON, NaN, not an object, lone surrogates) and to turn pydantic's errors into one
plain message per field. ``engine="jsonschema"`` validates against the checked-in JSON Schema
files instead (slower; the two agree by construction, and a test keeps them in agreement).
"""

import json
import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from annotator.model import Annotation, Document, Prediction
from annotator.model.plain import plain_validator

MODELS: dict[str, type[BaseModel]] = {"annotation": Annotation, "prediction": Prediction, "document": Document}
SCHEMA_FILES = {"annotation": "annotation.v1.schema.json", "prediction": "prediction.v1.schema.json", "document": "document.v1.schema.json"}

Problem = tuple[str, str]  # (field path, message)

_UNION_TAG = re.compile(r"^(int|float|str|bool|none|constrained-str|SpanRef|function-.*|.*\[.*\])$")
_FRIENDLY_UNIONS = {
    "value": "expected a number, an ISO-8601 date or interval string (YYYY, YYYY-MM, YYYY-MM-DD, A/B) or null",
    "speaker": "expected an entity id, a mention object {start, end, text} or null",
    "source": "expected an entity id, a mention object {start, end, text} or null",
    "place": "expected an entity id or a mention object {start, end, text}",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _got(value: Any) -> str:
    if isinstance(value, dict | list):
        return _json_type(value)
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{_json_type(value)} {text}"


def format_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(error: dict[str, Any]) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (not in schema v1)"
    if kind == "string_pattern_mismatch":
        return f"{_got(error['input'])} does not match the pattern {error['ctx']['pattern']}"
    if kind == "finite_number":
        return "NaN and Infinity are not allowed"
    if kind == "value_error":  # a rule of the model that says in words what it expects
        return msg.removeprefix("Value error, ")
    msg = msg.replace("Input should be", "expected").replace("String should", "string should")
    if kind in ("missing", "extra_forbidden") or "input" not in error:
        return msg
    return f"{msg}, got {_got(error['input'])}"


def pydantic_problems(exc: ValidationError) -> list[Problem]:
    """One problem per field path; the alternatives of a union collapse into one message."""
    grouped: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        cut = len(loc)
        while cut and isinstance(loc[cut - 1], str) and _UNION_TAG.match(loc[cut - 1]) and cut > 1:
            cut -= 1
        grouped.setdefault(loc[:cut], []).append(error)
    problems = []
    for loc, errors in grouped.items():
        if len(errors) > 1:
            field = next((p for p in reversed(loc) if isinstance(p, str)), "")
            messages = sorted({_message(e) for e in errors})
            friendly = _FRIENDLY_UNIONS.get(field)
            message = f"{friendly}, got {_got(errors[0]['input'])}" if friendly and "input" in errors[0] else " or ".join(messages)
        else:
            message = _message(errors[0])
        problems.append((format_path(loc), message))
    return problems


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (use null or a finite number)")


def _lone_surrogate(value: Any, path: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], str] | None:
    if isinstance(value, str):
        for ch in value:
            if 0xD800 <= ord(ch) <= 0xDFFF:
                return path, f"\\u{ord(ch):04x}"
        return None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _lone_surrogate(item, (*path, key))
        if found:
            return found
    return None


def parse_json(data: bytes) -> tuple[Any, list[Problem]]:
    """Strict JSON parsing of one line for the diagnostic path: (value, problems)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [("", f"invalid UTF-8 at byte {e.start + 1} of the line (0x{data[e.start]:02x}); the file must be UTF-8")]
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except ValueError as e:
        if isinstance(e, json.JSONDecodeError):
            return None, [("", f"invalid JSON: {e.msg} at column {e.colno}")]
        return None, [("", str(e))]
    found = _lone_surrogate(value)
    if found:
        return None, [(format_path(found[0]), f"string contains a lone surrogate {found[1]}, which is not Unicode text")]
    if not isinstance(value, dict):
        return None, [("", f"expected a JSON object, got {_json_type(value)}")]
    return value, []


def _non_finite(value: Any) -> bool:
    """Does a parsed JSON value hold NaN or an infinity anywhere?"""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(map(_non_finite, value.values()))
    if isinstance(value, list):
        return any(map(_non_finite, value))
    return False


def check_line(data: bytes, kind: str, engine: str = "pydantic") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate one line's bytes as a record of ``kind``: (the record as a plain dict or None, problems)."""
    validator = plain_validator(MODELS[kind])  # built once per model
    if engine == "pydantic":
        try:
            record = validator.validate_json(data)
        except ValidationError as exc:
            value, problems = parse_json(data)
            if problems:
                return None, problems
            return None, pydantic_problems(exc) or [("", str(exc).splitlines()[0])]
        # The JSON parser takes NaN and Infinity, and the float fields refuse them; only the
        # free-form ``meta`` (any JSON) can still hold one, which JSON does not allow.
        meta = record.get("meta")
        if meta and _non_finite(meta):
            return None, parse_json(data)[1] or [("meta", "NaN and Infinity are not allowed")]
        return record, []
    value, problems = parse_json(data)
    if problems:
        return None, problems
    problems = [(format_path(tuple(e.absolute_path)), e.message) for e in sorted(_schema_validator(kind)(value), key=lambda e: list(map(str, e.absolute_path)))]
    if problems:
        return None, problems
    return validator.validate_json(data), []


@cache
def _schema_validator(kind: str) -> Callable[[Any], Any]:
    from jsonschema import Draft202012Validator

    from annotator.model.jsonschema import load_schema

    validator = Draft202012Validator(load_schema(SCHEMA_FILES[kind]))
    return validator.iter_errors
