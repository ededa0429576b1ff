"""Issue 11: what is saved is exactly what the annotator meant (Pilot tests that assert the
saved file), on the seed article and its gold."""

import shutil
from pathlib import Path

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.tui.forms import ClaimForm, EntityForm, QuoteForm
from annotator.tui.placelist import PlaceList
from annotator.tui.session import Session, SpanRef
from tui.helpers import saved, span
from tui.test_app import assert_valid, doc_of, run

SEED = "000_9cb6c4488f67ca16"
GOLD = bundled_corpus_dir() / "gold" / f"{SEED}.jsonl"


def without_resume_state(record: dict) -> dict:
    record = dict(record)
    meta = dict(record.get("meta") or {})
    meta.pop("annotate", None)
    record["meta"] = meta
    return record


@pytest.fixture
def gold_copy(tmp_path) -> Path:
    out = tmp_path / "gold.jsonl"
    shutil.copyfile(GOLD, out)
    return out


def seed_app(out: Path):
    from annotator.tui.app import AnnotateApp

    return AnnotateApp(Session.open(Corpus.load(bundled_corpus_dir()), out, annotator="tester", lock=False))


HELDOUT = Path(__file__).resolve().parents[1] / "extract" / "heldout"


@pytest.mark.parametrize("which", ["seed", "heldout"])
def test_every_gold_form_accepted_unchanged_changes_nothing(tmp_path, which):
    """Item 3: every entity, quote and claim of every gold record (the seed article's and the
    held-out text's), opened in its form and accepted."""
    from annotator.tui.app import AnnotateApp

    source = GOLD if which == "seed" else HELDOUT / "gold.jsonl"
    corpus_dir = bundled_corpus_dir()
    if which == "heldout":
        corpus_dir = tmp_path / "corpus"
        corpus_dir.mkdir()
        shutil.copyfile(HELDOUT / "documents.jsonl", corpus_dir / "documents.jsonl")
        shutil.copyfile(bundled_corpus_dir() / "labels.toml", corpus_dir / "labels.toml")
    gold_copy = tmp_path / "gold.jsonl"
    shutil.copyfile(source, gold_copy)
    app = AnnotateApp(Session.open(Corpus.load(corpus_dir), gold_copy, annotator="tester", lock=False))
    (gold,) = saved(source)
    doc_id = gold["doc_id"]
    opened: dict[type, int] = {}

    async def script(pilot):
        s = pilot.app.session
        spans = [sp for sp in s.spans() if sp.layer != "cue"]
        assert len(spans) == len(gold["entities"]) + len(gold["quotes"]) + len(gold["claims"])
        for sp in spans:
            pilot.app.edit_span(SpanRef(sp.layer, sp.id, sp.start, sp.end, sp.text, sp.label))
            await pilot.pause()
            form = pilot.app.screen
            assert isinstance(form, {"entity": EntityForm, "quote": QuoteForm, "claim": ClaimForm}[sp.layer])
            opened[type(form)] = opened.get(type(form), 0) + 1
            await pilot.press("enter")
            await pilot.pause()
            assert pilot.app.screen is not form, f"{sp.id}: the form did not accept its own values"
        assert not s.undo_stack.get(doc_id), "accepting a form unchanged left an undo step"
        await pilot.press("ctrl+s")

    run(app, script)
    assert opened == {EntityForm: len(gold["entities"]), QuoteForm: len(gold["quotes"]), ClaimForm: len(gold["claims"])}
    (after,) = saved(gold_copy)
    assert without_resume_state(after) == without_resume_state(gold)


def test_a_claim_with_two_places_keeps_both_and_its_source(gold_copy):
    """Item 1: the gold's c10 (153 هجوماً, place [العراق, سوريا], source القيادة المركزية)."""
    app = seed_app(gold_copy)

    async def script(pilot):
        s = pilot.app.session
        c10 = s.claim("c10")
        pilot.app.edit_span(SpanRef("claim", "c10", c10.start, c10.end, c10.text, c10.kind))
        await pilot.pause()
        form = pilot.app.screen
        assert form.query_one("#place", PlaceList).value == ["e53", "e54"]
        assert form.query_one("#source").value[0] == "e51"
        await pilot.press("enter")

    run(app, script)
    claim = next(c for c in saved(gold_copy)[0]["claims"] if c["id"] == "c10")
    assert claim["place"] == ["e53", "e54"] and claim["source"] == "e51"


