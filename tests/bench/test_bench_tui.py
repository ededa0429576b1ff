"""Benchmarks of ``annotator annotate`` (run with ``pytest tests/bench/test_bench_tui.py --benchmark-enable``).

Key press to updated screen, in a Pilot session (``App.run_test``): the key event is sent
through the app's driver as ``Pilot.press`` does, and the clock stops when the screen hands
its updated frame to the driver (``App._display``). ``Pilot.press`` itself is not timed: it
adds ``wait_for_idle`` sleeps of tens of milliseconds that are not the app's work.
Cursor motion and selection extension on the seed article (median < 16 ms) and on a synthetic
1 MB Arabic document (median < 33 ms); opening the 1 MB document (session, layout and first
screen) < 1 s.
"""

import asyncio
from pathlib import Path

import pytest
from textual import events

from annotator.io.atomic import write_jsonl_atomic, write_text_atomic
from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.model import Document, text_sha256
from annotator.tui.app import AnnotateApp
from annotator.tui.docview import DocView
from annotator.tui.session import Session

SIZE = (100, 30)
SEED = "000_9cb6c4488f67ca16"
LIMITS = {"seed": 0.016, "1mb": 0.033}


def synthetic_text(target_bytes: int = 1_000_000) -> str:
    seed = Corpus.load(bundled_corpus_dir()).documents[SEED].text
    paragraphs = [p for p in seed.split("\n") if p.strip()]
    out: list[str] = []
    size = 0
    i = 0
    while size < target_bytes:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        size += len(p.encode("utf-8")) + 1
        i += 1
    return "\n".join(out)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("big") / "corpus"
    text = synthetic_text()
    assert len(text.encode("utf-8")) >= 1_000_000
    write_jsonl_atomic(
        directory / "documents.jsonl",
        [Document(doc_id="big", text=text, text_sha256=text_sha256(text), lang="ar", source="synthetic")],
        backup=False,
    )
    write_text_atomic(directory / "labels.toml", (bundled_corpus_dir() / "labels.toml").read_text(encoding="utf-8"), backup=False)
    return directory


def corpus_for(which: str, big_corpus: Path) -> Corpus:
    return Corpus.load(bundled_corpus_dir() if which == "seed" else big_corpus)


class Running:
    """An app kept running across benchmark rounds (one event loop)."""

    def __init__(self, app: AnnotateApp) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.ready = asyncio.Event()
        self.done = asyncio.Event()
        self.pilot = None
        # one task holds the run_test context open (entered and left in the same task)
        self.task = self.loop.create_task(self._hold())
        self.loop.run_until_complete(self.ready.wait())

        self.frame = asyncio.Event()
        display = self.app._display

        def on_frame(screen, renderable) -> None:
            if renderable is not None:
                self.frame.set()
            display(screen, renderable)

        self.app._display = on_frame

    def settle(self) -> None:
        self.loop.run_until_complete(self.pilot.pause())

    def key_to_frame(self, key: str, changed) -> None:
        """Send ``key`` and return when a screen update drawn after ``changed()`` became
        true (the key was handled) has reached the driver."""

        async def go() -> None:
            self.frame.clear()
            self.app._driver.send_message(events.Key(key, None))
            while True:
                await asyncio.wait_for(self.frame.wait(), 5)
                self.frame.clear()
                if changed():
                    return

        self.loop.run_until_complete(go())

    async def _hold(self) -> None:
        async with self.app.run_test(size=SIZE) as pilot:
            self.pilot = pilot
            await pilot.pause()
            self.ready.set()
            await self.done.wait()

    def close(self) -> None:
        self.done.set()
        self.loop.run_until_complete(self.task)
        self.loop.close()


@pytest.mark.parametrize("which", ["seed", "1mb"])
@pytest.mark.parametrize("keys", [("left", "right"), ("shift+left", "shift+right")], ids=["motion", "extend"])
def test_bench_key_to_screen(benchmark, which, keys, big_corpus, tmp_path):
    corpus = corpus_for(which, big_corpus)
    session = Session.open(corpus, tmp_path / "o.jsonl", lock=False)
    session.cursor = len(session.text) // 2 if which == "1mb" else 200
    run = Running(AnnotateApp(session))
    doc = run.app.query_one(DocView)
    state = {"i": 0}
    moved: list[bool] = []

    def one_key() -> None:
        before = doc.cursor
        run.key_to_frame(keys[state["i"] % 2], lambda: doc.cursor != before)
        state["i"] += 1
        moved.append(doc.cursor != before)

    def setup() -> None:
        run.settle()  # let the previous frame and timers finish outside the timed part

    try:
        benchmark.pedantic(one_key, setup=setup, rounds=60, iterations=1, warmup_rounds=4)
    finally:
        run.close()
    assert moved and all(moved)  # every key really moved the cursor
    if benchmark.stats is not None and not benchmark.disabled:
        assert benchmark.stats.stats.median < LIMITS[which]


def test_bench_open_1mb_document(benchmark, big_corpus, tmp_path):
    corpus = Corpus.load(big_corpus)

    def open_app() -> None:
        out = tmp_path / "open.jsonl"
        session = Session.open(corpus, out, lock=False)
        app = AnnotateApp(session)

        async def main() -> None:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert app.query_one(DocView).render_line(0).text.strip()

        asyncio.run(main())

    benchmark.pedantic(open_app, rounds=3, iterations=1)
    if benchmark.stats is not None and not benchmark.disabled:
        assert benchmark.stats.stats.median < 1.0


def test_bench_search_keystroke_1mb(benchmark, big_corpus):
    """One more letter typed in the search box of the 1 MB document (index built once)."""
    from annotator.text.arabic import NormalizedIndex

    text = Corpus.load(big_corpus).documents["big"].text
    search = NormalizedIndex(text)
    search.find_all("د")  # builds the index, as the first keystroke does
    found = benchmark(search.find_all, "داعش")
    assert len(found) > 1000
    if benchmark.stats is not None and not benchmark.disabled:
        assert benchmark.stats.stats.median < LIMITS["1mb"]
