"""Span, attribute and chance-corrected agreement on real and fixture annotations."""

import subprocess
import sys

import pytest

from annotator.agree.compute import agree_files
from annotator.score.engine import ScoreInputError, score_files
from annotator.score.schemes import SCHEMES

from agree.helpers import DATA, GOLD, renamed

LAYERS = ("entities", "quotes", "claims")


def test_fixture_is_built_by_its_script():
    out = subprocess.run([sys.executable, str(DATA / "build_fixture.py"), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_a_file_agrees_with_itself_under_every_scheme(tmp_path):
    report = agree_files([GOLD, renamed(GOLD, tmp_path / "twin.jsonl", "twin")])
    m = report["metrics"]
    for layer in LAYERS:
        for scheme in SCHEMES:
            assert m[f"{layer}.{scheme}.f1"] == 1.0, (layer, scheme)
        assert m[f"{layer}.alpha"] == pytest.approx(1.0)
    for name in ("entities.label", "quotes.kind", "claims.kind", "claims.unit"):
        assert m[f"{name}.cohen_kappa"] == pytest.approx(1.0)
    for name in ("quotes.speaker", "quotes.cue", "claims.value", "claims.time", "claims.place"):
        assert m[f"{name}.agreement"] == 1.0


def _pair_files(tmp_path):
    """Two real annotators of the fixture (a and b) as separate files, b's drafts dropped."""
    import json

    a = [line for line in (DATA / "ann_a.jsonl").read_text(encoding="utf-8").splitlines()]
    b = [line for line in (DATA / "ann_b.jsonl").read_text(encoding="utf-8").splitlines() if json.loads(line)["status"] == "done"]
    docs = {json.loads(line)["doc_id"] for line in b}
    pa = tmp_path / "a.jsonl"
    pa.write_text("\n".join(x for x in a if json.loads(x)["doc_id"] in docs) + "\n", encoding="utf-8")
    pb = tmp_path / "b.jsonl"
    pb.write_text("\n".join(b) + "\n", encoding="utf-8")
    return pa, pb


def test_f1_agreement_equals_the_scorers_f1_with_one_file_as_gold(tmp_path):
    a, b = _pair_files(tmp_path)
    agreed = agree_files([a, b])["metrics"]
    scored = score_files([a], [b]).data["layers"]
    for layer in LAYERS:
        for scheme in SCHEMES:
            assert agreed[f"{layer}.{scheme}.f1"] == pytest.approx(scored[layer]["schemes"][scheme]["f1"]), (layer, scheme)


def test_agreement_is_symmetric(tmp_path):
    a, b = _pair_files(tmp_path)
    one = agree_files([a, b])["metrics"]
    for layer in LAYERS:
        scored_ab = score_files([a], [b]).data["layers"][layer]["schemes"]
        scored_ba = score_files([b], [a]).data["layers"][layer]["schemes"]
        for scheme in SCHEMES:
            assert scored_ab[scheme]["f1"] == pytest.approx(scored_ba[scheme]["f1"])
    # the same annotators under other names, so that the pair is ordered the other way round
    swapped = agree_files([renamed(a, tmp_path / "a2.jsonl", "z"), b])["metrics"]
    for name, value in one.items():
        if not name.startswith("pair."):
            assert swapped[name] == pytest.approx(value) if value is not None else swapped[name] is None, name


def test_fixture_planned_disagreements():
    report = agree_files([DATA])
    m = report["metrics"]
    docs = report["documents"]
    assert docs["compared"] == 6
    assert docs["single_annotator"] == {"fx4": "a"}
    assert docs["drafts_excluded"] == [["fx5", "b"]]
    # fx2: b's أوستن without لويد is not strict but is type/overlap; بغداد LOC is exact, not strict
    ab = report["layers"]["entities"]["schemes"]
    assert ab["strict"]["pairs"]["a~b"]["correct"] == 8  # fx1 (3) + fx3 (2) + قوات الأمن العراقية + fx7 (2)
    assert ab["exact"]["pairs"]["a~b"]["correct"] == 9  # + بغداد GPE/LOC
    assert ab["type"]["pairs"]["a~b"]["correct"] == 10  # + أوستن / لويد أوستن
    assert ab["boundary-lenient"]["pairs"]["a~b"]["correct"] == 9  # والعراق / العراق; not أوستن
    # c missed قوات الأمن العراقية and fx7's outer ORG (it marked only the nested داعش), added وزير الدفاع
    ac = ab["strict"]["pairs"]["a~c"]
    assert (ac["missed"], ac["spurious"]) == (2, 1)
    # attributes: b mixed kind and no cue, c no speaker; b unit/time, c value/place
    att = report["attributes"]
    assert att["quotes.kind"]["pairs"]["a~b"]["agree"] == 2 and att["quotes.kind"]["pairs"]["a~b"]["total"] == 3
    assert att["quotes.speaker"]["pairs"]["a~c"]["agree"] == 2 and att["quotes.speaker"]["pairs"]["a~c"]["total"] == 3
    assert att["claims.unit"]["pairs"]["a~b"]["agree"] == 3 and att["claims.kind"]["pairs"]["a~b"]["agree"] == 3  # fx3 unit, fx7 kind
    assert att["claims.time"]["pairs"]["a~b"]["agree"] == 3
    assert att["claims.approx"]["pairs"]["a~b"]["agree"] == 3 and att["claims.approx"]["pairs"]["a~c"]["agree"] == 4  # fx7: b drops نحو
    assert att["claims.value"]["pairs"]["a~c"]["agree"] == 3
    assert att["claims.place"]["pairs"]["a~c"]["agree"] == 2 and att["claims.place"]["pairs"]["a~c"]["total"] == 4
    assert att["claims.source"]["pairs"]["a~c"]["agree"] == 2 and att["claims.source"]["pairs"]["a~b"]["agree"] == 4
    # fx5: c's quote keeps the quotation marks: overlapping, not the same boundaries
    assert report["layers"]["quotes"]["schemes"]["strict"]["pairs"]["a~c"]["incorrect"] == 1
    assert report["layers"]["quotes"]["schemes"]["overlap"]["pairs"]["a~c"]["correct"] == 3
    assert report["layers"]["quotes"]["schemes"]["overlap"]["pairs"]["a~c"]["missed"] == 1  # fx7: c has no quote
    # ranking: the document with most disagreement first; the empty one last and undefined
    ranking = [r["doc_id"] for r in report["per_document"]]
    assert ranking[:2] == ["fx2", "fx7"] and ranking[-1] == "fx6"
    assert report["per_document"][-1]["strict_f1"] is None
    # Fleiss' items: the spans matched across annotators
    assert report["kappa"]["quotes.kind"]["items"] == 4
    assert report["kappa"]["claims.kind"]["pairs"]["a~c"] == 1.0 and report["kappa"]["claims.kind"]["pairs"]["a~b"] < 1.0
    assert m["entities.label.fleiss_kappa"] is not None and m["entities.label.fleiss_kappa"] < 1.0


def test_include_drafts_compares_them():
    report = agree_files([DATA], include_drafts=True)
    assert report["documents"]["drafts_excluded"] == []
    fx5 = next(r for r in report["per_document"] if r["doc_id"] == "fx5")
    assert fx5["annotators"] == ["a", "b", "c"]


def test_degenerate_pairs(tmp_path):
    """no spans at all, one annotator empty, disjoint annotations: undefined, 0, and below 0."""
    from annotator.model import text_sha256

    import json

    text = "قال أوستن إن داعش هزم"
    def rec(who, entities):
        return json.dumps({"schema_version": "1", "doc_id": "t", "text_sha256": text_sha256(text), "annotator": who, "status": "done",
                           "text": text, "entities": entities, "quotes": [], "claims": []}, ensure_ascii=False)
    def ent(word, label="ORG"):
        s = text.index(word)
        return {"id": f"e{s}", "start": s, "end": s + len(word), "text": word, "label": label}

    def run(ea, eb):
        (tmp_path / "x.jsonl").write_text(rec("x", ea) + "\n", encoding="utf-8")
        (tmp_path / "y.jsonl").write_text(rec("y", eb) + "\n", encoding="utf-8")
        return agree_files([tmp_path / "x.jsonl", tmp_path / "y.jsonl"])["metrics"]

    none = run([], [])
    assert none["entities.strict.f1"] is None and none["entities.alpha"] is None
    empty = run([ent("داعش")], [])
    assert empty["entities.strict.f1"] == 0.0 and empty["entities.alpha"] < 0
    disjoint = run([ent("داعش")], [ent("أوستن", "PER")])
    assert disjoint["entities.strict.f1"] == 0.0 and disjoint["entities.alpha"] < 0
    assert disjoint["entities.label.cohen_kappa"] is None  # no matched pair: nothing to correct for chance


def test_two_records_of_one_annotator_for_a_document_is_an_error(tmp_path):
    twice = tmp_path / "twice.jsonl"
    line = (DATA / "ann_a.jsonl").read_text(encoding="utf-8").splitlines()[0]
    twice.write_text(line + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ScoreInputError) as e:
        agree_files([twice])
    assert "twice.jsonl:2: doc_id: a second record of 'a' for document 'fx1'" in e.value.lines[0]


def test_curation_against_gold():
    report = agree_files([DATA], against=DATA / "ann_a.jsonl")
    cur = report["curation"]["annotators"]
    assert cur["a"]["layers"]["entities"]["f1"] == 1.0
    # per gold label (the scorer's rows): of a's 5 GPE spans b has بغداد as LOC and والعراق
    # with its proclitic, so 3 are strictly right
    assert "LOC" not in cur["b"]["labels"] and (cur["b"]["labels"]["GPE"]["correct"], cur["b"]["labels"]["GPE"]["possible"]) == (3, 5)
    assert cur["c"]["labels"]["PER"]["f1"] == 1.0
    assert cur["b"]["documents"] == 4 and cur["c"]["documents"] == 6
