"""The formats' own libraries read what we write: Hugging Face datasets and pandas (flat
JSONL), spaCy (DocBin), Label Studio's converter, DKPro Cassis (INCEpTION's XMI), and the
brat standoff rules; Label Studio and UIMA offsets are UTF-16 code units."""

import json
import re
from pathlib import Path

import cassis
import datasets
import label_studio_converter as converter
import pandas as pd
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .gen import records, write_corpus
from .helpers import DOCS, GOLD, export, export_generated, import_

SEED = json.loads(GOLD.read_text(encoding="utf-8"))
TEXT = json.loads(DOCS.read_text(encoding="utf-8").splitlines()[0])["text"]


def u16(text, cp):
    return len(text[:cp].encode("utf-16-le")) // 2


# --- flat JSONL: Hugging Face datasets and pandas ----------------------------------------

MIXED = [  # claim values of every type in one file: a number, a float, a date, null
    ({"value": 153}, "count"), ({"value": 2.5}, "ratio"), ({"value": "2024-01/2024-06"}, "date"), ({"value": None}, "other"),
]


def _mixed_corpus(directory):
    from annotator.model import text_sha256

    pairs = []
    for n, (value, kind) in enumerate(MIXED):
        text = f"وقع ١٥٣ هجوماً 😀 في {n}"
        claim = {"id": "c1", "start": 4, "end": 14, "text": text[4:14], "kind": kind, **value, "unit": None, "approx": n % 2 == 0,
                 "time": None, "place": [], "source": None}
        record = {"schema_version": "1", "doc_id": f"d{n}", "text_sha256": text_sha256(text), "annotator": "t", "status": "done", "text": None,
                  "meta": {"n": n} if n % 2 else {"other": "x", "list": [1]}, "entities": [], "quotes": [], "claims": [claim]}
        pairs.append((record, text))
    return write_corpus(directory, pairs)


def test_datasets_loads_the_flat_export_of_mixed_claim_values(tmp_path):
    docs, gold = _mixed_corpus(tmp_path)
    code, out, err = export("flat", gold, docs, tmp_path)
    assert code == 0, err
    ds = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 4
    claims = [row["claims"][0] for row in ds]
    assert [c["value_number"] for c in claims] == [153.0, 2.5, None, None]
    assert [c["value_date"] for c in claims] == [None, None, "2024-01/2024-06", None]
    assert ds[0]["text"].startswith("وقع")


def test_datasets_loads_the_seed_gold_with_text_and_resolved_speakers(tmp_path):
    code, out, err = export("flat", GOLD, DOCS, tmp_path)
    assert code == 0, err
    row = datasets.load_dataset("json", data_files=str(out), split="train", cache_dir=str(tmp_path / "cache"))[0]
    assert row["text"] == TEXT
    assert len(row["entities"]) == 57
    for quote in row["quotes"]:
        speaker = quote["speaker"]
        assert TEXT[speaker["start"]:speaker["end"]] == speaker["text"] and speaker["label"] in ("PER", "ORG")


def test_pandas_reads_the_flat_export(tmp_path):
    docs, gold = _mixed_corpus(tmp_path)
    code, out, _ = export("flat", gold, docs, tmp_path)
    frame = pd.read_json(out, lines=True)
    assert list(frame["doc_id"]) == ["d0", "d1", "d2", "d3"]
    claims = pd.json_normalize(frame["claims"].explode().tolist())
    assert claims["value_text"].tolist()[:3] == ["153", "2.5", "2024-01/2024-06"]


# --- spaCy -------------------------------------------------------------------------------

BLANK = {"xx": spacy.blank("xx"), "ar": spacy.blank("ar")}


def _docbin(path, lang="xx"):
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(BLANK[lang].vocab))


def test_spacy_reads_the_docbin_and_reports_the_eight_spans_inside_tokens(tmp_path):
    code, out, err = export("spacy", GOLD, DOCS, tmp_path)
    assert code == 1  # something could not be held, and --allow-loss was not given
    assert "dropped 8 entity span(s) not on spaCy token boundaries" in err
    assert "'العراق'" in err  # an example: العراق inside والعراق
    (doc,) = _docbin(out)
    assert doc.text == TEXT
    gold = {(e["start"], e["end"], e["label"]) for e in SEED["entities"]}
    spans = {(s.start_char, s.end_char, s.label_) for s in doc.spans["entities"]}
    assert len(spans) == 49 and spans <= gold
    ents = [(e.start_char, e.end_char) for e in doc.ents]
    assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:]))  # doc.ents: no overlap
    assert {(s.start_char, s.end_char, s.label_) for s in doc.spans["quotes"]} <= {(q["start"], q["end"], q["kind"]) for q in SEED["quotes"]}
    assert json.loads(doc.user_data["annotator.record"]) == SEED


