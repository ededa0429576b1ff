"""Aligning string-anchored predictions (issue 10, defect 10): work that grows linearly with
the document, not with text x spans (the placements against the definition:
``test_align_equivalence.py``)."""

import random
import time

from annotator.score import align
from annotator.score.align import AlignStats, Finder, align_spans
from annotator.text.arabic import normalize

LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهوي"


def test_one_finder_serves_every_layer():
    """A text taken in one layer is free again in the next (each layer aligns on its own)."""
    finder, stats = Finder("بغداد و بغداد"), AlignStats()
    assert align_spans(finder, [(None, None, "بغداد")] * 2, stats) == [(0, 5), (8, 13)]
    assert align_spans(finder, [(None, None, "بغداد")] * 3, stats) == [(0, 5), (8, 13), None]


def _document(words: int, seed: int) -> tuple[str, list[tuple[int | None, int | None, str]]]:
    """A text of ``words`` random words and one string-anchored span of 1-3 words every ten."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7))) for _ in range(words // 2)]
    tokens = [rng.choice(vocab) for _ in range(words)]
    text = " ".join(tokens)
    spans = [(None, None, " ".join(tokens[i : i + rng.randint(1, 3)])) for i in range(0, words - 3, 10)]
    return text, spans


def _time(text: str, spans: list) -> float:
    """CPU time of this process (other processes on a busy machine do not count), best of three."""
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        align_spans(Finder(text), spans, AlignStats())
        best = min(best, time.process_time() - t0)
    return best


def test_alignment_is_linear_in_the_text(monkeypatch):
    """Four times the text with four times the spans takes about four times as long (4.1-4.5x
    measured), not sixteen (14x when every span text scans the whole text; the old aligner
    took 11.5x). Generous bound: under 8x, best of three CPU times each.

    Measured with the prefix index for every text (FIND_LIMIT 0): by default up to
    FIND_LIMIT texts per prefix length are found with str.find, a bounded number of C scans,
    so two sizes on either side of the limit compare two different regimes."""
    monkeypatch.setattr(align, "FIND_LIMIT", 0, raising=False)
    small, large = _document(20_000, 1), _document(80_000, 2)
    assert len(large[1]) >= 4 * len(small[1]) - 10 > 1000
    ratio = _time(*large) / _time(*small)
    assert ratio < 8, f"4x the text and spans took {ratio:.1f}x as long"


def test_the_aligner_finds_what_the_search_finds():
    """One matching rule for the search box and the aligner: marks kept with their letter, a
    match never ending on an invisible control (RLM), text that is not NFC."""
    from annotator.text.arabic import NormalizedIndex

    text = "قال أوستن\u200f إن أُوستِن وصل\u200f. ثم غادر اوستن" + " ا\u0654وستن"
    queries = ["اوستن", "وصل", "أوستن إن", "ستن"]
    limit = align.FIND_LIMIT
    try:
        for find_limit in (limit, 0):
            align.FIND_LIMIT = find_limit
            finder = Finder(text)
            finder.prepare([normalize(q) for q in queries])
            for q in queries:
                assert finder.find(q) == NormalizedIndex(text).find_all(q), (q, find_limit)
    finally:
        align.FIND_LIMIT = limit
