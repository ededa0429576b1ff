"""The document registry as the scorer reads it (``load_texts``, ``load_registry``): only what
the checks and the scorer read of a document, every line checked as ``load_documents`` checks
it, the first problem in file order reported, and scoring against it unchanged (issue 16)."""

import gc
import io
import json
import typing

import pytest

from annotator.io.corpus import CorpusError, DocText, load_documents, load_texts
from annotator.model import Document
from annotator.model.base import Record
from annotator.score.command import run_score
from annotator.score.inputs import ScoreInputError, load_registry
from annotator.validate import batch
from synth import records


def _line(i: int, **change) -> str:
    text = f"نص رقم {i}."
    from annotator.model import text_sha256

    return json.dumps({"doc_id": f"d{i}", "text": text, "text_sha256": text_sha256(text), "lang": "ar", "source": "t", **change},
                      ensure_ascii=False)


def _registry(tmp_path, lines: list[str]):
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_registry_entry_is_the_documents_own_fields():
    """DocText is a projection of the model, not a second definition of the format: each of its
    fields is a required field of Document with the same type."""
    fields = typing.get_type_hints(Document, include_extras=False)
    assert set(DocText._fields) <= set(Document.model_fields) - set(Record.model_fields)
    for name in DocText._fields:
        assert Document.model_fields[name].is_required()
        assert fields[name] is DocText.__annotations__[name], name


def test_texts_are_those_of_the_documents(tmp_path):
    lines = [_line(i, meta={"date": "2024-07-15"} if i % 2 else None) for i in range(30)]
    path = _registry(tmp_path, lines[:10] + ["", "   \r"] + lines[10:])  # blank lines are skipped
    texts, documents = load_texts(path), load_documents(path)
    assert list(texts) == list(documents) == [f"d{i}" for i in range(30)]
    assert texts == {k: DocText(d.doc_id, d.text, d.text_sha256) for k, d in documents.items()}
    assert load_registry(path)[0] == texts
    path.write_text("\n".join(lines[:3]), encoding="utf-8")  # no line end after the last line
    assert list(load_texts(path)) == ["d0", "d1", "d2"]
    path.write_text("", encoding="utf-8")
    assert load_texts(path) == load_documents(path) == {}


@pytest.mark.parametrize("load", [load_texts, load_documents], ids=["load_texts", "load_documents"])
@pytest.mark.parametrize("case, first", [
    ("duplicate in one batch, then a bad record", ":11: duplicate doc_id 'd9'"),
    ("duplicate in one batch of valid records", ":11: duplicate doc_id 'd9'"),
    ("duplicate of an earlier batch, then a bad record", ":18: duplicate doc_id 'd2'"),
    ("bad record, then a duplicate in its batch", ":11: invalid document record: lang: expected a valid string, got integer 1"),
    ("bad record, then a duplicate of an earlier batch", ":11: invalid document record: lang: expected a valid string, got integer 1"),
    ("a line of white space counts as a line", ":13: duplicate doc_id 'd0'"),
])
def test_the_first_problem_in_file_order_is_reported(tmp_path, monkeypatch, load, case, first):
    """Batches of 8 lines: each problem on either side of a batch boundary, and behind
    another one in the same or a later batch."""
    monkeypatch.setattr(batch, "BATCH", 8)
    lines = [_line(i) for i in range(24)]
    if case == "duplicate in one batch, then a bad record":
        lines[10], lines[13] = lines[9], "{not json"
    elif case == "duplicate in one batch of valid records":
        lines[10], lines[20] = lines[9], "{not json"
    elif case == "duplicate of an earlier batch, then a bad record":
        lines[17], lines[20] = lines[2], _line(20, lang=1)
    elif case == "bad record, then a duplicate in its batch":
        lines[10], lines[12] = _line(10, lang=1), lines[11]
    elif case == "bad record, then a duplicate of an earlier batch":
        lines[10], lines[17] = _line(10, lang=1), lines[3]
    else:
        lines[5] = "  \t"
        lines[12] = lines[0]
    path = _registry(tmp_path, lines)
    with pytest.raises(CorpusError) as raised:
        load(path)
    assert str(raised.value) == f"{path}{first}"
    assert gc.isenabled()  # paused while the registry is read, and on again after an error
    if load is load_texts:
        with pytest.raises(ScoreInputError) as as_input:
            load_registry(path)
        assert as_input.value.lines == [f"{path}{first}"]


def _scored_with_docs(tmp_path, n=40):
    golds, preds, texts = records(n, 4, seed=3, safe=False)
    docs = _registry(tmp_path, [json.dumps({"doc_id": g["doc_id"], "text": t, "text_sha256": g["text_sha256"], "lang": "ar", "source": "s"},
                                           ensure_ascii=False) for g, t in zip(golds, texts)])
    for g in golds:
        del g["text"]
    return golds, preds, docs


