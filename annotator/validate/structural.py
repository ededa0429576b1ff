"""Structural validation of one JSONL line against the record models (schema v1).

The fast path is msgspec's typed decoding by types derived from the models
(:mod:`annotator.model.fast`), into the plain dicts of :mod:`annotator.model.plain`: the
checks and the scorer read records, they never need model objects. A line it does not
accept goes to pydantic's JSON validation (in Rust) of the line's bytes, by the models' rules
into plain dicts, which accepts it or words what is wrong. Only a line that
fails there too is parsed again with :mod:`json` to say precisely what is wrong with it (invalid UTF-8,
invalid JSON, NaN, not an object, lone surrogates) and to turn pydantic's errors into one
plain message per field. ``engine="jsonschema"`` validates against the checked-in JSON Schema
files instead (slower; the two agree by construction, and a test keeps them in agreement).
"""

import json
import math
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from annotator.io.jsonl import plain_json
from annotator.model import Annotation, Document, Prediction
from annotator.model.fast import fast_decoder
from annotator.model.plain import defaults_filled, plain_validator

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
    if isinstance(value, bytes | bytearray):
        return "the line"
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


#: pydantic's JSON parser (jiter) refuses objects and arrays nested deeper than this; the
#: diagnostic and jsonschema paths apply the same limit (and never recurse into more).
MAX_DEPTH = 201
#: Python refuses to convert integers longer than this (``sys.get_int_max_str_digits``):
#: such a number could not be written back, so it is not a valid value.
MAX_INT_DIGITS = 4300
_INT_LIMIT = 10**MAX_INT_DIGITS
_SPACED_COLON = re.compile(rb'"[ \t\r]+:')


def _depth(value: Any) -> int:
    """How deeply the arrays and objects of a parsed value nest (without recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _lone_surrogate(value: Any, path: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], str] | None:
    if isinstance(value, str):
        for ch in value:
            if 0xD800 <= ord(ch) <= 0xDFFF:
                return path, f"\\u{ord(ch):04x}"
        return None
    if isinstance(value, dict):
        for key in value:
            found = _lone_surrogate(key, path)
            if found:
                return found[0], f"{found[1]} in an object key"
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


class _Pairs(dict):
    """What ``object_pairs_hook`` builds: a dict that remembers its duplicate keys."""

    __slots__ = ("duplicates",)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = _Pairs(pairs)
    obj.duplicates = [k for k in obj if sum(1 for key, _ in pairs if key == k) > 1] if len(obj) != len(pairs) else []
    return obj


def _duplicates(value: Any, path: tuple[Any, ...] = ()) -> list[Problem]:
    """Duplicate keys anywhere in a value parsed with ``object_pairs_hook=_pairs``."""
    found: list[Problem] = []
    if isinstance(value, dict):
        found.extend((format_path((*path, k)), "duplicate key in one object (a JSON reader keeps only one of the values)") for k in getattr(value, "duplicates", ()))
        for key, item in value.items():
            found.extend(_duplicates(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_duplicates(item, (*path, i)))
    return found


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, object_pairs_hook=_pairs)


def parse_json(data: bytes) -> tuple[Any, list[Problem]]:
    """Strict JSON parsing of one line for the diagnostic path: (value, problems)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [("", f"invalid UTF-8 at byte {e.start + 1} of the line (0x{data[e.start]:02x}); the file must be UTF-8")]
    too_deep = [("", f"invalid JSON: arrays and objects nested more than {MAX_DEPTH} levels deep")]
    try:
        value = _DECODER.decode(text)
    except RecursionError:  # Python's parser stops at about 1,000 levels
        return None, too_deep
    except ValueError as e:
        if isinstance(e, json.JSONDecodeError):
            return None, [("", f"invalid JSON: {e.msg} at column {e.colno}")]
        if "integer string conversion" in str(e):
            return None, [("", f"an integer has more than {MAX_INT_DIGITS} digits (not a usable number)")]
        return None, [("", str(e))]
    if _depth(value) > MAX_DEPTH:
        return None, too_deep
    found = _lone_surrogate(value)
    if found:
        return None, [(format_path(found[0]), f"string contains a lone surrogate {found[1]}, which is not Unicode text")]
    if not isinstance(value, dict):
        return None, [("", f"expected a JSON object, got {_json_type(value)}")]
    duplicates = _duplicates(value)
    if duplicates:
        return None, duplicates
    return plain_json(value), []


def _unusable(value: Any) -> bool:
    """Does a parsed JSON value hold NaN, an infinity or an integer too long to write back?"""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, int):
        return abs(value) >= _INT_LIMIT
    if isinstance(value, dict):
        return any(map(_unusable, value.values()))
    if isinstance(value, list):
        return any(map(_unusable, value))
    return False


def _count_keys(value: Any) -> int:
    """How many keys the objects of a parsed value hold, nested ones included."""
    if type(value) is dict:
        n = len(value)
        for item in value.values():
            if type(item) is dict or type(item) is list:
                n += _count_keys(item)
        return n
    n = 0
    for item in value:
        if type(item) is dict or type(item) is list:
            n += _count_keys(item)
    return n


