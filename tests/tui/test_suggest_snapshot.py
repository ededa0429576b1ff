"""Snapshot of the suggestion mode on the seed article with the baseline's suggestions (one
accepted, one conflict with a hand-made annotation), plus assertions on the drawn cells: the
suggestions are told apart by a text attribute, not by colour alone."""

from pathlib import Path

from annotator.extract.command import run_extract
from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.suggest.load import read_prediction_file
from annotator.suggest.suggester import Suggester
from annotator.tui.docview import DocView
from annotator.tui.session import Session
from annotator.tui.suggest import SuggestApp
from tui.helpers import span

SIZE = (100, 30)


def test_suggestion_screen(tmp_path, monkeypatch, snap_compare):
    monkeypatch.chdir(tmp_path)
    corpus_dir = bundled_corpus_dir()
    assert run_extract(corpus_dir, tmp_path / "pred.jsonl", quiet=True) == 0
    corpus = Corpus.load(corpus_dir)
    session = Session.open(corpus, Path("annotations.jsonl"), annotator="snap", lock=False)
    session.add_entity(*span(session.text, "واشنطن"), "PER")  # by hand: the GPE suggestion conflicts with it
    session.save()
    loaded = read_prediction_file(tmp_path / "pred.jsonl", corpus)
    app = SuggestApp(session, Suggester(session, loaded.get, {**loaded.source, "file": "pred.jsonl"}, loaded.problems))

    async def before(pilot):
        await pilot.press("a")  # الولايات المتحدة GPE accepted; العراق is current
        doc = pilot.app.query_one(DocView)
        overlays = {m.key[1]: m.style for m in doc.marks if m.layer == "overlay"}
        wash = span(doc.text, "واشنطن")
        iraq = span(doc.text, "العراق")
        assert overlays[f"entity:{wash[0]}:{wash[1]}:GPE"].strike  # the conflict
        assert overlays[f"entity:{iraq[0]}:{iraq[1]}:GPE"].reverse  # the current suggestion
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)
