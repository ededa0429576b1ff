"""The checks after decoding, generated as Python source for each model derived by
:mod:`annotator.model.fast` (as ``dataclasses`` generates ``__init__``): the hot path runs
straight-line code with the fields' names as constants, over all the objects of a batch at once."""

from collections import deque
from itertools import chain, repeat
from operator import call as call_, itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.model.fast import _Model

#: Up to this many objects, defaults are set by a loop (a line at a time: one record; its
#: maps' set-up would cost more); beyond, by C-level maps over all of them.
FEW = 1
#: Nesting pydantic's JSON parser accepts at most (``validate.structural.MAX_DEPTH``); the
#: fast path leaves anything within two levels of it to pydantic.
MAX_DEPTH = 201
class _Info:
    """What a field validator with info reads: ``data`` (the other fields of the object)."""

    __slots__ = ("data", "field_name")

    def __init__(self, data: dict[str, Any], field_name: str) -> None:
        self.data, self.field_name = data, field_name

    context = config = None
    mode = "json"


def _count_free(value: Any) -> tuple[int, int]:
    """Keys and depth of a free-form JSON value (depth 0 for a scalar), without recursion."""
    keys, deepest, stack = 0, 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if item.__class__ is dict:
            keys += len(item)
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item.values() if child.__class__ is dict or child.__class__ is list)
        elif item.__class__ is list:
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item if child.__class__ is dict or child.__class__ is list)
    return keys, deepest


def compile_checks(root: "_Model") -> None:
    """Give every model under ``root`` its ``batch``: the checks after decoding, over all
    its objects of one record at once (``batch(objects, given)``, ``given``: the keys they
    hold, when the caller counted them); it returns how many keys the input gave their
    children (the objects' own are counted by the caller), or -1 to refuse the line.

    The functions are generated as Python source from what was derived (as ``dataclasses``
    generates ``__init__``): the hot path then runs straight-line code with the fields'
    names as constants, and no loop over field lists or call per default (measured: the
    generic loops cost as much again as the decoding itself on records of ten spans)."""
    models: list["_Model"] = []

    def walk(model: "_Model") -> None:
        if model not in models:
            models.append(model)
            for _, child, _ in model.children:
                walk(child)

    walk(root)
    space: dict[str, Any] = {"_Info": _Info, "_count_free": _count_free, "repeat": repeat, "deque": deque, "chain": chain,
                             "setdefault": dict.setdefault, "call": call_}
    lines: list[str] = []

    def name(value: Any, prefix: str) -> str:
        key = f"{prefix}{len(space)}"
        space[key] = value
        return key

    for index, model in enumerate(models):
        lines += [f"def batch{index}(items, given=-1):  # {model.name}", "    keys = 0"]
        if model.constants or model.defaults:  # each default set where missing: all items at once (C-level maps), a few by a loop
            fill = [f"deque(map(setdefault, items, repeat({field!r}), repeat({name(value, 'value')})), 0)" for field, value in model.constants.items()]
            fill += [f"deque(map(setdefault, items, repeat({field!r}), map(call, repeat({name(make, 'make')}, len(items)))), 0)" for field, make in model.defaults]
            fields = [*model.constants, *(field for field, _ in model.defaults)]
            lines += ["    if given < 0: given = sum(map(len, items))", f"    if given != {model.count} * len(items):", f"      if len(items) > {FEW}:"]
            # the fields the first object lacks, for every object (the objects of one input
            # usually leave out the same fields; a pass per field is a pass over every object);
            # then, should another lack more (the objects hold no unknown field: a count short of
            # every field is one missing), every default
            lines += ["        first = items[0]"] + [f"        if {field!r} not in first: {line}" for field, line in zip(fields, fill)]
            lines += [f"        if sum(map(len, items)) != {model.count} * len(items):"] + [f"          {line}" for line in fill]
            lines += ["      else:", "        for item in items:"]
            lines += [f"            if {field!r} not in item: item[{field!r}] = {name(value, 'value')}" for field, value in model.constants.items()]
            lines += [f"            if {field!r} not in item: item[{field!r}] = {name(make, 'make')}()" for field, make in model.defaults]
        for field, regex, nullable in model.classes:  # one character class repeated: all values at once
            lines.append(f"    values = list(map({name(itemgetter(field), 'get')}, items))")
            if nullable:
                lines.append("    if None in values: values = [v for v in values if v is not None] if values.count(None) != len(values) else ()")
            lines.append(f"    if {name(regex.fullmatch, 'match')}(''.join(values)) is None: return -1")
        if model.validators:
            lines += ["    try:", "        for item in items:"]
            for field, function, with_info in model.validators:
                call = f"item[{field!r}], _Info(item, {field!r})" if with_info else f"item[{field!r}]"
                lines.append(f"            item[{field!r}] = {name(function, 'check')}({call})")
            lines += ["    except ValueError:  # pydantic words it", "        return -1"]
        for field, depth in model.free.items():  # (most records give none: only those that do are looked at)
            lines += [f"    for value in filter(None, map({name(itemgetter(field), 'get')}, items)):", "        if value.__class__ is dict or value.__class__ is list:",
                      "            n, deep = _count_free(value)", f"            if deep > {MAX_DEPTH - 2 - depth}: return -1", "            keys += n"]
        for gather, child, field in model.children:
            child_batch = f"batch{models.index(child)}"
            if field is None:
                lines += [f"    given, found = {name(gather, 'gather')}(items)", "    if found:"]
            else:  # a list of the child model, gathered in C, constant defaults set in C
                lines += [f"    found = list(chain.from_iterable(map({name(itemgetter(field), 'get')}, items))) if len(items) > {FEW} else items[0][{field!r}] if items else []",
                          "    given = sum(map(len, found))", "    if found:"]
            # (the keys given: the child fills its defaults without counting them again)
            lines += [f"        n = {child_batch}(found{', given' if field is not None else ''})", "        if n < 0: return -1", "        keys += given + n"]
        lines += ["    return keys", ""]
    exec(compile("\n".join(lines), f"<annotator.model.fast: {root.name}>", "exec"), space)  # noqa: S102
    for index, model in enumerate(models):
        model.batch = space[f"batch{index}"]


__all__ = ["FEW", "MAX_DEPTH", "compile_checks"]
