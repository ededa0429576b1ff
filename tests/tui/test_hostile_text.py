"""Strings from files never reach the terminal raw: label descriptions (labels.toml), labels
and ids from the annotation file, file names - in the help screen, the panel, the status line,
messages, notifications and the command palette. What the app would send is read from the
compositor (the cells of every widget of the screen) and must hold no ESC, no C1 control."""

import asyncio
import re
from pathlib import Path

from annotator.io.atomic import write_jsonl_atomic, write_text_atomic
from annotator.io.corpus import Corpus
from annotator.model import Annotation, Entity
from annotator.tui.app import AnnotateApp
from annotator.tui.help import HelpScreen
from annotator.tui.session import Session
from tui.helpers import DOC_A, span

OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # sets the clipboard
OSC2 = "\x1b]2;pwned\x1b\\"  # sets the window title
CSI8 = "\x9b31m"  # a C1 CSI

HOSTILE_LABELS = f'''
[[label]]
name = "PER"
key = "1"
color = "#5fafff"
description = "Person {OSC52.encode("unicode_escape").decode()} and {OSC2.encode("unicode_escape").decode()}"

[[label]]
name = "ORG"
key = "2"
color = "#d7af5f"
description = "Org {CSI8.encode("unicode_escape").decode()} end"
'''.replace("\\x", "\\u00")

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def screen_text(app: AnnotateApp) -> str:
    """Every cell the current screen would draw (toasts and modal screens included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def hostile_corpus(tmp_path: Path) -> Corpus:
    corpus_dir = tmp_path / "corpus"
    from tui.helpers import make_corpus

    make_corpus(corpus_dir, {"a": DOC_A})
    write_text_atomic(corpus_dir / "labels.toml", HOSTILE_LABELS, backup=False)
    corpus = Corpus.load(corpus_dir)
    assert "\x1b]52" in corpus.labels.get("PER").description  # the file really is hostile
    return corpus


def test_hostile_label_descriptions_and_labels_are_shown_as_visible_text(tmp_path):
    corpus = hostile_corpus(tmp_path)
    out = tmp_path / "o.jsonl"
    start, end = span(DOC_A, "أوستن")
    # a hand-edited annotation file: an entity label with an OSC 2 sequence
    bad_label = "PER" + OSC2
    rec = Annotation(
        schema_version="1", doc_id="a", text_sha256=corpus.documents["a"].text_sha256, annotator="k", status="draft",
        entities=[Entity(id="e1", start=start, end=end, text="أوستن", label=bad_label)],
    )
    write_jsonl_atomic(out, [rec])
    app = AnnotateApp(Session.open(corpus, out, annotator="k" + OSC2, lock=False))
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.doc.move_to(start)
            await pilot.pause()
            seen.append(screen_text(app))  # document, panel (the bad label), status line
            await pilot.press("tab")
            seen.append(screen_text(app))  # the message naming the current span and its label
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            app.screen.query_one("VerticalScroll").scroll_end(animate=False, immediate=True)
            await pilot.pause()
            seen.append(screen_text(app))
            await pilot.press("escape", "ctrl+p")
            await pilot.pause()
            await pilot.press(*"mark entity")
            await pilot.pause()
            seen.append(screen_text(app))  # the palette
            await pilot.press("escape")
            await pilot.pause()
            app.notify(app.session.corpus.labels.get("ORG").description)  # not visible() on purpose: see below
            await pilot.pause()

    asyncio.run(main())
    everything = "\n".join(seen)
    assert not UNSAFE.search(everything), repr(UNSAFE.search(everything))
    # the descriptions are there, as visible text
    help_screen = seen[2]
    assert "Person \\x1b]52;c;cm0gLXJmIH4=\\x07" in help_screen
    assert "\\x1b]2;pwned\\x1b\\" in help_screen
    assert "Org \\x9b31m end" in help_screen


def test_a_file_name_with_an_escape_is_shown_as_visible_text_in_notifications(corpus, tmp_path):
    out = tmp_path / ("o" + OSC2 + ".jsonl")
    app = AnnotateApp(Session.open(corpus, out, annotator="k", lock=False))
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.doc.select(*span(DOC_A, "العراق"))
            await pilot.press("3")
            out.write_text(out.read_text(encoding="utf-8").replace('"draft"', '"done"'), encoding="utf-8")
            app.doc.select(*span(DOC_A, "أوستن"))
            await pilot.press("1")  # a conflict: the notification names the file
            await pilot.pause()
            seen.append(screen_text(app))
            await pilot.press("ctrl+s")
            await pilot.pause()
            seen.append(screen_text(app))

    asyncio.run(main())
    everything = "\n".join(seen)
    assert "changed on disk" in everything.replace("\n", " ")
    assert not UNSAFE.search(everything), repr(UNSAFE.search(everything))


def test_a_control_character_that_gets_into_any_widget_is_drawn_as_its_control_picture(corpus, tmp_path):
    from textual.widgets import Static

    app = AnnotateApp(Session.open(corpus, tmp_path / "o.jsonl", annotator="k", lock=False))
    seen: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.screen.mount(Static("raw " + OSC2 + " end", markup=False))  # any widget, no escaping on purpose
            await pilot.pause()
            seen.append(screen_text(app))

    asyncio.run(main())
    assert not UNSAFE.search(seen[0])
    assert "raw \u241b]2;pwned\u241b\\ end" in seen[0]


def test_a_list_row_cut_short_ends_in_an_ellipsis_where_the_text_goes_on():
    from annotator.tui.cells import field_segments

    def cells(text: str, width: int, **kw) -> str:
        return "".join(s.text for s in field_segments(text, width, **kw))

    rtl = cells("سبتمبر/أيلول 2014", 10)
    assert len(rtl) == 10 and rtl[0] == "…" and "2014" not in rtl and "014" not in rtl  # cut at the logical end (the left)
    assert cells("hello world foo", 10) == "hello wor…"
    assert cells("hello", 10, align="left") == "hello     "  # nothing cut, no ellipsis
    assert "…" not in cells("hello world foo", 10, cursor=0)  # an input field scrolls instead
