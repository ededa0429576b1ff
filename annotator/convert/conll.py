"""CoNLL-2003 with IOB2 tags: one token per line (``TOKEN -X- _ TAG``), a blank line between
the lines of the document, ``-DOCSTART- -X- -X- O`` and ``# doc_id = ID`` before each document.

Mapping (``docs/formats/conll.md``): entities only, one label per token, so nested or
overlapping entities cannot all be written: the longest of overlapping ones is kept and the
others are reported as dropped. Tokens are runs of letters, digits and combining marks, or
one other non-space character each (a proclitic stays on its word: داعش inside لداعش is not
a token). A span that does not begin and end on token boundaries is dropped and reported,
or with ``--snap expand|contract`` moved to the nearest boundaries and reported as snapped.
Quotes and claims cannot be held (reported as dropped).

Import aligns the tokens, in order, to the registered document with that id (white space
between tokens is skipped); without a registered document the text is the tokens joined by
single spaces, lines by ``\\n``, and the record embeds it.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

import regex

from annotator.convert.build import Draft
from annotator.convert.common import ConvertError, ExportOptions, Item, Loss, span_example, read_text_file

_TOKEN = regex.compile(r"[\w\p{M}]+|[^\s]", regex.V1)
_BREAK = regex.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]")
_SPACE = regex.compile(r"\s*")
_TAG = regex.compile(r"O|[BI]-\S+")
DOCSTART = "-DOCSTART- -X- -X- O"


def tokenize(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text)]


def snap_span(tokens: list[tuple[int, int]], start: int, end: int, mode: str | None) -> tuple[int, int] | None:
    """The token range ``[first, last]`` of a span on token boundaries, moved outwards
    (expand) or inwards (contract) when ``mode`` says so; None when it cannot be placed."""
    starts = [s for s, _ in tokens]
    ends = [e for _, e in tokens]
    i, j = bisect.bisect_left(starts, start), bisect.bisect_left(ends, end)
    if i < len(tokens) and starts[i] == start and j < len(tokens) and ends[j] == end:
        return i, j
    if mode == "expand":
        i, j = bisect.bisect_right(starts, start) - 1, bisect.bisect_left(ends, end)
        return (max(i, 0), j) if j < len(tokens) and i <= j else None
    if mode == "contract":
        i, j = bisect.bisect_left(starts, start), bisect.bisect_right(ends, end) - 1
        return (i, j) if i <= j else None
    return None


def _tags(item: Item, tokens: list[tuple[int, int]], opts: ExportOptions, loss: Loss) -> list[str]:
    placed: list[tuple[int, int, dict[str, Any]]] = []
    for entity in item.record["entities"]:
        if _BREAK.search(item.text, entity["start"], entity["end"]):
            loss.drop("entity span(s) across a line break (a CoNLL sentence ends there)", span_example(item.doc_id, entity))
            continue
        at = snap_span(tokens, entity["start"], entity["end"], None)
        if at is None and opts.snap:
            at = snap_span(tokens, entity["start"], entity["end"], opts.snap)
            if at is not None:
                moved = {"start": tokens[at[0]][0], "end": tokens[at[1]][1], "text": item.text[tokens[at[0]][0]:tokens[at[1]][1]]}
                loss.change(f"entity span(s) snapped to token boundaries ({opts.snap})", span_example(item.doc_id, entity, " -> " + repr(moved["text"])))
        if at is None:
            loss.drop("entity span(s) not on token boundaries (--snap expand|contract moves them)", span_example(item.doc_id, entity))
            continue
        placed.append((at[0], at[1], entity))
    tags = ["O"] * len(tokens)
    for i, j, entity in sorted(placed, key=lambda p: (p[0] - p[1], p[0])):  # longest first
        if any(tag != "O" for tag in tags[i:j + 1]):
            loss.drop("nested or overlapping entity span(s) (one tag per token)", span_example(item.doc_id, entity))
            continue
        tags[i:j + 1] = [f"B-{entity['label']}"] + [f"I-{entity['label']}"] * (j - i)
    return tags


def conll_text(item: Item, opts: ExportOptions, loss: Loss) -> str:
    tokens = tokenize(item.text)
    tags = _tags(item, tokens, opts, loss)
    lines = [DOCSTART, f"# doc_id = {item.doc_id}", ""]
    prev = 0
    for (start, end), tag in zip(tokens, tags):
        if _BREAK.search(item.text, prev, start) and lines[-1] != "":
            lines.append("")
        lines.append(f"{item.text[start:end]} -X- _ {tag}")
        prev = end
    if lines[-1] != "":
        lines.append("")
    for layer in ("quotes", "claims"):
        if item.record[layer]:
            loss.drop(f"{layer} (CoNLL holds entities only)", item.doc_id, n=len(item.record[layer]))
    return "\n".join(lines) + "\n"


def export(items: list[Item], out: Path, opts: ExportOptions) -> Loss:
    from annotator.convert.common import note_lost_record_fields
    from annotator.io.atomic import write_text_atomic

    loss = Loss()
    note_lost_record_fields(items, loss, "CoNLL", annotator=True)
    write_text_atomic(out, "".join(conll_text(item, opts, loss) for item in items))
    return loss


def read(path: Path, registry: dict | None = None) -> list[Draft]:
    docs: list[dict[str, Any]] = []
    for lineno, line in enumerate(read_text_file(path).split("\n"), 1):
        line = line.removesuffix("\r")
        fields = line.split()
        if line.startswith("-DOCSTART-") or (not docs and fields):
            docs.append({"id": None, "line": lineno, "tokens": []})
            if line.startswith("-DOCSTART-"):
                continue
        if line.startswith("# doc_id = "):
            docs[-1]["id"] = line.split("=", 1)[1].strip()
        elif not fields:
            if docs and docs[-1]["tokens"] and docs[-1]["tokens"][-1] is not None:
                docs[-1]["tokens"].append(None)  # a sentence break
        elif not line.startswith("#") or _TAG.fullmatch(fields[-1]):  # '# -X- _ O' is the token '#'; '# key = value' a comment
            if len(fields) < 2:
                raise ConvertError([f"{path}:{lineno}: expected TOKEN ... TAG"])
            docs[-1]["tokens"].append((fields[0], fields[-1], lineno))
    return [_draft(path, n, doc, registry or {}) for n, doc in enumerate(docs, 1)]


def _draft(path: Path, number: int, doc: dict[str, Any], registry: dict) -> Draft:
    doc_id = doc["id"] or f"{path.stem}-{number}"
    tokens = doc["tokens"]
    registered = registry.get(doc_id)
    offsets: list[tuple[int, int] | None] = []
    if registered is not None:
        text, pos = registered.text, 0
        for token in tokens:
            if token is None:
                offsets.append(None)
                continue
            start = _SPACE.match(text, pos).end()
            if not text.startswith(token[0], start):
                raise ConvertError([f"{path}:{token[2]}: token {token[0]!r} does not follow in document {doc_id!r} at offset {start}"])
            pos = start + len(token[0])
            offsets.append((start, pos))
    else:
        pieces, pos = [], 0
        for token in tokens:
            if token is None:
                if pieces:
                    pieces[-1] = "\n"
                offsets.append(None)
                continue
            offsets.append((pos, pos + len(token[0])))
            pieces += [token[0], " "]
            pos += len(token[0]) + 1
        text = "".join(pieces[:-1])
    draft = Draft(doc_id, text, str(path), doc["line"])
    current: dict[str, Any] | None = None
    for token, at in zip(tokens, offsets):
        tag = token[1] if token else "O"
        if current is not None and (tag.startswith("I-") and tag[2:] == current["label"]):
            current["end"] = at[1]
            continue
        if tag.startswith(("B-", "I-")):
            current = {"start": at[0], "end": at[1], "text": None, "label": tag[2:], "line": token[2]}
            draft.entities.append(current)
        elif tag == "O":
            current = None
        else:
            raise ConvertError([f"{path}:{token[2]}: {tag!r} is not an IOB2 tag (B-X, I-X, O)"])
    return draft
