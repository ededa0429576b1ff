"""Semantic validation: what the schema cannot say. Offsets in range and on cluster
boundaries, span text equal to the document slice, hashes, unique ids, references that
resolve, labels in the label set, NFC text.

Records are the plain dicts of :mod:`annotator.model.plain` (every field present, defaults
filled in); registered documents are :class:`annotator.model.Document` objects (or anything
with ``doc_id``, ``text`` and ``text_sha256`` attributes)."""

import re
import unicodedata
from operator import itemgetter, sub
from typing import Any

from annotator.model import Document, LabelSet, text_sha256
from annotator.text.clusters import SIMPLE_BASES, SIMPLE_MARKS, is_cluster_boundary
from annotator.text.lazy_regex import LazyPattern as _regex  # compiled on first use: a run whose records pass the batch checks needs none

Issue = tuple[str, str, bool]  # (field path, message, is_warning)


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# One definition of "white space" and "combining mark" for the whole-record fast path and
# the per-span checks (the regex module's Unicode data), so a warning never depends on which
# path a record takes.
_WHITE = _regex(r"\s")
_MARK = _regex(r"\p{M}")
_MARKS: dict[str, bool] = {}
_NOT_SIMPLE_BASE = re.compile("[^" + "".join(map(re.escape, SIMPLE_BASES)) + "]")
_NOT_SIMPLE = re.compile("[^" + "".join(map(re.escape, SIMPLE_BASES + SIMPLE_MARKS)) + "]")
_MINUS_ONE = (-1).__add__
_JOINS_FORWARD = _regex(r"[\p{Grapheme_Cluster_Break=Prepend}\u200d]")


_JOINS: dict[int, bool] = {}  # hash of a text -> _joins_forward(text); small, and no text kept alive


def _joins_forward(text: str) -> bool:
    """Does the text hold a character that joins the next one into its cluster (a Prepend
    character such as the Arabic number sign, or a ZWJ)? Searched once per document text
    (a scan costs about as much as the rest of a record's checks)."""
    key = hash(text)  # a str caches its hash: free after the first time
    joins = _JOINS.get(key)
    if joins is None:
        if len(_JOINS) >= 100_000:
            _JOINS.clear()
        joins = _JOINS[key] = _JOINS_FORWARD.search(text) is not None
    return joins
_SPACES: dict[str, bool] = {}


def _is_mark(ch: str) -> bool:
    """Is ``ch`` a combining mark (a span may not start or end before one)? Memoised per
    character: documents use few distinct characters, spans are many."""
    mark = _MARKS.get(ch)
    if mark is None:
        mark = _MARKS[ch] = _MARK.match(ch) is not None
    return mark


_NOT_SPACES: set[str] = set()  # characters seen that are not white space


def _no_space(*texts: str) -> bool:
    """No white space in ``texts`` (as ``_WHITE`` tells it): the distinct characters are
    looked up in a set of those already known not to be (set operations, in C)."""
    chars = set().union(*texts)
    if chars <= _NOT_SPACES:
        return True
    for ch in chars - _NOT_SPACES:
        if _is_space(ch):
            return False
        if len(_NOT_SPACES) < 100_000:
            _NOT_SPACES.add(ch)
    return True


def _is_space(ch: str) -> bool:
    space = _SPACES.get(ch)
    if space is None:
        space = _SPACES[ch] = _WHITE.match(ch) is not None
    return space


def _splits_cluster(text: str, offset: int) -> bool:
    return not is_cluster_boundary(text, offset)


def _split_message(text: str, offset: int) -> str:
    if _is_mark(text[offset]):
        return f"offset {offset} splits a combining mark from its base letter"
    return f"offset {offset} splits a grapheme cluster (an emoji sequence, a flag or a syllable shown as one character)"


def check_span(path: str, span: Any, text: str | None, issues: list[Issue]) -> None:
    """A span with offsets: ordered, in range, its text equals the slice, no split cluster."""
    start, end = span["start"], span["end"]
    if start is None or end is None:
        if (start is None) != (end is None):
            issues.append((path, "give both start and end, or neither (a string-anchored span)", False))
        return
    if start >= end:
        issues.append((path, f"empty or reversed span: start {start} must be < end {end}", False))
        return
    if text is None:
        return
    if end > len(text):
        issues.append((f"{path}.end", f"offset {end} is past the end of the document ({len(text)} code points)", False))
        return
    actual = text[start:end]
    if span["text"] != actual:
        issues.append((f"{path}.text", f"{_short(span['text'])!r} does not equal the document text {_short(actual)!r} at [{start}, {end})", False))
    if _is_space(actual[0]) or _is_space(actual[-1]):
        issues.append((path, "span starts or ends with white space (trim it to the words)", True))
    for offset, side in ((start, "start"), (end, "end")):
        if _splits_cluster(text, offset):
            issues.append((f"{path}.{side}", _split_message(text, offset), True))


def _check_nfc(path: str, value: str | None, issues: list[Issue]) -> None:
    if value and not unicodedata.is_normalized("NFC", value):
        issues.append((path, "text is not NFC (normalise the document to NFC before annotating)", False))


