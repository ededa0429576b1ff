"""Deterministic JSONL: stable key order, real UTF-8 (Arabic not escaped), ``\\n`` line ends."""

import json
from typing import Any

from pydantic import BaseModel


def plain_json(value: Any) -> Any:
    """A parsed JSON value with every object a plain ``dict`` and every array a ``list``."""
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    return value


def to_jsonable(obj: Any) -> Any:
    """A model becomes a dict in declaration order (every field written, null included);
    ``meta`` and other free-form objects keep sorted keys so output does not depend on insertion order."""
    if isinstance(obj, BaseModel):
        data = obj.model_dump(mode="json", exclude_unset=False)
        if isinstance(data.get("meta"), dict):
            data["meta"] = _sort_keys(data["meta"])
        return data
    return _sort_keys(obj)


def _sort_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sort_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sort_keys(v) for v in value]
    return value


def dumps_line(obj: Any) -> str:
    """One JSON line (without the newline)."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
