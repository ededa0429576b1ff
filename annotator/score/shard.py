"""Which documents a shard scores: a stable hash of ``doc_id``, read from a raw JSONL line
without parsing the whole record.

``annotator score --shard I/N`` (N machines or CI jobs, each scoring one shard of the same
files) and ``--jobs N`` (N processes) both select lines with :func:`selector`: the gold and
prediction records of one document always fall in the same shard, every line falls in exactly
one, and a line without a readable ``doc_id`` (blank, not JSON, over-long) falls in shard 0,
so that its error is reported once.
"""

import json
import re
from collections.abc import Callable
from hashlib import blake2b

from pydantic_core import SchemaValidator, ValidationError

#: ``"doc_id": "..."`` as a key: the quote before it is not escaped (checked apart), so the
#: match is a key and not text inside a string
DOC_ID_MEMBER = re.compile(rb'"doc_id"\s*:\s*"((?:[^"\\]|\\.)*)"')
#: the top-level ``doc_id`` of any JSON object (pydantic-core's parser; other fields skipped)
_TOP_LEVEL = SchemaValidator({
    "type": "typed-dict",
    "fields": {"doc_id": {"type": "typed-dict-field", "schema": {"type": "str"}}},
    "extra_behavior": "ignore",
})


def line_doc_id(data: bytes | None) -> str | None:
    """The top-level ``doc_id`` of a JSONL line, or None (not an object, no string ``doc_id``).

    Hot path of sharding (every line of both inputs, in every process): a regular expression
    finds the key when nothing nested or escaped comes before it (records as the toolkit
    writes them), about 15x faster than parsing; anything else is parsed exactly."""
    if data is None:
        return None
    m = DOC_ID_MEMBER.search(data)
    if m is not None:
        before = data[: m.start()].lstrip()
        # only scalar members before it, nothing escaped, outside any string: a top-level key
        if before[:1] == b"{" and before.count(b'"') % 2 == 0 and not any(c in before[1:] for c in (b"{", b"[", b"\\")):
            value = m.group(1)
            if b"\\" not in value:
                try:
                    return value.decode("utf-8")
                except UnicodeDecodeError:
                    return None
            return json.loads(b'"' + value + b'"')
    try:
        return _TOP_LEVEL.validate_json(data)["doc_id"]
    except (ValidationError, ValueError):
        return None


def shard_hash(doc_id: str) -> int:
    """A hash of ``doc_id`` that is the same on every machine, run and Python version."""
    return int.from_bytes(blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` with 1 <= I <= N, as (I - 1, N). Raises ValueError with a message for the user."""
    index, sep, count = text.partition("/")
    if not sep or not index.strip().isdigit() or not count.strip().isdigit():
        raise ValueError(f"--shard: expected I/N (for example 1/4), got {text!r}")
    i, n = int(index), int(count)
    if not 1 <= i <= n:
        raise ValueError(f"--shard: I must be between 1 and N, got {text!r}")
    return i - 1, n


Shards = tuple[tuple[int, int], ...]


def selector(shards: Shards) -> Callable[[bytes | None], bool]:
    """Keep a line when its document is in every one of ``shards`` ((index, count) pairs, each
    a split of what the previous one kept: ``--shard`` first, then one of ``--jobs``)."""

    def keep(data: bytes | None) -> bool:
        doc_id = line_doc_id(data)
        h = shard_hash(doc_id) if doc_id is not None else 0
        for index, count in shards:
            if h % count != index:
                return False
            h //= count
        return True

    return keep


__all__ = ["DOC_ID_MEMBER", "line_doc_id", "parse_shard", "selector", "shard_hash"]
