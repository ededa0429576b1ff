"""One truth in the docs (issue 11): every example record, offset and worked example in
README.md, docs/ and schema/README.md agrees with the corpus and with the gold made under the
guidelines, so that they cannot drift apart again."""

import io
import json
import re
from pathlib import Path

import pytest

from annotator.io.corpus import load_documents
from annotator.validate.command import run_validate

ROOT = Path(__file__).resolve().parents[2]
SEED = "000_9cb6c4488f67ca16"
DOCS = [ROOT / "README.md", ROOT / "schema" / "README.md", ROOT / "corpus" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def text() -> str:
    return load_documents(ROOT / "corpus" / "documents.jsonl")[SEED].text


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((ROOT / "corpus" / "gold" / f"{SEED}.jsonl").read_text(encoding="utf-8"))


def resolved(record: dict) -> dict:
    """Spans with their references replaced by the referred entity's (start, end, text): ids
    differ between records, what they point at must not."""
    ents = {e["id"]: (e["start"], e["end"], e["text"]) for e in record["entities"]}
    return {
        "entities": {(e["start"], e["end"], e["text"], e["label"]) for e in record["entities"]},
        "quotes": {
            (q["start"], q["end"], q["text"], q["kind"], ents.get(q["speaker"]), json.dumps(q["cue"], ensure_ascii=False))
            for q in record["quotes"]
        },
        "claims": {
            (c["start"], c["end"], c["text"], c["kind"], json.dumps(c["value"]), c["unit"], c["approx"], c["time"],
             tuple(ents[p] for p in c["place"]), ents.get(c["source"]))
            for c in record["claims"]
        },
    }


def json_blocks(path: Path) -> list[str]:
    return re.findall(r"```json\n(.*?)\n```", path.read_text(encoding="utf-8"), re.S)


def test_schema_readme_example_record_is_a_part_of_the_gold(gold):
    example = json.loads(json_blocks(ROOT / "schema" / "README.md")[0])
    assert example["doc_id"] == SEED and example["text_sha256"] == gold["text_sha256"]
    mine, truth = resolved(example), resolved(gold)
    for layer in ("entities", "quotes", "claims"):
        assert mine[layer] and mine[layer] <= truth[layer], (layer, mine[layer] - truth[layer])


def test_schema_readme_prediction_example_agrees_with_the_gold(text, gold):
    pred = json.loads(json_blocks(ROOT / "schema" / "README.md")[1])
    ents = {e["id"]: e for e in gold["entities"]}
    for e in pred["entities"]:
        assert any(g["text"] == e["text"] and g["label"] == e["label"] for g in gold["entities"]), e
    for q in pred["quotes"]:
        (g,) = [g for g in gold["quotes"] if g["text"] == q["text"]]
        assert g["kind"] == q["kind"] and ents[g["speaker"]]["text"] == q["speaker"]["text"]
    for c in pred["claims"]:
        (g,) = [g for g in gold["claims"] if g["text"] == c["text"]]
        assert (g["kind"], g["value"], g["unit"]) == (c["kind"], c["value"], c["unit"])


def test_readme_sample_errors_are_what_validate_prints(tmp_path, gold, monkeypatch):
    block = re.search(r"```text\n(gold\.jsonl:.*?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    shown = block.group(1).splitlines()
    lines = []
    for n in range(1, 7):  # six valid records (one per annotator), line 3 broken as the README says
        record = json.loads(json.dumps(gold), object_hook=dict)
        record["annotator"] = f"a{n}"
        if n == 3:
            record["entities"][12] = dict(record["entities"][12], start=631, end=636, text="داعش")
            record["quotes"][2]["speaker"] = "e77"
        lines.append(json.dumps(record, ensure_ascii=False))
    (tmp_path / "gold.jsonl").write_text("\n".join(lines) + '\n{"schema_version": "1", "doc_id": "000_9c', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert run_validate([Path("gold.jsonl")], out=out) == 1
    assert shown == [line for line in out.getvalue().splitlines() if line.startswith("gold.jsonl:")]


def test_every_quoted_offset_in_the_docs_is_the_text_it_names(text):
    """``'X' ... at [a, b)`` and ``sel a-b (n)  X`` in any doc: the corpus text at [a, b) is X."""
    checked = 0
    for path in DOCS:
        content = path.read_text(encoding="utf-8")
        for m in re.finditer(r"'([^']+)' at \[(\d+), (\d+)\)", content):
            assert text[int(m.group(2)) : int(m.group(3))] == m.group(1), (path.name, m.group(0))
            checked += 1
        for m in re.finditer(r"sel (\d+)-(\d+) \((\d+)\)\s+(\S+ \S+)", content):
            a, b, n = int(m.group(1)), int(m.group(2)), int(m.group(3))
            assert b - a == n and text[a:b].startswith(m.group(4)), (path.name, m.group(0))
            checked += 1
    assert checked >= 2


def _pattern(example: str) -> str:
    parts = [p.strip() for p in re.split(r"\.\.\.|…", example)]
    return ".*?".join(re.escape(p) for p in parts if p)


def gold_spans(gold: dict) -> set[tuple[int, int]]:
    spans = {(e["start"], e["end"]) for e in gold["entities"]}
    spans |= {(q["start"], q["end"]) for q in gold["quotes"]} | {(q["cue"]["start"], q["cue"]["end"]) for q in gold["quotes"] if q["cue"]}
    return spans | {(c["start"], c["end"]) for c in gold["claims"]}


def test_worked_examples_of_the_docs_are_gold_spans(text, gold):
    """Every ``\\`A\\` → \\`B\\``` of the docs whose A is in the seed article: B, found inside
    that occurrence of A, is a span of the gold (an entity, quote, cue or claim)."""
    spans = gold_spans(gold)
    checked = 0
    for path in DOCS:
        for m in re.finditer(r"`([^`]+)`\s*→\s*`([^`]+)`", path.read_text(encoding="utf-8")):
            a, b = m.group(1), m.group(2)
            if not ARABIC.search(b):
                continue
            occurrence = re.search(_pattern(a), text)
            if occurrence is None:
                continue  # an example that is not from the seed article (بالعراق)
            inside = [x for x in re.finditer(_pattern(b), text) if occurrence.start() <= x.start() and x.end() <= occurrence.end()]
            assert any((x.start(), x.end()) in spans for x in inside), (path.name, a, b)
            checked += 1
    assert checked >= 12


def test_claim_values_stated_in_the_docs_are_the_gold_values(gold):
    """``\\`TEXT\\` = VALUE`` and ``\\`TEXT\\` → \\`VALUE\\``` for a gold claim's text."""
    claims = {c["text"]: c for c in gold["claims"]}
    checked = 0
    for path in DOCS:
        content = path.read_text(encoding="utf-8")
        for m in re.finditer(r"`([^`]+)` (?:=|→) `?([0-9][0-9./-]*)`?", content):
            claim = claims.get(m.group(1).removeprefix("ل"))
            if claim is None:
                continue
            stated = m.group(2)
            assert stated in (str(claim["value"]), str(claim["time"])), (path.name, m.group(0), claim)
            checked += 1
    assert checked >= 6


def test_the_first_session_of_the_readme_marks_gold_spans(gold):
    """The record the README's first session saves (a tmux test checks that it does) holds
    only spans, kinds and cues of the gold; its speaker names the gold's speaker."""
    (record,) = [json.loads(line) for line in (ROOT / "tests" / "tui" / "first_session.expected.jsonl").read_text(encoding="utf-8").splitlines()]
    mine, truth = resolved(record), resolved(gold)
    assert mine["entities"] <= truth["entities"]
    g_quotes = {q[:4] + q[5:]: q[4] for q in truth["quotes"]}
    for q in mine["quotes"]:
        assert q[:4] + q[5:] in g_quotes
        assert q[4][2].split()[-1] == g_quotes[q[:4] + q[5:]][2].split()[-1]  # لويد أوستن / أوستن
    for c in mine["claims"]:
        assert any(c[:5] == g[:5] for g in truth["claims"])
