"""Bad input gets one clear ``FILE:LINE`` line per problem, the documented exit code, and
nothing written; loss on export fails unless ``--allow-loss``."""

import json
import unicodedata

from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import text_sha256

from .gen import write_corpus
from .helpers import DOCS, GOLD, export, import_

TEXT = "قال وزير الدفاع لويد أوستن إن داعش هُزم.\nوأكد أن العراق شريك."


def _corpus(tmp_path, text=TEXT):
    record = {"schema_version": "1", "doc_id": "d1", "text_sha256": text_sha256(text), "annotator": "t", "status": "done", "text": None,
              "meta": None, "entities": [], "quotes": [], "claims": []}
    return write_corpus(tmp_path, [(record, text)])


def _brat(tmp_path, ann, txt=TEXT):
    d = tmp_path / "brat"
    d.mkdir()
    (d / "d1.txt").write_bytes(txt.encode("utf-8"))
    (d / "d1.ann").write_text(ann, encoding="utf-8")
    return d


def test_brat_span_text_that_does_not_match_is_one_error_per_span(tmp_path):
    docs, _ = _corpus(tmp_path)
    start = TEXT.index("لويد")
    source = _brat(tmp_path, f"T1\tPER {start} {start + 10}\tلويد أوستن\nT2\tORG 0 3\tداعش\nT3\tGPE 200 210\tالعراق\n")
    code, records, err = import_("brat", source, docs, tmp_path)
    assert code == 1 and records is None
    assert f"{source / 'd1.ann'}:2: entities[1]: 'داعش' does not equal the document text 'قال' at [0, 3)" in err
    assert f"{source / 'd1.ann'}:3: entities[2]: offsets [200, 210) are not inside the document" in err
    assert "2 error(s); nothing written" in err
    assert not (tmp_path / "imported.jsonl").exists()


def test_brat_text_with_crlf_and_nfd_maps_onto_the_registered_document(tmp_path):
    raw = unicodedata.normalize("NFD", TEXT.replace("\n", "\r\n").replace("وأكد", "وأكّد"))
    registered = TEXT.replace("وأكد", "وأكّد")
    assert raw != registered and unicodedata.normalize("NFC", raw).replace("\r\n", "\n") == registered
    docs, _ = _corpus(tmp_path, registered)
    start = raw.index("العراق")
    source = _brat(tmp_path, f"T1\tGPE {start} {start + 6}\tالعراق\n", raw)
    code, records, err = import_("brat", source, docs, tmp_path)
    assert code == 0, err
    (entity,) = records[0]["entities"]
    assert registered[entity["start"]:entity["end"]] == "العراق" and entity["start"] < start  # CR dropped, hamza composed
    assert records[0]["text"] is None and records[0]["text_sha256"] == text_sha256(registered)


def test_import_refuses_a_text_that_differs_from_the_registered_document(tmp_path):
    docs, _ = _corpus(tmp_path)
    source = _brat(tmp_path, "T1\tPER 0 3\tقال\n", TEXT + " زيادة")
    code, _, err = import_("brat", source, docs, tmp_path)
    assert code == 1 and "differs from the registered document" in err


def test_label_studio_offset_inside_a_surrogate_pair(tmp_path):
    text = "😀 داعش"
    docs, _ = _corpus(tmp_path, text)
    task = {"id": 1, "data": {"text": text, "doc_id": "d1"}, "annotations": [{"result": [
        {"id": "a", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 1, "end": 7, "text": "x", "labels": ["ORG"]}}]}]}
    source = tmp_path / "ls.json"
    source.write_text("[\n" + json.dumps(task, ensure_ascii=False) + "\n]\n", encoding="utf-8")
    code, _, err = import_("labelstudio", source, docs, tmp_path)
    assert code == 1 and f"{source}:2: region 'a': UTF-16 offsets [1, 7) are not on code point boundaries" in err


