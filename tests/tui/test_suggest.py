"""Pilot tests of ``annotate --suggest``: accept, reject, accept all, accept identical
mentions, undo and redo, editing an accepted suggestion, reopening; each asserts the saved file."""

import json
from pathlib import Path

from annotator.io.atomic import write_text_atomic
from annotator.suggest.load import read_prediction_file
from annotator.suggest.suggester import Suggester
from annotator.tui.forms import EntityForm
from annotator.tui.session import Session
from annotator.tui.suggest import SuggestApp
from annotator.validate.run import validate_files
from suggest.data import DOC, annotation, write_corpus, write_predictions
from tui.helpers import run_pilot, saved, span


def key(text: str, label: str, nth: int = 0) -> str:
    s, e = span(DOC, text, nth)
    return f"entity:{s}:{e}:{label}"


QUOTE = span(DOC, "لداعش خلايا نائمة")


class Setup:
    def __init__(self, tmp_path: Path, records: list[dict] | None = None) -> None:
        self.corpus = write_corpus(tmp_path / "corpus")
        self.pred = write_predictions(tmp_path / "pred.jsonl")
        self.out = tmp_path / "out.jsonl"
        if records:
            write_text_atomic(self.out, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), backup=False)

    def app(self, doc_id: str = "a") -> SuggestApp:
        session = Session.open(self.corpus, self.out, doc_id=doc_id, annotator="ana", lock=False)
        loaded = read_prediction_file(self.pred, self.corpus)
        return SuggestApp(session, Suggester(session, loaded.get, loaded.source, loaded.problems))

    def record(self, doc_id: str = "a") -> dict:
        return next((r for r in saved(self.out) if r["doc_id"] == doc_id), {"entities": [], "quotes": [], "claims": []})

    def entities(self) -> list[tuple[str, str]]:
        return [(e["text"], e["label"]) for e in self.record()["entities"]]

    def meta(self) -> dict:
        return (self.record().get("meta") or {}).get("suggest") or {}


