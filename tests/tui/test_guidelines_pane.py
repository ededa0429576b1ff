"""The guidelines pane: ``g`` (F2 in a form) opens the section for the current span's layer,
laid out by the project's engine (Arabic in visual order), scrollable; escape closes it."""

from pathlib import Path

import pytest

from annotator.guide.guidelines import LRM
from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.text.layout import DocumentLayout
from annotator.tui.app import AnnotateApp
from annotator.tui.forms import QuoteForm
from annotator.tui.guidelines import GuidelinesScreen, GuideTitle, GuideView
from annotator.tui.session import Session
from tui.helpers import DOC_A, run_pilot, span

SIZE = (100, 30)


def top_text(view: GuideView) -> str:
    return view.render_line(0).text.strip()


@pytest.fixture
def seed_app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = Corpus.load(bundled_corpus_dir())
    session = Session.open(corpus, Path("annotations.jsonl"), annotator="guide", lock=False)
    text = session.text
    session.add_entity(*span(text, "لويد أوستن"), "PER")
    session.add_quote(*span(text, "لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش"), kind="direct", cue=span(text, "قائلاً"))
    session.save()
    return AnnotateApp(session)


async def open_at(pilot, needle: str, offset: int = 1) -> GuidelinesScreen:
    app = pilot.app
    app.doc.move_to(span(app.session.text, needle)[0] + offset)
    await pilot.pause()
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(app.screen, GuidelinesScreen)
    return app.screen


def test_g_on_an_entity_shows_its_labels_section_and_escape_closes(seed_app):
    async def script(pilot):
        screen = await open_at(pilot, "لويد أوستن")
        view = screen.query_one(GuideView)
        assert top_text(view) == "1.1 PER: people"
        assert "1.1 PER: people" in screen.query_one(GuideTitle).render_line(0).text
        # the rows are the engine's: the same cells as a DocumentLayout of the guidelines at this width
        lay = DocumentLayout(view.guide.text, view.scrollable_content_region.width)
        row = lay.row_of(view.guide.text.index("لويد أوستن"))
        drawn = view.render_line(row - view.top_row).text
        assert "".join(c.glyph for c in lay.line(row).cells).strip() in drawn
        assert "لويد" not in drawn  # shaped and reordered, never the stored letters left to right
        # scrolling
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.top_row > lay.row_of(view.start) and top_text(view) != "1.1 PER: people"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, GuidelinesScreen)
        assert pilot.app.focused is pilot.app.doc

    run_pilot(seed_app, script, SIZE)


def test_the_quote_its_cue_and_a_form_open_their_own_sections(seed_app):
    async def script(pilot):
        screen = await open_at(pilot, "لقد تمكنوا", 3)
        assert top_text(screen.query_one(GuideView)) == "2.1 direct"
        await pilot.press("g")  # g closes it again
        await pilot.pause()
        screen = await open_at(pilot, "قائلاً")
        assert top_text(screen.query_one(GuideView)) == "2.4 cue"
        await pilot.press("escape")
        # in a form, F2 (g is typing there): the quote form opened on a new selection, kind indirect
        app = pilot.app
        app.doc.select(*span(app.session.text, "ربما لم يعد قوياً كما كان في السابق"))
        await pilot.press("q")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, QuoteForm)
        await pilot.press("f2")
        await pilot.pause()
        assert top_text(app.screen.query_one(GuideView)) == "2.2 indirect"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form  # back in the form, nothing lost

    run_pilot(seed_app, script, SIZE)


def test_without_a_current_span_the_general_rules_and_no_guidelines_is_a_message(corpus, tmp_path, monkeypatch):
    app = AnnotateApp(Session.open(corpus, tmp_path / "o.jsonl", annotator="t", lock=False))

    async def script(pilot):
        await pilot.press("g")
        await pilot.pause()
        assert top_text(pilot.app.screen.query_one(GuideView)) == "0. General rules"
        await pilot.press("escape")
        monkeypatch.setattr("annotator.tui.guidelines.find_guidelines", lambda corpus_dir: None)
        await pilot.press("g")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, GuidelinesScreen)
        assert pilot.app.message.startswith("no guidelines found")

    run_pilot(app, script, SIZE)


def test_a_teams_guidelines_with_hostile_text_are_shown_as_data(corpus_dir, tmp_path):
    (corpus_dir / "guidelines.md").write_text(
        "## 1. Entities\n\n### 1.3 GPE\n[bold]not markup[/] \x1b[31mred\x1b[0m \u202eevil\u202c `العراق`\n", encoding="utf-8")
    app = AnnotateApp(Session.open(Corpus.load(corpus_dir), tmp_path / "o.jsonl", annotator="t", lock=False))

    async def script(pilot):
        pilot.app.session.add_entity(*span(DOC_A, "العراق"), "GPE")
        pilot.app.refresh_all()
        screen = await open_at(pilot, "العراق")
        view = screen.query_one(GuideView)
        rows = [view.render_line(y).text for y in range(5)]
        assert rows[2].strip() == "1.3 GPE"  # all of it fits: the heading is shown where it is
        body = " ".join(rows[3:])
        assert "[bold]not markup[/]" in body and "\\x1b[31mred" in body
        assert not any(ch in "".join(rows) for ch in "\x1b\u202e\u202c" + LRM)

    run_pilot(app, script, SIZE)


def test_snapshot_of_the_pane(seed_app, snap_compare):
    async def before(pilot):
        await open_at(pilot, "لقد تمكنوا", 3)

    assert snap_compare(seed_app, terminal_size=SIZE, run_before=before)
