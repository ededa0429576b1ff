"""The shipped gold of the seed article: reproducible, valid and complete for what can be counted."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from annotator.model import Annotation
from annotator.text.arabic import find_all

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "gold" / "000_9cb6c4488f67ca16.jsonl"
SEED = ROOT / "seeds" / "000_9cb6c4488f67ca16.txt"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_gold", ROOT / "corpus" / "gold" / "build_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold() -> Annotation:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    return Annotation.model_validate_json(lines[0])


def test_gold_file_is_what_the_builder_produces() -> None:
    assert _load_builder().main(["--check"]) == 0


def test_gold_is_done_and_slices_match() -> None:
    gold = _gold()
    text = SEED.read_text(encoding="utf-8")
    assert gold.status == "done"
    for layer in (gold.entities, gold.quotes, gold.claims):
        for span in layer:
            assert text[span.start : span.end] == span.text
    for quote in gold.quotes:
        assert quote.cue is not None and text[quote.cue.start : quote.cue.end] == quote.cue.text


def test_every_repetition_of_the_main_names_is_marked() -> None:
    gold = _gold()
    text = SEED.read_text(encoding="utf-8")

    def covered(start: int, end: int, label: str) -> bool:
        return any(e.start <= start and end <= e.end and e.label == label for e in gold.entities)

    for name, label in (("داعش", "ORG"), ("الولايات المتحدة", "GPE"), ("أوستن", "PER"),
                        ("سوريا", "GPE"), ("القيادة المركزية", "ORG")):
        for start, end in find_all(text, name):
            assert covered(start, end, label), (name, start)
    # each داعش has its own span, also inside a longer name
    assert sum(e.text == "داعش" for e in gold.entities) == len(find_all(text, "داعش")) == 14
    # العراق as a name (6 times), not the adjectives العراقي / العراقية (3 times)
    iraq = [(s, e) for s, e in find_all(text, "العراق") if text[e : e + 1] != "ي"]
    assert len(iraq) == 6 and all(any((x.start, x.end) == span for x in gold.entities) for span in iraq)
    assert not any(e.text.startswith("العراقي") for e in gold.entities)


def test_quote_speakers_are_persons_or_organisations() -> None:
    gold = _gold()
    labels = {e.id: e.label for e in gold.entities}
    assert all(labels[q.speaker] in ("PER", "ORG") for q in gold.quotes if q.speaker)
    assert {q.kind for q in gold.quotes} == {"direct", "indirect", "mixed"}


def test_nothing_is_annotated_in_the_boilerplate_line() -> None:
    gold = _gold()
    text = SEED.read_text(encoding="utf-8")
    boiler = text.rindex("اضف تعليق")
    assert all(span.end <= boiler for layer in (gold.entities, gold.quotes, gold.claims) for span in layer)


def test_gold_meta_names_the_guidelines_version() -> None:
    gold = _gold()
    assert gold.meta and gold.meta["guidelines"] == "1.0"
    guidelines = (ROOT / "docs" / "guidelines.md").read_text(encoding="utf-8")
    assert "Guidelines v1.0" in guidelines
    assert json.loads(GOLD.read_text(encoding="utf-8"))["annotator"] == "gold-v1"


def test_check_ignores_annotate_bookkeeping_but_not_annotations(tmp_path: Path) -> None:
    builder = _load_builder()
    record = json.loads(GOLD.read_text(encoding="utf-8"))
    copy = tmp_path / "gold.jsonl"
    builder.OUT = copy
    record["meta"]["annotate"] = {"cursor": 366}
    copy.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert builder.main(["--check"]) == 0
    record["entities"][0]["label"] = "ORG"
    copy.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert builder.main(["--check"]) == 1
    copy.write_text("", encoding="utf-8")
    assert builder.main(["--check"]) == 1
