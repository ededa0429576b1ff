"""The keystroke measurement (issue 13): the planner's pieces, and replays in the real app
that must save exactly the gold, from scratch and from the baseline's suggestions."""

import json
from pathlib import Path

import pytest

from annotator.io.corpus import Corpus
from annotator.model import Annotation, text_sha256
from annotator.tui.keystrokes.docmoves import DocKeys, View, marked_span, typed
from annotator.tui.keystrokes.formkeys import FormError, cycle_keys, place_keys, route, text_keys
from annotator.tui.keystrokes.plan import plan_from_scratch
from annotator.tui.keystrokes.record import content, differences
from annotator.tui.keystrokes.replay import replay
from annotator.tui.keystrokes.suggestplan import plan_with_suggestions, suggester_for
from annotator.tui.prefill import Candidate
from tui.helpers import DOC_A, make_corpus, span

HELDOUT = Path(__file__).resolve().parents[1] / "extract" / "heldout"


# -- the view's keys ----------------------------------------------------------------------


def test_typed_query_leaves_out_marks_tatweel_and_controls():
    assert typed("هجوماً\u200f") == "هجوما"
    assert typed("قـال") == "قال"


def test_select_uses_w_for_the_word_under_the_cursor():
    dk = DocKeys(DOC_A, 60)
    s, e = span(DOC_A, "الدفاع")
    keys, after = dk.select(View(s + 2), s, e)  # the cursor inside the word: w alone selects it
    assert keys == ["w"]
    assert marked_span(DOC_A, after) == (s, e)


def test_select_drops_a_proclitic_with_the_bracket_when_that_is_shortest():
    dk = DocKeys(DOC_A, 60)
    s, e = span(DOC_A, "داعش")
    keys, after = dk.select(View(0), s, e)
    # every key path is checked against the simulated view: the result selects the span
    view = View(0)
    for v in dk.views(view, keys):
        view = v
    assert marked_span(DOC_A, view) == (s, e) == marked_span(DOC_A, after)
    # nothing shorter exists: a search for the span itself costs / + 4 letters + enter
    assert len(keys) <= 6


def test_search_selects_the_first_match_at_or_after_the_cursor_and_n_the_next():
    text = "العراق ثم العراق ثم العراق"
    dk = DocKeys(text, 60)
    second = span(text, "العراق", 1)
    v = dk.search(View(1), "العراق")
    assert (v.anchor, v.cursor) == second
    v = dk.press(v, "n")
    assert (v.anchor, v.cursor) == span(text, "العراق", 2)
    v = dk.press(v, "n")  # wraps around, as the app does
    assert (v.anchor, v.cursor) == span(text, "العراق", 0)


def test_a_plan_reuses_the_last_search_with_n():
    text = "ثم " * 10 + "سوريا " + "ثم " * 80 + "سوريا"
    dk = DocKeys(text, 200)
    first, second = span(text, "سوريا", 0), span(text, "سوريا", 1)
    keys, view = dk.select(View(0), *first)
    assert keys[:3] == ["/", "س", "enter"] and view.query == "س"  # the shortest query, then extended
    keys2, _ = dk.select(View(first[0], None, None, view.query), *second)  # after marking: cursor at its start
    assert keys2[0] == "n" and len(keys2) == 2  # the search is still active: n, then extend


# -- forms --------------------------------------------------------------------------------


def test_cycle_keys_take_the_shorter_way_round():
    assert cycle_keys(0, 2, 8) == ["right", "right"]
    assert cycle_keys(0, 7, 8) == ["left"]
    assert cycle_keys(3, 3, 8) == []


def test_text_keys_keep_the_common_prefix_or_clear():
    assert text_keys("2023", "2024") == ["backspace", "4"]
    assert text_keys("attack", "") == ["ctrl+u"]
    assert text_keys("attack", "day") == ["ctrl+u", "d", "a", "y"]
    assert text_keys("", "usd") == ["u", "s", "d"]