def _check_ids(record: dict[str, Any], issues: list[Issue]) -> set[str]:
    """Ids unique across the record's layers; returns the entity ids."""
    entity_ids = list(map(_ID, record["entities"]))
    if None in entity_ids:
        entity_ids = list(filter(None, entity_ids))  # ids are non-empty strings: only None is false
    quotes, claims = record["quotes"], record["claims"]
    other_ids = [span["id"] for layer in (quotes, claims) for span in layer if span["id"] is not None] if quotes or claims else []
    unique = set(entity_ids)
    if len(unique) == len(entity_ids) and not unique.intersection(other_ids) and len(set(other_ids)) == len(other_ids):
        return unique
    seen: dict[str, str] = {}
    for layer in ("entities", "quotes", "claims"):
        for i, span in enumerate(record[layer]):
            ident = span["id"]
            if ident is None:
                continue
            where = f"{layer}[{i}]"
            if ident in seen:
                issues.append((f"{where}.id", f"duplicate id {ident!r} (first used at {seen[ident]})", False))
            else:
                seen[ident] = where
    return unique


def _check_refs(record: dict[str, Any], entity_ids: set[str], issues: list[Issue]) -> None:
    def ref(path: str, value: Any) -> None:
        if isinstance(value, str) and value not in entity_ids:
            issues.append((path, f"refers to {value!r}, which is not the id of an entity in this record", False))

    for i, quote in enumerate(record["quotes"]):
        ref(f"quotes[{i}].speaker", quote["speaker"])
    for i, claim in enumerate(record["claims"]):
        ref(f"claims[{i}].source", claim["source"])
        for j, place in enumerate(claim["place"]):
            ref(f"claims[{i}].place[{j}]", place)


def _document_text(record: dict[str, Any], doc: Document | None, issues: list[Issue]) -> str | None:
    """The text the offsets refer to, checking doc_id and hashes on the way."""
    text, sha = record["text"], record["text_sha256"]
    if text is not None:
        _check_nfc("text", text, issues)
        if sha is not None and text_sha256(text) != sha:
            issues.append(("text", "the embedded text does not hash to text_sha256", False))
            return None
    if doc is None:
        if text is None:
            issues.append(("doc_id", f"unknown document {record['doc_id']!r}: not in the document registry and no embedded text", False))
        return text
    if sha is not None and sha != doc.text_sha256:
        issues.append(("text_sha256", f"does not match the registered document {doc.doc_id!r} (its text changed since this was annotated); offsets cannot be trusted", False))
        return text
    if text is not None and text != doc.text:
        issues.append(("text", f"the embedded text differs from the registered document {doc.doc_id!r}", False))
    return doc.text


def _format_path(path: tuple[Any, ...]) -> str:
    """("quotes", 3, "cue") -> "quotes[3].cue"."""
    layer, i, *rest = path
    return f"{layer}[{i}]" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest)


