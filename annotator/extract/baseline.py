"""The baseline extractor: documents in, prediction records out (no I/O here).

Its level, honestly: it was developed on the seed article, whose gold was written
by the same engineer, so its seed scores (entities strict F1 0.97, quotes and
claims 1.00) are development-set scores and say little about unseen news. On the
one short held-out text (tests/extract/heldout, annotated before the baseline ran
on it) it scores entities F1 0.74, quotes F1 0.50, claims F1 1.00 (strict). It
misses names without a title or gazetteer entry, unnamed or descriptive speakers,
speech verbs outside its lexicon (نقل عن ... قوله), and anything that needs
world knowledge. Use it as the regression gate and the interface example.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.extract.claims import find_claims
from annotator.extract.entities import find_entities
from annotator.extract.quotes import find_quotes
from annotator.extract.tokens import Text
from annotator.model import Document, Prediction

NAME = "baseline"
VERSION = "0.1"


def extract_document(doc: Document) -> Prediction:
    """Entities, quotes and numeric claims of one document, as a prediction record."""
    text = Text(doc.text)
    found = find_entities(text)
    ids = {}
    entities = []
    for n, f in enumerate(found, 1):
        ids[(f.start, f.end)] = f"e{n}"
        entities.append({"id": f"e{n}", **text.raw_span(f.start, f.end), "label": f.label})

    def ref(f) -> str | None:
        return ids.get((f.start, f.end)) if f is not None else None

    quotes = find_quotes(text, found)
    quote_records = [
        {
            "id": f"q{n}", **text.raw_span(q.start, q.end), "kind": q.kind,
            "speaker": ref(q.speaker),
            "cue": text.raw_span(*q.cue) if q.cue else None,
        }
        for n, q in enumerate(quotes, 1)
    ]
    claim_records = [
        {
            "id": f"c{n}", "start": c.mention.start, "end": c.mention.end, "text": c.mention.text,
            "kind": c.mention.kind, "value": c.mention.value, "unit": c.mention.unit,
            "approx": c.mention.approx, "time": c.time, "place": [ref(p) for p in c.place],
            "source": ref(c.source),
        }
        for n, c in enumerate(find_claims(text, found, quotes), 1)
    ]
    return Prediction.model_validate({
        "schema_version": "1",
        "doc_id": doc.doc_id,
        "text_sha256": doc.text_sha256,
        "annotator": f"{NAME}-{VERSION}",
        "entities": entities,
        "quotes": quote_records,
        "claims": claim_records,
    })


def extract_corpus(documents: Iterable[Document]) -> list[Prediction]:
    """One prediction record per document, in the order given."""
    return [extract_document(doc) for doc in documents]
