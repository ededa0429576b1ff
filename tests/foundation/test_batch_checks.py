"""Checking records in batches (``annotator.validate.batch``) never says "nothing to report"
where the record-by-record checks report something, and says it for ordinary clean records;
``annotator validate`` reports the same with and without it."""

import json
import random
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import DEFAULT_LABELS, Document, text_sha256
from annotator.validate import batch, run
from annotator.validate.batch import decode_batch, records_clean
from annotator.text.clusters import SIMPLE_BASES
from annotator.validate.semantic import _NOT_SIMPLE_BASE, _WHITE, check_record
from annotator.validate.structural import check_line

from .test_fast_decode import PROPERTY, _line, record
from .test_fuzz import LINES

# Characters where edges go wrong: white space, a mark, ZWJ, an Arabic number sign (a
# Prepend character), an emoji and its modifier, CR LF; and plain Arabic letters.
TRICKY = list(" \t\u00a0\u064e\u0651\u200d\u0600\u061c\r\n") + ["👩", "\U0001f3fd", "a", "1"]
PLAIN = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")


@st.composite
def batches(draw) -> tuple[list[dict], dict[str, Document] | None]:
    """Gold records of entities only (texts embedded, or registered and not embedded), whose
    spans are slices of their texts; some with a mutation that check_record reports."""
    registered = draw(st.booleans())
    records, docs = [], {}
    for n in range(draw(st.integers(1, 5))):
        alphabet = PLAIN + (TRICKY if draw(st.booleans()) else [" "])
        text = "".join(draw(st.lists(st.sampled_from(alphabet), min_size=2, max_size=40)))
        spans = []
        for i in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            spans.append({"id": f"e{i}", "start": start, "end": end, "text": text[start:end], "label": draw(st.sampled_from(["PER", "ORG", "GPE"]))})
        doc_id = f"d{n}"
        rec = {"schema_version": "1", "doc_id": doc_id, "text_sha256": text_sha256(text), "annotator": "t", "status": "done",
               "text": None if registered else text, "meta": None, "entities": spans, "quotes": [], "claims": []}
        if registered:
            docs[doc_id] = Document(doc_id=doc_id, text=text, text_sha256=text_sha256(text), lang="ar", source="t")
        records.append(rec)
    mutation = draw(st.sampled_from(["none", "text", "id", "label", "hash", "end", "nfc", "embedded", "anchored"]))
    target = records[draw(st.integers(0, len(records) - 1))]
    spans = target["entities"]
    if mutation == "text" and spans:
        spans[0]["text"] = spans[0]["text"][::-1] + "x"
    elif mutation == "id" and len(spans) > 1:
        spans[1]["id"] = spans[0]["id"]
    elif mutation == "label" and spans:
        spans[0]["label"] = "NOPE"
    elif mutation == "hash":
        target["text_sha256"] = "0" * 64
    elif mutation == "end" and spans:
        spans[0]["end"] += 100
        spans[0]["text"] += "ب" * 100
    elif mutation == "nfc" and target["text"]:
        target["text"] = target["text"] + "ا\u0654"
    elif mutation == "embedded" and registered:
        target["text"] = docs[target["doc_id"]].text
    elif mutation == "anchored" and spans:
        spans[0]["start"] = spans[0]["end"] = None
    return records, (docs if registered else None)


@PROPERTY
@given(batches(), st.booleans())
def test_clean_only_when_every_record_is(drawn, warnings):
    records, docs = drawn
    if records_clean(records, docs, DEFAULT_LABELS, warnings=warnings):
        for rec in records:
            doc = docs.get(rec["doc_id"]) if docs else None
            assert check_record(rec, doc, DEFAULT_LABELS, warnings=warnings) == []