def _spans(record: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    """Every span of a record with its field path: the layers, cues, and speakers, sources
    and places given as mentions (predictions)."""
    spans: list[tuple[tuple[Any, ...], Any]] = [(("entities", i), entity) for i, entity in enumerate(record["entities"])]
    for i, quote in enumerate(record["quotes"]):
        spans.append((("quotes", i), quote))
        cue, speaker = quote["cue"], quote["speaker"]
        if cue is not None:
            spans.append((("quotes", i, "cue"), cue))
        if speaker is not None and not isinstance(speaker, str):
            spans.append((("quotes", i, "speaker"), speaker))
    for i, claim in enumerate(record["claims"]):
        spans.append((("claims", i), claim))
        source = claim["source"]
        if source is not None and not isinstance(source, str):
            spans.append((("claims", i, "source"), source))
        for j, place in enumerate(claim["place"]):
            if not isinstance(place, str):
                spans.append((("claims", i, "place", j), place))
    return spans


def _span_ok(span: dict[str, Any], text: str, n: int) -> bool:
    """The common case, checked inline without building any message: offsets ordered and in
    range, the text equal to the slice, no white space at an edge, no mark split off."""
    start, end = span["start"], span["end"]
    if start is None or end is None or not 0 <= start < end <= n:
        return False
    piece = text[start:end]
    if piece != span["text"] or _is_space(piece[0]) or _is_space(piece[-1]):
        return False
    return is_cluster_boundary(text, start) and is_cluster_boundary(text, end)


_START = itemgetter("start")
_END = itemgetter("end")
_TEXT = itemgetter("text")
_ID = itemgetter("id")
_LABEL = itemgetter("label")
_FIRST_CHAR = itemgetter(0)
_LAST_CHAR = itemgetter(-1)


def _span_objects(record: dict[str, Any]) -> list[Any]:
    """The spans of ``_spans(record)``, in the same order, without their field paths."""
    if not record["quotes"] and not record["claims"]:
        return record["entities"]
    return [span for _, span in _spans(record)]


def _suspects(spans: list[Any], text: str, edges: bool = True) -> list[int] | None:
    """Which of the record's spans (dicts with start, end, text) may fail ``_span_ok``:
    none (``[]``) exactly when every span is fine, else a list of positions that holds every
    span that is not, or None (check them all). With ``edges`` False the edges (which only
    ever give warnings) are not looked at.

    The whole record is checked at once, with C-level ``map``s, a few joins and regex scans
    (most records are fine, and a per-span function call or Python-level loop costs more
    than the checks): offsets ordered and in range, the text equal to the slice, no white
    space at an edge, no combining mark split off."""
    if not spans:
        return []
    n = len(text)
    try:
        starts = list(map(_START, spans))
        ends = list(map(_END, spans))
        if min(starts) < 0 or max(ends) > n:
            return None
        texts = list(map(_TEXT, spans))
        lens = list(map(len, texts))
        # text[s:e] == t and s < e for every span: t is not empty, as long as the slice, and occurs at s
        if lens != list(map(sub, ends, starts)) or 0 in lens or not all(map(text.startswith, texts, starts)):
            return None
    except TypeError:  # an offset is None: a string-anchored prediction
        if edges:
            return None
        # errors only: a span without offsets (string-anchored) has none to give, so only
        # the spans with an offset are looked at (LLM output often gives none at all)
        anchored = list(map(_START, spans)).count(None)
        if anchored == len(spans) and list(map(_END, spans)).count(None) == anchored:
            return []
        return [i for i, span in enumerate(spans) if span["start"] is not None or span["end"] is not None]
    if not edges:
        return []
    firsts = "".join(map(_FIRST_CHAR, texts))  # text[s] of every span
    lasts = "".join(map(_LAST_CHAR, texts))  # text[e - 1]
    if (
        _no_space(firsts, lasts)
        # a cluster boundary is certain between simple characters (text.clusters): text[s - 1]
        # and text[e - 1] simple, text[s] and text[e] simple bases (the text's ends are boundaries)
        and _NOT_SIMPLE_BASE.search(firsts if 0 not in starts else "".join([text[s] for s in starts if s])) is None
        # (the character before an edge matters only after a Prepend character or a ZWJ:
        # the text is searched for one only when that character is not simple)
        and ((_NOT_SIMPLE.search("".join(map(text.__getitem__, map(_MINUS_ONE, starts)))) is None
              and _NOT_SIMPLE.search(lasts) is None) or not _joins_forward(text))
        and _NOT_SIMPLE_BASE.search("".join(map(text.__getitem__, ends)) if n not in ends else "".join([text[e] for e in ends if e < n])) is None
    ):
        return []
    # Offsets and texts are fine: only an edge can fail (as _span_ok tells it)
    return [
        i
        for i, (s, e, t) in enumerate(zip(starts, ends, texts))
        if _is_space(t[0]) or _is_space(t[-1]) or _splits_cluster(text, s) or _splits_cluster(text, e)
    ]


def check_record(record: dict[str, Any], doc: Document | None, labels: LabelSet | None, *, warnings: bool = True) -> list[Issue]:
    """The semantic issues of one annotation or prediction record (a plain dict), checked
    against the registered document ``doc`` (None: unknown, or the record embeds its text).
    With ``warnings`` False only errors are looked for (what the scorer needs)."""
    issues: list[Issue] = []
    text = _document_text(record, doc, issues)
    if text is None:
        spans = _spans(record)
    else:
        suspects = _suspects(_span_objects(record), text, warnings)
        if suspects is None:
            spans = _spans(record)
        elif suspects:
            every = _spans(record)
            spans = [every[i] for i in suspects]
        else:
            spans = []
    n = len(text) if text is not None else 0
    for where, span in spans:
        if text is not None and _span_ok(span, text, n):
            continue
        if not warnings and span["start"] is None and span["end"] is None:
            continue  # a string-anchored prediction: only a warning could concern it
        path = _format_path(where)
        check_span(path, span, text, issues)
        if warnings and span["start"] is None and text is not None and span["text"] not in text:
            issues.append((f"{path}.text", f"{_short(span['text'])!r} does not occur in the document", True))
    if labels is not None:
        names = labels.name_set
        if not names.issuperset(map(_LABEL, record["entities"])):
            for i, entity in enumerate(record["entities"]):
                if entity["label"] not in names:
                    issues.append((f"entities[{i}].label", f"{entity['label']!r} is not in the label set ({', '.join(labels.names)})", False))
    entity_ids = _check_ids(record, issues)
    if record["quotes"] or record["claims"]:  # only they refer to entities
        _check_refs(record, entity_ids, issues)
    if not warnings and issues:
        return [issue for issue in issues if not issue[2]]
    return issues


def check_document(doc: dict[str, Any]) -> list[Issue]:
    """The semantic issues of one document record (a plain dict)."""
    issues: list[Issue] = []
    text = doc["text"]
    _check_nfc("text", text, issues)
    if text_sha256(text) != doc["text_sha256"]:
        issues.append(("text_sha256", "does not match the SHA-256 of the text", False))
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cc" and ch not in "\n\t":
            issues.append(("text", f"control character U+{ord(ch):04X} at offset {i} (it is shown as a symbol, never sent to the terminal)", True))
            break
    return issues