@pytest.mark.parametrize("mode", ["expand", "contract"])
def test_spacy_snap_moves_spans_and_says_so(tmp_path, mode):
    code, out, err = export("spacy", GOLD, DOCS, tmp_path, snap=mode, lang="ar")
    snapped = int(re.search(rf"note: (\d+) entity span\(s\) snapped to token boundaries \({mode}\)", err)[1])
    dropped = re.search(r"dropped (\d+) entity span\(s\) not on spaCy token boundaries", err)
    dropped = int(dropped[1]) if dropped else 0
    assert snapped + dropped == 8  # contracting a span inside one token (داعش in لداعش) leaves nothing: still dropped
    (doc,) = _docbin(out, "ar")
    assert len(doc.spans["entities"]) == 57 - dropped
    if mode == "expand":
        assert dropped == 0
        assert (65, 72, "GPE") in {(s.start_char, s.end_char, s.label_) for s in doc.spans["entities"]}  # والعراق
    else:
        assert (490, 496, "ORG") in {(s.start_char, s.end_char, s.label_) for s in doc.spans["entities"]}  # الدفاع of لوزارة الدفاع


# --- brat: the standoff rules --------------------------------------------------------------

def check_brat(directory: Path):
    """The brat standoff rules: ids by kind, offsets inside the .txt, the text field equal to the
    fragments joined by a space, references to existing T ids, every type declared in annotation.conf."""
    conf = (directory / "annotation.conf").read_text(encoding="utf-8")
    section, declared = None, {"entities": set(), "relations": set(), "attributes": set()}
    for line in conf.splitlines():
        if line.startswith("["):
            section = line.strip("[]")
        elif line and not line.startswith("#") and section in declared:
            declared[section].add(line.split("\t")[0])
    for ann in directory.glob("*.ann"):
        text = (directory / (ann.stem + ".txt")).read_bytes().decode("utf-8")
        ids = set()
        for line in ann.read_text(encoding="utf-8").split("\n")[:-1]:
            ident, body, *rest = line.split("\t")
            if ident[0] == "T":
                m = re.fullmatch(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)", body)
                assert m and m[1] in declared["entities"], line
                frags = [tuple(map(int, f.split())) for f in m[2].split(";")]
                assert all(0 <= s < e <= len(text) for s, e in frags)
                assert rest == [" ".join(text[s:e] for s, e in frags)]
                assert not any(c in text[s:e] for s, e in frags for c in "\r\n")
            elif ident[0] == "R":
                kind, a1, a2 = re.fullmatch(r"(\S+) Arg1:(T\d+) Arg2:(T\d+)", body).groups()
                assert kind in declared["relations"] and {a1, a2} <= ids
            elif ident[0] == "A":
                kind, target, *_ = body.split(" ")
                assert kind in declared["attributes"] and target in ids
            else:
                assert ident[0] == "#" and body.split(" ")[1] in ids
            assert re.fullmatch(r"[TRA#]\d+", ident) and ident not in ids
            ids.add(ident)


def test_brat_export_of_the_seed_follows_the_rules(tmp_path):
    code, out, err = export("brat", GOLD, DOCS, tmp_path)
    check_brat(out)
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in (out / "annotation.conf").read_text(encoding="utf-8")
    assert "PER\tbgColor:#5fafff" in (out / "visual.conf").read_text(encoding="utf-8")  # the label set's colour


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=records())
def test_brat_export_of_generated_documents_follows_the_rules(pair):
    export_generated("brat", [pair], check_brat)


# --- Label Studio: UTF-16 offsets and the converter package ----------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=records())
def test_label_studio_offsets_are_utf16_units(pair):
    record, text = pair
    _, (task,), _ = export_generated("labelstudio", [pair], lambda out: json.loads(out.read_text(encoding="utf-8")))
    regions = {r["id"]: r["value"] for r in task["annotations"][0]["result"] if r["type"] == "labels"}
    js_text = text.encode("utf-16-le")  # what JavaScript's String holds
    for e in record["entities"]:
        value = regions[e["id"]]
        assert (value["start"], value["end"]) == (u16(text, e["start"]), u16(text, e["end"]))
        assert js_text[2 * value["start"]:2 * value["end"]].decode("utf-16-le") == e["text"]


def test_label_studio_offsets_with_an_emoji(tmp_path):
    from annotator.model import text_sha256

    text = "😀 قال 𝕏 داعش"
    record = {"schema_version": "1", "doc_id": "d1", "text_sha256": text_sha256(text), "annotator": "t", "status": "done", "text": None, "meta": None,
              "entities": [{"id": "e1", "start": 8, "end": 12, "text": "داعش", "label": "ORG"}], "quotes": [], "claims": []}
    docs, gold = write_corpus(tmp_path, [(record, text)])
    code, out, err = export("labelstudio", gold, docs, tmp_path)
    assert code == 0, err
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert task["annotations"][0]["result"][0]["value"] == {"start": 10, "end": 14, "text": "داعش", "labels": ["ORG"]}  # 😀 and 𝕏 are two units each


def test_label_studio_converter_reads_the_export(tmp_path):
    code, out, err = export("labelstudio", GOLD, DOCS, tmp_path)
    c = converter.Converter(config=str(out.with_name("out.label_config.xml")), project_dir=str(tmp_path), download_resources=False)
    (item,) = list(c.iter_from_json_file(str(out)))
    labels = item["output"]["label"]
    assert len(labels) == 57 and len(item["output"]["quote"]) == 11 + 11 and len(item["output"]["claim"]) == 12
    for value in labels:  # the seed is all in the BMP: UTF-16 offsets equal code points here
        assert TEXT[value["start"]:value["end"]] == value["text"]


