"""`annotator add`: documents enter the registry NFC, with \\n line ends, and validate."""

import json
import unicodedata

import pytest

from annotator.io.corpus import CorpusError, add_documents, load_documents
from annotator.validate.command import run_validate


def test_add_normalises_and_registers(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    src = tmp_path / "news.txt"
    src.write_bytes("\ufeff".encode() + unicodedata.normalize("NFD", "آمن\r\nسطر").encode())
    added, notes = add_documents(corpus, [src])
    assert [d.doc_id for d in added] == ["news"]
    assert notes == [f"{src}: removed a BOM or CR line ends", f"{src}: normalised to NFC"]
    doc = load_documents(corpus / "documents.jsonl")["news"]
    assert doc.text == "آمن\nسطر" and doc.source == "news.txt"
    assert run_validate([corpus / "documents.jsonl"]) == 0
    with pytest.raises(CorpusError, match="already in"):
        add_documents(corpus, [src])


def test_add_command(tmp_path, capsys):
    from annotator.cli import main

    corpus = tmp_path / "c"
    corpus.mkdir()
    (tmp_path / "a.txt").write_text("نص", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["add", str(tmp_path / "a.txt"), "--corpus", str(corpus), "--id", "doc-1"])
    assert done.value.code in (0, None)
    assert json.loads((corpus / "documents.jsonl").read_text(encoding="utf-8"))["doc_id"] == "doc-1"
    with pytest.raises(SystemExit) as bad:
        main(["add", str(tmp_path / "missing.txt"), "--corpus", str(corpus)])
    assert bad.value.code == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'missing.txt'}: cannot read as UTF-8 text:")
