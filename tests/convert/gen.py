"""Hypothesis strategies: documents with Arabic, harakat, emoji and other astral characters,
CRLF and LF line ends, and valid annotation records on them with nested spans, quotes
(speaker, cue) and claims (numbers, dates, units, places, sources)."""

import json
import unicodedata
from pathlib import Path

import regex
from hypothesis import strategies as st

from annotator.model import Annotation, Document, text_sha256

WORDS = [
    "داعش", "لداعش", "العراق", "والعراق", "الولايات", "المتحدة", "قال", "وأكد", "مُحَمَّد", "عَلِيّ",
    "2024", "١٥٣", "هجوماً", "«", "»", "\"", "،", ".", "😀", "𝕏", "👩\u200d👩\u200d👧", "🇮🇶", "abc", "x", "#", "-DOCSTART-",
]
SEPARATORS = [" ", " ", " ", "\n", "\r\n", "  "]
LABELS = ["PER", "ORG", "GPE", "LOC", "EVENT"]


@st.composite
def texts(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=25))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps)).rstrip(" ")
    return unicodedata.normalize("NFC", text)


def clusters(text):
    """(start, end) of every grapheme cluster that is not white space."""
    return [m.span() for m in regex.finditer(r"\X", text) if not m.group().isspace()]


@st.composite
def spans(draw, text):
    cs = clusters(text)
    i = draw(st.integers(0, len(cs) - 1))
    j = draw(st.integers(i, min(len(cs) - 1, i + 6)))
    start, end = cs[i][0], cs[j][1]
    return {"start": start, "end": end, "text": text[start:end]}


@st.composite
def records(draw, doc_id="d1", text=None):
    """A valid annotation record (plain dict, model field order) and its text."""
    text = text if text is not None else draw(texts())
    entities = []
    for n in range(draw(st.integers(0, 6))):
        span = draw(spans(text))
        entities.append({"id": f"e{n + 1}", **span, "label": draw(st.sampled_from(LABELS))})
    if entities and draw(st.booleans()):  # a nested entity inside the first one
        outer = entities[0]
        entities.append({"id": f"e{len(entities) + 1}", "start": outer["start"], "end": outer["end"], "text": outer["text"], "label": "LOC"})
    ids = [e["id"] for e in entities]
    quotes = []
    for n in range(draw(st.integers(0, 2))):
        cue = draw(st.none() | spans(text))
        quotes.append({"id": f"q{n + 1}", **draw(spans(text)), "kind": draw(st.sampled_from(["direct", "indirect", "mixed"])),
                       "speaker": draw(st.none() | st.sampled_from(ids)) if ids else None, "cue": cue})
    claims, taken = [], set()
    for n in range(draw(st.integers(0, 2))):
        span = draw(spans(text))
        if (span["start"], span["end"]) in taken:
            continue
        taken.add((span["start"], span["end"]))
        value = draw(st.none() | st.integers(-10**6, 10**12) | st.floats(-1e6, 1e6, allow_nan=False).filter(lambda f: not f.is_integer()) | st.sampled_from(["2023-08", "2024-01/2024-06", "2014"]))
        claims.append({"id": f"c{len(claims) + 1}", **span, "kind": draw(st.sampled_from(["count", "date", "percent", "other"])), "value": value,
                       "unit": draw(st.none() | st.sampled_from(["attack", "day", "usd"])), "approx": draw(st.booleans()),
                       "time": draw(st.none() | st.sampled_from(["2024-06", "P6M"])),
                       "place": draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if ids else [],
                       "source": draw(st.none() | st.sampled_from(ids)) if ids else None})
    record = {"schema_version": "1", "doc_id": doc_id, "text_sha256": text_sha256(text), "annotator": "tester", "status": "done",
              "text": None, "meta": None, "entities": entities, "quotes": quotes, "claims": claims}
    return Annotation.model_validate(record).model_dump(mode="json"), text


def write_corpus(directory: Path, pairs) -> tuple[Path, Path]:
    """documents.jsonl and gold.jsonl for (record, text) pairs; returns their paths."""
    docs = directory / "documents.jsonl"
    gold = directory / "gold.jsonl"
    docs.write_text("".join(json.dumps(Document(doc_id=r["doc_id"], text=t, text_sha256=text_sha256(t), lang="ar", source="test").model_dump(), ensure_ascii=False) + "\n" for r, t in pairs), encoding="utf-8")
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r, _ in pairs), encoding="utf-8")
    return docs, gold