def _write(path, recs):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def _run(*args, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(*args, stdout=out, stderr=err, report="json", bootstrap=0, **kw)
    return code, out.getvalue(), err.getvalue()


def test_records_are_checked_against_the_registered_hash(tmp_path):
    """A gold or prediction record whose text_sha256 is not its registered document's is an
    invalid input (exit 1, the summary line says so), the same with --jobs, and so is a
    document the registry lacks."""
    golds, preds, docs = _scored_with_docs(tmp_path)
    other = "0" * 64
    golds[7]["text_sha256"] = other
    preds[21]["text_sha256"] = other
    gold, pred = _write(tmp_path / "gold.jsonl", golds), _write(tmp_path / "pred.jsonl", preds)
    code, out, err = _run(gold, pred, docs=docs, jobs=1)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{gold}:8: text_sha256: does not match the registered document {golds[7]['doc_id']!r} (its text changed since this was annotated); offsets cannot be trusted",
        f"{pred}:22: text_sha256: does not match the registered document {preds[21]['doc_id']!r} (its text changed since this was annotated); offsets cannot be trusted",
        "annotator score: invalid input (above): nothing scored",
    ]
    assert _run(gold, pred, docs=docs, jobs=2) == (code, out, err)
    # a registry without one of the gold's documents
    lines = docs.read_text(encoding="utf-8").splitlines()
    _registry(tmp_path, lines[:30] + lines[31:])
    golds[7]["text_sha256"] = preds[7]["text_sha256"]
    preds[21]["text_sha256"] = golds[21]["text_sha256"]
    _write(gold, golds), _write(pred, preds)
    code, out, err = _run(gold, pred, docs=docs, jobs=1)
    assert code == 1 and f"{gold}:31: doc_id: unknown document {golds[30]['doc_id']!r}" in err
    assert _run(gold, pred, docs=docs, jobs=2) == (code, out, err)


def test_a_bad_registry_is_its_first_problem_alone(tmp_path, monkeypatch):
    """Gold and predictions with errors of their own: only the registry's first problem is
    reported (an invalid registry: exit 1), with or without --jobs."""
    monkeypatch.setattr(batch, "BATCH", 8)
    golds, preds, docs = _scored_with_docs(tmp_path)
    golds[2]["entities"][0]["label"] = 7
    gold, pred = _write(tmp_path / "gold.jsonl", golds), _write(tmp_path / "pred.jsonl", preds)
    lines = docs.read_text(encoding="utf-8").splitlines()
    lines[19] = lines[4]  # a duplicate, then a bad record
    lines[25] = lines[25].replace('"lang": "ar"', '"lang": "a"')
    _registry(tmp_path, lines)
    expected = (1, "", f"{docs}:20: duplicate doc_id {golds[4]['doc_id']!r}\nannotator score: invalid input (above): nothing scored\n")
    assert _run(gold, pred, docs=docs, jobs=1) == expected
    assert _run(gold, pred, docs=docs, jobs=2) == expected
    lines[19] = lines[19].replace('"lang": "ar"', '"lang": "a"')  # now the bad record comes first
    _registry(tmp_path, lines)
    code, _, err = _run(gold, pred, docs=docs, jobs=2)
    assert code == 1 and err.startswith(f"{docs}:20: invalid document record: lang: ") and err.count("\n") == 2
    assert _run(gold, pred, docs=docs, jobs=1) == (code, "", err)


@pytest.mark.parametrize("kind", ["document", "annotation", "prediction"])
def test_the_fast_decoder_keeps_the_hash_rule(kind):
    """``^[0-9a-f]{64}$`` is checked by length (msgspec) and by class (all values of a batch at
    once): every hash pydantic refuses is refused, the same values are kept."""
    from annotator.model.fast import fast_decoder
    from annotator.validate.structural import MODELS, check_line

    base = {"document": {"doc_id": "d1", "text": "نص", "lang": "ar", "source": "x"},
            "annotation": {"schema_version": "1", "doc_id": "d1", "annotator": "a", "status": "done"},
            "prediction": {"schema_version": "1", "doc_id": "d1"}}[kind]
    decode = fast_decoder(MODELS[kind])
    good = "0123456789abcdef" * 4
    for sha, valid in [(good, True), (good.upper(), False), (good[:-1], False), (good + "0", False), (good + "\n", False),
                       (good[:-1] + "g", False), (good[:-1] + "٣", False), ("", False)]:
        line = json.dumps({**base, "text_sha256": sha}).encode()
        record, problems = check_line(line, kind)
        assert (not problems) is valid, (sha, problems)
        fast = decode(line)
        assert (fast is not None) is valid, sha
        if valid:
            assert fast == record
        assert (batch.decode_batch(kind, [json.dumps({**base, "text_sha256": good}).encode(), line]) is not None) is valid, sha


def test_a_bad_line_is_worded_as_the_validator_words_it_alone(tmp_path):
    """The registry's lines are read with their line ends; a problem's position (a line cut
    short, say) is the one of the line alone, as ``annotator validate`` gives it."""
    from annotator.validate.structural import check_line

    cut = _line(1)[:40]
    for lines, at in [([_line(0), cut, _line(2)], 2), ([_line(0), _line(1), cut], 3)]:
        path = _registry(tmp_path, lines)
        (where, message), *_ = check_line(cut.encode(), "document")[1]
        expected = f"{path}:{at}: invalid document record: {where + ': ' if where else ''}{message}"
        for load in (load_texts, load_documents):
            with pytest.raises(CorpusError) as raised:
                load(path)
            assert str(raised.value) == expected
        path.write_text("\n".join(lines), encoding="utf-8")  # no line end after the last line
        with pytest.raises(CorpusError) as raised:
            load_texts(path)
        assert str(raised.value) == expected