def _arabic_records(n: int, registered: bool = False) -> tuple[list[dict], dict[str, Document] | None]:
    rng = random.Random(n)
    records, docs = [], {}
    for d in range(n):
        words = ["".join(rng.choice(PLAIN) for _ in range(rng.randint(2, 6))) for _ in range(30)]
        text = " ".join(words)
        spans, pos = [], 0
        for i, word in enumerate(words):
            if i % 3 == 0:
                spans.append({"id": f"e{i}", "start": pos, "end": pos + len(word), "text": word, "label": "PER"})
            pos += len(word) + 1
        records.append({"schema_version": "1", "doc_id": f"d{d}", "text_sha256": text_sha256(text), "annotator": "t", "status": "done",
                        "text": None if registered else text, "meta": None, "entities": spans, "quotes": [], "claims": []})
        docs[f"d{d}"] = Document(doc_id=f"d{d}", text=text, text_sha256=text_sha256(text), lang="ar", source="t")
    return records, (docs if registered else None)


def test_ordinary_records_are_clean_in_a_batch():
    for registered in (False, True):
        records, docs = _arabic_records(20, registered)
        assert records_clean(records, docs, DEFAULT_LABELS)
        records[7]["entities"][2]["text"] = "x"
        assert not records_clean(records, docs, DEFAULT_LABELS)


def test_ids_unique_per_record_not_per_batch():
    """Ids repeat from one record to the next (each record's own ids are unique): clean; an
    id repeated in one record, wherever it lies, is not (records of different sizes, so
    that a record's ids checked with its neighbour's would be seen)."""
    records, _ = _arabic_records(4)  # ten spans each
    records[1]["entities"] = records[1]["entities"][:3]
    records[2]["entities"] = []
    for rec in records:
        for i, span in enumerate(rec["entities"]):
            span["id"] = f"e{i}"
    assert records_clean(records, None, DEFAULT_LABELS)
    for r, (a, b) in [(0, (0, 1)), (0, (2, 9)), (1, (0, 2)), (3, (0, 1)), (3, (4, 8))]:
        broken = json.loads(json.dumps(records))
        broken[r]["entities"][b]["id"] = broken[r]["entities"][a]["id"]
        assert not records_clean(broken, None, DEFAULT_LABELS), (r, a, b)
        assert check_record(broken[r], None, DEFAULT_LABELS)
    # the last id of a record equal to the first of the next: clean
    records[0]["entities"][-1]["id"] = records[1]["entities"][0]["id"] = "x"
    assert records_clean(records, None, DEFAULT_LABELS)


def test_span_texts_as_long_as_their_slices():
    """A span text shorter than its slice, or one shorter and the next longer (the lengths
    add up), or an empty span, is not clean, nor is an end past the text or before the
    start."""
    records, _ = _arabic_records(3)
    assert records_clean(records, None, DEFAULT_LABELS, warnings=False)

    def broken(change) -> bool:
        recs = json.loads(json.dumps(records))
        change(recs[1]["entities"], recs[1]["text"])
        assert any(check_record(rec, None, DEFAULT_LABELS, warnings=False) for rec in recs)
        return not records_clean(recs, None, DEFAULT_LABELS, warnings=False)

    def shorter(spans, text):  # the slice one longer than the text
        spans[0]["end"] += 1

    def shorter_and_longer(spans, text):  # one slice a character longer, the next one shorter
        spans[0]["end"] += 1
        spans[1]["end"] -= 1
        spans[1]["text"] = text[spans[1]["start"]:spans[1]["end"] + 1]

    def empty(spans, text):
        spans[0]["end"] = spans[0]["start"]
        spans[0]["text"] = ""

    def past_the_end(spans, text):
        spans[-1]["start"], spans[-1]["end"] = len(text) - 1, len(text) + 1
        spans[-1]["text"] = text[-1]

    def reversed_(spans, text):
        spans[0]["start"], spans[0]["end"] = spans[0]["end"], spans[0]["start"]

    for change in (shorter, shorter_and_longer, empty, past_the_end, reversed_):
        assert broken(change), change.__name__


