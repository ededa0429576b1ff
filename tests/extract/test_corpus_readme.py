"""corpus/README.md states the gold's counts: they must match the gold file."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from annotator.model import Annotation

ROOT = Path(__file__).resolve().parents[2]


def _row(readme: str, layer: str) -> tuple[int, dict[str, int]]:
    m = re.search(rf"^\| {layer} \| (\d+) \| ([^|]*)\|", readme, re.M)
    assert m, f"no row for {layer}"
    parts = dict((k, int(v)) for k, v in re.findall(r"([A-Za-z]+) (\d+)", m.group(2)))
    return int(m.group(1)), parts


def test_readme_counts_match_the_gold() -> None:
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    gold = [
        Annotation.model_validate_json(line)
        for path in sorted((ROOT / "corpus" / "gold").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    layers = {
        "entities": Counter(e.label for g in gold for e in g.entities),
        "quotes": Counter(q.kind for g in gold for q in g.quotes),
        "claims": Counter(c.kind for g in gold for c in g.claims),
    }
    for layer, counts in layers.items():
        total, parts = _row(readme, layer)
        assert total == sum(counts.values()), layer
        assert {k: v for k, v in parts.items() if v} == dict(counts), layer
    assert "Guidelines v1.0" in readme and all(g.meta and g.meta["guidelines"] == "1.0" for g in gold)
