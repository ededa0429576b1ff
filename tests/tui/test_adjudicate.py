"""Pilot tests of ``annotator adjudicate``: scripted accepts, rejects and edits, asserting the saved record."""

import asyncio
from pathlib import Path

from annotator.tui.adjudicate import AdjudicateApp
from annotator.tui.adjudicate_widgets import ConfirmDone, VersionForm
from annotator.tui.adjudication import file_sha256, open_adjudication
from annotator.tui.forms import EntityForm
from annotator.validate.run import validate_files
from tui.helpers import saved

DATA = Path(__file__).resolve().parents[1] / "agree" / "data"
FILES = [DATA / "ann_a.jsonl", DATA / "ann_b.jsonl", DATA / "ann_c.jsonl"]
SIZE = (100, 30)


def run(app, script) -> None:
    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


def open_app(out: Path) -> AdjudicateApp:
    return AdjudicateApp(open_adjudication(FILES, out, annotator="judge", lock=False))


def by_doc(out: Path) -> dict[str, dict]:
    return {r["doc_id"]: r for r in saved(out)}


def test_scripted_adjudication_is_saved_as_a_normal_record(tmp_path):
    out = tmp_path / "gold.jsonl"
    app = open_app(out)

    async def script(pilot):
        adj = pilot.app.adj
        assert adj.session.doc_id == "fx1"
        await pilot.press("A")  # the five agreed spans of fx1, one undo step
        assert adj.counts() == {"agreed": 0, "disagreements": 0, "accepted": 5, "rejected": 0}
        await pilot.press("ctrl+pagedown")  # fx2: entities only, every kind of disagreement
        assert adj.session.doc_id == "fx2" and adj.unresolved() == 8
        await pilot.press("j")
        assert pilot.app.candidate.key == "entity:4:15:ORG"  # وزير الدفاع, c only
        await pilot.press("x")
        await pilot.press("j", "a")  # لويد أوستن (a, c); b's أوستن is rejected with it
        await pilot.press("j", "a")  # بغداد GPE (a, c); b's LOC rejected
        await pilot.press("j")
        assert pilot.app.candidate.key == "entity:33:40:GPE"  # b's والعراق
        await pilot.press("x", "j", "a")  # reject it, accept العراق (a, c)
        await pilot.press("j", "a")  # قوات الأمن العراقية (a, b)
        assert adj.unresolved() == 0
        await pilot.press("enter")  # an ordinary edit of the result: relabel it in the entity form
        assert isinstance(pilot.app.screen, EntityForm)
        await pilot.press("right", "enter")  # ORG -> GPE
        await pilot.press("j")
        assert "no unresolved disagreement" in pilot.app.message
        await pilot.press("d")  # nothing left: done at once
        assert adj.session.record.status == "done"
        await pilot.press("ctrl+pagedown")  # fx3: attributes differ
        await pilot.press("A", "j")
        assert pilot.app.candidate.layer == "quote"
        await pilot.press("a")
        assert isinstance(pilot.app.screen, VersionForm)
        await pilot.press("right", "enter")  # kind: b's mixed instead of a's direct; speaker, cue as a gave them
        await pilot.press("j", "a")  # the claim: its attributes differ too
        assert isinstance(pilot.app.screen, VersionForm)
        await pilot.press("enter")
        await pilot.press("ctrl+z")  # an ordinary key on the result: undo that claim ...
        await pilot.press("j", "x")  # ... and reject it instead
        await pilot.press("d")
        assert adj.session.record.status == "done"
        await pilot.press("ctrl+pagedown")
        assert pilot.app.message == "document fx4: not annotated by b, c"
        await pilot.press("ctrl+pagedown")  # fx5: the draft of b is a candidate too
        assert adj.session.doc_id == "fx5"
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmDone)
        await pilot.press("n")
        assert adj.session.record.status == "draft"
        await pilot.press("ctrl+q")

    run(app, script)
    recs = by_doc(out)
    assert set(recs) == {"fx1", "fx2", "fx3", "fx4", "fx5"}  # fx4 was passed through: an empty draft
    fx2 = recs["fx2"]
    assert fx2["annotator"] == "judge" and fx2["status"] == "done"
    assert [(e["text"], e["label"]) for e in fx2["entities"]] == [("لويد أوستن", "PER"), ("بغداد", "GPE"), ("العراق", "GPE"), ("قوات الأمن العراقية", "GPE")]
    meta = fx2["meta"]["adjudicate"]
    assert meta["rejected"] == ["entity:21:26:PER", "entity:27:32:LOC", "entity:33:40:GPE", "entity:4:15:ORG"]
    assert meta["spans"] == {"e1": ["a", "c"], "e2": ["a", "c"], "e3": ["a", "c"], "e4": []}  # nobody had e4 as GPE
    assert meta["annotators"] == ["a", "b", "c"]
    assert [(s["file"], s["sha256"], s["annotators"]) for s in meta["sources"]] == [(str(f), file_sha256(f), [n]) for f, n in zip(FILES, "abc")]
    fx3 = recs["fx3"]
    assert fx3["status"] == "done"
    (quote,) = fx3["quotes"]
    speaker = next(e for e in fx3["entities"] if e["id"] == quote["speaker"])
    assert (quote["kind"], speaker["text"], quote["cue"]["text"]) == ("mixed", "القيادة المركزية", "ذكرت")
    assert [c["text"] for c in fx3["claims"]] == ["عام 2024"]  # the disputed count was rejected
    assert "claim:39:49" in fx3["meta"]["adjudicate"]["rejected"]
    assert recs["fx1"]["meta"]["adjudicate"]["spans"]["q1"] == ["a", "b", "c"]
    assert recs["fx5"]["status"] == "draft"
    # the sources embed their texts (no registry knows fx1..fx6): so does the result, which
    # stands on its own: valid without a registry, and usable for a curation report
    assert all(r["text"] for r in recs.values())
    report = validate_files([out])
    assert report.errors == 0, [f.format() for f in report.findings]
    from annotator.agree.compute import agree_files

    curation = agree_files([DATA], against=out)["curation"]["annotators"]
    assert curation["c"]["layers"]["entities"]["f1"] > curation["b"]["layers"]["entities"]["f1"]


