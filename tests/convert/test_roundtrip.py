"""Export then import gives back the original records wherever the format can hold them:
on the seed gold and on generated documents (Arabic, harakat, emoji, CRLF, nested spans)."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.convert.common import canonical_ids
from annotator.convert.conll import tokenize

from .gen import records, write_corpus
from .helpers import DOCS, GOLD, export, import_, round_trip

SEED = json.loads(GOLD.read_text(encoding="utf-8"))
ANNOTATOR = {"annotator": "gold-v1", "status": "done"}


def test_flat_is_byte_for_byte(tmp_path):
    records_, _ = round_trip("flat", GOLD, DOCS, tmp_path)
    assert (tmp_path / "imported.jsonl").read_bytes() == GOLD.read_bytes()
    assert records_ == [SEED]


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio"])
def test_seed_round_trip_with_record_fields(fmt, tmp_path):
    records_, err = round_trip(fmt, GOLD, DOCS, tmp_path)
    assert records_ == [SEED], err
    assert (tmp_path / "imported.jsonl").read_bytes() == GOLD.read_bytes()


@pytest.mark.parametrize("fmt", ["brat", "inception", "w3c"])
def test_seed_round_trip_without_record_meta(fmt, tmp_path):
    records_, err = round_trip(fmt, GOLD, DOCS, tmp_path, **ANNOTATOR)
    assert records_ == [{**SEED, "meta": None}]
    assert "dropped 1 record meta object(s)" in err


def test_seed_round_trip_conll_keeps_what_fits(tmp_path):
    records_, err = round_trip("conll", GOLD, DOCS, tmp_path, **ANNOTATOR)
    (back,) = records_
    assert len(back["entities"]) == 46 and back["quotes"] == [] and back["claims"] == []
    originals = {(e["start"], e["end"], e["label"]) for e in SEED["entities"]}
    assert {(e["start"], e["end"], e["label"]) for e in back["entities"]} <= originals
    assert "dropped 8 entity span(s) not on token boundaries" in err
    assert "dropped 3 nested or overlapping entity span(s)" in err
    assert "dropped 11 quotes" in err and "dropped 12 claims" in err


EXACT = ["flat", "labelstudio", "inception", "w3c"]  # carry our ids
RENUMBERED = ["doccano", "brat"]  # give canonical ids


def _check(fmt, pairs, registered=True):
    with tempfile.TemporaryDirectory() as d:
        docs, gold = write_corpus(Path(d), pairs)
        if not registered:
            docs.write_text("", encoding="utf-8")
            gold.write_text("".join(json.dumps({**r, "text": t}, ensure_ascii=False) + "\n" for r, t in pairs), encoding="utf-8")
        kw = {"annotator": "tester", "status": "done"} if fmt in ("brat", "conll", "inception", "w3c") else {}
        back, err = round_trip(fmt, gold, docs, d, **kw)
    expected = [r if registered else {**r, "text": t} for r, t in pairs]
    if fmt == "w3c":  # a record without spans has no annotation to write (reported as dropped)
        expected = [r for r in expected if r["entities"] or r["quotes"] or r["claims"]]
    if fmt in RENUMBERED:
        expected = [canonical_ids(r) for r in expected]
    assert back == expected, err


@pytest.mark.parametrize("fmt", EXACT + RENUMBERED)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_round_trip(fmt, data):
    pairs = [data.draw(records(doc_id=f"doc{n}")) for n in range(data.draw(st.integers(1, 3)))]
    _check(fmt, pairs)


@pytest.mark.parametrize("fmt", ["flat", "labelstudio", "doccano"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=records())
def test_generated_round_trip_unregistered_text(fmt, pair):
    """A record that embeds its text (no registry entry) comes back with the text embedded."""
    _check(fmt, [pair], registered=False)


@st.composite
def token_records(draw):
    """Records whose entities are whole tokens and do not overlap: what CoNLL can hold."""
    record, text = draw(records())
    tokens = tokenize(text)
    chosen = sorted(draw(st.sets(st.integers(0, len(tokens) - 1), max_size=5)))
    entities, last = [], -1
    for i in chosen:
        if i <= last:
            continue
        j = min(len(tokens) - 1, i + draw(st.integers(0, 2)))
        while j > i and any(c in text[tokens[i][0]:tokens[j][1]] for c in "\r\n"):  # CoNLL sentences end at line breaks
            j -= 1
        start, end = tokens[i][0], tokens[j][1]
        entities.append({"id": f"e{len(entities) + 1}", "start": start, "end": end, "text": text[start:end], "label": draw(st.sampled_from(["PER", "ORG"]))})
        last = j
    return {**record, "entities": entities, "quotes": [], "claims": []}, text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=token_records())
def test_generated_round_trip_conll(pair):
    _check("conll", [pair])


def test_adjacent_same_label_entities_stay_apart_in_iob2(tmp_path):
    text = "قال محمد علي أمس"
    record = {"schema_version": "1", "doc_id": "d1", "text_sha256": "", "annotator": "tester", "status": "done", "text": None, "meta": None,
              "entities": [{"id": "e1", "start": 4, "end": 8, "text": "محمد", "label": "PER"}, {"id": "e2", "start": 9, "end": 12, "text": "علي", "label": "PER"}],
              "quotes": [], "claims": []}
    from annotator.model import text_sha256

    record["text_sha256"] = text_sha256(text)
    _check("conll", [(record, text)])
    docs, gold = write_corpus(tmp_path, [(record, text)])
    code, out, _ = export("conll", gold, docs, tmp_path)
    assert "علي -X- _ B-PER" in out.read_text(encoding="utf-8")


def test_brat_span_across_a_line_break_is_fragments(tmp_path):
    text = "أول سطر\r\nثاني سطر"
    from annotator.model import text_sha256

    span = {"start": 4, "end": 13, "text": text[4:13]}
    record = {"schema_version": "1", "doc_id": "d1", "text_sha256": text_sha256(text), "annotator": "tester", "status": "done", "text": None,
              "meta": None, "entities": [{"id": "e1", **span, "label": "LOC"}], "quotes": [], "claims": []}
    docs, gold = write_corpus(tmp_path, [(record, text)])
    code, out, err = export("brat", gold, docs, tmp_path)
    assert code == 0, err
    assert (out / "d1.ann").read_text(encoding="utf-8") == "T1\tLOC 4 7;9 13\tسطر ثاني\n"
    assert (out / "d1.txt").read_bytes() == text.encode("utf-8")
    code, back, err = import_("brat", out, docs, tmp_path, annotator="tester", status="done")
    assert back == [record], err


def test_seed_round_trip_spacy(tmp_path):
    """Snapped: every span comes back, with the ids, speakers, cues and values of the record,
    at its token-boundary offsets. Not snapped: the spans inside tokens are missing, and
    references to a missing entity are gone with it."""
    records_, err = round_trip("spacy", GOLD, DOCS, tmp_path, snap="expand")
    (back,) = records_
    assert [e["id"] for e in back["entities"]] == [e["id"] for e in SEED["entities"]]
    assert [(q["speaker"], q["kind"]) for q in back["quotes"]] == [(q["speaker"], q["kind"]) for q in SEED["quotes"]]
    assert [c["value"] for c in back["claims"]] == [c["value"] for c in SEED["claims"]]
    moved = [(a["text"], b["text"]) for a, b in zip(SEED["entities"], back["entities"]) if a != b]
    assert len(moved) == 8 and ("العراق", "والعراق") in moved


@st.composite
def _spacy_expected(draw):
    import spacy

    record, text = draw(records())
    doc = spacy.blank("xx").make_doc(text)

    def fits(span):
        return span is not None and doc.char_span(span["start"], span["end"]) is not None

    entities = [e for e in record["entities"] if fits(e)]
    ids = {e["id"] for e in entities}
    quotes = [{**q, "speaker": q["speaker"] if q["speaker"] in ids else None, "cue": q["cue"] if fits(q["cue"]) else None}
              for q in record["quotes"] if fits(q)]
    claims = [{**c, "place": [p for p in c["place"] if p in ids], "source": c["source"] if c["source"] in ids else None}
              for c in record["claims"] if fits(c)]
    return (record, text), {**record, "entities": entities, "quotes": quotes, "claims": claims}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_spacy_expected())
def test_generated_round_trip_spacy(case):
    pair, expected = case
    with tempfile.TemporaryDirectory() as d:
        docs, gold = write_corpus(Path(d), [pair])
        back, err = round_trip("spacy", gold, docs, d)
    assert back == [expected], err


def test_seed_conll_snap_expand_keeps_the_spans_inside_tokens(tmp_path):
    records_, err = round_trip("conll", GOLD, DOCS, tmp_path, snap="expand", **ANNOTATOR)
    assert "note: 8 entity span(s) snapped to token boundaries (expand)" in err and "not on token boundaries" not in err
    texts = {e["text"] for e in records_[0]["entities"]}
    assert "والعراق" in texts  # العراق widened to its token
    assert "dropped 3 nested or overlapping entity span(s)" in err
    assert len(records_[0]["entities"]) == 57 - 3
