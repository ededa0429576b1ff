"""The peer suite: nervaluate's own test cases and the SemEval-2013 task 9.1 scenario table,
converted to half-open offsets. Counts are (correct, incorrect, partial, missed, spurious);
nervaluate's ``ent_type`` is our ``type``.

Where nervaluate's number comes from one of its bugs, the test states the correct number
and says why (the ``*_differs_*`` tests at the end); each of them also runs nervaluate 1.2 to
show the number it gives, so the difference is demonstrated, not just claimed.
"""

import pytest

from helpers import counts, inclusive

nervaluate = pytest.importorskip("nervaluate")

COR, INC, PAR, MIS, SPU = (1, 0, 0, 0, 0), (0, 1, 0, 0, 0), (0, 0, 1, 0, 0), (0, 0, 0, 1, 0), (0, 0, 0, 0, 1)


def four(result):
    return {k: result[k] for k in ("strict", "exact", "partial", "type")}


# SemEval-2013 task 9.1 scenarios, as tabulated in nervaluate's README (Batista's table):
# scenario: gold, pred, expected outcome per scheme (type, partial, exact, strict).
SEMEVAL = {
    "I same span and type": ([(10, 20, "PER")], [(10, 20, "PER")], dict(type=COR, partial=COR, exact=COR, strict=COR)),
    "II spurious": ([], [(10, 20, "PER")], dict(type=SPU, partial=SPU, exact=SPU, strict=SPU)),
    "III missed": ([(10, 20, "PER")], [], dict(type=MIS, partial=MIS, exact=MIS, strict=MIS)),
    "IV same span, wrong type": ([(10, 20, "PER")], [(10, 20, "ORG")], dict(type=INC, partial=COR, exact=COR, strict=INC)),
    "V overlap, same type": ([(10, 20, "PER")], [(12, 20, "PER")], dict(type=COR, partial=PAR, exact=INC, strict=INC)),
    "VI overlap, wrong type": ([(10, 20, "PER")], [(12, 25, "ORG")], dict(type=INC, partial=PAR, exact=INC, strict=INC)),
}


@pytest.mark.parametrize("name", SEMEVAL)
def test_semeval_scenarios(name):
    gold, pred, expected = SEMEVAL[name]
    got = counts(gold, pred)
    for scheme, outcome in expected.items():
        assert got[scheme] == outcome, (name, scheme)


# nervaluate tests/test_strategies.py: 'The John Smith who works at Google Inc' as tokens
# (BIO -> half-open token spans) and the nested 'Treaty of Westphalia' character spans.
BASE = [(1, 3, "PER"), (6, 8, "ORG")]
NESTED = [(4, 37, "EVENT"), (4, 24, "EVENT"), (14, 24, "LOCATION"), (51, 55, "DATE")]

STRATEGY_CASES = {
    # name: (gold, pred, strict, exact, partial, type)
    "perfect match": (BASE, BASE, (2, 0, 0, 0, 0), (2, 0, 0, 0, 0), (2, 0, 0, 0, 0), (2, 0, 0, 0, 0)),
    "perfect match nested": (NESTED, NESTED, (4, 0, 0, 0, 0), (4, 0, 0, 0, 0), (4, 0, 0, 0, 0), (4, 0, 0, 0, 0)),
    "perfect match nested, reversed": (NESTED, NESTED[::-1], (4, 0, 0, 0, 0), (4, 0, 0, 0, 0), (4, 0, 0, 0, 0), (4, 0, 0, 0, 0)),
    "missed entity": (BASE, BASE[:1], (1, 0, 0, 1, 0), (1, 0, 0, 1, 0), (1, 0, 0, 1, 0), (1, 0, 0, 1, 0)),
    "missed nested": (NESTED, NESTED[1:], (3, 0, 0, 1, 0), (3, 0, 0, 1, 0), (3, 0, 0, 1, 0), (3, 0, 0, 1, 0)),
    "wrong label": (BASE, [(1, 3, "PER"), (6, 8, "LOC")], (1, 1, 0, 0, 0), (2, 0, 0, 0, 0), (2, 0, 0, 0, 0), (1, 1, 0, 0, 0)),
    "wrong label nested": (NESTED, [NESTED[0], (4, 24, "DATE"), *NESTED[2:]], (3, 1, 0, 0, 0), (4, 0, 0, 0, 0), (4, 0, 0, 0, 0), (3, 1, 0, 0, 0)),
    "wrong boundary": (BASE, [(1, 3, "PER"), (6, 7, "LOC")], (1, 1, 0, 0, 0), (1, 1, 0, 0, 0), (1, 0, 1, 0, 0), (1, 1, 0, 0, 0)),
    "wrong boundary nested": (NESTED, [NESTED[0], (4, 30, "EVENT"), *NESTED[2:]], (3, 1, 0, 0, 0), (3, 1, 0, 0, 0), (3, 0, 1, 0, 0), (4, 0, 0, 0, 0)),
    "extra entity nested": (NESTED, [*NESTED, (60, 65, "MISC")], (4, 0, 0, 0, 1), (4, 0, 0, 0, 1), (4, 0, 0, 0, 1), (4, 0, 0, 0, 1)),
    "wrong boundary and label nested": (NESTED, [NESTED[0], (4, 30, "DATE"), *NESTED[2:]], (3, 1, 0, 0, 0), (3, 1, 0, 0, 0), (3, 0, 1, 0, 0), (3, 1, 0, 0, 0)),
    "shifted boundary": (BASE, [(1, 3, "PER"), (7, 8, "LOC")], (1, 1, 0, 0, 0), (1, 1, 0, 0, 0), (1, 0, 1, 0, 0), (1, 1, 0, 0, 0)),
    "extra entity": (BASE, [(1, 3, "PER"), (4, 5, "PER"), (6, 8, "LOC")], (1, 1, 0, 0, 1), (2, 0, 0, 0, 1), (2, 0, 0, 0, 1), (1, 1, 0, 0, 1)),
}