def test_rerunning_resumes(tmp_path):
    out = tmp_path / "gold.jsonl"
    app = open_app(out)

    async def first(pilot):
        await pilot.press("ctrl+pagedown", "j", "x", "j", "a", "ctrl+q")

    run(app, first)
    again = open_adjudication(FILES, out, annotator="judge", lock=False)
    s = again.session
    assert s.doc_id == "fx2"  # where the adjudicator stopped
    assert again.counts() == {"agreed": 0, "disagreements": 5, "accepted": 1, "rejected": 2}
    assert [c.key for c in again.candidates() if again.state(c) == "rejected"] == ["entity:4:15:ORG", "entity:21:26:PER"]


def test_done_with_unresolved_asks_and_yes_marks_done(tmp_path):
    out = tmp_path / "gold.jsonl"
    app = open_app(out)

    async def script(pilot):
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmDone)
        await pilot.press("y")
        assert pilot.app.session.record.status == "done"
        await pilot.press("ctrl+q")

    run(app, script)
    assert by_doc(out)["fx1"]["status"] == "done" and by_doc(out)["fx1"]["entities"] == []


def test_candidate_list_markers_and_choosing_from_it(tmp_path):
    out = tmp_path / "gold.jsonl"
    app = open_app(out)

    async def script(pilot):
        await pilot.press("ctrl+pagedown")
        assert pilot.app.query_one("#owners").render_line(0).text.startswith(" A=a  B=b  C=c")  # the names above the markers
        panel = pilot.app.query_one("#panel")
        rows = [panel.render_line(y).text for y in range(3)]
        assert rows[0].startswith("? ..C E:ORG") and rows[1].startswith("? A.C E:PER") and rows[2].startswith("? .B. E:PER")
        await pilot.press("p", "down", "enter")  # the second row: لويد أوستن (a, c), accepted from the list
        assert pilot.app.adj.counts()["accepted"] == 1 and pilot.app.adj.counts()["rejected"] == 1
        assert panel.render_line(1).text.startswith("+ A.C") and panel.render_line(2).text.startswith("x .B.")
        await pilot.press("escape", "ctrl+q")

    run(app, script)
    assert [e["text"] for e in by_doc(out)["fx2"]["entities"]] == ["لويد أوستن"]


def test_annotators_are_told_apart_without_colour(tmp_path):
    app = open_app(tmp_path / "gold.jsonl")

    async def script(pilot):
        await pilot.press("ctrl+pagedown")
        doc = pilot.app.doc
        text = pilot.app.session.text

        def style_at(word: str):
            start = text.index(word)
            return doc._cell_style(start, start + 1, doc._marks_between(start, start + 1), [], None, False, doc.rich_style)

        minister = style_at("وزير")  # c only
        assert minister.strike and not minister.overline and not minister.italic
        austin = style_at("أوستن")  # a and c (لويد أوستن) and b (أوستن)
        assert austin.overline and austin.italic and austin.strike
        await pilot.press("ctrl+q")

    run(app, script)


