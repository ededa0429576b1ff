"""The search box as a person uses it: canonically equivalent text, invisible controls, digits."""

import asyncio
import unicodedata

from textual import events

from annotator.io.corpus import Corpus
from annotator.tui.app import AnnotateApp
from annotator.tui.docview import DocView
from annotator.tui.session import Session
from tui.helpers import make_corpus, saved, span

# سُئل with a damma; an RLM after هجوماً and around the digits, as editors leave them
TEXT = "وسُئل الوزير عن \u2067١٥٣\u2069 هجوماً\u200f فقال إنه سُئل مرتين."


def test_search_matches_decomposed_query_digits_and_never_takes_a_trailing_rlm(tmp_path):
    corpus = Corpus.load(make_corpus(tmp_path / "corpus", {"s": TEXT}))
    out = tmp_path / "o.jsonl"
    app = AnnotateApp(Session.open(corpus, out, annotator="tester", lock=False))
    asked = span(TEXT, "سُئل")

    async def search(pilot, query: str) -> None:
        await pilot.press("slash", "ctrl+u")
        field = pilot.app.query_one("#search-field")
        for ch in query:
            if unicodedata.combining(ch):  # Pilot cannot press a lone mark: the terminal pastes it
                field.post_message(events.Paste(ch))
                await pilot.pause()
            else:
                await pilot.press(ch)
        assert field.value == query
        await pilot.press("enter")

    async def script(pilot):
        doc = pilot.app.query_one(DocView)
        decomposed = unicodedata.normalize("NFD", "سئل")  # ي + hamza above, as some keyboards send it
        assert decomposed != "سئل"
        await search(pilot, decomposed)
        assert len(pilot.app.matches) == 2
        assert doc.selection == asked
        await pilot.press("1")  # marked as PER: what is saved is the document's own text
        await search(pilot, "153")
        assert doc.selection == span(TEXT, "١٥٣")
        await pilot.press("escape")
        await search(pilot, "هجوما")
        assert doc.selection == span(TEXT, "هجوماً")  # the tanwin is kept, the RLM after it is not
        await pilot.press("ctrl+s")

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())
    (rec,) = saved(out)
    assert [(e["start"], e["end"], e["text"]) for e in rec["entities"]] == [(*asked, "سُئل")]


def test_the_match_number_stays_in_the_status_line_until_the_cursor_moves_on(tmp_path):
    corpus = Corpus.load(make_corpus(tmp_path / "corpus", {"s": TEXT}))
    app = AnnotateApp(Session.open(corpus, tmp_path / "o.jsonl", annotator="tester", lock=False))

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"الوزير", "enter")
            await pilot.pause()
            assert "match 1/1" in pilot.app.message  # the jump's own Moved event came after it
            await pilot.press("n")
            await pilot.pause()
            assert "match 1/1" in pilot.app.message
            await pilot.press("right")
            await pilot.pause()
            assert pilot.app.message == ""  # a real move clears it

    asyncio.run(main())
