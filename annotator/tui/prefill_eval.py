"""How often the form prefills equal the gold (issue 11, item 7).

Every quote and claim of a gold record is re-created from its span alone, as the annotator
would mark it: the record holds the gold entities and, with ``context="marked"``, the other
quotes and claims (what an annotator has marked before); with ``context="entities"`` the
entities only. For each field, the prefill is counted right when it equals the gold's
(value *and* type: ``"2019"`` is not ``2019``).

    python -m annotator.tui.prefill_eval          # the table for the seed article
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from annotator.model import Annotation
from annotator.tui.claimfill import claim_candidates_equal, claim_prefill
from annotator.tui.prefill import cue_candidates, quote_kind, speaker_choice

QUOTE_FIELDS = ("speaker", "cue", "kind")
CLAIM_FIELDS = ("value", "unit", "kind", "time", "place", "source")


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, layer: str, name: str, ok: bool, what: str) -> None:
        key = f"{layer}.{name}"
        self.total[key] = self.total.get(key, 0) + 1
        self.right[key] = self.right.get(key, 0) + ok
        if not ok:
            self.misses.append(f"{key}: {what}")

    def overall(self) -> tuple[int, int]:
        return sum(self.right.values()), sum(self.total.values())


def quote_prefill(record: Annotation, text: str, start: int, end: int) -> dict:
    """The quote form's prefill for a new quote: kind, cue (start, end) and speaker id."""
    cues = cue_candidates(text, start, end, mentions=record.entities)
    cue = cues[0] if cues else None
    speaker = speaker_choice(record, text, start, end, cue)
    return {"kind": quote_kind(text, start, end), "cue": (cue.start, cue.end) if cue else None, "speaker": speaker.id if speaker else None}


def measure(text: str, gold: Annotation, context: str = "marked") -> Tally:
    tally = Tally()
    for q in gold.quotes:
        rec = gold.model_copy(update={"quotes": [x for x in gold.quotes if x.id != q.id] if context == "marked" else [], "claims": [] if context != "marked" else gold.claims})
        got = quote_prefill(rec, text, q.start, q.end)
        want = {"kind": q.kind, "cue": (q.cue.start, q.cue.end) if q.cue else None, "speaker": q.speaker}
        for name in QUOTE_FIELDS:
            tally.add("quote", name, got[name] == want[name], f"{q.id} {got[name]!r} != {want[name]!r}")
    for c in gold.claims:
        rec = gold.model_copy(update={"claims": [x for x in gold.claims if x.id != c.id] if context == "marked" else [], "quotes": gold.quotes if context == "marked" else []})
        got = claim_prefill(rec, text, c.start, c.end)
        for name, ok in claim_candidates_equal(c, got).items():
            tally.add("claim", name, ok, f"{c.id} {got.get(name)!r} != {getattr(c, name)!r}")
    return tally


def main(argv: list[str] | None = None) -> int:
    """``[DOCUMENTS.jsonl GOLD.jsonl]``: the default is the bundled corpus and its gold."""
    from pathlib import Path

    from annotator.io.corpus import bundled_corpus_dir, load_documents
    from annotator.validate.run import iter_records

    args = sys.argv[1:] if argv is None else argv
    root = bundled_corpus_dir()
    docs = load_documents(Path(args[0]) if args else root / "documents.jsonl")
    paths = [Path(args[1])] if len(args) > 1 else sorted((root / "gold").glob("*.jsonl"))
    for path in paths:
        for checked in iter_records(path, "annotation"):
            gold = Annotation.model_validate(checked.record)
            text = docs[gold.doc_id].text
            for context in ("marked", "entities"):
                tally = measure(text, gold, context)
                right, total = tally.overall()
                print(f"{gold.doc_id} ({context}): {right}/{total} prefilled fields equal the gold")
                for key in tally.total:
                    print(f"  {key:14} {tally.right[key]}/{tally.total[key]}")
                for miss in tally.misses:
                    print(f"  miss {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
