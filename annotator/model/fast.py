"""A fast decoder of valid records, derived from the models (msgspec typed decoding).

The pydantic models stay the one source of truth. From a model's core schema this module
derives, at first use, msgspec ``TypedDict`` types with the same fields, types and
constraints (lengths, bounds, literals, patterns, nullable, unions, lists, free-form
``Any``), so that one C-level pass decodes and type-checks a JSON line straight into the
plain dicts of :mod:`annotator.model.plain`. What msgspec does not say is checked after
decoding, for all the records of a batch at once, by code generated from the same schema
(:mod:`annotator.model.fastchecks`):

* defaults are filled in (a ``TypedDict`` leaves an omitted field out);
* field validators (``function-after``, e.g. a claim's value type by kind) are called;
* patterns that are one character class repeated (``^[A-Za-z0-9_.:-]+$``: every id) are
  checked for all the values of a record at once (one regex over their join; per value
  they cost more than the rest of the decoding);
* unknown fields (a ``TypedDict`` skips them) and repeated keys (a JSON reader keeps the
  last) are found by counting: the decoded objects must hold exactly as many keys as the
  line has key-ending colons (see :func:`decode`);
* free-form values nested deeper than pydantic's parser allows are refused.

:func:`decode` returns the record, or None when anything is wrong or unsure: the caller then
validates the line with pydantic (``annotator.validate.structural``), which accepts or
refuses it and words every finding exactly as before. So the fast path may refuse a valid
line (it is then slower, never different), and must never accept a line pydantic refuses or
return other values: ``tests/foundation/test_fast_decode.py`` checks both on generated
valid and invalid records. msgspec refuses by itself what pydantic refuses for being
unusable JSON (NaN, infinities, lone surrogates, integers of more than 4,300 digits).

A measured hot path (``docs/scale.md``, decoder section): it runs on every line of every
input of ``annotator validate`` and ``annotator score`` (in batches: ``validate.batch``).
"""

import re
from collections.abc import Callable
from functools import cache
from itertools import repeat
from operator import or_
from typing import Annotated, Any, Literal, NotRequired, TypedDict, Union

import msgspec
from pydantic import BaseModel

from annotator.model.fastchecks import compile_checks

_SPACED_COLON = re.compile(rb'"[ \t\r]+:')
_CLASS_REPEATED = re.compile(r"^\^\[([^\]\\]*)\](?:(\+)|\{(\d+)(?:,(\d+))?\})\$$")  # [class]+, [class]{n}, [class]{m,n}

Batch = Callable[[list[Any]], int]  # checks of a list of decoded objects of one model: their children's keys, -1: refused
Gather = Callable[[list[Any]], tuple[int, list[Any]]]


class Unsupported(TypeError):
    """A schema construct the fast decoder does not derive (the model then has no fast path)."""


def _python_pattern(pattern: str) -> str:
    """pydantic's (Rust) ``$`` is the end of the text; Python's also matches before a final
    newline: the derived pattern ends with ``\\Z``."""
    body = pattern[:-1] if pattern.endswith("$") and not pattern.endswith("\\$") else None
    if body is None or "$" in body.replace("\\$", ""):
        if "$" in pattern.replace("\\$", ""):
            raise Unsupported(f"pattern {pattern!r}: '$' only at the end")
        return pattern
    return body + r"\Z"


def _meta(node: dict[str, Any], keys: dict[str, str], pattern: bool = True) -> Any:
    kw = {meta: node[key] for key, meta in keys.items() if node.get(key) is not None}
    if pattern and node.get("pattern") is not None:
        kw["pattern"] = _python_pattern(node["pattern"])
    return msgspec.Meta(**kw) if kw else None


_STR_META = {"min_length": "min_length", "max_length": "max_length"}
_NUM_META = {"ge": "ge", "gt": "gt", "le": "le", "lt": "lt", "multiple_of": "multiple_of"}
_LEAVES = {"str", "int", "float", "bool", "none", "any", "literal"}


