"""Random corpora without the cases where nervaluate is wrong (no adjacent spans, no
duplicates, no span overlapping two on the other side): our four standard schemes give
exactly nervaluate's overall counts and precision, recall and F1."""

import random

import pytest

from annotator.score.counts import Counts
from annotator.score.schemes import SCHEMES, score_layer
from synth import LABELS, records

nervaluate = pytest.importorskip("nervaluate")

PAIRS = (("strict", "strict"), ("exact", "exact"), ("partial", "partial"), ("type", "ent_type"))


def _nv_input(recs):
    # nervaluate's dict loader reads inclusive ends
    return [[{"label": e["label"], "start": e["start"], "end": e["end"] - 1} for e in r["entities"]] for r in recs]


@pytest.mark.parametrize("seed", range(8))
def test_same_counts_as_nervaluate_on_random_corpora(seed):
    rng = random.Random(seed)
    golds, preds, texts = records(rng.randint(5, 40), rng.randint(1, 30), seed=seed, safe=True)
    ours = {name: [0] * 5 for name in SCHEMES}
    for g, p, t in zip(golds, preds, texts):
        result = score_layer(
            [(e["start"], e["end"], e["label"]) for e in g["entities"]], [(e["start"], e["end"], e["label"]) for e in p["entities"]], t
        )
        for name, c in result.counts.items():
            ours[name] = [a + b for a, b in zip(ours[name], c.as_list())]
    theirs = nervaluate.Evaluator(_nv_input(golds), _nv_input(preds), tags=LABELS, loader="dict").evaluate()["overall"]
    for mine, nv in PAIRS:
        r = theirs[nv]
        assert ours[mine] == [r.correct, r.incorrect, r.partial, r.missed, r.spurious], mine
        p, rc, f = Counts(*ours[mine]).metrics()
        assert (p, rc, f) == pytest.approx((r.precision, r.recall, r.f1))


def test_random_corpora_are_not_trivial():
    """The generator really produces every kind of outcome the comparison is about."""
    golds, preds, texts = records(30, 20, seed=1, safe=True)
    total = [0] * 5
    for g, p, t in zip(golds, preds, texts):
        c = score_layer([(e["start"], e["end"], e["label"]) for e in g["entities"]], [(e["start"], e["end"], e["label"]) for e in p["entities"]], t).counts["partial"]
        total = [a + b for a, b in zip(total, c.as_list())]
    correct, _, partial, missed, spurious = total
    assert correct and partial and missed and spurious