def test_places_are_added_removed_and_reordered(tmp_path):
    """Item 1: the guidelines' own example, [العراق, سوريا], entered by keys."""
    out = tmp_path / "o.jsonl"
    app = seed_app(out)

    async def script(pilot):
        s = pilot.app.session
        text = s.text
        iraq_at, syria_at = span(text, "العراق وسوريا.")[0], span(text, "سوريا.")[0]
        iraq = s.add_entity(iraq_at, iraq_at + len("العراق"), "GPE")
        syria = s.add_entity(syria_at, syria_at + len("سوريا"), "GPE")
        washington = s.add_entity(*span(text, "واشنطن"), "GPE")
        doc_of(pilot).select(*span(text, "153 هجوماً"))
        await pilot.press("m")
        form = pilot.app.screen
        places = form.query_one("#place", PlaceList)
        assert places.value == [iraq.id, syria.id]  # prefilled: في العراق وسوريا
        places.focus()
        await pilot.press("minus")  # on the + slot: nothing to remove (a bell)
        await pilot.press("left", "minus")  # remove سوريا
        assert places.value == [iraq.id]
        await pilot.press("plus")  # add the offered place (the nearest left: سوريا)
        assert places.value == [iraq.id, syria.id]
        await pilot.press("space", "plus")  # the next offered place: واشنطن
        assert places.value == [iraq.id, syria.id, washington.id]
        await pilot.press("left", "shift+left", "shift+left")  # move واشنطن first
        assert places.value == [washington.id, iraq.id, syria.id]
        await pilot.press("delete")
        assert places.value == [iraq.id, syria.id]
        await pilot.press("enter")

    run(app, script)
    (claim,) = saved(out)[0]["claims"]
    rec = saved(out)[0]
    names = {e["id"]: e["text"] for e in rec["entities"]}
    assert [names[p] for p in claim["place"]] == ["العراق", "سوريا"]
    assert_valid(out, Corpus.load(bundled_corpus_dir()))


def test_marking_a_year_saves_the_iso_string_and_editing_keeps_it(tmp_path):
    """Item 2: عام 2019 with m and enter saves "2019"; reopening and accepting keeps it."""
    out = tmp_path / "o.jsonl"
    app = seed_app(out)

    async def script(pilot):
        text = pilot.app.session.text
        doc_of(pilot).select(*span(text, "عام 2019"))
        await pilot.press("m", "enter")
        c = pilot.app.session.claim("c1")
        pilot.app.edit_span(SpanRef("claim", "c1", c.start, c.end, c.text, c.kind))
        await pilot.pause()
        await pilot.press("enter")
        doc_of(pilot).select(*span(text, "153 هجوماً"))
        await pilot.press("m")
        pilot.app.screen.query_one("#value").set_value("١٥٣")  # Arabic-Indic digits typed: a number
        await pilot.press("enter")

    run(app, script)
    year, attacks = saved(out)[0]["claims"]
    assert year["value"] == "2019" and year["kind"] == "date"
    assert attacks["value"] == 153


def test_a_wrong_value_is_explained_in_words_with_an_example(tmp_path):
    """The screen's words: no raw pydantic error in a form."""
    out = tmp_path / "o.jsonl"
    app = seed_app(out)
    shown: list[str] = []

    async def script(pilot):
        text = pilot.app.session.text
        doc_of(pilot).select(*span(text, "عام 2019"))
        await pilot.press("m")
        form = pilot.app.screen
        form.query_one("#value").set_value("last year")
        form.query_one("#time").set_value("soon")
        await pilot.press("enter")
        assert pilot.app.screen is form
        shown.append(str(form.query_one("#error").render()))
        await pilot.press("escape")

    run(app, script)
    (message,) = shown
    assert "type=" not in message and "should match pattern" not in message and "[0-9]" not in message
    assert "value: expected an ISO-8601 date" in message and "2023-08" in message and "'last year'" in message
    assert "time: expected an ISO-8601 date, interval or duration" in message and "P2D" in message


