"""The guidelines as the annotator's pane reads them: where they are found, the section for a
layer, and the Markdown made into plain laid-out text whose controls are shown, not obeyed."""

from pathlib import Path

import pytest

from annotator.guide.guidelines import LRM, bundled_guidelines, find_guidelines, parse, section_for

ROOT = Path(__file__).resolve().parents[2]
GUIDE = parse((ROOT / "docs" / "guidelines.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("layer", "label", "title"), [
    ("entity", "PER", "1.1 PER: people"),
    ("entity", "ORG", "1.2 ORG: organisations"),
    ("entity", "GPE", "1.3 GPE: geo-political entities"),
    ("entity", "EVENT", "1.5 EVENT"),
    ("entity", "LOC", "1. Entities"),  # no section of its own: the entities section
    ("quote", "direct", "2.1 direct"),
    ("quote", "indirect", "2.2 indirect"),
    ("quote", "mixed", "2.3 mixed"),
    ("cue", None, "2.4 cue"),
    ("claim", None, "3. Numeric claims"),
    (None, None, "0. General rules"),
])
def test_the_section_for_each_layer_of_the_projects_guidelines(layer, label, title):
    heading = section_for(GUIDE, layer, label)
    assert heading is not None and heading.title == title
    assert GUIDE.text[heading.offset:].lstrip(LRM).startswith(title)  # the offset is where the heading is drawn


def test_markdown_becomes_plain_paragraphs_with_styles():
    guide = parse("# Title\n\nSome **bold** and `داعش` *here*,\nwrapped.\n\n- item one\n  goes on\n- item `two`\n\n"
                  "| kind | value |\n|---|---|\n| count | `153 هجوماً` = 153 |\n")
    assert guide.text.split("\n") == [f"{LRM}Title", "", f"{LRM}Some bold and داعش here, wrapped.", "",
                                      f"{LRM}- item one goes on", f"{LRM}- item two", "", f"{LRM}kind │ value", f"{LRM}count │ 153 هجوماً = 153"]
    styled = {guide.text[s:e].lstrip(LRM): kind for s, e, kind in guide.styles}
    assert styled == {"Title": "heading", "bold": "bold", "داعش": "code", "two": "code", "153 هجوماً": "code", "here": "em"}
    assert parse("a * b * c, 2*3*4").text == f"{LRM}a * b * c, 2*3*4"  # not emphasis
    # an all-Arabic paragraph keeps its own (right-to-left) direction: no left-to-right mark
    assert parse("قال الوزير إن داعش ضعيف.").text == "قال الوزير إن داعش ضعيف."


def test_controls_and_bidi_overrides_in_the_file_are_shown_not_obeyed():
    guide = parse("# Head\x1b[31m\n\nText \u202eevil\u202c and \x07 `code\x1b]52;c;AA\x07`\n")
    assert not any(ch in guide.text for ch in "\x1b\x07\u202e\u202c")
    assert "\\x1b[31m" in guide.text and "\\u202e" in guide.text.lower()
    assert guide.headings[0].title == "Head\\x1b[31m"


def test_a_teams_own_guidelines_come_first_then_the_toolkits(tmp_path):
    corpus = tmp_path / "repo" / "corpus"
    corpus.mkdir(parents=True)
    assert find_guidelines(corpus) == bundled_guidelines() == ROOT / "docs" / "guidelines.md"
    docs = tmp_path / "repo" / "docs"
    docs.mkdir()
    (docs / "guidelines.md").write_text("## 1. Entities\n", encoding="utf-8")
    assert find_guidelines(corpus) == docs / "guidelines.md"
    (corpus / "guidelines.md").write_text("## 1. Entities\n", encoding="utf-8")
    assert find_guidelines(corpus) == corpus / "guidelines.md"
    assert find_guidelines(None) == bundled_guidelines()


def test_guidelines_without_the_layers_section():
    guide = parse("## Overview\n\nNothing about layers.\n")
    assert section_for(guide, "claim") is None
    assert section_for(guide, None).title == "Overview"
    assert section_for(parse(""), None) is None