def test_accept_reject_undo_redo_are_saved(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        app = pilot.app
        assert app.sugg.key == key("لويد أوستن", "PER")  # nothing at the cursor: the next one is current
        await pilot.press("a")
        assert t.entities() == [("لويد أوستن", "PER")]
        m = t.meta()
        assert m["sources"] == [{"name": "toy-extractor-1", "file": str(t.pred), "sha256": read_prediction_file(t.pred, t.corpus).source["sha256"]}]
        assert m["spans"]["e1"]["key"] == key("لويد أوستن", "PER") and m["spans"]["e1"]["source"] == 0 and m["spans"]["e1"]["edited"] is False
        assert app.current == ("entity", "e1")  # the accepted suggestion is the current annotation
        await pilot.press("a")  # the quote, with its speaker (the entity just accepted) and cue
        (quote,) = t.record()["quotes"]
        assert (quote["start"], quote["end"], quote["kind"], quote["speaker"], quote["cue"]["text"]) == (*QUOTE, "direct", "e1", "قال")
        assert t.meta()["spans"]["q1"]["key"] == f"quote:{QUOTE[0]}:{QUOTE[1]}"
        await pilot.press("x")  # داعش ORG, inside the quote
        assert t.meta()["rejected"] == [key("داعش", "ORG")]
        assert t.entities() == [("لويد أوستن", "PER")]
        await pilot.press("ctrl+z")
        assert t.meta()["rejected"] == []
        await pilot.press("ctrl+y")
        assert t.meta()["rejected"] == [key("داعش", "ORG")]
        await pilot.press("ctrl+z", "ctrl+z")  # the rejection, then the quote
        assert t.record()["quotes"] == [] and t.meta()["rejected"] == [] and set(t.meta()["spans"]) == {"e1"}
        await pilot.press("ctrl+y")
        assert len(t.record()["quotes"]) == 1 and set(t.meta()["spans"]) == {"e1", "q1"}
        assert app.core.counts() == {"open": 7, "conflict": 0, "accepted": 2, "rejected": 0, "present": 0}

    run_pilot(t.app(), script)
    report = validate_files([t.out], t.corpus.documents, t.corpus.labels)
    assert report.errors == 0, [f.format() for f in report.findings]


def test_accept_all_is_one_undo_step_and_leaves_conflicts(tmp_path):
    t = Setup(tmp_path, [annotation([("بغداد", "GPE", 0)])])  # made by hand: the LOC suggestion conflicts with it

    async def script(pilot):
        app = pilot.app
        assert app.core.counts()["conflict"] == 1
        assert app.query_one("#status").info.mode == "suggestions ?8 !1"
        await pilot.press("A")
        assert len(t.entities()) == 7  # the hand-made one and the 6 other suggested entities
        assert ("بغداد", "GPE") in t.entities() and ("بغداد", "LOC") not in t.entities()
        assert len(t.record()["quotes"]) == 1 and len(t.record()["claims"]) == 1
        claim = t.record()["claims"][0]
        place = next(e for e in t.record()["entities"] if e["id"] == claim["place"][0])
        assert (claim["value"], claim["unit"], place["text"]) == (153, "attack", "العراق")
        assert "1 conflict left" in app.message
        assert app.query_one("#status").info.mode == "suggestions ?0 !1"
        await pilot.press("ctrl+z")  # one step: back to the hand-made record
        assert t.entities() == [("بغداد", "GPE")] and t.meta() == {} and t.record()["quotes"] == []
        await pilot.press("ctrl+y")
        assert len(t.entities()) == 7
        await pilot.press("j")  # the conflict is what is left
        assert app.sugg.key == key("بغداد", "LOC") and app.doc.cursor == span(DOC, "بغداد")[0]
        await pilot.press("a")  # accepting a conflict replaces the annotation's label
        assert ("بغداد", "LOC") in t.entities() and ("بغداد", "GPE") not in t.entities()
        assert t.meta()["spans"]["e1"]["key"] == key("بغداد", "LOC")
        assert app.core.counts()["open"] + app.core.counts()["conflict"] == 0

    run_pilot(t.app(), script)


def test_accept_all_inside_the_selection(tmp_path):
    t = Setup(tmp_path)
    line2 = span(DOC, "وزار أوستن بغداد ثم عاد أوستن إلى واشنطن.")

    async def script(pilot):
        pilot.app.doc.select(*line2)
        await pilot.press("A")
        assert t.entities() == [("أوستن", "PER"), ("بغداد", "LOC"), ("أوستن", "PER"), ("واشنطن", "GPE")]
        assert pilot.app.core.counts()["open"] == 5

    run_pilot(t.app(), script)


def test_accept_every_identical_mention_as_one_step(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        app = pilot.app
        app.doc.move_to(span(DOC, "أوستن", 1)[0])
        await pilot.pause()
        assert app.sugg.key == key("أوستن", "PER", 1)
        await pilot.press("i")  # both أوستن PER; not لويد أوستن (another string)
        assert t.entities() == [("أوستن", "PER"), ("أوستن", "PER")]
        assert sorted(v["key"] for v in t.meta()["spans"].values()) == sorted([key("أوستن", "PER", 1), key("أوستن", "PER", 2)])
        await pilot.press("ctrl+z")
        assert t.entities() == []
        await pilot.press("ctrl+y")
        assert len(t.entities()) == 2

    run_pilot(t.app(), script)


def test_an_accepted_suggestion_edited_afterwards_is_marked_edited(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        await pilot.press("a")
        assert t.meta()["spans"]["e1"]["edited"] is False
        await pilot.press("enter")  # an ordinary edit: the entity form
        assert isinstance(pilot.app.screen, EntityForm)
        await pilot.press("right", "enter")
        assert t.entities()[0][1] != "PER"
        assert t.meta()["spans"]["e1"]["edited"] is True
        assert pilot.app.query_one("#panel").marker[("entity", "e1")] == "~"
        await pilot.press("ctrl+z")
        assert t.entities() == [("لويد أوستن", "PER")] and t.meta()["spans"]["e1"]["edited"] is False
        await pilot.press("delete")  # deleting it offers the suggestion again
        assert t.entities() == [] and t.meta()["spans"] == {}
        assert pilot.app.core.counts()["open"] == 9

    run_pilot(t.app(), script)


def test_reopening_with_the_same_predictions_does_not_offer_decided_ones_again(tmp_path):
    t = Setup(tmp_path)

    async def first(pilot):
        await pilot.press("a", "j", "x")  # accept لويد أوستن; reject the quote
        await pilot.press("ctrl+q")

    run_pilot(t.app(), first)
    decided = {key("لويد أوستن", "PER"), f"quote:{QUOTE[0]}:{QUOTE[1]}"}
    assert t.meta()["rejected"] == [f"quote:{QUOTE[0]}:{QUOTE[1]}"]

    async def second(pilot):
        shown = {s.key for s in pilot.app.core.shown()}
        assert len(shown) == 7 and not shown & decided
        assert pilot.app.core.counts() == {"open": 7, "conflict": 0, "accepted": 1, "rejected": 1, "present": 0}

    run_pilot(t.app(), second)


def test_a_hand_made_equal_annotation_is_not_offered_again(tmp_path):
    t = Setup(tmp_path, [annotation([("العراق", "GPE", 0)])])

    async def script(pilot):
        assert key("العراق", "GPE") not in {s.key for s in pilot.app.core.shown()}
        assert pilot.app.core.counts()["present"] == 1

    run_pilot(t.app(), script)


def test_a_document_without_suggestions_opens_normally(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        app = pilot.app
        assert app.sugg is None and "no suggestions from toy-extractor-1" in app.message
        await pilot.press("a", "x", "A", "i", "j")  # nothing to act on: said, not raised
        assert "no" in app.message
        await pilot.press("w", "1")  # the ordinary keys
        await pilot.press("ctrl+q")

    run_pilot(t.app("b"), script)
    rec = t.record("b")
    assert len(rec["entities"]) == 1 and "suggest" not in (rec.get("meta") or {})


def test_suggestions_are_drawn_apart_from_annotations_without_colour(tmp_path):
    t = Setup(tmp_path, [annotation([("بغداد", "GPE", 0)])])

    async def script(pilot):
        app = pilot.app
        overlays = {m.key[1]: m.style for m in app.doc.marks if m.layer == "overlay"}
        assert overlays[key("واشنطن", "GPE")].overline and not overlays[key("واشنطن", "GPE")].strike
        assert overlays[key("بغداد", "LOC")].overline and overlays[key("بغداد", "LOC")].strike  # the conflict
        assert overlays[key("لويد أوستن", "PER")].reverse  # the current one
        panel = app.query_one("#panel")
        markers = {r.text: panel.marker.get(r.key, " ") for r in panel.rows}
        assert markers["واشنطن"] == "?" and markers["لويد أوستن"] == "?"
        rows = [(r.text, panel.marker.get(r.key, " ")) for r in panel.rows if r.text == "بغداد"]
        assert sorted(rows) == [("بغداد", " "), ("بغداد", "!")]  # the hand-made annotation and the conflict
        await pilot.press("a")
        panel = app.query_one("#panel")
        assert panel.marker[("entity", "e2")] == "+"

    run_pilot(t.app(), script)


def test_help_shows_the_modes_keys_and_the_docs_list_them(tmp_path):
    from annotator.tui.suggest_widgets import SUGGEST_KEYS, SuggestHelp

    t = Setup(tmp_path)

    async def script(pilot):
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, SuggestHelp)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, SuggestHelp)

    run_pilot(t.app(), script)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "annotate.md").read_text(encoding="utf-8")
    for keys, _ in SUGGEST_KEYS:
        assert f"| `{keys.replace(' / ', '` / `')}` |" in docs, keys
    assert not t.out.exists()  # looking changes nothing


def test_a_rejected_entity_is_not_brought_back_as_a_speaker(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        await pilot.press("x")  # لويد أوستن PER
        assert pilot.app.sugg.layer == "quote"
        await pilot.press("a")  # the quote whose speaker it was
        (quote,) = t.record()["quotes"]
        assert quote["speaker"] is None and quote["cue"]["text"] == "قال" and t.entities() == []
        assert "was rejected; not referred to" in pilot.app.message
        await pilot.press("ctrl+z", "ctrl+z", "a", "a")  # undo both; accept the entity, then the quote
        assert t.record()["quotes"][0]["speaker"] == "e1"

    run_pilot(t.app(), script)


def test_documents_switch_and_done_says_what_is_left(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        app = pilot.app
        await pilot.press("ctrl+pagedown")
        assert app.session.doc_id == "b" and app.sugg is None
        await pilot.press("ctrl+pageup")
        assert app.session.doc_id == "a" and app.sugg is not None
        assert app.query_one("#status").info.mode == "suggestions ?9 !0"
        await pilot.press("a", "d")
        assert t.record()["status"] == "done"
        assert app.message == "document marked done; 8 suggestions left undecided (not accepted; j: next)"

    run_pilot(t.app(), script)


def test_records_not_edited_are_written_as_they_were_read(tmp_path):
    other = annotation([("نص", "GPE", 0)], doc_id="b", text="نص ثان بلا أي اقتراح.")
    other["meta"] = {"suggest": {"spans": {"e9": {"key": "entity:0:2:GPE"}}, "rejected": "not a list"}}  # stale and malformed
    t = Setup(tmp_path, [other])

    async def script(pilot):
        await pilot.press("a")

    run_pilot(t.app(), script)
    lines = t.out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["meta"] == other["meta"] and len(lines) == 2  # b was not touched
    assert t.meta()["spans"]["e1"]["key"] == key("لويد أوستن", "PER")


def test_the_same_physical_keys_work_on_the_arabic_layout(tmp_path):
    t = Setup(tmp_path)

    async def script(pilot):
        await pilot.press("ش")  # a
        assert t.entities() == [("لويد أوستن", "PER")]
        await pilot.press("ء")  # x: the quote
        assert t.meta()["rejected"] == [f"quote:{QUOTE[0]}:{QUOTE[1]}"]
        await pilot.press("ت")  # j
        assert pilot.app.message.startswith("suggestion 1/7: ? entity ORG")  # داعش, the next one after the quote

    run_pilot(t.app(), script)


def test_quitting_with_moves_still_queued_is_clean(tmp_path):
    """Moves queued while the app shuts down reach a view that is gone: no traceback."""
    t = Setup(tmp_path)

    async def script(pilot):
        for _ in range(3):
            pilot.app.action_accept_suggestion()  # each queues a Moved event; none is handled before the exit

    run_pilot(t.app(), script)
    assert len(t.entities()) == 2 and len(t.record()["quotes"]) == 1
