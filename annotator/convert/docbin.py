"""spaCy ``DocBin`` (a ``.spacy`` training file), made with spaCy's own API.

Mapping (``docs/formats/spacy.md``): each record is a ``Doc`` tokenized by a blank pipeline
(``--lang``, default ``xx``; no model is downloaded). Entities go to ``doc.spans["entities"]``
(nested ones included) and, where they do not overlap, to ``doc.ents`` (the longest of
overlapping ones, spaCy's ``filter_spans``); quotes to ``doc.spans["quotes"]`` labelled with
their kind, cues to ``doc.spans["cues"]``, claims to ``doc.spans["claims"]`` labelled with
their kind. The whole record (speakers, claim values, ids) is kept as JSON in
``doc.user_data["annotator.record"]``.

A span must begin and end on token boundaries (``Doc.char_span`` in ``strict`` mode). One that
does not (داعش inside the token لداعش) is dropped and reported with counts and examples, or,
with ``--snap expand|contract``, moved to the nearest token boundaries by spaCy's own
``alignment_mode`` and reported as snapped.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from annotator.convert.common import ExportOptions, Item, Loss, span_example

SINGULAR = {"entities": "entity", "quotes": "quote", "cues": "cue", "claims": "claim"}


def _spans(record: dict[str, Any]) -> dict[str, list[tuple[dict[str, Any], str]]]:
    return {
        "entities": [(e, e["label"]) for e in record["entities"]],
        "quotes": [(q, q["kind"]) for q in record["quotes"]],
        "cues": [(q["cue"], "Cue") for q in record["quotes"] if q["cue"] is not None],
        "claims": [(c, c["kind"]) for c in record["claims"]],
    }


def make_doc(nlp: Any, item: Item, opts: ExportOptions, loss: Loss) -> Any:
    from spacy.util import filter_spans

    doc = nlp.make_doc(item.text)
    for group, spans in _spans(item.record).items():
        kept = []
        for span, label in spans:
            made = doc.char_span(span["start"], span["end"], label=label, alignment_mode="strict")
            if made is None and opts.snap:
                made = doc.char_span(span["start"], span["end"], label=label, alignment_mode=opts.snap)
                if made is not None and len(made.text):
                    moved = {"start": made.start_char, "end": made.end_char, "text": made.text}
                    loss.change(f"{SINGULAR[group]} span(s) snapped to token boundaries ({opts.snap})",
                                span_example(item.doc_id, span, " -> " + span_example(item.doc_id, moved).split(":", 1)[1]))
                    kept.append(made)
                    continue
                made = None
            if made is None:
                loss.drop(f"{SINGULAR[group]} span(s) not on spaCy token boundaries (--snap expand|contract moves them)", span_example(item.doc_id, span))
                continue
            kept.append(made)
        doc.spans[group] = kept
        if group == "entities":
            doc.ents = filter_spans(kept)
            nested = len(kept) - len(doc.ents)
            if nested:
                loss.change("nested/overlapping entities kept in doc.spans['entities'] only (doc.ents cannot overlap)", item.doc_id, n=nested)
    doc.user_data["annotator.record"] = json.dumps(item.record, ensure_ascii=False, sort_keys=True)
    return doc


@cache
def _blank(lang: str) -> Any:
    """A blank pipeline (tokenizer only), made once per language: only ``make_doc`` is used."""
    import spacy

    return spacy.blank(lang)


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    try:
        from spacy.tokens import DocBin
    except ImportError:
        from annotator.convert.common import ConvertError

        raise ConvertError(["spacy is not installed: pip install 'annotator[spacy]'"]) from None
    from annotator.io.atomic import write_bytes_atomic

    loss = Loss()
    try:
        nlp = _blank(opts.lang)
    except ImportError:
        from annotator.convert.common import ConvertError

        raise ConvertError([f"--lang {opts.lang!r}: spaCy has no such language (xx for any, ar for Arabic)"]) from None
    docbin = DocBin(store_user_data=True)
    for item in items:
        docbin.add(make_doc(nlp, item, opts, loss))
    write_bytes_atomic(out, docbin.to_bytes())
    return loss
