"""Keys typed faster than the app handles them are neither lost nor sent to the wrong place."""

import asyncio

from textual import events

from annotator.tui.app import AnnotateApp
from annotator.tui.forms import QuoteForm
from annotator.tui.session import Session
from tui.helpers import DOC_A, saved


def typed(*keys: str) -> list[events.Key]:
    named = {"/": "slash", "\r": "enter"}
    return [events.Key(named.get(k, k), "\r" if k == "\r" else k) for k in keys]


def burst(app: AnnotateApp, keys: list[events.Key]) -> None:
    """All keys at once, as the driver delivers them when the app lags behind the keyboard."""
    for key in keys:
        app._driver.send_message(key)


def test_a_burst_of_keys_searches_selects_and_marks_in_order(corpus, tmp_path):
    out = tmp_path / "o.jsonl"
    app = AnnotateApp(Session.open(corpus, out, annotator="t", lock=False))

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            # "/" opens the search box, the letters go into it, enter jumps, "1" marks PER,
            # then "/" "153" enter "q" opens the quote form, enter accepts it
            burst(app, typed("/", *"اوستن", "\r", "1", "/", *"153", "\r", "q"))
            deadline = asyncio.get_running_loop().time() + 30
            while not isinstance(app.screen, QuoteForm):
                assert asyncio.get_running_loop().time() < deadline, "the keys never arrived"
                await pilot.pause(0.05)
            burst(app, typed("\r", "ctrl+s"))
            while app.session.dirty or not app.session.record.quotes:
                assert asyncio.get_running_loop().time() < deadline, "the form was never accepted"
                await pilot.pause(0.05)

    asyncio.run(main())
    (rec,) = saved(out)
    assert [(e["text"], e["label"]) for e in rec["entities"]] == [("أوستن", "PER")]
    assert DOC_A[rec["quotes"][0]["start"] : rec["quotes"][0]["end"]].startswith("153")


def test_every_modes_letter_keys_have_their_arabic_layout_twin():
    """An annotator typing Arabic need not switch layouts in any mode: each Latin letter key
    of the annotate, suggest, adjudicate and review views is bound together with the key at
    the same place on the Arabic (101) keyboard."""
    from annotator.tui.adjudicate import AdjudicateDocView
    from annotator.tui.keymap import ARABIC_LAYOUT, AnnotatedDocView
    from annotator.tui.review import ReviewDocView
    from annotator.tui.suggest import SuggestDocView

    for view in (AnnotatedDocView, SuggestDocView, AdjudicateDocView, ReviewDocView):
        for binding in view.BINDINGS:
            names = binding.key.split(",")
            for name in names:
                if len(name) == 1 and name.islower() and name.isascii() and name in ARABIC_LAYOUT:
                    assert ARABIC_LAYOUT[name] in names, f"{view.__name__}: {binding.action} on {name!r} without {ARABIC_LAYOUT[name]!r}"
        bound = {n for b in view.BINDINGS for n in b.key.split(",")}
        for letter in "axijef":
            if letter in bound:
                assert ARABIC_LAYOUT[letter] in bound, f"{view.__name__}: {letter!r} without its twin"
