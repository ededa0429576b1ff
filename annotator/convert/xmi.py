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

Import reads such a directory (or one ``.xmi``; ``TypeSystem.xml`` beside it, else ours):
NamedEntity, Quote, Cue and Claim annotations in the order they were added.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from annotator.convert.common import ConvertError, ConvertUnreadable, ExportOptions, Item, Loss, file_stems, note_lost_record_fields

NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
QUOTE, CUE, CLAIM = "webanno.custom.Quote", "webanno.custom.Cue", "webanno.custom.Claim"
STRING, BOOLEAN = "uima.cas.String", "uima.cas.Boolean"


@cache
def typesystem() -> Any:
    """DKPro Core's types and our three custom layers (built once: loading takes a second).
    Nothing mutates it: a CAS only reads its type system."""
    import warnings

    from cassis import load_dkpro_core_typesystem

    with warnings.catch_warnings():  # cassis reads its bundled types with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
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
        raise ConvertUnreadable(["dkpro-cassis is not installed: pip install 'annotator[inception]'"]) from None
    from annotator.io.atomic import write_text_atomic

    loss = Loss()
    note_lost_record_fields(items, loss, "XMI", ids=False, annotator=True)
    stems = file_stems(items, "XMI")
    ts = typesystem()
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "TypeSystem.xml", _typesystem_xml())
    for item, stem in zip(items, stems):
        try:
            xmi = make_cas(ts, item).to_xmi()
        except ValueError as e:  # XML 1.0 cannot hold some control characters
            raise ConvertError([f"{item.doc_id}: cannot be written as XML 1.0 XMI: {e}"]) from None
        write_text_atomic(out / f"{stem}.xmi", xmi)
    return loss


# --- import ---------------------------------------------------------------------------


def _load(path: Path, ts: Any) -> Any:
    from cassis import load_cas_from_xmi

    try:
        with path.open("rb") as f:
            return load_cas_from_xmi(f, typesystem=ts, lenient=True)
    except OSError as e:
        raise ConvertUnreadable([f"{path}: cannot read: {e.strerror or e}"]) from None
    except Exception as e:  # lxml and cassis raise many kinds; the message is what matters
        raise ConvertError([f"{path}: not a UIMA CAS XMI file this import understands: {e}"]) from None


def read_cas(path: Path, cas: Any) -> Any:
    from annotator.convert.build import Draft

    draft = Draft(path.stem, cas.sofa_string or "", str(path), keep_ids=True)
    ts = cas.typesystem

    def select(name: str) -> list[Any]:
        # in the order they were added (the record's order), not cassis's offset order
        return sorted(cas.select(name), key=lambda a: a.xmiID) if ts.contains_type(name) else []

    for ne in select(NE):
        draft.entities.append({"id": ne.identifier, "start": ne.begin, "end": ne.end, "text": None, "label": ne.value})
    quotes = {}
    for q in select(QUOTE):
        quotes[q.qid] = {"id": q.qid, "start": q.begin, "end": q.end, "text": None, "kind": q.kind, "speaker": q.speaker, "cue": None}
        draft.quotes.append(quotes[q.qid])
    for cue in select(CUE):
        if cue.quote not in quotes:
            raise ConvertError([f"{path}: a Cue at [{cue.begin}, {cue.end}) names the quote {cue.quote!r}, which is not in this file"])
        quotes[cue.quote]["cue"] = {"start": cue.begin, "end": cue.end, "text": None}
    for c in select(CLAIM):
        try:
            value = json.loads(c.value) if c.value is not None else None
        except ValueError:
            raise ConvertError([f"{path}: the claim {c.cid!r} has a value that is not JSON: {c.value!r}"]) from None
        draft.claims.append({"id": c.cid, "start": c.begin, "end": c.end, "text": None, "kind": c.kind, "value": value, "unit": c.unit,
                             "approx": c.approx in (True, "true"), "time": c.time, "place": (c.place or "").split(), "source": c.source})
    return draft


@cache
def _typesystem_xml() -> str:
    return typesystem().to_xml()


def read(path: Path, registry: dict | None = None) -> list[Any]:
    try:
        from cassis import load_typesystem
    except ImportError:
        raise ConvertUnreadable(["dkpro-cassis is not installed: pip install 'annotator[inception]'"]) from None
    files = sorted(path.glob("*.xmi")) if path.is_dir() else [path]
    if not files:
        raise ConvertUnreadable([f"{path}: no .xmi files"])
    ts_file = files[0].parent / "TypeSystem.xml"
    ts = typesystem()
    if ts_file.is_file() and (xml := ts_file.read_text(encoding="utf-8")) != _typesystem_xml():
        ts = load_typesystem(xml)
    return [read_cas(f, _load(f, ts)) for f in files]
