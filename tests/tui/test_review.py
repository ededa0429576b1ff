"""Pilot tests of ``annotator annotate --review``: jumping, filtering, the status line, and
read-only (every key pressed, the gold file and its directory unchanged); a snapshot; the
command's hostile input; and one end-to-end run of the real app in tmux."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main as cli_main
from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.review.load import load_review
from annotator.tui.review import READ_ONLY, ReviewApp, ReviewSession
from annotator.tui.session import Session
from annotator.tui.review_widgets import ReviewPanel, ReviewStatusLine
from tui.helpers import poll, run_pilot, span

SEED = "000_9cb6c4488f67ca16"
CORPUS = bundled_corpus_dir()
GOLD = CORPUS / "gold" / f"{SEED}.jsonl"
ROOT_TESTS = Path(__file__).resolve().parents[1]


def _predictions(path: Path) -> Path:
    """The gold turned into predictions with planned errors of each kind."""
    rec = json.loads(GOLD.read_text(encoding="utf-8"))
    text = Corpus.load(CORPUS).documents[SEED].text
    ents = rec["entities"]
    by_text = {e["text"]: e for e in ents}
    by_text["العراق"]["label"] = "LOC"  # wrong label (first العراق)
    first = ents[0]
    first["end"] -= 2  # boundary error
    first["text"] = text[first["start"] : first["end"]]
    ents.remove(by_text["لويد أوستن"])  # missed
    s, e = span(text, "هزيمة إقليمية")
    ents.append({"id": "x1", "start": s, "end": e, "text": "هزيمة إقليمية", "label": "EVENT"})  # spurious
    ents.append({"id": "x2", "start": None, "end": None, "text": "كلمة غير موجودة", "label": "PER"})  # not in the text
    q = rec["quotes"][0]
    q["kind"] = "indirect" if q["kind"] == "direct" else "direct"  # wrong kind
    rec["claims"][0]["value"] = 12345  # wrong value
    pred = {"schema_version": "1", "doc_id": SEED, "text_sha256": rec["text_sha256"], "annotator": "planted",
            "status": None, "text": None, "meta": None, "entities": ents, "quotes": rec["quotes"], "claims": rec["claims"]}
    path.write_text(json.dumps(pred, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def setup(tmp_path: Path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = gold_dir / "gold.jsonl"
    shutil.copyfile(GOLD, gold)
    preds = _predictions(tmp_path / "pred.jsonl")
    return gold, preds


def _app(gold: Path, preds: Path, corpus: Path = CORPUS, doc: str = SEED) -> ReviewApp:
    review = load_review(gold, [preds], documents=corpus / "documents.jsonl")
    session = ReviewSession.of(Corpus.load(corpus), gold, doc)
    return ReviewApp(session, review)


def _status(app: ReviewApp, y: int) -> str:
    return app.query_one(ReviewStatusLine).render_line(y).text


def test_counts_in_the_status_line_and_jumps_in_reading_order(setup) -> None:
    gold, preds = setup

    async def script(pilot) -> None:
        app = pilot.app
        counts = app.review.docs[SEED].counts()
        assert {k: counts[k] for k in ("boundary", "label", "missed", "spurious", "kind", "value")} == {
            "boundary": 1, "label": 1, "missed": 1, "spurious": 2, "kind": 1, "value": 1}
        row = _status(app, 0)
        assert "B1 L1 X0 M1 S2" in row and "K1" in row and "V1" in row and "[all errors]" in row and "READ-ONLY" in row
        errors = [it for it in app.review.docs[SEED].items if it.is_error and it.extent]
        await pilot.press("j")
        assert app.item is errors[0] and app.doc.cursor == errors[0].extent[0]
        assert _status(app, 1).startswith(" 1/6 B boundary error, entity pred misses ")
        assert "at the end; gold EVENT [16,43) " in _status(app, 1)  # gold against prediction
        await pilot.press("j", "j")
        assert app.item is errors[2]
        await pilot.press("J")
        assert app.item is errors[1]
        assert _status(app, 1).startswith(" 2/6 ")
        quote = next(it for it in app.review.docs[SEED].items if it.layer == "quotes" and it.category == "correct" and not it.wrong)
        app.doc.move_to(quote.extent[0] + (quote.extent[1] - quote.extent[0]) // 2)
        await pilot.pause()
        here = app._items_here()
        assert len(here) >= 1 and app.item in here
        seen = set()
        for _ in here:
            await pilot.press("tab")
            seen.add(app.item.index)
        assert seen == {it.index for it in here}

    run_pilot(_app(gold, preds), script)


def test_filter_by_category_lists_and_jumps_only_that_category(setup) -> None:
    gold, preds = setup

    async def script(pilot) -> None:
        app = pilot.app
        panel = app.query_one(ReviewPanel)
        await pilot.press("4")  # missed
        assert "[M missed]" in _status(app, 0)
        assert [it.category for it in panel.items] == ["missed"] and panel.items[0].gold["text"] == "لويد أوستن"
        assert {m.key for m in app.doc.marks} == {panel.items[0].key}  # the text shows the category alone
        await pilot.press("j")
        assert app.item.category == "missed" and "not predicted" in _status(app, 1)
        correct = next(it for it in app.review.docs[SEED].items if it.category == "correct" and it.layer == "entities")
        app.doc.move_to(correct.extent[0])
        await pilot.pause()
        assert app.item is None and "no item under the cursor" in _status(app, 1)  # not drawn under this filter: not current
        await pilot.press("5")  # spurious: the unplaced one is listed but cannot be jumped to
        assert sorted(it.pred["text"] for it in panel.items) == ["كلمة غير موجودة", "هزيمة إقليمية"]
        await pilot.press("j")
        assert app.item.pred["text"] == "هزيمة إقليمية"
        await pilot.press("f", "f", "f", "f", "f")  # 5 (spurious) -> speaker, cue, value, unit, kind
        assert "[K wrong kind]" in _status(app, 0) and [it.layer for it in panel.items] == ["quotes"]
        await pilot.press("j")
        assert "CK wrong kind (span right), quote" in _status(app, 1) and "gold indirect, pred direct" in _status(app, 1)
        await pilot.press("f")
        assert "[C correct]" in _status(app, 0) and all(it.category == "correct" for it in panel.items)
        await pilot.press("f")
        assert "[all errors]" in _status(app, 0) and all(it.is_error for it in panel.items)
        await pilot.press("0")
        assert app.filter is None and len({m.key for m in app.doc.marks}) == len(app.review.docs[SEED].items) - 1  # all but the unplaced
        await pilot.press("p", "home")
        row = panel.index
        await pilot.press("up", "enter")  # the list: choosing a row moves there
        assert panel.index == row - 1 and app.item is panel.items[row - 1] and app.doc.cursor == panel.items[row - 1].extent[0]
        assert "not predicted" not in _status(app, 1) or app.item.category == "missed"

    run_pilot(_app(gold, preds), script)


#: every key of annotate and of the review, the edit keys among them
EVERY_KEY = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "f", "F", "j", "J", "w", "q", "escape", "m", "escape", "c", "enter",
             "escape", "delete", "d", "ctrl+z", "ctrl+y", "ctrl+s", "[", "]", "tab", "p", "down", "delete", "enter", "escape",
             "ctrl+pagedown", "ctrl+pageup", "shift+right", "q", "escape", "/", "ا", "enter", "n", "N", "question_mark", "escape",
             "j", "g", "escape"]


def test_read_only_every_key_writes_nothing(setup, private_state_dir) -> None:
    gold, preds = setup
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in gold.parent.iterdir()}
    said: list[str] = []

    async def script(pilot) -> None:
        app = pilot.app
        for key in ("q", "m", "enter", "delete", "d", "ctrl+z", "ctrl+s"):
            app.message = ""
            await pilot.press("j", key)
            said.append(app.message)
        for key in EVERY_KEY:
            await pilot.press(key)
        annotator = Session.open(Corpus.load(CORPUS), gold, lock=True)  # no lock of ours stands in an annotator's way
        assert annotator.close() is None
        await pilot.press("ctrl+q")

    app = _app(gold, preds)
    run_pilot(app, script)
    assert said == [READ_ONLY] * 7
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in gold.parent.iterdir()} == before
    assert not any(private_state_dir.rglob("*"))  # no resume state either


def test_review_screen_snapshot(setup, snap_compare, tmp_path, monkeypatch) -> None:
    gold, preds = setup
    monkeypatch.chdir(tmp_path)

    async def before(pilot) -> None:
        await pilot.press("j")  # the boundary error: gold and predicted extents both drawn
        item = pilot.app.item
        assert item.category == "boundary" and item.gold_at != item.pred_at
        await pilot.pause()

    assert snap_compare(_app(gold, preds), terminal_size=(100, 30), run_before=before)


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        cli_main(["annotate", *args])
    out, err = capsys.readouterr()
    return e.value.code, out, err


def test_command_hostile_input_is_one_line_invalid_exit_1_unreadable_exit_2(setup, tmp_path, capsys) -> None:
    """Invalid data (a line that is not JSON, an unknown document): one line each, then the
    summary, exit 1; a file that cannot be read: one line, exit 2."""
    gold, _ = setup
    corpus = ["--corpus", str(CORPUS)]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": \n', encoding="utf-8")
    code, _, err = _cli([*corpus, "--out", str(gold), "--review", str(bad)], capsys)
    assert code == 1 and err.count("\n") == 2 and err.startswith(f"{bad}:1: ") and "Traceback" not in err
    assert err.endswith("\nannotator annotate --review: invalid input (above): nothing to review\n")
    unknown = tmp_path / "unknown.jsonl"
    rec = json.loads(_predictions(tmp_path / "p.jsonl").read_text(encoding="utf-8"))
    unknown.write_text(json.dumps({**rec, "doc_id": "elsewhere"}, ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = _cli([*corpus, "--out", str(gold), "--review", str(unknown)], capsys)
    assert code == 1 and err == f"{unknown}:1: doc_id: unknown document 'elsewhere': not in the document registry and no embedded text\nannotator annotate --review: invalid input (above): nothing to review\n"
    code, _, err = _cli([*corpus, "--out", str(tmp_path / "none.jsonl"), "--review", str(unknown)], capsys)
    assert code == 2 and err.count("\n") == 1 and "no such file" in err
    directory = tmp_path / "adir.jsonl"
    directory.mkdir()
    code, _, err = _cli([*corpus, "--out", str(gold), "--review", str(directory)], capsys)
    assert code == 2 and err == f"{directory}: no .jsonl files in this directory\n"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_review_end_to_end_in_tmux(setup, tmp_path) -> None:
    gold, preds = setup
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in gold.parent.iterdir()}
    socket = f"h13-review-{os.getpid()}-{tmp_path.name}"

    def tmux(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=20)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", socket).stdout

    def shows(needle: str) -> str:
        try:
            return poll(lambda: needle in screen() and screen(), 30.0, f"{needle!r} on screen")
        except AssertionError as e:
            raise AssertionError(f"{e}; the screen:\n{screen()}") from None

    done = tmp_path / "exit-code"
    cmd = (f"cd {tmp_path} && ANNOTATOR_NO_BIDI_MODE=1 XDG_STATE_HOME={tmp_path / 'state'} {sys.executable} -m annotator annotate "
           f"--corpus {CORPUS} --out {gold} --review {preds} > {tmp_path / 'stdout'}; echo $? > {done}")
    try:
        assert tmux("new-session", "-d", "-s", socket, "-x", "100", "-y", "30", cmd).returncode == 0
        shows("M1 S2")
        tmux("send-keys", "-t", socket, "4")
        shows("[M missed]")
        tmux("send-keys", "-t", socket, "j")
        shows("1/1 M missed, entity gold PER")
        tmux("send-keys", "-t", socket, "q")
        shows("read-only: a review shows")
        tmux("send-keys", "-t", socket, "C-q")
        poll(lambda: done.exists() and done.read_text().strip(), 30.0, "the app to exit")
    finally:
        tmux("kill-server")
    assert done.read_text().strip() == "0"
    assert "nothing written" in (tmp_path / "stdout").read_text(encoding="utf-8")
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in gold.parent.iterdir()} == before


def test_review_with_an_extractor_reads_its_predictions_like_a_file(setup, tmp_path) -> None:
    from annotator.extract import extract_corpus
    from annotator.io.jsonl import dumps_line
    from annotator.tui.review_command import ReviewInputError, prepare

    gold, preds = setup
    session, review = prepare(CORPUS, None, gold, [], "baseline")
    assert session.doc_id == SEED and not session.lock
    baseline = tmp_path / "baseline.jsonl"
    baseline.write_text("".join(dumps_line(p) + "\n" for p in extract_corpus(Corpus.load(CORPUS).documents.values())), encoding="utf-8")
    assert review.counts() == load_review(gold, [baseline], documents=CORPUS / "documents.jsonl").counts()
    _, of_dir = prepare(CORPUS, None, CORPUS / "gold", [baseline])  # the gold as a directory, as score reads it
    assert of_dir.counts() == review.counts()
    with pytest.raises(ReviewInputError) as e:
        prepare(CORPUS, None, gold, [preds], "baseline")
    assert e.value.lines == ["annotator annotate: give --review FILE or --review-with NAME, not both"]
    with pytest.raises(ReviewInputError) as e:
        prepare(CORPUS, None, gold, [], "no_such_module:extract")
    assert len(e.value.lines) == 1 and "cannot load extractor 'no_such_module:extract'" in e.value.lines[0]


def test_help_shows_the_review_keys_and_the_docs_list_them(setup) -> None:
    from annotator.tui.review_widgets import REVIEW_KEYS, ReviewHelp

    gold, preds = setup

    async def script(pilot) -> None:
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, ReviewHelp)
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, ReviewHelp)
        from annotator.tui.guidelines import GuidelinesScreen

        await pilot.press("4", "j", "g")  # the missed person: the guidelines' section on PER
        assert isinstance(pilot.app.screen, GuidelinesScreen)
        assert "current item: missed entity PER" in pilot.app.screen.title_text and pilot.app.screen.heading is not None
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, GuidelinesScreen)

    run_pilot(_app(gold, preds), script)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "review.md").read_text(encoding="utf-8")
    for keys, _ in REVIEW_KEYS:
        assert f"| `{keys.replace(' / ', '` / `')}` |" in docs, keys


def test_switching_documents_as_in_annotate(tmp_path) -> None:
    """A corpus of the seed article and the held-out text: each document shows its own items;
    one without a gold record says so (its predictions are skipped, as score skips them)."""
    from annotator.extract import extract_corpus
    from annotator.io.jsonl import dumps_line

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    heldout = ROOT_TESTS / "extract" / "heldout"
    (corpus / "documents.jsonl").write_text((CORPUS / "documents.jsonl").read_text(encoding="utf-8")
                                            + (heldout / "documents.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copyfile(CORPUS / "labels.toml", corpus / "labels.toml")
    preds = tmp_path / "pred.jsonl"
    preds.write_text("".join(dumps_line(p) + "\n" for p in extract_corpus(Corpus.load(corpus).documents.values())), encoding="utf-8")
    both, seed_only = tmp_path / "both.jsonl", tmp_path / "seed.jsonl"
    both.write_text(GOLD.read_text(encoding="utf-8") + (heldout / "gold.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    seed_only.write_text(GOLD.read_text(encoding="utf-8"), encoding="utf-8")

    async def script(pilot) -> None:
        app = pilot.app
        assert "M3 S0" in _status(app, 0) and "(1/2)" in _status(app, 0)
        await pilot.press("ctrl+pagedown")
        assert app.session.doc_id == "heldout_001" and "(2/2)" in _status(app, 0)
        assert "B1 L0 X0 M6 S1 P1" in _status(app, 0)
        await pilot.press("j")
        assert app.item.category == "missed" and app.item.gold["text"] == "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"
        await pilot.press("ctrl+pageup")
        assert app.session.doc_id == SEED and "M3 S0" in _status(app, 0)
        await pilot.press("4", "j", "j", "j")  # the seed article's three missed spans ...
        assert app.session.doc_id == SEED and _status(app, 1).startswith(" 3/3 M missed")
        await pilot.press("j")  # ... then on to the next document that has some
        assert app.session.doc_id == "heldout_001" and _status(app, 1).startswith(" 1/6 (document heldout_001) M missed")
        assert app.doc.cursor == app.item.extent[0] and app.item.gold["text"] == "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"
        await pilot.press("J")  # and back
        assert app.session.doc_id == SEED and _status(app, 1).startswith(" 3/3 (document " + SEED + ") M missed")

    run_pilot(_app(both, preds, corpus), script)

    async def without_gold(pilot) -> None:
        app = pilot.app
        assert app.review.unscored == ["heldout_001"]
        await pilot.press("ctrl+pagedown")
        assert "no gold record" in app.message and app.items() == []
        await pilot.press("j")  # nothing here: on to the next document with an error
        assert app.session.doc_id == SEED and _status(app, 1).startswith(f" 1/4 (document {SEED}) M missed")  # all errors: M3 and U1

    run_pilot(_app(seed_only, preds, corpus), without_gold)


def test_hostile_labels_and_values_never_reach_the_terminal(setup, tmp_path) -> None:
    gold, _ = setup
    rec = json.loads(_predictions(tmp_path / "p.jsonl").read_text(encoding="utf-8"))
    rec["entities"][0]["label"] = "\x1b[2J\u202eEVIL"
    rec["entities"][1]["label"] = "\x1b]0;title\x07\u2067"  # (units and kinds are checked by the schema)
    preds = tmp_path / "hostile.jsonl"
    preds.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")

    async def script(pilot) -> None:
        app = pilot.app
        panel = app.query_one(ReviewPanel)
        shown = []
        for _ in range(len(app.items())):
            await pilot.press("j")
            shown += [_status(app, 0), _status(app, 1)] + [panel.render_line(y).text for y in range(len(panel.items))]
        assert any("\\x1b" in line for line in shown)  # shown as escapes, as on the command line
        bad = {"\x1b", "\x07", "\u202e", "\u2067"}
        assert not [line for line in shown if bad & set(line)]

    run_pilot(_app(gold, preds), script)


def test_gold_documents_outside_the_corpus_are_named(tmp_path) -> None:
    """A gold record with its text embedded is reviewed (the scorer reads it), but a corpus
    without that document cannot show it: the review says so instead of hiding it."""
    from annotator.tui.review_command import prepare

    heldout = ROOT_TESTS / "extract" / "heldout"
    doc = json.loads((heldout / "documents.jsonl").read_text(encoding="utf-8"))
    rec = json.loads((heldout / "gold.jsonl").read_text(encoding="utf-8"))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD.read_text(encoding="utf-8") + json.dumps({**rec, "text": doc["text"]}, ensure_ascii=False) + "\n", encoding="utf-8")
    preds = _predictions(tmp_path / "pred.jsonl")
    session, review = prepare(CORPUS, None, gold, [preds])
    assert set(review.docs) == {SEED, "heldout_001"} and review.outside == ["heldout_001"]
    notes: list[str] = []

    async def script(pilot) -> None:
        notes.extend(n.message for n in pilot.app._notifications)

    run_pilot(ReviewApp(session, review), script)
    assert any("1 gold document(s) are not in this corpus" in n and "heldout_001" in n for n in notes)
