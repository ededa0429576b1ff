"""``annotator validate --docs`` reads the registry as the scorer does (``load_texts``: what
the checks read of each document, every line checked as ``load_documents`` checks it): the
same findings, messages and exit codes as with the registry's ``Document`` models, for
records with every finding that depends on the registry, bad registries, one process or two."""

import contextlib
import io
import json
import multiprocessing
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "score"))

from synth import records  # noqa: E402

from annotator.io.corpus import DocText, load_documents  # noqa: E402
from annotator.model import Document, text_sha256  # noqa: E402
from annotator.validate import command, parallel  # noqa: E402

N = 60


def _write(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A registry of N documents, and gold records without their texts, with findings that
    need the registry: a wrong span text, a text hash that differs (given, or of an embedded
    text), a document not registered, offsets past the text's end; and a valid record that
    embeds its registered text."""
    d = tmp_path_factory.mktemp("registry")
    golds, _, texts = records(N, 4, seed=61, safe=True)
    docs = _write(d / "documents.jsonl", (Document(doc_id=g["doc_id"], text=t, text_sha256=g["text_sha256"], lang="ar", source="s").model_dump()
                                          for g, t in zip(golds, texts)))
    for i, g in enumerate(golds):
        if i % 9 == 2:
            continue  # keeps its text: the registered one
        del g["text"]
        if i % 9 == 1:
            g["entities"][0]["text"] += "x"
        elif i % 9 == 3:
            g["text_sha256"] = "0" * 64
        elif i % 9 == 4:
            g["text"] = texts[i] + "!"  # embedded, hashed: another text than the registered one
            g["text_sha256"] = text_sha256(g["text"])
        elif i % 9 == 5:
            g["doc_id"] = f"unregistered{i}"
        elif i % 9 == 6:
            g["entities"][-1]["end"] = len(texts[i]) + 5
    gold = _write(d / "gold.jsonl", golds)
    return docs, gold


def _run(paths, docs, **kw):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = command.run_validate(list(paths), docs, out=out, quiet=True, **kw)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def loaded(monkeypatch):
    """The registries run_validate gave validate_files."""
    seen = []
    real = command.validate_files

    def spy(files, docs, *a, **kw):
        seen.append(docs)
        return real(files, docs, *a, **kw)

    monkeypatch.setattr(command, "validate_files", spy)
    return seen


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_findings_are_those_of_the_documents(corpus, monkeypatch, loaded, fmt):
    docs, gold = corpus
    texts = _run([gold], docs, fmt=fmt, jobs=1)
    assert texts[0] == 1 and isinstance(next(iter(loaded[0].values())), DocText)
    if fmt == "text":
        for expected in ("does not equal the document text", "does not match the registered document",
                         "unknown document", "is past the end of the document"):
            assert expected in texts[1], expected
    monkeypatch.setattr(command, "load_texts", load_documents)  # the registry as Document models
    assert _run([gold], docs, fmt=fmt, jobs=1) == texts
    assert isinstance(next(iter(loaded[1].values())), Document)


def test_two_processes_get_the_registry(corpus, monkeypatch):
    """Forked workers inherit the registry's entries; from a fork server they get them pickled."""
    docs, gold = corpus
    one = _run([gold], docs, jobs=1, max_errors=0)
    assert _run([gold], docs, jobs=2, max_errors=0) == one
    if "forkserver" in multiprocessing.get_all_start_methods():
        monkeypatch.setattr(parallel, "process_context", lambda name: multiprocessing.get_context("forkserver"))
        assert _run([gold], docs, jobs=2, max_errors=0) == one


@pytest.mark.parametrize("registry, message, code", [
    (['{"doc_id": 5}'], ":1: invalid document record:", 1),  # an invalid registry: invalid data
    (["DUP", "DUP"], ":2: duplicate doc_id", 1),
    (["GOOD", "", "{not json"], ":3: invalid document record:", 1),
    (None, ": cannot read: No such file or directory", 2),  # unreadable
])
def test_a_bad_registry_gives_the_same_message_and_exit_code(corpus, tmp_path, monkeypatch, registry, message, code):
    docs, gold = corpus
    first = docs.read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "documents.jsonl"
    if registry is not None:
        _write(path, [first if line in ("DUP", "GOOD") else line for line in registry])
    texts = _run([gold], path, jobs=1)
    assert texts[0] == code and texts[1] == "" and texts[2].startswith(str(path) + message) and texts[2].count("\n") == 1
    monkeypatch.setattr(command, "load_texts", load_documents)
    assert _run([gold], path, jobs=1) == texts
