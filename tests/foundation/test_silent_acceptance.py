"""Issue 10, defect 9: what used to be accepted silently. Duplicate keys, one ``doc_id``
rule for every file, spans that cut a grapheme cluster."""

import json

import pytest

from .hostile import ROOT, run

@pytest.mark.parametrize("engine", ["pydantic", "jsonschema"])
def test_duplicate_keys_are_reported(tmp_path, good_record, engine):
    line = json.dumps(good_record, ensure_ascii=False)
    twice = line[:-1] + ',"status":"done"}'
    nested = line.replace('"label": "PER"', '"label": "PER", "label": "ORG"', 1)
    assert nested != line
    path = tmp_path / "d.jsonl"
    path.write_text(twice + "\n" + nested + "\n" + line.replace('"annotator": "tester"', '"annotator": "x"') + "\n", encoding="utf-8")
    code, lines = run([path], engine=engine)
    assert code == 1
    assert [out.replace(str(path), "F") for out in lines] == [
        "F:1: status: duplicate key in one object (a JSON reader keeps only one of the values)",
        "F:2: entities[0].label: duplicate key in one object (a JSON reader keeps only one of the values)",
    ]


def test_duplicate_keys_in_compact_and_spaced_json(tmp_path, good_record):
    from annotator.io.jsonl import dumps_line

    compact = dumps_line(good_record)
    path = tmp_path / "c.jsonl"
    path.write_text(compact + "\n" + compact[:-1].replace('"annotator":"tester"', '"annotator":"y"') + ',"meta":{"k":1,"k":2}}\n', encoding="utf-8")
    code, lines = run([path])
    assert code == 1 and any("meta" in out and "duplicate key" in out for out in lines), lines
    # every way the cheap counts can be spoiled: white space before a colon, colons and
    # escaped quotes before colons inside strings, optional fields left out (defaults)
    base = compact[:-1]
    variants = {
        "spaced colon": base + ',"status" :"done"}',
        "tab before colon": base + ',"status"\t: "done"}',
        "colons in strings": base + ',"meta":{"t":"12:00 \\": x","t":"y"}}',
        # two keys repeated, two optional fields (text, meta) left out: as many keys as the record
        "defaults filled": base.replace('"text_sha256":', '"annotator":"x","status":"done","text_sha256":') + "}",
    }
    for name, line in variants.items():
        path.write_text(line + "\n", encoding="utf-8")
        code, lines = run([path])
        assert code == 1 and any("duplicate key" in out for out in lines), (name, lines)
        clean = line.replace(',"status" :"done"', "").replace(',"status"\t: "done"', "").replace(',"t":"y"', "").replace('"annotator":"x","status":"done","text_sha256":', '"text_sha256":')
        path.write_text(clean + "\n", encoding="utf-8")
        assert run([path]) == (0, []), name


@pytest.mark.parametrize("kind", ["annotation", "prediction"])
def test_doc_id_follows_the_registry_rule_everywhere(tmp_path, good_record, kind):
    record = {**good_record, "doc_id": "seed article\x1b"}
    if kind == "prediction":
        record = {"schema_version": "1", "doc_id": "seed article\x1b", "entities": []}
    path = tmp_path / f"{kind}.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, lines = run([path], kind=kind)
    assert code == 1 and any(": doc_id: " in out and "does not match the pattern ^[A-Za-z0-9_.:-]+$" in out for out in lines), lines
    assert all("\x1b" not in out for out in lines)


def test_the_schema_files_carry_the_doc_id_rule():
    from annotator.model import DOC_ID_PATTERN

    for name in ("annotation", "prediction", "document"):
        schema = json.loads((ROOT / "schema" / f"{name}.v1.schema.json").read_text(encoding="utf-8"))
        assert schema["properties"]["doc_id"]["pattern"] == DOC_ID_PATTERN


@pytest.mark.parametrize(
    "text",
    [
        "قال 👩\u200d💻 اليوم",  # an emoji ZWJ sequence
        "علم 🇮🇶🇸🇾 معاً",  # flags: pairs of regional indicators
        "رقم #\ufe0f\u20e3 و👍🏽",  # a keycap, a skin tone modifier
        "وَقَالَ",  # harakat (what was checked before)
        "رقم \u0600١٢٣ فقط",  # the Arabic number sign (Prepend) joins the digit after it
        "حقوق ©\u200d© محفوظة",  # ZWJ between two pictographs that are simple characters
    ],
)
def test_a_span_that_splits_a_grapheme_cluster_warns(tmp_path, text):
    """One-code-point spans everywhere: exactly the offsets that are not cluster boundaries
    of the layout (``cluster_bounds``) warn, at the span's start or end."""
    from annotator.model import text_sha256
    from annotator.text.clusters import cluster_bounds

    bounds = set(cluster_bounds(text))
    spans = [(o, o + 1) for o in range(len(text)) if not text[o].isspace()]
    expected = {o for span in spans for o in span if o not in bounds}
    assert expected  # each sample has clusters to split
    record = {"schema_version": "1", "doc_id": "d", "text": text, "text_sha256": text_sha256(text), "annotator": "t", "status": "draft",
              "entities": [{"id": f"e{i}", "start": s, "end": e, "text": text[s:e], "label": "PER"} for i, (s, e) in enumerate(spans)],
              "quotes": [], "claims": []}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code, lines = run([path], max_errors=0)
    assert code == 0
    warned = {int(out.split("offset ")[1].split()[0]) for out in lines if "splits a" in out}
    assert warned == expected, lines


def test_cluster_boundaries_agree_with_the_layout_everywhere():
    """``is_cluster_boundary`` (local, used by the validator) equals the layout's clusters."""
    from annotator.text.clusters import cluster_bounds, is_cluster_boundary

    samples = [
        "قال 👩\u200d👩\u200d👧 🇮🇶🇸🇾🇱🇧 وَقَالَ\u0600١٢ e\u0301 a\r\nb \u1100\u1161\u11a8 x\u200d\u200cy 👍🏽 #\ufe0f\u20e3",
        "🇦" * 9 + " " + "ب" * 70 + "\u064e" * 3,
    ]
    for text in samples:
        bounds = set(cluster_bounds(text))
        assert [o for o in range(len(text) + 1) if is_cluster_boundary(text, o) != (o in bounds)] == []


def test_duplicate_keys_inside_mentions_of_a_prediction(tmp_path):
    line = ('{"schema_version":"1","doc_id":"000_9cb6c4488f67ca16","quotes":[{"text":"داعش","speaker":{"text":"x","text":"y"},"cue":null}],'
            '"claims":[{"text":"153 هجوماً","kind":"count","place":[{"text":"بغداد"},{"text":"a","text":"b"}],"source":null}]}')
    path = tmp_path / "p.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    code, lines = run([path], kind="prediction")
    assert code == 1
    assert [out.replace(str(path), "F") for out in lines if "duplicate key" in out] == [
        "F:1: quotes[0].speaker.text: duplicate key in one object (a JSON reader keeps only one of the values)",
        "F:1: claims[0].place[1].text: duplicate key in one object (a JSON reader keeps only one of the values)",
    ]
