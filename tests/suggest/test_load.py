"""Reading predictions for the annotator: the scorer's reader and alignment, hostile input
as one ``FILE:LINE: message`` each, an unreadable file as SuggestInputError."""

import json
from pathlib import Path

import pytest

from annotator.suggest.load import SuggestInputError, read_prediction_file, run_extractor
from suggest.data import DOC, prediction, write_corpus, write_predictions
from tui.helpers import span


def test_every_span_becomes_a_suggestion_with_its_attributes(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    pred = write_predictions(tmp_path / "pred.jsonl")
    loaded = read_prediction_file(pred, corpus)
    assert loaded.problems == []
    assert loaded.source["name"] == "toy-extractor-1" and loaded.source["file"] == str(pred) and len(loaded.source["sha256"]) == 64
    suggs = loaded.get("a")
    assert loaded.get("b") == [] and loaded.get("unknown") == []
    by_key = {s.key: s for s in suggs}
    s, e = span(DOC, "داعش")  # string-anchored: placed by the scorer's alignment (inside لداعش)
    assert by_key[f"entity:{s}:{e}:ORG"].text == "داعش"
    (quote,) = [x for x in suggs if x.layer == "quote"]
    assert quote.label == "direct"
    assert quote.attrs["speaker"] == (*span(DOC, "لويد أوستن"), "لويد أوستن", "PER")
    assert quote.attrs["cue"] == (*span(DOC, "قال"), "قال")  # text only: its occurrence nearest the quote
    (claim,) = [x for x in suggs if x.layer == "claim"]
    assert (claim.label, claim.attrs["value"], claim.attrs["unit"]) == ("count", 153, "attack")
    assert claim.attrs["place"] == ((*span(DOC, "العراق"), "العراق", "GPE"),)
    assert [x.start for x in suggs] == sorted(x.start for x in suggs)  # reading order


def test_hostile_lines_are_left_out_with_one_line_each(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    rec = prediction()
    rec["entities"].append({"start": 5, "end": 9, "text": "ليس هذا", "label": "PER"})  # offsets and text disagree
    rec["entities"].append({"text": "موسكو", "label": "GPE"})  # does not occur
    rec["entities"].append({"start": 4, "end": 8, "text": DOC[4:8], "label": "NOPE"})  # not in the label set
    rec["entities"].append({"start": 4000, "end": 4005, "text": "بعيدة", "label": "PER"})  # out of range
    unknown = {"schema_version": "1", "doc_id": "zz", "entities": [{"text": "x", "label": "PER"}]}
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n" + json.dumps(unknown) + "\n{not json\n"
                    + json.dumps({"schema_version": "1", "doc_id": "a", "text_sha256": "0" * 64}) + "\n", encoding="utf-8")
    loaded = read_prediction_file(path, corpus)
    problems = loaded.problems
    assert all(p.startswith(f"{path}:") for p in problems), problems
    assert any(p.startswith(f"{path}:1: entities[7]") and "not suggested" in p for p in problems)
    assert any(p.startswith(f"{path}:1: entities[8].text") and "does not occur" in p for p in problems)
    assert any(p.startswith(f"{path}:1: entities[9].label") for p in problems)
    assert any(p.startswith(f"{path}:1: entities[10]") for p in problems)
    assert any(p.startswith(f"{path}:2: doc_id:") and "'zz' is not in the corpus" in p for p in problems)
    assert any(p.startswith(f"{path}:3: ") and "JSON" in p for p in problems)
    assert any(p.startswith(f"{path}:4: text_sha256") for p in problems)
    assert len(loaded.get("a")) == len(read_prediction_file(write_predictions(tmp_path / "ok.jsonl"), corpus).get("a"))
    assert all("\n" not in p and "Traceback" not in p for p in problems)


@pytest.mark.parametrize("make", ["missing", "directory", "endless"])
def test_an_unreadable_file_is_one_plain_line(tmp_path, make):
    corpus = write_corpus(tmp_path / "corpus")
    path = tmp_path / "pred.jsonl"
    if make == "directory":
        path.mkdir()
    elif make == "endless":  # one endless line: stops at the reader's line limit
        path = Path("/dev/zero")
    with pytest.raises(SuggestInputError) as e:
        read_prediction_file(path, corpus)
    assert str(e.value).startswith(str(path)) and "\n" not in str(e.value)


def test_an_empty_file_opens_with_a_note(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    path = tmp_path / "pred.jsonl"
    path.write_text("")
    loaded = read_prediction_file(path, corpus)
    assert loaded.get("a") == [] and loaded.problems == [f"{path}: no prediction records; nothing to suggest"]


def test_an_extractor_is_run_per_document_through_the_same_checks(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "corpus")
    calls = []

    def toy(documents):
        calls.append([d.doc_id for d in documents])
        if documents[0].doc_id == "b":
            raise RuntimeError("model offline")
        return [prediction(), {"schema_version": "1", "doc_id": "b", "entities": []}]

    import suggest.data as data

    monkeypatch.setattr(data, "toy", toy, raising=False)
    loaded = run_extractor("suggest.data:toy", corpus)
    assert loaded.source == {"name": "suggest.data:toy", "extractor": "suggest.data:toy"}
    from_file = read_prediction_file(write_predictions(tmp_path / "pred.jsonl"), corpus).get("a")
    assert [(s.key, s.attrs) for s in loaded.get("a")] == [(s.key, s.attrs) for s in from_file]
    assert loaded.get("a") is loaded.get("a") and calls == [["a"]]  # run once per document
    assert loaded.problems == ["<suggest.data:toy>:2: doc_id: 'b' was not asked for (the extractor was run on 'a'); ignored"]
    assert loaded.get("b") == []
    assert loaded.problems[-1] == "<suggest.data:toy>: failed on document 'b': RuntimeError: model offline"


def test_an_unknown_extractor_is_one_plain_line(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    with pytest.raises(SuggestInputError, match="unknown extractor 'nope'"):
        run_extractor("nope", corpus)


def test_the_baseline_extractor_runs_directly(tmp_path):
    from annotator.io.corpus import Corpus, bundled_corpus_dir

    corpus = Corpus.load(bundled_corpus_dir())
    loaded = run_extractor("baseline", corpus)
    doc_id = next(iter(corpus.documents))
    assert len(loaded.get(doc_id)) > 50 and loaded.problems == []
