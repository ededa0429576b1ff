"""Snapshots of the main screen and each form (pytest-textual-snapshot), plus assertions on the
displayed cells: an SVG viewer re-applies bidi to the text, so the SVG alone cannot show that
the cells are in visual order."""

from pathlib import Path

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.text.layout import DocumentLayout
from annotator.tui.app import AnnotateApp
from annotator.tui.docview import DocView
from annotator.tui.forms import ClaimForm, EntityForm, QuoteForm
from annotator.tui.help import HelpScreen
from annotator.tui.session import Session
from tui.helpers import span

SIZE = (100, 30)
SEED = "000_9cb6c4488f67ca16"


@pytest.fixture
def seed_app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the status line shows the relative output path
    corpus = Corpus.load(bundled_corpus_dir())
    session = Session.open(corpus, Path("annotations.jsonl"), annotator="snap", lock=False)
    text = session.text
    per = session.add_entity(*span(text, "لويد أوستن"), "PER")
    session.add_entity(*span(text, "الولايات المتحدة"), "GPE")
    session.add_entity(*span(text, "داعش", 0), "ORG")
    quote = span(text, "لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش")
    session.add_entity(*span(text, "داعش", 2), "ORG")  # inside the quote: nested
    session.add_quote(*quote, kind="direct", speaker=per.id, cue=span(text, "قائلاً"))
    session.add_claim(*span(text, "يومين"), kind="duration", value=2, unit="day")
    session.save()  # "saved" in the status line from the first frame (no race with the autosave tick)
    return AnnotateApp(session)


def row_text(doc: DocView, y: int) -> str:
    return doc.render_line(y).text


async def select_text(pilot, needle: str, nth: int = 0) -> None:
    doc = pilot.app.query_one(DocView)
    doc.select(*span(doc.text, needle, nth))
    await pilot.pause()


def test_main_screen(seed_app, snap_compare):
    async def before(pilot):
        doc = pilot.app.query_one(DocView)
        await select_text(pilot, "وزير الدفاع", 1)
        # the cells are the engine's, in visual order: row 0 is the first line drawn right to left
        lay = DocumentLayout(doc.text, doc.scrollable_content_region.width)
        expected = "".join(c.glyph for c in lay.line(0).cells)
        assert expected.strip() in row_text(doc, 0)
        # shaped presentation forms, never the stored letters
        assert "في" not in row_text(doc, 0) and "\ufed3" in row_text(doc, 0)
        # entity cells carry their label colour, quote cells an underline, the selection its own colour
        e_start = span(doc.text, "لويد أوستن")[0]
        r, c = doc.lay.offset_to_cell(e_start)
        strip = doc.render_line(r)
        styles = [seg.style for seg in strip]
        assert any(s and s.bgcolor and s.bgcolor.triplet and s.bgcolor.triplet.hex == "#5fafff" for s in styles)
        q_start = span(doc.text, "لقد تمكنوا")[0]
        qr, _ = doc.lay.offset_to_cell(q_start)
        assert any(s and s.underline for s in (seg.style for seg in doc.render_line(qr)))
        status = pilot.app.query_one("#status")
        assert "E 4  Q 1  C 1" in status.render_line(0).text

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)


def test_quote_form(seed_app, snap_compare):
    async def before(pilot):
        await select_text(pilot, "ربما لم يعد قوياً كما كان في السابق")
        await pilot.press("q")
        assert isinstance(pilot.app.screen, QuoteForm)

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)


def test_claim_form(seed_app, snap_compare):
    async def before(pilot):
        await select_text(pilot, "153 هجوماً")
        await pilot.press("m")
        form = pilot.app.screen
        assert isinstance(form, ClaimForm)
        assert form.query_one("#value").value == "153"

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)


def test_entity_form(seed_app, snap_compare):
    async def before(pilot):
        doc = pilot.app.query_one(DocView)
        doc.move_to(span(doc.text, "لويد أوستن")[0] + 1)
        await pilot.press("enter")
        assert isinstance(pilot.app.screen, EntityForm)

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)


def test_help_screen(seed_app, snap_compare):
    async def before(pilot):
        await pilot.press("f1")
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)


def test_search_box_shows_arabic_in_visual_order(seed_app, snap_compare):
    async def before(pilot):
        await pilot.press("slash", *"التحالف")
        field = pilot.app.query_one("#search-field")
        shown = field.render_line(0).text
        # drawn right to left and shaped: the last letter (ف) is the leftmost glyph, in its final form
        glyphs = shown.split(":", 1)[1].strip()
        assert glyphs[0] == "\ufed2" and glyphs[-1] == "\ufe8d"
        assert "التحالف" not in shown

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)
