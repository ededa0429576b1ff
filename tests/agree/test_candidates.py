"""Adjudication candidates (grouped by the scorer's matching) and their span layers."""

import json

from annotator.adjudicate.candidates import candidates
from annotator.adjudicate.layers import candidate_layers
from annotator.view.layers import AGREED_MARKER, owner_markers

from agree.helpers import DATA


def fixture(doc: str) -> tuple[dict, str]:
    recs = {}
    for who in "abc":
        for line in (DATA / f"ann_{who}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            if rec["doc_id"] == doc:
                recs[who] = rec
    return recs, next(iter(recs.values()))["text"]


def test_agreed_only_when_every_annotator_has_the_same_span_and_attributes():
    recs, text = fixture("fx1")
    cands = candidates(recs, text)
    assert all(c.agreed for c in cands) and len(cands) == 5
    recs, text = fixture("fx3")
    quote = next(c for c in candidates(recs, text) if c.layer == "quote")
    assert not quote.agreed and quote.owners == ("a", "b", "c")
    assert quote.differing() == ["kind", "speaker", "cue"]
    assert quote.versions["c"]["speaker"] is None and quote.versions["a"]["speaker"][2] == "القيادة المركزية"


def test_versions_of_one_span_are_grouped_and_owned():
    recs, text = fixture("fx2")
    cands = candidates(recs, text)
    by_key = {c.key: c for c in cands}
    assert by_key["entity:16:26:PER"].owners == ("a", "c") and by_key["entity:21:26:PER"].owners == ("b",)
    assert by_key["entity:16:26:PER"].group == by_key["entity:21:26:PER"].group  # matched: one group, two versions
    assert by_key["entity:27:32:GPE"].group == by_key["entity:27:32:LOC"].group
    assert by_key["entity:4:15:ORG"].owners == ("c",)
    assert not any(c.agreed for c in cands)


def test_a_layer_per_annotator_and_one_for_agreed_spans():
    recs, text = fixture("fx3")
    cands = candidates(recs, text)
    layers = candidate_layers(cands, ["a", "b", "c"], lambda c: "open")
    assert [(layer.marker, layer.owner, layer.role) for layer in layers] == [(AGREED_MARKER, "all", "agreed"), ("A", "a", "other"), ("B", "b", "other"), ("C", "c", "other")]
    assert len(layers[0].spans) == 3 and all(len(layer.spans) == 2 for layer in layers[1:])
    closed = candidate_layers(cands, ["a", "b", "c"], lambda c: "accepted")
    assert not any(layer.spans for layer in closed)
    assert owner_markers(["x", "y"]) == {"x": "A", "y": "B"}


def test_a_record_is_the_own_layer_with_cues():
    from annotator.model import Annotation
    from annotator.view.layers import record_layer

    recs, _ = fixture("fx1")
    layer = record_layer(Annotation.model_validate(recs["a"]), "a")
    assert layer.role == "own" and layer.owner == "a"
    assert [(s.kind, s.key) for s in layer.spans] == [("entity", ("entity", "e1")), ("entity", ("entity", "e2")), ("entity", ("entity", "e3")),
                                                       ("quote", ("quote", "q1")), ("cue", ("cue", "q1")), ("claim", ("claim", "c1"))]
