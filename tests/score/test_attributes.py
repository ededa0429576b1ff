"""Quote and claim attributes, end-to-end scores, string-anchored alignment."""

from annotator.model import Annotation, Prediction
from annotator.score.align import AlignStats, Finder, align_spans
from annotator.score.attributes import value_correct
from annotator.score.document import score_document
from helpers import gold_record, pred_record

TEXT = "قال لويد أوستن إن «التعاون مستمر» وأضاف أن 2500 جندي سيبقون. وقال محمد العباسي إن «الحوار مثمر»."


def at(word, occurrence=0):
    s = -1
    for _ in range(occurrence + 1):
        s = TEXT.index(word, s + 1)
    return s, s + len(word)


def ent(id, word, label="PER"):
    s, e = at(word)
    return {"id": id, "start": s, "end": e, "text": word, "label": label}


def quote(id, word, speaker, cue=None, kind="direct"):
    s, e = at(word)
    c = None
    if cue:
        cs, ce = at(cue)
        c = {"start": cs, "end": ce, "text": cue}
    return {"id": id, "start": s, "end": e, "text": word, "kind": kind, "speaker": speaker, "cue": c}


GOLD_ENTITIES = [ent("e1", "لويد أوستن"), ent("e2", "محمد العباسي")]
GOLD_QUOTES = [quote("q1", "التعاون مستمر", "e1", "قال"), quote("q2", "الحوار مثمر", "e2", "وقال")]


def score(pred_quotes=(), pred_entities=(), claims_gold=(), claims_pred=()):
    # the scorer reads records as plain dicts, validated by the models (model_dump fills the defaults)
    gold = Annotation.model_validate(gold_record("d", TEXT, GOLD_ENTITIES, GOLD_QUOTES, claims_gold)).model_dump()
    pred = Prediction.model_validate(pred_record("d", TEXT, list(pred_entities), list(pred_quotes), list(claims_pred))).model_dump()
    return score_document(gold, pred, TEXT)


def test_speaker_by_overlapping_mention_by_id():
    doc = score(
        [{**quote("a", "التعاون مستمر", "p1", "قال"), "id": None}, {**quote("b", "الحوار مثمر", "p1", "قال"), "id": None}],
        [{"id": "p1", **{k: v for k, v in ent("x", "لويد أوستن").items() if k != "id"}}],
    )
    assert doc.attributes["quotes.speaker"].as_dict() == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert doc.end_to_end["quotes"].as_dict()["correct"] == 1


def test_speaker_by_text_after_normalisation_and_by_span_ref():
    s, e = at("محمد العباسي")
    doc = score([
        {"start": at("التعاون مستمر")[0], "end": at("التعاون مستمر")[1], "text": "التعاون مستمر", "speaker": {"text": "لويد اوستن"}},
        {"start": at("الحوار مثمر")[0], "end": at("الحوار مثمر")[1], "text": "الحوار مثمر", "speaker": {"start": s, "end": e, "text": "محمد العباسي"}},
    ])
    assert doc.attributes["quotes.speaker"].correct == 2


def test_missing_speaker_is_wrong_and_cue_and_kind_are_scored():
    s, e = at("التعاون مستمر")
    cs, ce = at("وقال")
    doc = score([{"start": s, "end": e, "text": "التعاون مستمر", "kind": "indirect", "cue": {"start": cs + 1, "end": ce, "text": "قال"}}])
    assert doc.attributes["quotes.speaker"].correct == 0
    assert doc.attributes["quotes.kind"].as_dict() == {"correct": 0, "total": 1, "accuracy": 0.0}
    # gold cue of q1 is the first قال; the prediction points at the قال inside وقال: a different place
    assert doc.attributes["quotes.cue"].correct == 0
    e2e = doc.end_to_end["quotes"]
    assert (e2e.correct, e2e.actual, e2e.possible) == (0, 1, 2)


def test_claim_value_unit_kind_and_end_to_end():
    s, e = at("2500 جندي")
    gold = [{"id": "c1", "start": s, "end": e, "text": "2500 جندي", "kind": "count", "value": 2500, "unit": "soldier", "approx": False, "time": None, "place": [], "source": "e1"}]
    pred = [{"start": s, "end": e, "text": "2500 جندي", "kind": "count", "value": 2500.0000000001, "unit": "troop"}]
    doc = score(claims_gold=gold, claims_pred=pred)
    assert doc.attributes["claims.value"].correct == 1
    assert doc.attributes["claims.unit"].correct == 0
    assert doc.attributes["claims.kind"].correct == 1
    assert doc.end_to_end["claims"].correct == 1


def test_value_rules():
    assert value_correct(2500, 2500.0)
    assert value_correct(0.1 + 0.2, 0.3)
    assert not value_correct(2500, 2501)
    assert value_correct(100, 101, rel_tol=0.02)
    assert value_correct("2023-08", " 2023-08 ")
    assert not value_correct("2023-08", "2023-09")
    assert not value_correct("2023", 2023)
    assert value_correct(None, None) and not value_correct(None, 0)


def test_alignment_takes_free_occurrences_in_order():
    text = "بغداد ثم بغداد ثم البصرة"
    stats = AlignStats()
    placed = align_spans(Finder(text), [(None, None, "بغداد"), (None, None, "بغداد"), (None, None, "بغداد"), (None, None, "البصرة"), (None, None, "الموصل")], stats)
    assert placed == [(0, 5), (9, 14), None, (18, 24), None]
    assert stats.as_dict() == {"aligned": 1, "ambiguous": 2, "not_found": 2}


def test_alignment_respects_offsets_given_by_other_predictions():
    text = "بغداد ثم بغداد"
    stats = AlignStats()
    assert align_spans(Finder(text), [(0, 5, "بغداد"), (None, None, "بغداد")], stats) == [(0, 5), (9, 14)]


def test_alignment_ignores_harakat_and_hamza_forms():
    text = "قال الرئيسُ إنّ"
    assert Finder(text).find("الرئيس") == [(4, 11)]  # the damma stays with its letter
    assert Finder(text).find("ان") == [(12, 15)]


def test_finder_agrees_with_find_all():
    from annotator.text.arabic import find_all

    text = "قال الرئيسُ إنّ الرئيس سيزور بغداد، وأكد أن بغداد ستستقبله"
    finder = Finder(text)
    for query in ("الرئيس", "بغداد", "أن", "ان", "ّ", "غير موجود", "ستستقبله"):
        assert finder.find(query) == find_all(text, query)


def test_string_anchored_entities_are_scored_after_alignment():
    doc = score(pred_entities=[{"text": "محمد العباسي", "label": "PER"}, {"text": "غير موجود", "label": "PER"}])
    counts = doc.layers["entities"].counts["strict"]
    assert counts.as_list() == [1, 0, 0, 1, 1]
    assert doc.alignment["entities"].as_dict() == {"aligned": 1, "ambiguous": 0, "not_found": 1}
