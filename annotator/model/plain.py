"""Validating records into plain dicts, by the models' own rules.

The pydantic models stay the one source of truth for the format. From a model's core
schema this module derives a second validator that applies exactly the same rules (types,
patterns, bounds, unknown fields, defaults) but returns plain ``dict``/``list`` values
instead of model instances: every ``model`` node of the schema becomes a ``typed-dict``
node with the model's fields, configuration and name. Building tens of thousands of model
objects per file is a large share of the time to validate a corpus; the validators and the
scorer only read records, so they work on the plain form (the annotator, which edits
records, keeps the models).

``validate_plain(Model, data)`` equals ``Model.model_validate_json(data).model_dump()``
and raises the same errors; a test checks both on valid and invalid records.
"""

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import SchemaValidator

_VALIDATOR_WRAPPERS = ("function-before", "function-after", "function-wrap", "function-plain")


def _plain_schema(node: Any) -> Any:
    if isinstance(node, list):
        return [_plain_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind in _VALIDATOR_WRAPPERS and isinstance(node.get("schema"), dict) and node["schema"].get("type") == "model":
        # a model_validator would receive a dict instead of the model it was written for
        raise TypeError(f"{node['schema']['cls'].__name__}: model validators cannot be applied to plain records")
    if kind != "model":
        return {key: (value if key in ("cls", "metadata") else _plain_schema(value)) for key, value in node.items()}
    inner = node["schema"]
    if inner.get("type") != "model-fields" or node.get("root_model") or node.get("post_init"):
        raise TypeError(f"{node['cls'].__name__}: only plain field models can be validated as dicts")
    config = dict(node.get("config") or {})
    fields = {
        name: {"type": "typed-dict-field", "schema": _plain_schema(field["schema"]), "required": field["schema"].get("type") != "default"}
        for name, field in inner["fields"].items()
    }
    plain: dict[str, Any] = {
        "type": "typed-dict",
        "fields": fields,
        "cls_name": node["cls"].__name__,
        "extra_behavior": config.get("extra_fields_behavior", "ignore"),
        "config": config,
    }
    if "strict" in config:
        plain["strict"] = config["strict"]
    if "ref" in node:
        plain["ref"] = node["ref"]
    return plain


@cache
def plain_validator(model: type[BaseModel]) -> SchemaValidator:
    """A validator of ``model``'s records that returns plain dicts (built once per model)."""
    schema = model.__pydantic_core_schema__
    return SchemaValidator(_plain_schema(schema), schema.get("config") if schema.get("type") == "model" else None)  # type: ignore[arg-type]


def validate_plain(model: type[BaseModel], data: bytes | str) -> dict[str, Any]:
    """One JSON record validated by ``model``'s rules, as a plain dict (raises ValidationError)."""
    return plain_validator(model).validate_json(data)


__all__ = ["plain_validator", "validate_plain"]
