"""Validating records into plain dicts, by the models' own rules.

The pydantic models stay the one source of truth for the format. From a model's core
schema this module derives a second validator that applies exactly the same rules (types,
patterns, bounds, unknown fields, defaults) but returns plain ``dict``/``list`` values
instead of model instances: every ``model`` node of the schema becomes a ``typed-dict``
node with the model's fields, configuration and name. Building tens of thousands of model
objects per file is a large share of the time to validate a corpus; the validators and the
scorer only read records, so they work on the plain form (the annotator, which edits
records, keeps the models).

Every default filled in is counted (:func:`defaults_filled`): together with the number of
keys, this tells whether a line repeated a key (see ``annotator.validate.structural``).

``validate_plain(Model, data)`` equals ``Model.model_validate_json(data).model_dump()``
and raises the same errors; a test checks both on valid and invalid records.
"""

from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import SchemaValidator

_VALIDATOR_WRAPPERS = ("function-before", "function-after", "function-wrap", "function-plain")
_filled = [0]  # defaults filled in so far, by every plain validator


def defaults_filled() -> int:
    """How many defaults the plain validators have filled in so far (a running count)."""
    return _filled[0]


def _counting_default(node: dict[str, Any]) -> dict[str, Any]:
    """A ``default`` node whose default is produced by a factory that counts its calls
    (it is called only for a field the input left out)."""
    node = dict(node)
    if "default_factory" in node:
        if node.get("default_factory_takes_data"):
            return node
        make = node["default_factory"]
    else:
        value = node.pop("default")
        if value is not None and not isinstance(value, str | int | float | bool | tuple):
            raise TypeError(f"a mutable default {value!r} needs a default_factory")
        make = lambda value=value: value  # noqa: E731

    def factory() -> Any:
        _filled[0] += 1
        return make()

    node["default_factory"] = factory
    return node


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
        plain = {key: (value if key in ("cls", "metadata") else _plain_schema(value)) for key, value in node.items()}
        return _counting_default(plain) if kind == "default" else plain
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


__all__ = ["defaults_filled", "plain_validator", "validate_plain"]