def test_route_visits_rows_with_the_fewest_focus_moves_wrapping_around():
    assert route(7, {0: ["x"], 6: ["y"]}) == ["x", "up", "y"]
    assert route(7, {1: ["x"], 2: ["y"]}) == ["down", "x", "down", "y"]
    assert route(3, {}) == []


def test_place_keys_remove_from_the_end_and_add_from_the_pool():
    a, b, c = Candidate(0, 2, "أ", "e1"), Candidate(5, 7, "ب", "e2"), Candidate(9, 11, "ج", "e3")
    assert place_keys(["e1", "e2"], [a, b, c], ["e1"]) == ["left", "minus"]
    assert place_keys([], [a, b, c], ["e2", "e1"]) == ["space", "plus", "plus"]
    with pytest.raises(FormError):
        place_keys([], [a, b], ["e9"])


# -- whole documents ----------------------------------------------------------------------


def paragraph_fixture(tmp_path: Path) -> tuple[Path, dict]:
    """The held-out text's first paragraph as a document, with the gold spans inside it
    (3 entities, 2 quotes with cues and speakers, 2 claims with places and sources)."""
    doc = json.loads((HELDOUT / "documents.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = json.loads((HELDOUT / "gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    cut = doc["text"].index("\n")
    text = doc["text"][:cut]
    cdir = make_corpus(tmp_path / "corpus", {"p1": text})
    inside = {k: [s for s in gold[k] if s["end"] <= cut] for k in ("entities", "quotes", "claims")}
    record = {**gold, **inside, "doc_id": "p1", "text_sha256": text_sha256(text), "text": None}
    record = Annotation.model_validate({k: v for k, v in record.items() if v is not None}).model_dump(mode="json")
    assert [len(inside[k]) for k in ("entities", "quotes", "claims")] == [3, 2, 2]
    return cdir, record


def test_the_plan_from_scratch_makes_the_gold_in_the_shadow_session(tmp_path):
    cdir, gold = paragraph_fixture(tmp_path)
    plan = plan_from_scratch(Corpus.load(cdir), gold, 60)
    assert differences(plan.steps[-1].expect, content(gold)) == []
    assert plan.keys[-1] == "ctrl+s" and plan.keys.count("q") >= 2


def test_replay_from_scratch_reproduces_the_gold(tmp_path):
    cdir, gold = paragraph_fixture(tmp_path)
    plan, result = replay(cdir, gold, lambda corpus, width: plan_from_scratch(corpus, gold, width))
    assert result.problems == []
    assert result.ok and result.keys == len(plan.keys) > 20
    assert content(result.saved) == content(gold)


@pytest.mark.parametrize("strategy", ["walk", "accept-all"])
def test_replay_with_the_baselines_suggestions_reproduces_the_gold(tmp_path, strategy):
    from annotator.extract.command import run_extract
    from annotator.tui.suggest import SuggestApp

    cdir, gold = paragraph_fixture(tmp_path)
    pred = tmp_path / "pred.jsonl"
    assert run_extract(cdir, pred, quiet=True) == 0
    plan, result = replay(
        cdir, gold, lambda corpus, width: plan_with_suggestions(corpus, gold, width, pred, strategies=(strategy,)),
        prepare=lambda session: SuggestApp(session, suggester_for(session, pred, session.corpus)),
    )
    assert result.problems == []
    assert plan.strategy == strategy
    assert content(result.saved) == content(gold)
    if strategy == "walk":
        assert plan.steps[0].keys in (["a"], ["x"], ["i"])
    else:
        assert plan.keys[0] == "A"
    # the record says which annotations came from the extractor
    assert result.saved["meta"]["suggest"]["spans"]


def test_a_replay_that_does_not_reach_the_gold_says_what_differs(tmp_path):
    cdir, gold = paragraph_fixture(tmp_path)

    def short(corpus, width):
        plan = plan_from_scratch(corpus, gold, width)
        plan.steps = [plan.steps[0], plan.steps[-1]]  # only the first entity, then save
        return plan

    _, result = replay(cdir, gold, short)
    assert not result.ok
    assert any(p.startswith("quotes: missing") for p in result.problems)
    assert any(p.startswith("score: quotes strict F1 0.0000") for p in result.problems)