def test_resuming_after_a_source_file_changed_is_noticed(tmp_path):
    import shutil

    files = []
    for f in FILES:
        files.append(shutil.copy(f, tmp_path / f.name))
    out = tmp_path / "gold.jsonl"
    first = open_adjudication([Path(f) for f in files], out, lock=False)
    first.accept_agreed()
    first.session.save(force=True)
    assert first.changed_sources() == []
    Path(files[1]).write_text(Path(files[1]).read_text(encoding="utf-8").replace('"LOC"', '"GPE"'), encoding="utf-8")
    again = open_adjudication([Path(f) for f in files], out, lock=False)
    assert again.changed_sources() == [str(files[1])]


def test_version_form_shows_every_annotators_value_side_by_side(tmp_path):
    app = open_app(tmp_path / "gold.jsonl")

    async def script(pilot):
        await pilot.press("ctrl+pagedown", "ctrl+pagedown", "j", "e")
        form = pilot.app.screen
        assert isinstance(form, VersionForm)
        kind = form.query_one("#attr-kind").render_line(0).text
        assert "A|C direct" in kind and "B mixed" in kind
        speaker = form.query_one("#attr-speaker").render_line(0).text
        assert "A|B" in speaker and "C none" in speaker
        await pilot.press("escape", "ctrl+q")

    run(app, script)


def test_command_line_errors_are_one_plain_line(tmp_path):
    import subprocess
    import sys

    one = subprocess.run([sys.executable, "-m", "annotator", "adjudicate", str(FILES[0]), "--out", str(tmp_path / "g.jsonl")], capture_output=True, text=True)
    assert one.returncode == 2 and "records of one annotator only (a); adjudication needs two or more" in one.stderr
    missing = subprocess.run([sys.executable, "-m", "annotator", "adjudicate", str(FILES[0]), str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "g.jsonl")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.jsonl: no such file or directory" in missing.stderr and "Traceback" not in missing.stderr
    same = subprocess.run([sys.executable, "-m", "annotator", "adjudicate", *map(str, FILES), "--out", str(FILES[0])], capture_output=True, text=True)
    assert same.returncode == 2 and "cannot be one of the annotators' files" in same.stderr


def test_help_shows_the_modes_keys_and_the_docs_list_them(tmp_path):
    from annotator.tui.adjudicate_widgets import ADJUDICATE_KEYS, AdjudicateHelp

    app = open_app(tmp_path / "gold.jsonl")

    async def script(pilot):
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, AdjudicateHelp)
        await pilot.press("escape", "ctrl+q")

    run(app, script)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "agreement.md").read_text(encoding="utf-8")
    for keys, _ in ADJUDICATE_KEYS:
        assert f"| `{keys.replace(' / ', '` / `')}` |" in docs, keys


def test_accepting_is_one_undo_step_and_redo_restores_it(tmp_path):
    adj = open_adjudication(FILES, tmp_path / "gold.jsonl", lock=False)
    s = adj.session
    assert adj.accept_agreed() == 5
    assert adj.unresolved() == 0
    assert s.undo() == "accept 5 agreed spans"
    assert s.record.entities == [] and adj.unresolved() == 5
    assert s.redo() == "accept 5 agreed spans"
    s.go_to("fx2")
    person = next(c for c in adj.candidates() if c.key == "entity:16:26:PER")
    adj.accept(person)  # adds the span and rejects b's shorter version: one step
    assert [c.key for c in adj.candidates() if adj.state(c) == "rejected"] == ["entity:21:26:PER"]
    s.undo()
    assert adj.counts()["rejected"] == 0 and adj.counts()["accepted"] == 0


def test_the_annotators_start_up_runs_once_one_autosave_timer(tmp_path, monkeypatch):
    from annotator.tui.app import AnnotateApp

    calls = []
    base = AnnotateApp.on_mount
    monkeypatch.setattr(AnnotateApp, "on_mount", lambda self: (calls.append(1), base(self))[1])

    async def script(pilot):
        await pilot.pause()
        assert calls == [1]  # Textual calls every class's on_mount unless the mode stops it

    run(open_app(tmp_path / "r.jsonl"), script)
