"""Issue 11, item 7: how many prefilled fields equal the gold when every quote and claim of
the seed article (and of the held-out text) is re-created from its span alone. The floors
are the measured figures; the README states them (a test checks the README too)."""

import re
from pathlib import Path

from annotator.io.corpus import Corpus, bundled_corpus_dir, load_documents
from annotator.model import Annotation
from annotator.tui.prefill_eval import measure

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "extract" / "heldout"


def seed() -> tuple[str, Annotation]:
    gold = Annotation.model_validate_json((bundled_corpus_dir() / "gold" / "000_9cb6c4488f67ca16.jsonl").read_text(encoding="utf-8"))
    return Corpus.load(bundled_corpus_dir()).documents[gold.doc_id].text, gold


def heldout() -> tuple[str, Annotation]:
    gold = Annotation.model_validate_json((HELDOUT / "gold.jsonl").read_text(encoding="utf-8"))
    return load_documents(HELDOUT / "documents.jsonl")[gold.doc_id].text, gold


def test_seed_prefills_floor():
    tally = measure(*seed())
    assert tally.overall()[1] == 3 * 11 + 6 * 12
    assert tally.overall()[0] >= 103, tally.misses
    for name in ("quote.speaker", "quote.cue", "quote.kind", "claim.value", "claim.kind", "claim.place", "claim.source"):
        assert tally.right[name] == tally.total[name], (name, tally.misses)


def test_seed_prefills_with_entities_only_floor():
    assert measure(*seed(), context="entities").overall()[0] >= 95


def test_heldout_prefills_floor():
    tally = measure(*heldout())
    assert tally.overall() >= (66, 69) and tally.overall()[1] == 69, tally.misses


def test_readme_states_the_measured_figures():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = {
        "seed": measure(*seed()).overall(),
        "seed-entities": measure(*seed(), context="entities").overall(),
        "heldout": measure(*heldout()).overall(),
    }
    for name, (right, total) in figures.items():
        row = re.search(rf"^\| prefills, {name} .*$", readme, re.M)
        assert row, f"README has no '| prefills, {name}' row"
        assert f"{right}/{total}" in row.group(0), (row.group(0), right, total)