def test_readme_step_3_never_prefills_a_speaker_inside_the_quote(tmp_path):
    """Item 4: after steps 1-2 of the README (لويد أوستن PER, داعش ORG inside the quote), the
    quote at 566-636 is prefilled with لويد أوستن and the cue قائلاً, not داعش."""
    out = tmp_path / "o.jsonl"
    app = seed_app(out)

    async def script(pilot):
        s = pilot.app.session
        text = s.text
        s.add_entity(*span(text, "لويد أوستن"), "PER")
        s.add_entity(*span(text, "داعش", 1), "ORG")
        assert span(text, "داعش", 1)[0] >= 566
        doc_of(pilot).select(566, 636)
        await pilot.press("q")
        assert isinstance(pilot.app.screen, QuoteForm)
        await pilot.press("enter")

    run(app, script)
    (quote,) = saved(out)[0]["quotes"]
    assert (quote["start"], quote["end"], quote["kind"], quote["speaker"]) == (566, 636, "direct", "e1")
    assert quote["cue"]["text"] == "قائلاً"


def test_no_speaker_fits_then_none_is_prefilled_and_the_form_says_so(tmp_path):
    out = tmp_path / "o.jsonl"
    app = seed_app(out)
    notes: list[str] = []

    async def script(pilot):
        s = pilot.app.session
        s.add_entity(*span(s.text, "داعش", 2), "ORG")  # the only mention: inside the quote
        doc_of(pilot).select(566, 636)
        await pilot.press("q")
        notes.append(str(pilot.app.screen.query_one("#note").render()))
        await pilot.press("enter")

    run(app, script)
    (quote,) = saved(out)[0]["quotes"]
    assert quote["speaker"] is None
    assert "speaker left empty" in notes[0]


def test_cue_of_sarraha_qailan_is_the_finite_verb_without_its_proclitic(tmp_path):
    """Item 5: وصرّح أوستن قائلاً، "..." → cue صرّح (guidelines §2.4), speaker أوستن."""
    out = tmp_path / "o.jsonl"
    app = seed_app(out)
    text = Corpus.load(bundled_corpus_dir()).documents[SEED].text
    quote = span(text, "لقد تطور التهديد الذي يشكله تنظيم داعش وأيديولوجيته على مدى العقد الماضي. ومع ذلك، لا يزال داعش يخطط لهجمات")

    async def script(pilot):
        s = pilot.app.session
        austin = span(text, "أوستن قائلاً")[0]
        s.add_entity(austin, austin + len("أوستن"), "PER")
        isis = span(text, "داعش وأيديولوجيته")[0]
        s.add_entity(isis, isis + len("داعش"), "ORG")
        doc_of(pilot).select(*quote)
        await pilot.press("q", "enter")

    run(app, script)
    (q,) = saved(out)[0]["quotes"]
    assert q["cue"]["text"] == "صرّح" and text[q["cue"]["start"] - 1] == "و"
    assert q["speaker"] == "e1" and q["kind"] == "direct"


def test_a_partly_quoted_span_is_mixed(tmp_path):
    """Item 6: الهجمات تأتي "من المنطقة ..." is mixed; a scare quote does not make a span mixed."""
    from annotator.tui.prefill import quote_kind

    text = Corpus.load(bundled_corpus_dir()).documents[SEED].text
    mixed = span(text, 'الهجمات تأتي "من المنطقة ومن خلال فروع داعش العالمية"')
    assert quote_kind(text, *mixed) == "mixed"
    assert quote_kind(text, *span(text, 'التنظيم "ربما لم يعد قوياً')) == "mixed"  # runs past the span's edge
    scare = span(text, 'تركزت الاجتماعات الأخيرة على "الانتقال" من التحالف')
    assert quote_kind(text, *scare) == "indirect"
    out = tmp_path / "o.jsonl"
    app = seed_app(out)

    async def script(pilot):
        doc_of(pilot).select(*mixed)
        await pilot.press("q", "enter")

    run(app, script)
    assert saved(out)[0]["quotes"][0]["kind"] == "mixed"