def test_a_text_of_simple_bases_only_is_nfc():
    """What lets ``validate``'s batches skip is_normalized for such texts: every simple base
    is a starter (combining class 0) that NFC leaves alone, and no two of them compose, so
    no text made of them changes under NFC (a starter composes only with what follows it
    unblocked: with every character a starter, only a neighbour)."""
    for ch in SIMPLE_BASES:
        assert unicodedata.combining(ch) == 0 and unicodedata.normalize("NFC", ch) == ch, hex(ord(ch))
    for first in SIMPLE_BASES:
        bad = [second for second in SIMPLE_BASES if not unicodedata.is_normalized("NFC", first + second)]
        assert not bad, (hex(ord(first)), bad)
    assert all(_NOT_SIMPLE_BASE.search(ch) is None for ch in SIMPLE_BASES)


@pytest.mark.parametrize("warnings", [True, False])
def test_a_text_that_is_not_nfc_is_not_clean(warnings):
    records, _ = _arabic_records(4)
    assert records_clean(records, None, DEFAULT_LABELS, warnings=warnings)
    for text in ("أ", "أ" * 3, "é"):  # alef + hamza above (U+0623 in NFC); e + acute
        changed = json.loads(json.dumps(records))
        changed[2]["text"] += text
        changed[2]["text_sha256"] = text_sha256(changed[2]["text"])
        assert check_record(changed[2], None, DEFAULT_LABELS, warnings=warnings)
        assert not records_clean(changed, None, DEFAULT_LABELS, warnings=warnings)


def test_strip_takes_away_every_white_space_of_the_warnings():
    """The batches find white space at a span's edge by ``str.strip``: every character the
    warning calls white space (``semantic._WHITE``) must be one it takes away."""
    every = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)
    white = _WHITE.findall(every)
    assert " " in white and "\u00a0" in white and "\u3000" in white
    assert [hex(ord(ch)) for ch in white if ch.strip()] == []


@pytest.mark.parametrize("white", [" ", "\t", "\u00a0", "\u2009", "\u3000", "\u001c", "\n"])
def test_white_space_at_either_edge_is_not_clean(white):
    records, _ = _arabic_records(3)
    assert records_clean(records, None, DEFAULT_LABELS)
    for first in (True, False):
        changed = json.loads(json.dumps(records))
        rec = changed[1]
        span = rec["entities"][2]
        if first:
            rec["text"] = rec["text"][: span["start"]] + white + rec["text"][span["start"]:]
            for other in rec["entities"][3:]:
                other["start"] += 1
                other["end"] += 1
        else:
            rec["text"] = rec["text"][: span["end"]] + white + rec["text"][span["end"]:]
            for other in rec["entities"][3:]:
                other["start"] += 1
                other["end"] += 1
        span["end"] += 1
        span["text"] = rec["text"][span["start"]:span["end"]]
        rec["text_sha256"] = text_sha256(rec["text"])
        assert check_record(rec, None, DEFAULT_LABELS, warnings=False) == []
        assert not records_clean(changed, None, DEFAULT_LABELS), (white, first)
        assert records_clean(changed, None, DEFAULT_LABELS, warnings=False)


def test_a_record_with_quotes_or_claims_is_not_checked_here():
    records, _ = _arabic_records(3)
    assert batch.all_simple(records)
    for layer in ("quotes", "claims"):
        changed = json.loads(json.dumps(records))
        changed[2][layer] = [{"id": "q"}]
        assert not batch.all_simple(changed) and not records_clean(changed, None, DEFAULT_LABELS)


@PROPERTY
@given(st.data())
def test_decode_batch_returns_only_what_each_line_gives(data):
    kind = data.draw(st.sampled_from(["annotation", "prediction"]))
    lines = [data.draw(LINES) if data.draw(st.booleans()) else _line(data.draw, data.draw(record(kind == "prediction")))
             for _ in range(data.draw(st.integers(1, 4)))]
    records = decode_batch(kind, lines)
    if records is not None:
        assert [check_line(line, kind) for line in lines] == [(rec, []) for rec in records]