@pytest.mark.parametrize("name", STRATEGY_CASES)
def test_nervaluate_strategy_cases(name):
    gold, pred, strict, exact, partial, type_ = STRATEGY_CASES[name]
    assert four(counts(gold, pred)) == {"strict": strict, "exact": exact, "partial": partial, "type": type_}


# nervaluate tests/test_evaluator.py (inclusive dict offsets, converted with end + 1)
EVALUATOR_CASES = {
    "simple case": (
        [[{"label": "PER", "start": 2, "end": 4}], [{"label": "LOC", "start": 1, "end": 2}, {"label": "LOC", "start": 3, "end": 4}]],
        [[{"label": "PER", "start": 2, "end": 4}], [{"label": "LOC", "start": 1, "end": 2}, {"label": "LOC", "start": 3, "end": 4}]],
        {"strict": (3, 0, 0, 0, 0), "exact": (3, 0, 0, 0, 0), "partial": (3, 0, 0, 0, 0), "type": (3, 0, 0, 0, 0)},
    ),
    "extra classes": (
        [[{"label": "ORG", "start": 1, "end": 3}]],
        [[{"label": "FOO", "start": 1, "end": 3}]],
        {"strict": (0, 1, 0, 0, 0), "exact": (1, 0, 0, 0, 0), "partial": (1, 0, 0, 0, 0), "type": (0, 1, 0, 0, 0)},
    ),
    "no entities in prediction": (
        [[{"label": "PER", "start": 2, "end": 4}]],
        [[]],
        {"strict": (0, 0, 0, 1, 0), "exact": (0, 0, 0, 1, 0), "partial": (0, 0, 0, 1, 0), "type": (0, 0, 0, 1, 0)},
    ),
    "label not in the test data": (
        [[], [{"label": "ORG", "start": 2, "end": 4}], [{"label": "MISC", "start": 2, "end": 4}]],
        [[{"label": "PER", "start": 2, "end": 4}], [{"label": "ORG", "start": 2, "end": 4}], [{"label": "MISC", "start": 2, "end": 4}]],
        {"strict": (2, 0, 0, 0, 1), "exact": (2, 0, 0, 0, 1), "partial": (2, 0, 0, 0, 1), "type": (2, 0, 0, 0, 1)},
    ),
    "issue 29 (one gold split in two predictions)": (
        [[{"label": "PER", "start": 1, "end": 2}, {"label": "PER", "start": 3, "end": 10}]],
        [[{"label": "PER", "start": 1, "end": 2}, {"label": "PER", "start": 3, "end": 5}, {"label": "PER", "start": 6, "end": 10}]],
        {"strict": (1, 1, 0, 0, 1), "exact": (1, 1, 0, 0, 1), "partial": (1, 0, 1, 0, 1), "type": (2, 0, 0, 0, 1)},
    ),
}


def _sum_docs(true_docs, pred_docs):
    total: dict[str, list[int]] = {}
    for t, p in zip(true_docs, pred_docs):
        for scheme, row in four(counts(inclusive(t), inclusive(p))).items():
            acc = total.setdefault(scheme, [0] * 5)
            for i, v in enumerate(row):
                acc[i] += v
    return {k: tuple(v) for k, v in total.items()}


@pytest.mark.parametrize("name", EVALUATOR_CASES)
def test_nervaluate_evaluator_cases(name):
    true, pred, expected = EVALUATOR_CASES[name]
    assert _sum_docs(true, pred) == expected


