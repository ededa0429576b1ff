"""Export annotation records to other tools' formats and import them back, one module per
format. Each module has ``export(items, out, options) -> Loss`` and, where the format can
be imported, ``read(path) -> list[Draft]``; :mod:`annotator.convert.build` turns drafts into
valid records. Modules are imported only when their format is used (spaCy, cassis)."""

import importlib
from types import ModuleType

#: format name -> (module, can be imported, what ``--out`` names)
FORMATS: dict[str, tuple[str, bool, str]] = {
    "flat": ("annotator.convert.flat", True, "a .jsonl file"),
    "brat": ("annotator.convert.brat", True, "a directory of .txt/.ann files"),
    "doccano": ("annotator.convert.doccano", True, "a .jsonl file"),
    "labelstudio": ("annotator.convert.labelstudio", True, "a .json file"),
    "inception": ("annotator.convert.xmi", True, "a directory of .xmi files and TypeSystem.xml"),
    "spacy": ("annotator.convert.docbin", True, "a .spacy file"),
    "conll": ("annotator.convert.conll", True, "a .conll file"),
    "w3c": ("annotator.convert.w3c", True, "a .jsonld file"),
}

EXPORT_FORMATS = tuple(FORMATS)
IMPORT_FORMATS = tuple(name for name, (_, can, _) in FORMATS.items() if can)


def format_module(name: str) -> ModuleType:
    return importlib.import_module(FORMATS[name][0])


__all__ = ["EXPORT_FORMATS", "FORMATS", "IMPORT_FORMATS", "format_module"]