def test_decode_batch_fills_the_defaults_each_object_lacks():
    """Defaults are filled first for the fields the first object lacks (a pass over every
    object per field), then for any other object that lacks more: every object ends with
    every default, whichever fields each left out."""
    full = {"id": "e1", "start": 0, "end": 2, "text": "ab", "label": "PER"}
    spans = [full, {"text": "ab", "label": "PER"}, {"id": "e2", "text": "cd", "label": "ORG"}, {"start": 1, "end": 2, "text": "b", "label": "PER"}]
    records = [
        {"schema_version": "1", "doc_id": "d1", "entities": spans},
        {"schema_version": "1", "doc_id": "d2", "text_sha256": None, "annotator": "x", "entities": spans[::-1]},
        {"schema_version": "1", "doc_id": "d3", "status": "done", "quotes": [{"text": "q"}, {"id": "q1", "start": 0, "end": 1, "text": "a", "kind": "direct", "speaker": None, "cue": None}]},
    ]
    for order in (records, records[::-1], records[1:] + records[:1]):
        lines = [json.dumps(r).encode() for r in order]
        assert decode_batch("prediction", lines) == [check_line(line, "prediction")[0] for line in lines]
        for line in lines:  # a line alone: its first object is the only one
            assert decode_batch("prediction", [line]) == [check_line(line, "prediction")[0]]


def test_decode_batch_of_clean_lines():
    records, _ = _arabic_records(5)
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in records]
    assert decode_batch("annotation", lines) == [check_line(line, "annotation")[0] for line in lines]
    assert decode_batch("annotation", lines[:2] + [lines[2][:-1]] + lines[3:]) is None




def test_validate_reports_the_same_with_and_without_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "BATCH", 4)
    records, _ = _arabic_records(30)
    cases = {"clean": records}
    broken = json.loads(json.dumps(records))
    broken[9]["entities"][0]["text"] = "x"
    edge = broken[13]["entities"][1]
    edge["start"] -= 1  # a warning: white space at an edge
    edge["text"] = broken[13]["text"][edge["start"]:edge["end"]]
    broken[21] = dict(broken[3])  # a duplicate record, of a record in an earlier batch
    broken[25] = dict(broken[24])  # and of one in the same batch (batches of four records)
    cases["broken"] = broken
    calls = []
    real = run._clean_batch
    monkeypatch.setattr(run, "_clean_batch", lambda *args: calls.append(1) or real(*args))
    for name, recs in cases.items():
        path = tmp_path / f"{name}-gold.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
        with_batches = run.validate_files([path], None, DEFAULT_LABELS)
        monkeypatch.setattr(run, "_clean_batch", lambda *args: None)
        without = run.validate_files([path], None, DEFAULT_LABELS)
        monkeypatch.setattr(run, "_clean_batch", lambda *args: calls.append(1) or real(*args))
        assert with_batches == without
        assert (with_batches.errors, with_batches.warnings) == ((0, 0) if name == "clean" else (3, 1))
    assert calls


def _mutate(case: str, records: list[dict], docs) -> None:
    rec = records[5]
    span = rec["entities"][2]
    text = docs[rec["doc_id"]].text if docs else rec["text"]

    def retext(new: str) -> None:
        if docs:
            docs[rec["doc_id"]] = Document(doc_id=rec["doc_id"], text=new, text_sha256=text_sha256(new), lang="ar", source="t")
        else:
            rec["text"] = new
        rec["text_sha256"] = text_sha256(new)

    if case == "span text":
        span["text"] = span["text"][::-1] + "x"
    elif case == "duplicate id":
        rec["entities"][3]["id"] = span["id"]
    elif case == "label":
        span["label"] = "NOPE"
    elif case == "hash":
        rec["text_sha256"] = "0" * 64
    elif case == "past the end":
        span["end"] = len(text) + 3
        span["text"] = text[span["start"]:] + "abc"
    elif case == "not NFC":
        retext(text + " ا\u0654")
    elif case == "embedded and registered":
        rec["text"] = text
    elif case == "string-anchored":
        span["start"] = span["end"] = None
    elif case == "white space at an edge":
        span["start"] -= 1
        span["text"] = text[span["start"]:span["end"]]
    elif case == "white space at the end":
        span["end"] += 1
        span["text"] = text[span["start"]:span["end"]]
    elif case == "mark after the end":
        retext(text[: span["end"]] + "\u064e" + text[span["end"]:])
        for later in rec["entities"][3:]:
            later["start"] += 1
            later["end"] += 1
    elif case == "mark at the start":
        retext(text[: span["start"]] + "\u064e" + text[span["start"]:])
        span["end"] += 1
        span["text"] = "\u064e" + span["text"]
        for later in rec["entities"][3:]:
            later["start"] += 1
            later["end"] += 1
    elif case == "Prepend before the start":
        retext(text[: span["start"] - 1] + "\u0600" + text[span["start"]:])


