"""Accepting every suggestion keeps everything the extractor said: the record made by
"accept all" from the baseline's predictions scores exactly as those predictions do
(every layer, scheme and attribute: labels, quote kinds, speakers, cues, claim values and
units), on the seed article and on the held-out text."""

import json
from pathlib import Path

import pytest

from annotator.extract.command import run_extract
from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.score.engine import score_files
from annotator.suggest.load import read_prediction_file
from annotator.suggest.suggester import Suggester
from annotator.tui.session import Session

HELDOUT = Path(__file__).resolve().parents[1] / "extract" / "heldout"


@pytest.mark.parametrize("corpus_dir, gold", [
    (bundled_corpus_dir(), bundled_corpus_dir() / "gold"),
    (HELDOUT, HELDOUT / "gold.jsonl"),
], ids=["seed", "heldout"])
def test_accept_all_scores_as_the_predictions(tmp_path, corpus_dir, gold):
    pred, out = tmp_path / "pred.jsonl", tmp_path / "out.jsonl"
    assert run_extract(corpus_dir, pred, quiet=True) == 0
    corpus = Corpus.load(corpus_dir)
    loaded = read_prediction_file(pred, corpus)
    assert loaded.problems == []
    session = Session.open(corpus, out, annotator="t", lock=False)
    suggester = Suggester(session, loaded.get, loaded.source, loaded.problems)
    total = 0
    for doc_id in corpus.documents:
        session.go_to(doc_id)
        done, failed = suggester.accept_all()
        assert failed == [] and done == len(loaded.get(doc_id)) > 0
        total += done
    session.save()
    docs = corpus_dir / "documents.jsonl"
    expected = score_files([gold], [pred], docs=docs).data["layers"]
    assert score_files([gold], [out], docs=docs).data["layers"] == expected
    spans = sum(len(r["entities"]) + len(r["quotes"]) + len(r["claims"]) for r in map(json.loads, out.read_text().splitlines()))
    assert spans == total