class _Model:
    """What is derived from one model: its ``TypedDict`` and the checks after decoding."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.typed: Any = None
        self.count = 0  # fields
        self.defaults: list[tuple[str, Callable[[], Any]]] = []  # made per object (default factories)
        self.constants: dict[str, Any] = {}  # immutable defaults
        self.validators: list[tuple[str, Callable[..., Any], bool]] = []  # (field, function, takes info)
        self.classes: list[tuple[str, re.Pattern[str], bool]] = []  # (field, [class]* regex, nullable)
        self.children: list[tuple[Gather, "_Model", str | None]] = []  # (gather, model, field when a plain list of it)
        self.free: dict[str, int] = {}  # fields that hold free-form JSON -> the depth of their value
        self.batch: Batch | None = None


def _add_default(model: _Model, field: str, node: dict[str, Any]) -> None:
    if "default_factory" in node:
        if node.get("default_factory_takes_data"):
            raise Unsupported("default factory that takes data")
        model.defaults.append((field, node["default_factory"]))
        return
    value = node["default"]
    if value is not None and not isinstance(value, str | int | float | bool):
        raise Unsupported(f"mutable default {value!r}")
    model.constants[field] = value


class _Deriver:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.models: dict[str, _Model] = {}
        self.refs: dict[str, dict[str, Any]] = {}
        if schema["type"] == "definitions":
            self.refs = {d["ref"]: d for d in schema["definitions"]}
            schema = schema["schema"]
        self.root = schema

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """A schema node, its ``definition-ref`` followed."""
        while node["type"] == "definition-ref":
            node = self.refs[node["schema_ref"]]
        return node

    def type_of(self, node: dict[str, Any], depth: int, owner: _Model, field: str) -> Any:
        """The msgspec annotation of a schema node (at nesting ``depth``; the record is 1)."""
        node = self.resolve(node)
        kind = node["type"]
        if kind == "str":
            meta = _meta(node, _STR_META)
            return Annotated[str, meta] if meta else str
        if kind == "int":
            meta = _meta(node, _NUM_META, pattern=False)
            return Annotated[int, meta] if meta else int
        if kind == "float":  # msgspec never decodes NaN or an infinity from JSON
            meta = _meta(node, _NUM_META, pattern=False)
            return Annotated[float, meta] if meta else float
        if kind == "bool":
            return bool
        if kind == "none":
            return type(None)
        if kind == "literal":
            return Literal[tuple(node["expected"])]
        if kind == "any":
            owner.free.setdefault(field, depth)
            return Any
        if kind == "nullable":
            return Union[self.type_of(node["schema"], depth, owner, field), None]  # noqa: UP007
        if kind == "union":
            if node.get("mode", "smart") != "smart":
                raise Unsupported("tagged union")
            choices = [c[0] if isinstance(c, tuple) else c for c in node["choices"]]
            return Union[tuple(self.type_of(c, depth, owner, field) for c in choices)]  # noqa: UP007
        if kind == "list":
            item = self.type_of(node.get("items_schema", {"type": "any"}), depth + 1, owner, field)
            meta = _meta(node, _STR_META, pattern=False)
            return Annotated[list[item], meta] if meta else list[item]  # type: ignore[valid-type]
        if kind == "dict":
            keys = self.type_of(node.get("keys_schema", {"type": "any"}), depth + 1, owner, field)
            values = self.type_of(node.get("values_schema", {"type": "any"}), depth + 1, owner, field)
            return dict[keys, values]  # type: ignore[valid-type]
        if kind == "model":
            return self.model(node, depth).typed
        raise Unsupported(f"schema node {kind!r}")

    def model(self, node: dict[str, Any], depth: int) -> _Model:
        node = self.resolve(node)
        if node["type"] != "model":  # a model validator wraps the model: it reads a model object
            raise Unsupported(f"{node['type']} around a model")
        if depth > 50:
            raise Unsupported("recursive models")
        inner = node["schema"]
        name = node["cls"].__name__
        if inner.get("type") != "model-fields" or node.get("root_model") or node.get("post_init") or node.get("custom_init"):
            raise Unsupported(f"{name}: only plain field models")
        if (node.get("config") or {}).get("extra_fields_behavior") != "forbid":
            raise Unsupported(f"{name}: unknown fields must be errors")
        key = f"{node.get('ref', name)}@{depth}"
        if key in self.models:
            return self.models[key]
        model = self.models[key] = _Model(name)
        annotations: dict[str, Any] = {}
        for field, spec in inner["fields"].items():
            schema = spec["schema"]
            required = schema["type"] != "default"
            while schema["type"] in ("default", "function-after"):
                if schema["type"] == "default":
                    _add_default(model, field, schema)
                else:
                    function = schema["function"]
                    model.validators.append((field, function["function"], function["type"] == "with-info"))
                schema = schema["schema"]
            if schema["type"].startswith("function-") or schema["type"].endswith("-function"):
                raise Unsupported(f"{name}.{field}: {schema['type']} validator")
            annotation = self._field(model, field, schema, depth)
            annotations[field] = annotation if required else NotRequired[annotation]
        model.count = len(annotations)
        model.typed = TypedDict(f"{name}Fast", annotations)  # type: ignore[operator]
        return model

    def _field(self, model: _Model, field: str, schema: dict[str, Any], depth: int) -> Any:
        nullable = schema["type"] == "nullable"
        leaf = schema["schema"] if nullable else schema
        if leaf["type"] == "str" and leaf.get("pattern") and (cls := _CLASS_REPEATED.match(leaf["pattern"])):
            # one character class repeated: checked for the whole record at once, the length by
            # msgspec (a hash's pattern per value cost a quarter of decoding a registry line)
            model.classes.append((field, re.compile(f"[{cls.group(1)}]*"), nullable))
            low, high = (1, None) if cls.group(2) else (int(cls.group(3)), int(cls.group(4) or cls.group(3)))
            highs = [n for n in (high, leaf.get("max_length")) if n is not None]
            meta = msgspec.Meta(min_length=max(low, leaf.get("min_length") or 0), max_length=min(highs) if highs else None)
            return Union[Annotated[str, meta], None] if nullable else Annotated[str, meta]  # noqa: UP007
        annotation = self.type_of(schema, depth + 1, model, field)
        child = _model_node(schema, self.resolve)
        if child is not None:
            derived = self.model(child[0], child[1] + depth + 1)
            plain_list = schema["type"] == "list" and self.resolve(schema["items_schema"])["type"] == "model"
            model.children.append((_gatherer(schema, self.resolve, field, derived), derived, field if plain_list else None))
        return annotation


def _model_node(node: dict[str, Any], resolve: Callable[[dict[str, Any]], dict[str, Any]], level: int = 0) -> tuple[dict[str, Any], int] | None:
    """The one model a field's value may hold (directly, nullable, in a union or a list) and
    how many levels below the field it sits."""
    node = resolve(node)
    kind = node["type"]
    if kind == "model":
        return node, level
    if kind == "nullable":
        return _model_node(node["schema"], resolve, level)
    if kind == "union":
        found = [m for c in node["choices"] if (m := _model_node(c[0] if isinstance(c, tuple) else c, resolve, level))]
        if len(found) > 1:
            raise Unsupported("a union of several models")
        return found[0] if found else None
    if kind == "list":
        return _model_node(node.get("items_schema", {"type": "any"}), resolve, level + 1)
    if kind == "dict" and _model_node(node.get("values_schema", {"type": "any"}), resolve):
        raise Unsupported("models as dict values")
    return None


def _gatherer(node: dict[str, Any], resolve: Callable[[dict[str, Any]], dict[str, Any]], field: str, child: _Model) -> Gather:
    """A function from the objects that hold ``field`` to the objects of the field's model
    they hold (a model's object is the only ``dict`` that can appear there), with how many
    keys the input gave those, and their constant defaults filled in: an object that lacks
    one is replaced by ``constants | object`` (one C-level merge per object, the cheapest way
    of filling a default; hot for string-anchored predictions, which give no offsets)."""
    node = resolve(node)
    if node["type"] == "nullable":
        node = resolve(node["schema"])
    constants, count = child.constants, child.count
    if node["type"] == "list" and resolve(node["items_schema"])["type"] == "model":

        def gather_list(parents: list[Any]) -> tuple[int, list[Any]]:
            keys, found = 0, []
            for parent in parents:
                objects = parent[field]
                if objects:
                    given = sum(map(len, objects))
                    keys += given
                    if constants and given != count * len(objects):
                        objects = parent[field] = list(map(or_, repeat(constants), objects))
                    found += objects
            return keys, found

        return gather_list
    single = node["type"] != "list"

    def gather(parents: list[Any]) -> tuple[int, list[Any]]:
        keys, found = 0, []
        for parent in parents:
            value = parent[field]
            if value.__class__ is dict and single:
                keys += len(value)
                if constants and len(value) != count:
                    value = parent[field] = constants | value
                found.append(value)
            elif value.__class__ is list and not single:
                if any(x.__class__ is dict for x in value):
                    keys += sum(len(x) for x in value if x.__class__ is dict)
                    value = parent[field] = [constants | x if x.__class__ is dict else x for x in value]
                    found += [x for x in value if x.__class__ is dict]
        return keys, found

    return gather


class FastDecoder:
    """Decodes one JSON line of a model's records (see :func:`decode`)."""

    __slots__ = ("decode_json", "batch")

    def __init__(self, model: type[BaseModel]) -> None:
        deriver = _Deriver(model.__pydantic_core_schema__)  # type: ignore[arg-type]
        derived = deriver.model(deriver.root, 1)
        compile_checks(derived)
        self.decode_json = msgspec.json.Decoder(derived.typed).decode
        self.batch = derived.batch

    def __call__(self, data: bytes) -> dict[str, Any] | None:
        try:
            record = self.decode_json(data)
        except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
            return None
        given = len(record)
        keys = self.batch([record])  # type: ignore[misc]
        if keys < 0:
            return None
        keys += given
        # Unknown fields are skipped and a repeated key keeps its last value: the objects
        # decoded must hold every key of the line. Each key has a colon of its own, so a line
        # with no more colons than the keys decoded has neither. Colons inside strings (times,
        # "قال:") spoil that count; then the keys are counted as the '":' that end them (a
        # quote inside a string is escaped), unless white space comes before a colon.
        if data.count(b":") != keys and (data.count(b'":') != keys or _SPACED_COLON.search(data)):
            return None
        return record


def _none(data: bytes) -> None:
    return None


@cache
def fast_decoder(model: type[BaseModel]) -> Callable[[bytes], dict[str, Any] | None]:
    """The fast decoder of ``model``'s records (derived once per model). A model with what
    cannot be derived (a model validator, say) has none: every line then goes to pydantic
    (``test_fast_decode`` fails, since the corpus no longer takes the fast path)."""
    try:
        return FastDecoder(model)
    except Unsupported:
        return _none


def decode(model: type[BaseModel], data: bytes) -> dict[str, Any] | None:
    """One JSON line as a plain record by ``model``'s rules (what
    ``plain_validator(model).validate_json(data)`` returns), or None when the line is invalid
    or this fast path is not sure: validate it with pydantic then."""
    return fast_decoder(model)(data)


__all__ = ["FastDecoder", "Unsupported", "decode", "fast_decoder"]
