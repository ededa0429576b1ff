"""The screen at 80x24 and 200x50 (issue 11): snapshots of the main screen with the whole
gold, the claim form (a list of places) and the quote form, plus assertions on the cells:
the status line never reaches the last column, list ids and claim kinds are never cut, and
the words on the screen are right (1 match, no duplicate palette entries)."""

import shutil
from pathlib import Path

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.tui.app import AnnotateApp
from annotator.tui.docview import DocView
from annotator.tui.forms import ClaimForm, QuoteForm
from annotator.tui.panel import AnnotationPanel
from annotator.tui.session import Session
from annotator.tui.status import StatusLine
from tui.helpers import span
from tui.test_app import run

SIZES = [(80, 24), (200, 50)]
GOLD = bundled_corpus_dir() / "gold" / "000_9cb6c4488f67ca16.jsonl"


@pytest.fixture
def gold_app(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the status line shows the relative output path
    shutil.copyfile(GOLD, tmp_path / "annotations.jsonl")
    session = Session.open(Corpus.load(bundled_corpus_dir()), Path("annotations.jsonl"), annotator="snap", lock=False)
    return AnnotateApp(session)


def check_cells(app: AnnotateApp, width: int) -> None:
    status = app.query_one(StatusLine)
    row = status.render_line(0).text
    assert len(row) == width and row[-1] == " " and "E 57  Q 11  C 12" in row
    panel = app.query_one(AnnotationPanel)
    for y in range(panel.scrollable_content_region.height):
        index = int(panel.scroll_offset.y) + y
        if index >= len(panel.rows):
            break
        text = panel.render_line(y).text.rstrip()
        sp = panel.rows[index]
        assert text.endswith(" " + sp.id), (text, sp.id)  # the whole id, after a space
        if sp.layer == "claim":
            assert f"# {sp.label}" in text  # the whole kind


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_with_the_gold(gold_app, snap_compare, size):
    async def before(pilot):
        await pilot.pause()
        pilot.app.panel.focus()
        await pilot.press(*["down"] * 12)  # scroll the list to ids of two digits and claims
        await pilot.pause()
        check_cells(pilot.app, size[0])

    assert snap_compare(gold_app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claim_form_with_two_places(gold_app, snap_compare, size):
    async def before(pilot):
        s = pilot.app.session
        c10 = s.claim("c10")
        pilot.app.doc.move_to(c10.start)
        pilot.app.current = ("claim", "c10")
        await pilot.pause()
        await pilot.press("enter")
        form = pilot.app.screen
        assert isinstance(form, ClaimForm) and form.query_one("#place").value == ["e53", "e54"]
        for widget in form.query("Cycler, ArabicField, PlaceList, SpanLine"):
            assert widget.region.right <= size[0]

    assert snap_compare(gold_app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quote_form_prefilled(tmp_path, monkeypatch, snap_compare, size):
    monkeypatch.chdir(tmp_path)
    session = Session.open(Corpus.load(bundled_corpus_dir()), Path("annotations.jsonl"), annotator="snap", lock=False)
    text = session.text
    session.add_entity(*span(text, "لويد أوستن"), "PER")
    session.add_entity(*span(text, "داعش", 1), "ORG")
    session.save()

    async def before(pilot):
        pilot.app.query_one(DocView).select(566, 636)
        await pilot.press("q")
        assert isinstance(pilot.app.screen, QuoteForm)

    assert snap_compare(AnnotateApp(session), terminal_size=size, run_before=before)


def test_words_on_the_screen(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    session = Session.open(Corpus.load(bundled_corpus_dir()), Path("annotations.jsonl"), annotator="t", lock=False)
    app = AnnotateApp(session)
    seen: dict[str, object] = {}

    async def script(pilot):
        await pilot.press("slash", *"العباسي")
        seen["one"] = pilot.app.message
        await pilot.press("escape")
        seen["titles"] = [c.title for c in pilot.app.get_system_commands(pilot.app.screen)]
        # a long output path and annotator at 80 columns: dropped, never cut in the last column
        pilot.app.session.out = Path("a/very/long/directory/name/for/the/annotations-of-the-team.jsonl")
        pilot.app.refresh_status()
        await pilot.pause()
        seen["status"] = pilot.app.query_one(StatusLine).render_line(0).text

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await script(pilot)

    import asyncio

    asyncio.run(main())
    assert seen["one"] == "1 match"
    titles = seen["titles"]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    status = seen["status"]
    assert len(status) == 80 and status[-1] == " " and "E 0  Q 0  C 0" in status and "saved" in status
    assert "annotations-of-the-team.jsonl" in status or "->" not in status


def test_plurals_in_reports():
    from annotator.text.words import count

    assert [count(n, "match") for n in (0, 1, 2)] == ["0 matches", "1 match", "2 matches"]
    assert count(1, "document") == "1 document" and count(3, "entity") == "3 entities"
