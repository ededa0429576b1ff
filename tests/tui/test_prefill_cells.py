"""Textual-free helpers: form prefill and one-line drawing through the layout engine."""

from annotator.model import Annotation, Entity
from annotator.tui.cells import field_segments
from annotator.tui.prefill import claim_fields, cue_candidates, parse_value, quote_kind, speaker_candidates
from tui.helpers import DOC_A, span


def record_with(*entities: Entity) -> Annotation:
    return Annotation(schema_version="1", doc_id="a", text_sha256="0" * 64, annotator="t", status="draft", entities=list(entities))


def test_quote_kind_follows_the_quotation_marks():
    assert quote_kind(DOC_A, *span(DOC_A, "لداعش خلايا نائمة")) == "direct"
    assert quote_kind(DOC_A, *span(DOC_A, "لداعش خلايا")) == "indirect"
    assert quote_kind("قال «نعم» اليوم", *span("قال «نعم» اليوم", "نعم")) == "direct"


def test_speakers_are_per_and_org_nearest_first():
    near = Entity(id="e1", start=16, end=26, text=DOC_A[16:26], label="PER")
    far = Entity(id="e2", start=0, end=3, text=DOC_A[0:3], label="ORG")
    place = Entity(id="e3", start=54, end=60, text=DOC_A[54:60], label="GPE")
    quote = span(DOC_A, "لداعش خلايا نائمة")
    assert [c.ref for c in speaker_candidates(record_with(far, near, place), *quote)] == ["e1", "e2"]


def test_cue_candidates_prefer_the_verb_before_the_quote_in_the_same_paragraph():
    quote = span(DOC_A, "لداعش خلايا نائمة")
    cues = cue_candidates(DOC_A, *quote)
    assert [c.text for c in cues] == ["قال"]  # وأعلن is in the next paragraph
    text = "وأضاف الوزير أن الوضع «صعب جداً» وأكد ذلك."
    # the cue is written without its proclitic (guidelines §2.4)
    assert [c.text for c in cue_candidates(text, *span(text, "صعب جداً"))] == ["أضاف", "أكد"]


def test_claim_fields_come_from_the_number_parser():
    assert claim_fields("153 هجوماً")["value"] == 153
    fields = claim_fields("يومين")
    assert (fields["value"], fields["kind"], fields["unit"]) == (2, "duration", "day")
    text = "في عام 2024 قالت القيادة إن من يناير إلى يونيو وقعت الهجمات"
    start = text.index("من يناير")
    span = text[start : text.index(" وقعت")]
    assert claim_fields(span)["value"] is None  # no year in the span itself
    assert claim_fields(span, doc_text=text, start=start)["value"] == "2024-01/2024-06"
    assert claim_fields("لا رقم هنا") == {"kind": "other", "value": None, "unit": None, "approx": False, "time": None}


def test_parse_value_reads_both_digit_sets_and_dates():
    assert parse_value("١٥٣") == 153
    assert parse_value("2٫5") == 2.5
    assert parse_value("1,200") == 1200
    assert parse_value("٢٬٠٠٠") == 2000
    assert parse_value("2024-06") == "2024-06"
    assert parse_value("  ") is None


def test_field_segments_draw_arabic_right_to_left_and_shaped():
    text = "في"
    cells = "".join(seg.text for seg in field_segments(text, 6))
    assert cells == "    \ufef2\ufed3"  # right-aligned; ي (final) left of ف (initial)
    assert "في" not in cells


def test_field_segments_keep_the_start_of_a_long_rtl_text_visible():
    text = "الولايات المتحدة والعراق"
    cells = "".join(seg.text for seg in field_segments(text, 8))
    assert len(cells) == 8 and cells.endswith("\ufe8d")  # the first letter (alef) at the right edge


def test_field_segments_show_controls_and_markup_as_text():
    cells = "".join(seg.text for seg in field_segments("a\x1b[1m[b]", 12))
    assert "\x1b" not in cells and "␛[1m[b]" in cells


def test_field_cursor_at_the_end_of_rtl_text_is_left_of_it():
    segs = field_segments("في", 6, cursor=2)
    styled = [i for i, seg in enumerate(segs) if seg.style and seg.style.reverse]
    assert styled == [3]  # the cell just left of the text


def test_docs_show_the_key_table_of_the_help_screen():
    from pathlib import Path

    from annotator.tui.help import keys_markdown

    docs = (Path(__file__).resolve().parents[2] / "docs" / "annotate.md").read_text(encoding="utf-8")
    table = docs.split("<!-- keys:start", 1)[1].split("-->", 1)[1].split("<!-- keys:end -->", 1)[0]
    assert table.strip() == keys_markdown().strip()


def test_ui_strings_are_safe_and_in_screen_order():
    from annotator.tui.cells import ascii_segments, visual_text

    assert "\x1b" not in ascii_segments("evil\x1b[2Jname\u202e", 20)[0].text
    assert visual_text("amal") == "amal"
    assert visual_text("أمل") == "\ufede\ufee3\ufe83"  # ل final, م initial, أ isolated: right to left


def test_a_feminine_participle_is_a_cue():
    text = "قالت الوزارة إن الوضع صعب، مشيرة إلى أن نحو 90% منهم فقراء."
    quote = span(text, "نحو 90% منهم فقراء")
    assert [c.text for c in cue_candidates(text, *quote)][0] == "مشيرة"


def test_the_speaker_of_a_relayed_quote_is_the_person_not_the_outlet():
    """Guidelines §2.4: ونقلت الوكالة عن الوزير X قوله إن ... - the speaker is X."""
    from annotator.tui.prefill import speaker_choice

    text = "ونقلت وكالة الأنباء عن الوزير سامي علي قوله إن الخطة ستبدأ غداً."
    outlet = Entity(id="e1", **dict(zip(("start", "end"), span(text, "وكالة الأنباء"))), text="وكالة الأنباء", label="ORG")
    person = Entity(id="e2", **dict(zip(("start", "end"), span(text, "سامي علي"))), text="سامي علي", label="PER")
    quote = span(text, "الخطة ستبدأ غداً")
    cue = cue_candidates(text, *quote)[0]
    assert cue.text == "قوله"
    assert speaker_choice(record_with(outlet, person), text, *quote, cue).id == "e2"
