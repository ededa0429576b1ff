import io
import json
from pathlib import Path

from annotator.convert.command import run_export, run_import

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold" / "000_9cb6c4488f67ca16.jsonl"
DOCS = ROOT / "corpus" / "documents.jsonl"
OUT_NAME = {"flat": "out.jsonl", "brat": "brat", "doccano": "out.jsonl", "labelstudio": "out.json", "conll": "out.conll",
            "spacy": "out.spacy", "inception": "xmi", "w3c": "out.jsonld"}


def export(fmt, gold, docs, directory, **kw):
    err = io.StringIO()
    out = Path(directory) / OUT_NAME[fmt]
    code = run_export([Path(gold)], fmt, out, docs=Path(docs), stderr=err, **kw)
    return code, out, err.getvalue()


def import_(fmt, source, docs, directory, **kw):
    err = io.StringIO()
    out = Path(directory) / "imported.jsonl"
    code = run_import(Path(source), fmt, out, docs=Path(docs) if docs else None, stderr=err, **kw)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if code == 0 else None
    return code, records, err.getvalue()


def round_trip(fmt, gold, docs, directory, snap=None, **import_kw):
    code, out, err = export(fmt, gold, docs, directory, allow_loss=True, snap=snap)
    assert code == 0, err
    code, records, err2 = import_(fmt, out, docs, directory, **import_kw)
    assert code == 0, err + err2
    return records, err


def export_generated(fmt, pairs, read, **kw):
    """Export generated (record, text) pairs from a temporary corpus; ``read(out)`` is called
    on the output before the directory goes. Returns (exit code, what read returned, messages)."""
    import tempfile

    from .gen import write_corpus

    with tempfile.TemporaryDirectory() as d:
        docs, gold = write_corpus(Path(d), pairs)
        code, out, err = export(fmt, gold, docs, d, **kw)
        return code, read(out), err
