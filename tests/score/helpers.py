"""Small builders for the scorer's tests."""

import json
from pathlib import Path
from typing import Any

from annotator.model import text_sha256
from annotator.score.schemes import SCHEMES, score_layer

TEXT = "x" * 200  # neutral text for span-only tests (no Arabic trimming involved)


def counts(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]], text: str = TEXT, **kw: Any) -> dict[str, tuple[int, ...]]:
    """(correct, incorrect, partial, missed, spurious) per scheme for one layer."""
    result = score_layer(gold, pred, text, **kw)
    return {scheme: tuple(c.as_list()) for scheme, c in result.counts.items()}


def inclusive(spans: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """nervaluate's inclusive {label, start, end} dicts as our half-open (start, end, label)."""
    return [(s["start"], s["end"] + 1, s["label"]) for s in spans]


def gold_record(doc_id: str, text: str, entities=(), quotes=(), claims=(), embed: bool = True) -> dict[str, Any]:
    return {
        "schema_version": "1", "doc_id": doc_id, "text_sha256": text_sha256(text), "annotator": "test", "status": "done",
        **({"text": text} if embed else {}),
        "entities": list(entities), "quotes": list(quotes), "claims": list(claims),
    }


def pred_record(doc_id: str, text: str | None = None, entities=(), quotes=(), claims=(), **extra: Any) -> dict[str, Any]:
    rec = {"schema_version": "1", "doc_id": doc_id, "entities": list(entities), "quotes": list(quotes), "claims": list(claims), **extra}
    if text is not None:
        rec["text_sha256"] = text_sha256(text)
    return rec


def entity(text: str, word: str, label: str, id: str | None = None, occurrence: int = 0, offsets: bool = True) -> dict[str, Any]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    out: dict[str, Any] = {"text": word, "label": label}
    if offsets:
        out.update(start=start, end=start + len(word))
    if id is not None:
        out["id"] = id
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


__all__ = ["SCHEMES", "TEXT", "counts", "entity", "gold_record", "inclusive", "pred_record", "write_jsonl"]
