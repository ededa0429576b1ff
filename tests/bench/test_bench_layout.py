"""Terminal layout benchmarks (issue #3).

Run: pytest tests/bench/test_bench_layout.py --benchmark-enable -s

Targets: laying out one screen (50 rows x 120 columns) of the seed article under
5 ms median; opening a 1 MB Arabic document (DocumentLayout + line_count + first
screen) under 1 s, compared with opening the seed article in the same run.

Each round builds a new DocumentLayout (its per-paragraph caches start empty).
"warm" rounds keep the process-wide glyph/width/shaped-word caches, as in a running
annotator; "cold" rounds clear them too (first screen after start-up).
"""

import random
import statistics
import time
from pathlib import Path

import pytest

from annotator.text import bidi, clusters, shaping
from annotator.text.layout import DocumentLayout

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9cb6c4488f67ca16.txt"
ROWS, COLS = 50, 120
ONE_MB = 1_000_000


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def synthetic_arabic(min_bytes: int = ONE_MB, seed: int = 0) -> str:
    """A deterministic Arabic document of at least ``min_bytes`` UTF-8 bytes: the
    seed article's words shuffled into paragraphs of 20-150 words."""
    rng = random.Random(seed)
    words = seed_text().split()
    paras = []
    size = 0
    while size < min_bytes:
        para = " ".join(rng.choice(words) for _ in range(rng.randint(20, 150)))
        paras.append(para)
        size += len(para.encode("utf-8")) + 1
    return "\n".join(paras)


def clear_global_caches() -> None:
    shaping.clear_cache()
    clusters.clear_caches()
    bidi.clear_caches()


def open_screen(text: str) -> DocumentLayout:
    layout = DocumentLayout(text, COLS)
    n = layout.line_count
    for row in range(min(ROWS, n)):
        layout.line(row)
    return layout


def _median_seconds(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _check_median(benchmark, limit_s: float) -> None:
    stats = getattr(benchmark, "stats", None)
    if stats is not None:  # None when run with --benchmark-disable
        assert stats.stats.median < limit_s, f"median {stats.stats.median * 1000:.2f} ms"


def test_bench_seed_screen_warm(benchmark):
    """The seed article at 120 columns (26 rows: all of it fits in one screen)."""
    text = seed_text()
    layout = benchmark(open_screen, text)
    assert layout.line_count <= ROWS
    _check_median(benchmark, 0.005)


def test_bench_seed_screen_cold(benchmark):
    text = seed_text()
    benchmark.pedantic(open_screen, args=(text,), setup=clear_global_caches, rounds=100, iterations=1)
    _check_median(benchmark, 0.005)


def test_bench_full_screen_50_rows(benchmark):
    """A full screen: the seed article twice, so that all 50 rows are filled."""
    text = "\n".join([seed_text()] * 2)
    layout = benchmark(open_screen, text)
    assert layout.line_count >= ROWS
    assert sum(1 for r in range(ROWS) if layout.line(r).cells) >= ROWS - 4


def test_bench_open_1mb_arabic(benchmark):
    text = synthetic_arabic()
    assert len(text.encode("utf-8")) >= ONE_MB
    layout = benchmark.pedantic(open_screen, args=(text,), setup=clear_global_caches, rounds=5, iterations=1)
    assert layout.line_count > 10_000 // 2
    seed = seed_text()
    clear_global_caches()
    seed_s = _median_seconds(lambda: (clear_global_caches(), open_screen(seed)), 50)
    big_s = _median_seconds(lambda: (clear_global_caches(), open_screen(text)), 5)
    print(
        f"\nopen seed ({len(seed.encode())} B): {seed_s * 1000:.2f} ms; "
        f"open 1 MB ({len(text.encode())} B, {len(text)} chars, {layout.line_count} rows): "
        f"{big_s * 1000:.1f} ms; ratio {big_s / seed_s:.0f}x"
    )
    assert big_s < 1.0


@pytest.mark.parametrize("direction", ["visual", "scroll"])
def test_bench_cursor_and_scroll_on_laid_out_screen(benchmark, direction):
    """Operations on an already laid-out screen: 1000 cursor moves or 50-row redraws."""
    layout = open_screen(seed_text())

    def moves():
        offset = 0
        for _ in range(1000):
            offset = layout.move_visual(offset, -1)
        return offset

    def redraw():
        return [layout.line(r) for r in range(min(ROWS, layout.line_count))]

    benchmark(moves if direction == "visual" else redraw)
