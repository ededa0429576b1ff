"""Aligning the string-anchored predictions of a whole batch of documents at once
(``align.align_batch``, the scorer's fast lane) places every span as aligning each document
on its own does (``align_spans``, and the span-by-span definition of
``test_align_equivalence``): the same offsets or none, the same counts per document; for
documents taken all at once (identity map: nothing dropped) and those that go one by one
(harakat, controls, text that is not NFC, offsets given, very many spans), mixed in one batch."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.score import align
from annotator.score.align import AlignStats, BatchStats, Finder, align_batch, align_spans
from annotator.text.matching import identity_normalized, is_dropped, normalize, normalize_all
from test_align_equivalence import WORDS, layers, reference, texts

#: documents of plain letters and spaces (and digits): taken all at once
plain_texts = st.lists(st.sampled_from([*WORDS[:6], "مدينة", "على", " ", " ", "ا", "ن", "٣", "3"]), max_size=30).map("".join)


def _as_dicts(spans):
    return [{"start": s, "end": e, "text": t, "label": "X"} for s, e, t in spans]


def _align(texts_: list[str], layers_: list[list]):
    """``align_batch`` of the layers of a batch's documents, given column by column."""
    spans = [span for layer in layers_ for span in layer]
    docs = [d for d, layer in enumerate(layers_) for _ in layer]
    return align_batch(texts_, list(map(len, layers_)), docs, ([s for s, _, _ in spans], [e for _, e, _ in spans]), [t for _, _, t in spans])


def _check(docs: list[tuple[str, list]]) -> None:
    texts_, layers_ = [d[0] for d in docs], [d[1] for d in docs]
    starts, ends, stats = _align(texts_, layers_)
    assert isinstance(stats, BatchStats)
    i = 0
    for d, (text, layer) in enumerate(docs):
        want, want_stats = reference(text, layer)
        got = [None if starts[k] == -1 else (starts[k], ends[k]) for k in range(i, i + len(layer))]
        assert got == want, (text, layer)
        assert stats.of(d).as_dict() == want_stats, (text, layer)
        one = AlignStats()
        assert align_spans(Finder(text), _as_dicts(layer), one) == want
        assert one == stats.of(d)
        i += len(layer)
    total = stats.total()
    assert total.as_dict() == {k: sum(reference(t, s)[1][k] for t, s in docs) for k in ("aligned", "ambiguous", "not_found")}
    skip = set(range(0, len(docs), 2))
    assert stats.total(skip).as_dict() == {k: sum(reference(t, s)[1][k] for d, (t, s) in enumerate(docs) if d not in skip)
                                           for k in ("aligned", "ambiguous", "not_found")}


@st.composite
def batches(draw, text_strategy, anchored_only: bool):
    docs = []
    for _ in range(draw(st.integers(1, 6))):
        text = draw(text_strategy)
        layer = draw(layers(text))
        if anchored_only:
            layer = [(None, None, t) for _, _, t in layer]
        docs.append((text, layer))
    return docs


@settings(max_examples=300, deadline=None)
@given(docs=batches(plain_texts, anchored_only=True))
def test_a_batch_of_plain_documents_is_aligned_as_each_document_alone(docs):
    """All at once: texts given several times in a document (the k-th span takes the k-th
    occurrence), texts that do not occur, the empty text, words inside words."""
    _check(docs)


@settings(max_examples=300, deadline=None)
@given(docs=batches(texts, anchored_only=False))
def test_a_mixed_batch_is_aligned_as_each_document_alone(docs):
    """Harakat, tatweel, invisible controls, NUL, text that is not NFC, offsets given in a layer:
    the documents that cannot go all at once go one by one, in the same batch."""
    _check(docs)


def test_a_document_with_very_many_spans_goes_alone(monkeypatch):
    """Beyond FIND_LIMIT spans a document is aligned on its own (by ``Finder``, linear in the
    text), with the same result; the others of the batch all at once."""
    made: list[str] = []

    class Counting(Finder):
        __slots__ = ()

        def __init__(self, text: str) -> None:
            made.append(text)
            super().__init__(text)

    monkeypatch.setattr(align, "FIND_LIMIT", 2)
    monkeypatch.setattr(align, "Finder", Counting)
    text = "بغداد ثم بغداد قال"
    _check([(text, [(None, None, "بغداد")] * 3 + [(None, None, "قال")]), ("قال بغداد", [(None, None, "بغداد")])])
    assert made == [text]


@pytest.mark.parametrize(
    ("docs", "placed"),
    [
        # a text's later spans take its later occurrences; the third finds none left
        ([("بغداد ثم بغداد", ["بغداد"] * 3)], [(0, 5), (9, 14), None]),
        # the same text in two documents: each document's own occurrences
        ([("بغداد ثم بغداد", ["بغداد", "بغداد"]), ("ثم بغداد", ["بغداد", "ثم"])], [(0, 5), (9, 14), (3, 8), (0, 2)]),
        # the empty text (found everywhere by str.find) and a text that does not occur
        ([("بغداد", ["", "البصرة", "بغداد"])], [None, None, (0, 5)]),
        # folded letters and Arabic-Indic digits map back by the identity
        ([("مدينة ٣ أن", ["مدينه", "3", "ان"])], [(0, 5), (6, 7), (8, 10)]),
    ],
)
def test_cases(docs, placed):
    layers_ = [[(None, None, t) for t in words] for _, words in docs]
    _check([(text, layer) for (text, _), layer in zip(docs, layers_)])
    starts, ends, _ = _align([t for t, _ in docs], layers_)
    assert [None if s == -1 else (s, e) for s, e in zip(starts, ends)] == placed


def test_text_that_nfc_expands_goes_alone():
    """A character that NFC turns into two gives two normalised positions one offset, so two
    different texts could end on one ``(start, end)``: such a document is placed span by span
    (by ``align_spans``), beside a document placed with the batch."""
    # U+0958 is not NFC: its NFC form (two characters) both map to offset 0, so the nukta
    # alone and the whole letter would both end on (0, 1); span by span the second finds it held
    _check([("\u0958", [(None, None, "\u0958"), (None, None, "\u093c")]), ("\u0958 \u0958", [(None, None, "\u0915\u093c"), (None, None, "\u0915"), (None, None, "\u0958")]),
            ("بغداد ثم بغداد", [(None, None, "بغداد")] * 2)])


@settings(max_examples=300, deadline=None)
@given(batch=st.lists(st.one_of(texts, plain_texts), max_size=8))
def test_identity_normalized_is_normalize_where_the_map_back_is_the_identity(batch):
    """Each text's normalised form when it is NFC and nothing of it is dropped (the map back
    is the identity), None otherwise: for batches of plain texts, texts with harakat, controls,
    NUL or not NFC, and mixes of them."""
    want = [normalize(t) if unicodedata.is_normalized("NFC", t) and not any(map(is_dropped, t)) else None for t in batch]
    assert identity_normalized(batch) == want


@settings(max_examples=300, deadline=None)
@given(batch=st.lists(st.one_of(texts, plain_texts, st.sampled_from(["", "\0", "ب\0ت", "\0\u064e"])), max_size=8))
def test_normalize_all_is_normalize_of_each(batch):
    """The span texts of a batch normalised in one call: as each alone, whatever the texts
    (empty, NUL inside or at an edge, harakat, controls, not NFC) and however many (none)."""
    assert normalize_all(batch) == [normalize(t) for t in batch]
