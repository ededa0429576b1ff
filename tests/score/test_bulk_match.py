"""The components of the overlap graph that the bulk lane's matching takes apart
(``annotator.score.match.components``): its shortcuts for graphs of single edges and of stars
(one span of a side and every span of the other side that overlaps it, which string-anchored
predictions leave by the thousand) give what union-find gives, in the same order."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.score.match import _linked, components

_PAIRS = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), unique=True, max_size=30)


@st.composite
def _stars(draw, side: int):
    """Pairs in which every span of the side other than ``side`` is in one pair (each of it
    in a component around one span of ``side``), shuffled."""
    centres = draw(st.lists(st.integers(0, 40), unique=True, min_size=1, max_size=12))
    leaves = iter(draw(st.permutations(range(80))))
    pairs = [(c, next(leaves)) for c in centres for _ in range(draw(st.integers(1, 4)))]
    pairs = [pair if side == 0 else pair[::-1] for pair in pairs]
    return draw(st.permutations(pairs))


@settings(max_examples=300, deadline=None)
@given(_PAIRS)
def test_any_graph_as_union_find_gives_it(pairs):
    assert components(pairs) == _linked(pairs)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_stars(0), _stars(1)))
def test_stars_as_union_find_gives_them(pairs):
    assert components(pairs) == _linked(pairs)


def test_stars_of_either_side_are_each_one_component():
    pairs = [(3, 7), (3, 1), (0, 9), (3, 4)]  # gold 3 overlaps three predictions
    assert components(pairs) == [([0], [9], [(0, 9)]), ([3], [1, 4, 7], [(3, 7), (3, 1), (3, 4)])]
    pairs = [(5, 2), (1, 2), (4, 0)]  # prediction 2 overlaps two gold spans
    assert components(pairs) == [([1, 5], [2], [(5, 2), (1, 2)]), ([4], [0], [(4, 0)])]