# --- INCEpTION: DKPro Cassis reads the XMI ------------------------------------------------------

def test_cassis_reads_the_xmi_with_utf16_offsets(tmp_path):
    from annotator.model import text_sha256

    text = "👩\u200d👩\u200d👧 قال مُحَمَّد\r\nإن 🇮🇶 العراق"
    start = text.index("العراق")
    record = {"schema_version": "1", "doc_id": "d1", "text_sha256": text_sha256(text), "annotator": "t", "status": "done", "text": None, "meta": None,
              "entities": [{"id": "e1", "start": start, "end": start + 6, "text": "العراق", "label": "GPE"},
                           {"id": "e2", "start": text.index("مُحَمَّد"), "end": text.index("مُحَمَّد") + 8, "text": "مُحَمَّد", "label": "PER"}],
              "quotes": [], "claims": [{"id": "c1", "start": start, "end": start + 6, "text": "العراق", "kind": "other", "value": 2.5, "unit": None,
                                         "approx": True, "time": None, "place": ["e1"], "source": "e2"}]}
    docs, gold = write_corpus(tmp_path, [(record, text)])
    code, out, err = export("inception", gold, docs, tmp_path)
    assert code == 0, err
    raw = (out / "d1.xmi").read_text(encoding="utf-8")
    assert f'begin="{u16(text, start)}" end="{u16(text, start + 6)}" value="GPE"' in raw
    ts = cassis.load_typesystem((out / "TypeSystem.xml").read_text(encoding="utf-8"))
    cas = cassis.load_cas_from_xmi(raw, typesystem=ts)
    assert cas.sofa_string == text
    ents = {(a.begin, a.end, a.value, a.identifier) for a in cas.select("de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity")}
    assert ents == {(e["start"], e["end"], e["label"], e["id"]) for e in record["entities"]}
    (claim,) = cas.select("webanno.custom.Claim")
    assert (claim.begin, claim.end, claim.value, claim.place, claim.source, claim.approx) == (start, start + 6, "2.5", "e1", "e2", True)
    assert cas.select("de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence")


# --- W3C Web Annotation -----------------------------------------------------------------------

@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=records())
def test_w3c_selectors_agree_with_the_text(pair):
    record, text = pair
    _, collection, _ = export_generated("w3c", [pair], lambda out: json.loads(out.read_text(encoding="utf-8")))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld" and collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(record["entities"]) + len(record["quotes"]) + sum(q["cue"] is not None for q in record["quotes"]) + len(record["claims"])
    ids = {a["id"] for a in items}
    for a in items:
        position, quote = a["target"]["selector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"]) and text[position["end"]:].startswith(quote["suffix"])
        for body in a["body"]:
            if body.get("purpose") == "linking":
                assert body["source"] in ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=records())
def test_spacy_keeps_every_span_on_token_boundaries_and_reports_the_rest(pair):
    """On generated documents: each entity is in doc.spans at its exact offsets when spaCy's
    tokens allow it, and otherwise counted in the report; never moved without --snap."""
    record, text = pair
    code, (doc,), err = export_generated("spacy", [pair], _docbin)
    nlp_doc = BLANK["xx"].make_doc(text)
    fits = [e for e in record["entities"] if nlp_doc.char_span(e["start"], e["end"]) is not None]
    assert sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["entities"]) == sorted((e["start"], e["end"], e["label"]) for e in fits)
    dropped = re.search(r"dropped (\d+) entity span", err)
    assert (int(dropped[1]) if dropped else 0) == len(record["entities"]) - len(fits)
    assert code == (1 if "dropped" in err else 0)
    assert doc.text == text


# --- CoNLL: spaCy's own CoNLL-2003 reader ---------------------------------------------------------

def _spacy_conll_entities(path):
    """Entities as spaCy's ``spacy convert`` CoNLL-2003 reader sees the file: (label, words)."""
    from spacy.training.converters import conll_ner_to_docs

    from annotator.convert.conll import DOCSTART

    data = path.read_text(encoding="utf-8").replace(DOCSTART, "-DOCSTART- -X- O O")  # spaCy's spelling of the delimiter
    data = "\n".join(line for line in data.split("\n") if not line.startswith("# doc_id = "))
    return [[(e.label_, [t.text for t in e]) for e in doc.ents] for doc in conll_ner_to_docs(data, no_print=True)]


def test_spacy_reads_the_conll_export_as_our_import_does(tmp_path):
    code, out, _ = export("conll", GOLD, DOCS, tmp_path, allow_loss=True)
    _, records, err = import_("conll", out, DOCS, tmp_path)
    from annotator.convert.conll import tokenize

    ours = [[(e["label"], [e["text"][s:t] for s, t in tokenize(e["text"])]) for e in r["entities"]] for r in records]
    assert _spacy_conll_entities(out) == ours and len(ours[0]) == 46
