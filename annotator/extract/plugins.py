"""Extractor plug-ins.

An extractor is a callable ``extract(documents: list[Document]) -> Iterable[Prediction | dict]``.
``annotator extract --extractor NAME`` finds it by NAME:

* ``baseline``: the built-in baseline (``annotator.extract.baseline:extract_corpus``);
* the name of an entry point in the group ``annotator.extractors`` of any installed
  package, declared in that package's ``pyproject.toml``::

      [project.entry-points."annotator.extractors"]
      my-llm = "my_package.extract:extract_corpus"

* or a ``module:function`` path importable from the current environment.

Any other program can take part without Python: read ``corpus/documents.jsonl`` (one
document per line: ``doc_id``, ``text``, ``text_sha256``) and write prediction JSONL
(``annotator schema`` prints its JSON Schema), then ``annotator validate`` and
``annotator score`` it like the baseline's output.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from typing import Any

from annotator.extract.baseline import extract_corpus
from annotator.model import Document

ENTRY_POINT_GROUP = "annotator.extractors"
Extractor = Callable[[list[Document]], Iterable[Any]]


class ExtractorNotFound(Exception):
    """No extractor of that name; ``str()`` is one plain line."""


def available() -> list[str]:
    """Names that ``load_extractor`` accepts without a module path."""
    return ["baseline", *sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))]


def load_extractor(name: str) -> Extractor:
    if name == "baseline":
        return extract_corpus
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return ep.load()
    if ":" in name:
        module_name, _, attr = name.partition(":")
        try:
            module = importlib.import_module(module_name)
            func = getattr(module, attr)
        except (ImportError, AttributeError) as e:
            raise ExtractorNotFound(f"cannot load extractor {name!r}: {e}") from None
        if not callable(func):
            raise ExtractorNotFound(f"extractor {name!r} is not callable")
        return func
    raise ExtractorNotFound(
        f"unknown extractor {name!r} (available: {', '.join(available())}; or give module:function)"
    )