def _layer_keys(spans: list[dict[str, Any]], one: str, other: str) -> int:
    """The keys of a layer's span objects and of the objects their fields ``one`` and
    ``other`` hold (a mention, or a list of them)."""
    n = sum(map(len, spans))
    for span in spans:
        first, second = span[one], span[other]
        if first.__class__ is dict:
            n += len(first)
        if second.__class__ is dict:
            n += len(second)
        elif second.__class__ is list and second:
            n += _count_keys(second)
    return n


def _record_keys(record: dict[str, Any]) -> int:
    """``_count_keys(record)`` for a validated record, in its hot path: the layers' span
    objects are counted with C-level ``map(len, ...)`` and only the fields that can hold an
    object (a quote's cue and speaker, a claim's source and places) are looked into. A field
    this does not know of is not looked into, so the count can only come out low, which
    sends the line to the exact check, never past it."""
    n = len(record)
    entities, quotes, claims = record.get("entities"), record.get("quotes"), record.get("claims")
    if entities:
        n += sum(map(len, entities))
    try:
        if quotes:
            n += _layer_keys(quotes, "cue", "speaker")
        if claims:
            n += _layer_keys(claims, "source", "place")
    except KeyError:  # not a quote or claim of schema v1: count low
        return 0
    meta = record.get("meta")
    if meta.__class__ is dict:
        n += _count_keys(meta)
    return n


def _failure(data: bytes, exc: ValidationError) -> list[Problem]:
    """What is wrong with a line the fast path refused, in plain words."""
    value, problems = parse_json(data)
    if problems:
        return problems
    errors = exc.errors(include_url=False)
    if errors and errors[0]["type"] == "json_invalid":  # what Python's json module accepts and jiter does not
        return [("", f"invalid JSON: {errors[0]['ctx']['error'] if 'ctx' in errors[0] else errors[0]['msg']}")]
    return pydantic_problems(exc) or [("", str(exc).splitlines()[0])]


#: Short failing lines are often the same line again ({} a million times): their diagnosis
#: is remembered (at most 1,024 lines of at most 4 kB).
_CACHED_LINE_BYTES = 4096


@lru_cache(maxsize=1024)
def _short_failure(data: bytes, kind: str) -> tuple[Problem, ...]:
    try:
        plain_validator(MODELS[kind]).validate_json(data)
    except ValidationError as exc:
        return tuple(_failure(data, exc))
    return ()


def check_line(data: bytes, kind: str, engine: str = "pydantic") -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate one line's bytes as a record of ``kind``: (the record as a plain dict or None, problems)."""
    if engine == "pydantic":
        # The fast path (msgspec, derived from the models): a record it returns is one that
        # check_pydantic accepts, with the same values; any other line goes that way.
        record = fast_decoder(MODELS[kind])(data)
        if record is not None:
            meta = record["meta"]
            if not meta or not _unusable(meta):
                return record, []
        return check_pydantic(data, kind)
    value, problems = parse_json(data)
    if problems:
        return None, problems
    problems = [(format_path(tuple(e.absolute_path)), e.message) for e in sorted(_schema_validator(kind)(value), key=lambda e: list(map(str, e.absolute_path)))]
    if problems:
        return None, problems
    return plain_validator(MODELS[kind]).validate_json(data), []


def check_pydantic(data: bytes, kind: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """``check_line`` by pydantic's JSON validation alone: the reference the fast path is
    tested against, and what words every finding."""
    validator = plain_validator(MODELS[kind])  # built once per model
    filled = defaults_filled()
    try:
        record = validator.validate_json(data)
    except ValidationError as exc:
        if len(data) <= _CACHED_LINE_BYTES:
            return None, list(_short_failure(data, kind))
        return None, _failure(data, exc)
    # Duplicate keys: the parser keeps the last value without a word. Each key of the
    # input has a colon of its own, and the record holds each distinct key once, plus the
    # defaults filled in: a line with no more colons than that repeats no key. Colons
    # inside strings (times, "قال:") spoil that count; then the keys are counted as the
    # '":' that end them (a quote inside a string is escaped), unless white space comes
    # before a colon. Only a line that passes neither count is parsed again to look.
    keys = _record_keys(record) - (defaults_filled() - filled)
    if data.count(b":") != keys and (data.count(b'":') != keys or _SPACED_COLON.search(data)):
        value, problems = parse_json(data)
        if problems:
            return None, problems
    # The JSON parser takes NaN, Infinity and integers of any length, which the typed
    # fields refuse; only the free-form ``meta`` (any JSON) can still hold one.
    meta = record.get("meta")
    if meta and _unusable(meta):
        return None, parse_json(data)[1] or [("meta", f"NaN, Infinity and integers of more than {MAX_INT_DIGITS} digits are not allowed")]
    return record, []


@cache
def _schema_validator(kind: str) -> Callable[[Any], Any]:
    from jsonschema import Draft202012Validator

    from annotator.model.jsonschema import load_schema

    validator = Draft202012Validator(load_schema(SCHEMA_FILES[kind]))
    return validator.iter_errors