@pytest.mark.parametrize("name", EVALUATOR_CASES)
def test_nervaluate_agrees_on_its_own_cases(name):
    """These cases avoid its bugs, so nervaluate 1.2 gives the same counts we do."""
    true, pred, expected = EVALUATOR_CASES[name]
    tags = sorted({e["label"] for doc in true + pred for e in doc})
    result = nervaluate.Evaluator(true, pred, tags=tags, loader="dict").evaluate()["overall"]
    for ours, theirs in (("strict", "strict"), ("exact", "exact"), ("partial", "partial"), ("type", "ent_type")):
        r = result[theirs]
        assert (r.correct, r.incorrect, r.partial, r.missed, r.spurious) == expected[ours]


def _nv(true, pred, tags=("PER", "ORG")):
    """nervaluate 1.2 on half-open dict spans, as its users feed character offsets."""
    return nervaluate.Evaluator(true, pred, tags=list(tags), loader="dict").evaluate()


def test_adjacent_spans_differs_from_nervaluate():
    """Half-open [0,5) and [5,9) only touch: no overlap, so a miss and a spurious prediction.
    nervaluate compares ends as inclusive (``pred.start > true.end``) and counts them as
    overlapping: strict incorrect 1, type correct 1."""
    gold, pred = [(0, 5, "PER")], [(5, 9, "PER")]
    expected = (0, 0, 0, 1, 1)
    assert four(counts(gold, pred)) == {s: expected for s in ("strict", "exact", "partial", "type")}
    theirs = _nv([[{"label": "PER", "start": 0, "end": 5}]], [[{"label": "PER", "start": 5, "end": 9}]])["overall"]
    assert (theirs["ent_type"].correct, theirs["ent_type"].missed) == (1, 0)  # its bug, for the record


def test_prediction_order_differs_from_nervaluate():
    """Gold PER [0,10); predictions [2,5) and [0,10). The exact prediction must be the match
    whatever order the predictions come in: strict correct 1, spurious 1. nervaluate matches
    the first overlapping prediction it meets, so with [2,5) first it reports strict
    incorrect 1, spurious 1 (correct 0)."""
    gold = [(0, 10, "PER")]
    a, b = (2, 5, "PER"), (0, 10, "PER")
    assert counts(gold, [a, b]) == counts(gold, [b, a])
    assert counts(gold, [a, b])["strict"] == (1, 0, 0, 0, 1)
    first = _nv([[{"label": "PER", "start": 0, "end": 9}]], [[{"label": "PER", "start": 2, "end": 4}, {"label": "PER", "start": 0, "end": 9}]])
    assert first["overall"]["strict"].correct == 0  # its bug, for the record


def test_label_rows_add_up_differs_from_nervaluate():
    """Gold PER [0,5), prediction ORG [0,5): one strict 'incorrect'. Our label rows put the
    pair under its gold label, so the rows add up to the total (PER incorrect 1). nervaluate
    scores each label separately (PER missed 1, ORG spurious 1), which does not add up to
    its own total (incorrect 1)."""
    from annotator.score.schemes import score_layer

    result = score_layer([(0, 5, "PER")], [(0, 5, "ORG")], "x" * 10)
    rows = result.by_label["strict"]
    assert {k: v.as_list() for k, v in rows.items()} == {"PER": [0, 1, 0, 0, 0]}
    theirs = _nv([[{"label": "PER", "start": 0, "end": 4}]], [[{"label": "ORG", "start": 0, "end": 4}]])
    assert theirs["entities"]["PER"]["strict"].missed == 1 and theirs["overall"]["strict"].incorrect == 1


def test_one_prediction_counts_once_against_two_gold_spans():
    """A prediction over two gold spans takes part in one match only (the larger overlap);
    the other gold span is missed: partial 1, missed 1, never two partial credits."""
    gold = [(0, 5, "PER"), (6, 10, "PER")]
    pred = [(0, 10, "PER")]
    assert counts(gold, pred)["partial"] == (0, 0, 1, 1, 0)


def test_duplicate_prediction_is_spurious():
    gold = [(0, 5, "PER")]
    assert counts(gold, [(0, 5, "PER"), (0, 5, "PER")])["strict"] == (1, 0, 0, 0, 1)


def test_partial_credit_survives_merging_documents():
    """Two documents, one exact and one partial match: partial precision is (1 + 0.5) / 2."""
    from annotator.score.counts import Counts

    total = Counts()
    for gold, pred in (([(0, 4, "PER")], [(0, 2, "PER")]), ([(0, 4, "PER")], [(0, 4, "PER")])):
        total.add(Counts(*counts(gold, pred)["partial"]))
    assert total.metrics()[0] == pytest.approx(0.75)
