"""A small corpus and a prediction file with every kind of suggestion (and of problem)."""

import json
from pathlib import Path

from annotator.io.corpus import Corpus
from annotator.model import text_sha256
from tui.helpers import make_corpus, span

DOC = ('قال لويد أوستن إن "لداعش خلايا نائمة" في العراق.\n'
       'وزار أوستن بغداد ثم عاد أوستن إلى واشنطن.\n'
       'وأعلن التنظيم مسؤوليته عن 153 هجوماً خلال يومين.')
OTHER = "نص ثان بلا أي اقتراح."


def ent(text: str, label: str, nth: int = 0, ident: str | None = None, anchored: bool = False) -> dict:
    s, e = span(DOC, text, nth)
    out = {"text": text, "label": label} if anchored else {"start": s, "end": e, "text": text, "label": label}
    return {**out, **({"id": ident} if ident else {})}


def prediction() -> dict:
    quote = span(DOC, "لداعش خلايا نائمة")
    claim = span(DOC, "153 هجوماً")
    return {
        "schema_version": "1", "doc_id": "a", "annotator": "toy-extractor-1",
        "entities": [
            ent("لويد أوستن", "PER", ident="p1"),
            ent("داعش", "ORG", anchored=True),
            ent("العراق", "GPE", ident="g1"),
            ent("أوستن", "PER", nth=1),
            ent("بغداد", "LOC"),
            ent("أوستن", "PER", nth=2),
            ent("واشنطن", "GPE"),
        ],
        "quotes": [{"start": quote[0], "end": quote[1], "text": DOC[quote[0]:quote[1]], "kind": "direct", "speaker": "p1", "cue": {"text": "قال"}}],
        "claims": [{"start": claim[0], "end": claim[1], "text": "153 هجوماً", "kind": "count", "value": 153, "unit": "attack", "place": ["g1"]}],
    }


def write_corpus(directory: Path) -> Corpus:
    make_corpus(directory, {"a": DOC, "b": OTHER})
    return Corpus.load(directory)


def write_predictions(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (records or (prediction(),))), encoding="utf-8")
    return path


def annotation(entities: list[dict], doc_id: str = "a", text: str = DOC) -> dict:
    """A hand-made record of the document (entities given as (text, label, nth))."""
    ents = []
    for i, (t, label, nth) in enumerate(entities, 1):
        s, e = span(text, t, nth)
        ents.append({"id": f"e{i}", "start": s, "end": e, "text": t, "label": label})
    return {"schema_version": "1", "doc_id": doc_id, "text_sha256": text_sha256(text), "annotator": "ana", "status": "draft",
            "entities": ents, "quotes": [], "claims": []}