def test_doccano_unknown_document_embeds_its_text_and_checks_labels(tmp_path):
    docs, _ = _corpus(tmp_path)
    source = tmp_path / "d.jsonl"
    source.write_text(json.dumps({"text": "زار بايدن بغداد", "entities": [{"id": 1, "label": "PER", "start_offset": 4, "end_offset": 9},
                                                                      {"id": 2, "label": "CITY", "start_offset": 10, "end_offset": 15}], "relations": []},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = import_("doccano", source, docs, tmp_path)
    assert code == 1 and "entities[1].label: 'CITY' is not in the label set" in err
    source.write_text(source.read_text(encoding="utf-8").replace("CITY", "GPE"), encoding="utf-8")
    code, records, err = import_("doccano", source, docs, tmp_path, annotator="someone")
    assert code == 0, err
    assert records[0]["doc_id"] == "d-1" and records[0]["text"] == "زار بايدن بغداد" and records[0]["annotator"] == "someone"
    assert [e["text"] for e in records[0]["entities"]] == ["بايدن", "بغداد"]


def test_conll_token_that_is_not_in_the_document(tmp_path):
    docs, _ = _corpus(tmp_path)
    source = tmp_path / "x.conll"
    source.write_text("-DOCSTART- -X- -X- O\n# doc_id = d1\n\nقال -X- _ O\nوزيرة -X- _ B-PER\n", encoding="utf-8")
    code, _, err = import_("conll", source, docs, tmp_path)
    assert code == 1 and f"{source}:5: token 'وزيرة' does not follow in document 'd1'" in err


def test_messages_escape_control_and_bidi_characters(tmp_path):
    docs, _ = _corpus(tmp_path)
    source = _brat(tmp_path, "T1\tPER 0 3\tق\x1b]2;owned\x07\u202e\n")
    code, _, err = import_("brat", source, docs, tmp_path)
    assert code == 1 and "\x1b" not in err and "\u202e" not in err and "\\x1b]2;owned\\x07\\u202e" in err


def test_export_exit_codes_loss_and_allow_loss(tmp_path):
    code, _, err = export("conll", GOLD, DOCS, tmp_path)
    assert code == 1 and "Pass --allow-loss to accept the loss" in err
    code, _, err = export("conll", GOLD, DOCS, tmp_path, allow_loss=True)
    assert code == 0 and "dropped 11 quotes" in err  # the loss is still printed
    code, _, err = export("labelstudio", GOLD, DOCS, tmp_path)
    assert code == 0 and "dropped" not in err


def test_export_of_invalid_gold_is_exit_1_with_file_line(tmp_path):
    """Invalid records are a finding (exit 1), not a usage error; the last line says so."""
    bad = tmp_path / "gold.jsonl"
    record = json.loads(GOLD.read_text(encoding="utf-8"))
    record["entities"][0]["text"] = "خطأ"
    bad.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, err = export("flat", bad, DOCS, tmp_path)
    assert code == 1 and f"{bad}:1: entities[0].text: 'خطأ' does not equal the document text" in err and not out.exists()
    assert err.splitlines()[-1] == "flat: invalid input (above); export stopped"


def test_cli_garbage_input_is_one_line_not_a_traceback(tmp_path):
    source = tmp_path / "x.json"
    source.write_text('[{"data": {"text": "abc"}, "annotations": [{"result": [{"type": "labels", "value": 5}]}]}]', encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(source), "--from", "labelstudio", "--out", str(tmp_path / "o.jsonl"), "--docs", str(DOCS)])
    assert result.exit_code == 1 and "Traceback" not in result.output  # a source that is not valid in its format: a finding
    result = CliRunner().invoke(app, ["export", str(GOLD), "--to", "nope", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_cli_export_and_import(tmp_path):
    runner = CliRunner()
    out = tmp_path / "gold.json"
    result = runner.invoke(app, ["export", str(GOLD), "--to", "labelstudio", "--out", str(out), "--docs", str(DOCS)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", str(out), "--from", "labelstudio", "--out", str(tmp_path / "back.jsonl"), "--docs", str(DOCS)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "back.jsonl").read_bytes() == GOLD.read_bytes()


def test_label_studio_predictions_round_trip(tmp_path):
    code, out, err = export("labelstudio", GOLD, DOCS, tmp_path, predictions=True)
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    assert "annotations" not in task and task["predictions"][0]["model_version"] == "gold-v1"
    code, records, err = import_("labelstudio", out, DOCS, tmp_path)
    assert code == 0 and records == [json.loads(GOLD.read_text(encoding="utf-8"))]


def test_flat_references_given_as_spans_without_ids(tmp_path):
    docs, _ = _corpus(tmp_path)
    start = TEXT.index("لويد أوستن")
    speaker = {"start": start, "end": start + 10, "text": "لويد أوستن"}
    line = {"doc_id": "d1", "text": TEXT, "entities": [{"id": "p", **speaker, "label": "PER"}],
            "quotes": [{"id": "q", "start": TEXT.index("إن"), "end": TEXT.index("."), "text": TEXT[TEXT.index("إن"):TEXT.index(".")],
                        "kind": "indirect", "speaker": speaker, "cue": None}], "claims": []}
    source = tmp_path / "f.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    code, records, err = import_("flat", source, docs, tmp_path)
    assert code == 0, err
    assert records[0]["quotes"][0]["speaker"] == "p"


def test_spacy_unknown_language_is_a_usage_error(tmp_path):
    code, _, err = export("spacy", GOLD, DOCS, tmp_path, lang="zz")
    assert code == 2 and "--lang 'zz': spaCy has no such language" in err


def test_one_file_per_document_formats_refuse_unsafe_ids_and_two_records_of_a_document(tmp_path):
    record = json.loads(GOLD.read_text(encoding="utf-8"))
    text = json.loads(DOCS.read_text(encoding="utf-8").splitlines()[0])["text"]
    other = {**record, "annotator": "someone-else"}
    gold = tmp_path / "two.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (record, other)), encoding="utf-8")
    for fmt in ("brat", "inception"):
        code, out, err = export(fmt, gold, DOCS, tmp_path)
        assert code == 1 and "two records for this document" in err and not out.exists()  # the data does not fit the format
    code, out, err = export("labelstudio", gold, DOCS, tmp_path)  # one file for all: fine, and both come back
    assert code == 0
    code, records, err = import_("labelstudio", out, DOCS, tmp_path)
    assert code == 0 and [r["annotator"] for r in records] == ["gold-v1", "someone-else"]
    evil = {**record, "doc_id": "..", "text": text}  # valid as an id, not as a file name
    gold.write_text(json.dumps(evil, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    code, out, err = export("brat", gold, tmp_path / "empty.jsonl", tmp_path)
    assert code == 1 and "'..': not usable as a file name" in err and not out.exists()


def test_brat_quote_without_a_kind_names_its_line(tmp_path):
    docs, _ = _corpus(tmp_path)
    start = TEXT.index("إن")
    source = _brat(tmp_path, f"T1\tPER 0 3\tقال\nT2\tQuote {start} {start + 2}\tإن\n")
    code, _, err = import_("brat", source, docs, tmp_path)
    assert code == 1 and f"{source / 'd1.ann'}:2: quotes.0.kind: Input should be 'direct', 'indirect' or 'mixed'" in err


def test_w3c_import_anchors_a_quote_selector_by_prefix_and_suffix(tmp_path):
    text = "داعش في العراق ثم داعش في سوريا"
    docs, _ = _corpus(tmp_path, text)
    annotation = {"id": "http://example.org/anno/7", "type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "ORG"},
                  "target": {"source": "urn:annotator:doc:d1", "selector": {"type": "TextQuoteSelector", "exact": "داعش", "prefix": "ثم ", "suffix": " في سوريا"}}}
    source = tmp_path / "w.jsonld"
    source.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                                  "first": {"type": "AnnotationPage", "items": [annotation]}}, ensure_ascii=False), encoding="utf-8")
    code, records, err = import_("w3c", source, docs, tmp_path)
    assert code == 0, err
    assert records[0]["entities"] == [{"id": "e1", "start": 18, "end": 22, "text": "داعش", "label": "ORG"}]  # the second one; a foreign IRI id is renumbered
    source.write_text(source.read_text(encoding="utf-8").replace("urn:annotator:doc:d1", "urn:annotator:doc:nowhere"), encoding="utf-8")
    code, _, err = import_("w3c", source, docs, tmp_path)
    assert code == 1 and "the document 'nowhere' is not registered" in err  # an unknown document: a finding


def test_export_never_writes_over_its_input(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(GOLD.read_bytes())
    import io

    from annotator.convert.command import run_export

    err = io.StringIO()
    assert run_export([tmp_path], "flat", gold, docs=DOCS, stderr=err) == 2
    assert "is one of the input files" in err.getvalue() and gold.read_bytes() == GOLD.read_bytes()