MUTATIONS = ["span text", "duplicate id", "label", "hash", "past the end", "not NFC", "embedded and registered", "string-anchored",
             "white space at an edge", "white space at the end", "mark after the end", "mark at the start", "Prepend before the start"]
WARNINGS_ONLY = {"white space at an edge", "white space at the end", "mark after the end", "mark at the start", "Prepend before the start"}
#: what check_record does not report: a registered text is checked by check_document; an
#: embedded text equal to the registered one; a string-anchored span whose text occurs
NOTHING = {("not NFC", True), ("embedded and registered", False), ("embedded and registered", True), ("string-anchored", False), ("string-anchored", True)}


@pytest.mark.parametrize("registered", [False, True], ids=["embedded", "registered"])
@pytest.mark.parametrize("case", MUTATIONS)
def test_each_problem_makes_a_batch_unclean(case, registered):
    records, docs = _arabic_records(8, registered)
    _mutate(case, records, docs)
    doc = docs.get(records[5]["doc_id"]) if docs else None
    for warnings in (True, False):
        reported = check_record(records[5], doc, DEFAULT_LABELS, warnings=warnings)
        expected = (case, registered) not in NOTHING and (warnings or case not in WARNINGS_ONLY)
        assert bool(reported) == expected, reported  # the case is what it says
        if reported:
            assert not records_clean(records, docs, DEFAULT_LABELS, warnings=warnings)


def test_string_anchored_spans_are_clean_for_errors_only():
    records, _ = _arabic_records(6)
    for rec in records:
        for span in rec["entities"]:
            span["start"] = span["end"] = None
    assert records_clean(records, None, DEFAULT_LABELS, warnings=False)
    assert not records_clean(records, None, DEFAULT_LABELS, warnings=True)  # "does not occur" is looked for one by one
    records[2]["entities"][0]["end"] = 5  # start without end: an error
    assert check_record(records[2], None, DEFAULT_LABELS, warnings=False)
    assert not records_clean(records, None, DEFAULT_LABELS, warnings=False)


def test_a_registry_read_in_batches_stops_at_its_first_problem(tmp_path, monkeypatch):
    """``load_documents`` reads batches of lines; the first problem in file order is the one
    reported, whether a bad record or a duplicate doc_id comes first."""
    from annotator.io.corpus import CorpusError, load_documents

    monkeypatch.setattr(batch, "BATCH", 8)
    lines = [json.dumps({"doc_id": f"d{i}", "text": f"نص {i}", "text_sha256": text_sha256(f"نص {i}"), "lang": "ar", "source": "t"}, ensure_ascii=False) for i in range(20)]
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert list(load_documents(path)) == [f"d{i}" for i in range(20)]
    dup, bad = list(lines), list(lines)
    dup[10] = dup[9]
    dup[13] = "{not json"
    path.write_text("\n".join(dup) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r":11: duplicate doc_id 'd9'"):
        load_documents(path)
    bad[10] = bad[10].replace('"lang"', '"lang": 1, "x"')
    bad[13] = bad[9]
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r":11: invalid document record"):
        load_documents(path)
