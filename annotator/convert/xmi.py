"""INCEpTION: UIMA CAS XMI (XML 1.0), one ``DOC.xmi`` per document and a ``TypeSystem.xml``,
written with DKPro Cassis (the Python CAS library of INCEpTION's own developers).

Why XMI and not WebAnno TSV 3: INCEpTION's documentation calls XMI the format that captures
everything in the CAS and reads and writes custom layers with it; TSV 3 is token-based (a
span must cover whole tokens, stacked and nested spans need disambiguation ids, text needs
escaping) and is a lossy view for exactly the spans this corpus has (داعش inside لداعش).
XMI stores character offsets, so no span is moved.

Mapping (``docs/formats/inception.md``): entities are DKPro ``NamedEntity`` annotations (the
built-in "Named entity" layer; ``value`` = label, ``identifier`` = the record's id); quotes,
cues and claims are the custom span layers ``webanno.custom.Quote`` (features ``qid``,
``kind``, ``speaker``), ``webanno.custom.Cue`` (``quote``) and ``webanno.custom.Claim``
(``cid``, ``kind``, ``value``, ``unit``, ``approx``, ``time``, ``place``, ``source``); references
are entity ids as strings. Sentences (one per line) and tokens are added, as INCEpTION
expects. UIMA offsets are UTF-16 code units: Cassis converts them exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.convert.common import ConvertError, ExportOptions, Item, Loss, note_lost_record_fields

NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
QUOTE, CUE, CLAIM = "webanno.custom.Quote", "webanno.custom.Cue", "webanno.custom.Claim"
STRING, BOOLEAN = "uima.cas.String", "uima.cas.Boolean"


def typesystem() -> Any:
    from cassis import load_dkpro_core_typesystem

    ts = load_dkpro_core_typesystem()
    for name, features in (
        (QUOTE, ("qid", "kind", "speaker")),
        (CUE, ("quote",)),
        (CLAIM, ("cid", "kind", "value", "unit", "approx", "time", "place", "source")),
    ):
        t = ts.create_type(name, supertypeName="uima.tcas.Annotation")
        for feature in features:
            ts.create_feature(t, feature, BOOLEAN if feature == "approx" else STRING)
    return ts


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        stripped = line.rstrip("\r")
        if stripped.strip():
            lead = len(stripped) - len(stripped.lstrip())
            out.append((pos + lead, pos + len(stripped.rstrip())))
        pos += len(line) + 1
    return out


def make_cas(ts: Any, item: Item) -> Any:
    from cassis import Cas

    from annotator.convert.conll import tokenize

    record = item.record
    cas = Cas(typesystem=ts, sofa_string=item.text, document_language="ar")
    T = ts.get_type
    for start, end in _sentences(item.text):
        cas.add(T(SENTENCE)(begin=start, end=end))
    for start, end in tokenize(item.text):
        cas.add(T(TOKEN)(begin=start, end=end))
    for e in record["entities"]:
        cas.add(T(NE)(begin=e["start"], end=e["end"], value=e["label"], identifier=e["id"]))
    for q in record["quotes"]:
        cas.add(T(QUOTE)(begin=q["start"], end=q["end"], qid=q["id"], kind=q["kind"], speaker=q["speaker"]))
        if q["cue"] is not None:
            cas.add(T(CUE)(begin=q["cue"]["start"], end=q["cue"]["end"], quote=q["id"]))
    for c in record["claims"]:
        cas.add(T(CLAIM)(
            begin=c["start"], end=c["end"], cid=c["id"], kind=c["kind"],
            value=None if c["value"] is None else json.dumps(c["value"]), unit=c["unit"], approx=c["approx"],
            time=c["time"], place=" ".join(c["place"]) or None, source=c["source"],
        ))
    return cas


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    try:
        import cassis  # noqa: F401
    except ImportError:
        raise ConvertError(["dkpro-cassis is not installed: pip install 'annotator[inception]'"]) from None
    from annotator.io.atomic import write_text_atomic

    loss = Loss()
    note_lost_record_fields(items, loss, "XMI", ids=False, annotator=True)
    ts = typesystem()
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "TypeSystem.xml", ts.to_xml())
    for item in items:
        try:
            xmi = make_cas(ts, item).to_xmi()
        except ValueError as e:  # XML 1.0 cannot hold some control characters
            raise ConvertError([f"{item.doc_id}: cannot be written as XML 1.0 XMI: {e}"]) from None
        write_text_atomic(out / f"{item.doc_id}.xmi", xmi)
    return loss
