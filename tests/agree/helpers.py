"""Shared data of the agreement tests."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GOLD = Path(__file__).resolve().parents[2] / "corpus" / "gold" / "000_9cb6c4488f67ca16.jsonl"


def renamed(src: Path, dst: Path, annotator: str) -> Path:
    """A copy of an annotation file whose records name another annotator."""
    import json

    lines = []
    for line in src.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        rec["annotator"] = annotator
        lines.append(json.dumps(rec, ensure_ascii=False))
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dst
