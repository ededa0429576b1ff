"""`annotator validate`: every bad-input case, with its exact message and exit code."""

import io
import json
import unicodedata

import pytest

from annotator.validate.command import run_validate

SEED = "000_9cb6c4488f67ca16"


def run(paths, **kw):
    out = io.StringIO()
    code = run_validate(list(paths), out=out, **kw)
    return code, out.getvalue().splitlines()


def test_valid_record_passes(write_jsonl, good_record):
    path = write_jsonl([good_record])
    assert run([path]) == (0, [])


def test_registry_validates():
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    assert run([corpus / "documents.jsonl"]) == (0, [])


def test_validation_never_modifies_its_input(write_jsonl, good_record):
    path = write_jsonl([good_record, {**good_record, "annotator": "x", "entities": [{"bad": 1}]}])
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    run([path])
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'\xd8\xa7\xff\xfe\n', ["ann.jsonl:1: invalid UTF-8 at byte 3 of the line (0xff); the file must be UTF-8"]),
        (b"[1, 2]\n", ["ann.jsonl:1: expected a JSON object, got array"]),
        (b'"text"\n', ["ann.jsonl:1: expected a JSON object, got string"]),
        (b"{not json}\n", ["ann.jsonl:1: invalid JSON: Expecting property name enclosed in double quotes at column 2"]),
        (b'{"schema_version": "1", "doc_id": "x", "meta": {"a": NaN}}\n', ["ann.jsonl:1: NaN is not valid JSON (use null or a finite number)"]),
        (b'{"x": Infinity}\n', ["ann.jsonl:1: Infinity is not valid JSON (use null or a finite number)"]),
        (b'{"doc_id": "\\ud800"}\n', ["ann.jsonl:1: doc_id: string contains a lone surrogate \\ud800, which is not Unicode text"]),
    ],
)
def test_malformed_lines(write_jsonl, raw, expected):
    path = write_jsonl(None, raw=raw)
    code, lines = run([path])
    assert code == 1
    assert [line.replace(str(path.parent) + "/", "") for line in lines if "missing required field" not in line] == expected


def _lines(path, lines):
    return [line.replace(str(path.parent) + "/", "") for line in lines]


def test_bom_is_reported_and_the_rest_still_checked(write_jsonl, good_record):
    path = write_jsonl(None, raw=b"\xef\xbb\xbf" + json.dumps(good_record).encode() + b"\n")
    assert _lines(path, run([path])[1]) == ["ann.jsonl:1: file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM"]


def test_crlf_is_reported_once(write_jsonl, good_record):
    line = json.dumps(good_record).encode()
    other = json.dumps({**good_record, "annotator": "b"}).encode()
    path = write_jsonl(None, raw=line + b"\r\n" + other + b"\r\n")
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == ["ann.jsonl:1: CRLF line end; JSONL lines end with \\n only (reported once per file)"]


def test_blank_lines(write_jsonl, good_record):
    line = json.dumps(good_record).encode()
    path = write_jsonl(None, raw=line + b"\n\n   \n")
    assert _lines(path, run([path])[1]) == [
        "ann.jsonl:2: blank line; every line must hold one JSON object",
        "ann.jsonl:3: blank line; every line must hold one JSON object",
    ]


def test_truncated_last_line(write_jsonl, good_record):
    line = json.dumps(good_record).encode()
    path = write_jsonl(None, raw=line + b"\n" + line[: len(line) // 2])
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == ["ann.jsonl:2: truncated last line: no final newline and not valid JSON (was the file cut off while being written?)"]


def test_missing_final_newline_is_only_a_warning(write_jsonl, good_record):
    path = write_jsonl(None, raw=json.dumps(good_record).encode())
    code, lines = run([path])
    assert code == 0
    assert _lines(path, lines) == ["ann.jsonl:1: warning: no newline at the end of the file"]


def test_100_mb_line_is_refused_without_reading_it(write_jsonl, good_record, tmp_path):
    path = tmp_path / "ann.jsonl"
    with path.open("wb") as f:
        f.write(b'{"pad": "' + b"x" * 100_000_000 + b'"}\n')
        f.write(json.dumps(good_record).encode() + b"\n")
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == ["ann.jsonl:1: line is 100.0 MB, longer than the 16 MiB limit for one record; not read"]


def test_wrong_types_unknown_fields_and_missing_fields(write_jsonl, good_record):
    bad = json.loads(json.dumps(good_record))
    bad["entities"][0]["start"] = "12"
    bad["entities"][1]["colour"] = "red"
    bad["status"] = "finished"
    bad["claims"][0]["value"] = "lots"
    bad["claims"][0]["approx"] = 0
    del bad["quotes"][0]["kind"]
    bad["extra"] = True
    path = write_jsonl([bad])
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == [
        "ann.jsonl:1: status: expected 'draft' or 'done', got string \"finished\"",
        "ann.jsonl:1: entities[0].start: expected a valid integer, got string \"12\"",
        "ann.jsonl:1: entities[1].colour: unknown field (not in schema v1)",
        "ann.jsonl:1: quotes[0].kind: missing required field",
        "ann.jsonl:1: claims[0].value: expected a number, an ISO-8601 date or interval string (YYYY, YYYY-MM, YYYY-MM-DD, A/B) or null, got string \"lots\"",
        "ann.jsonl:1: claims[0].approx: expected a valid boolean, got integer 0",
        "ann.jsonl:1: extra: unknown field (not in schema v1)",
    ]


def test_semantic_problems_are_all_reported(write_jsonl, good_record, seed_doc):
    bad = json.loads(json.dumps(good_record))
    bad["entities"][0]["text"] = "أوستن"
    lloyd = seed_doc.text.index("لويد أوستن")
    bad["entities"][1]["label"] = "ORGANISATION"
    bad["entities"].append({"id": "e1", "start": 10, "end": 10, "text": "", "label": "PER"})
    bad["entities"].append({"id": "e9", "start": 2520, "end": 2600, "text": "x", "label": "PER"})
    bad["quotes"][0]["speaker"] = "e7"
    bad["claims"][0]["place"] = ["q1"]
    path = write_jsonl([bad])
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == [
        f"ann.jsonl:1: entities[0].text: 'أوستن' does not equal the document text 'لويد أوستن' at [{lloyd}, {lloyd + 10})",
        "ann.jsonl:1: entities[2]: empty or reversed span: start 10 must be < end 10",
        "ann.jsonl:1: entities[3].end: offset 2600 is past the end of the document (2530 code points)",
        "ann.jsonl:1: entities[1].label: 'ORGANISATION' is not in the label set (PER, ORG, GPE, LOC, EVENT)",
        "ann.jsonl:1: entities[2].id: duplicate id 'e1' (first used at entities[0])",
        "ann.jsonl:1: quotes[0].speaker: refers to 'e7', which is not the id of an entity in this record",
        "ann.jsonl:1: claims[0].place[0]: refers to 'q1', which is not the id of an entity in this record",
    ]


def test_hash_mismatch_and_unknown_document(write_jsonl, good_record):
    a = {**good_record, "text_sha256": "0" * 64}
    b = {**good_record, "doc_id": "nope", "annotator": "other"}
    path = write_jsonl([a, b])
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == [
        f"ann.jsonl:1: text_sha256: does not match the registered document '{SEED}' (its text changed since this was annotated); offsets cannot be trusted",
        "ann.jsonl:2: doc_id: unknown document 'nope': not in the document registry and no embedded text",
    ]


def test_embedded_text_must_hash(write_jsonl, good_record, seed_doc):
    path = write_jsonl([{**good_record, "text": seed_doc.text + "x"}])
    assert _lines(path, run([path])[1]) == ["ann.jsonl:1: text: the embedded text does not hash to text_sha256"]


def test_duplicate_records_for_the_same_document_and_annotator(write_jsonl, good_record):
    path = write_jsonl([good_record, {**good_record, "status": "done"}])
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == ["ann.jsonl:2: doc_id: duplicate record for this document and annotator (first at ann.jsonl:1)"]


def test_offsets_that_split_a_combining_mark_warn(write_jsonl, good_record, seed_doc):
    text = seed_doc.text
    mark = text.index("\u064f")  # the damma of أُنشئ
    assert unicodedata.combining(text[mark])
    rec = {**good_record, "entities": [{"id": "e1", "start": mark - 1, "end": mark, "text": text[mark - 1], "label": "ORG"}],
           "quotes": [], "claims": []}
    path = write_jsonl([rec])
    code, lines = run([path])
    assert code == 0
    assert _lines(path, lines) == [f"ann.jsonl:1: entities[0].end: warning: offset {mark} splits a combining mark from its base letter"]


def test_nfd_text_is_an_error(write_jsonl, tmp_path, seed_doc):
    from annotator.model import text_sha256

    nfd = unicodedata.normalize("NFD", "آمن ")
    assert nfd != unicodedata.normalize("NFC", nfd)
    doc = {"doc_id": "d1", "text": nfd, "text_sha256": text_sha256(nfd), "lang": "ar", "source": "t"}
    path = write_jsonl([doc], name="documents.jsonl")
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == ["documents.jsonl:1: text: text is not NFC (normalise the document to NFC before annotating)"]


def test_prediction_kind_is_detected_and_string_anchored_spans_are_checked(write_jsonl, seed_doc):
    pred = {"schema_version": "1", "doc_id": SEED,
            "entities": [{"text": "داعش", "label": "ORG"}, {"text": "غير موجود", "label": "ORG"}, {"start": 3, "text": "x", "label": "ORG"}],
            "quotes": [{"text": "يعود إلى الظهور", "speaker": {"text": "جير بيدرسن"}}]}
    path = write_jsonl([pred], name="preds.jsonl")
    code, lines = run([path])
    assert code == 1
    assert _lines(path, lines) == [
        "preds.jsonl:1: entities[1].text: warning: 'غير موجود' does not occur in the document",
        "preds.jsonl:1: entities[2]: give both start and end, or neither (a string-anchored span)",
    ]


def test_gold_schema_is_not_loosened_by_the_prediction_schema(write_jsonl, good_record):
    rec = json.loads(json.dumps(good_record))
    del rec["entities"][0]["start"], rec["entities"][0]["end"]
    path = write_jsonl([rec])
    code, lines = run([path], kind="annotation")
    assert code == 1
    assert _lines(path, lines) == ["ann.jsonl:1: entities[0].start: missing required field", "ann.jsonl:1: entities[0].end: missing required field"]


def test_json_format(write_jsonl, good_record):
    path = write_jsonl([{**good_record, "status": "x"}])
    code, lines = run([path], fmt="json")
    report = json.loads("\n".join(lines))
    assert code == 1 and report["valid"] is False and report["errors"] == 1
    assert report["files"] == {str(path): {"kind": "annotation", "records": 0}}
    assert report["findings"][0] == {"file": str(path), "line": 1, "message": "expected 'draft' or 'done', got string \"x\"",
                                     "path": "status", "severity": "error"}


def test_unreadable_input_exits_2(tmp_path, capsys):
    assert run([tmp_path / "missing.jsonl"])[0] == 2
    assert capsys.readouterr().err == f"{tmp_path / 'missing.jsonl'}: cannot read: No such file or directory\n"
    assert run([tmp_path])[0] == 2


def test_bad_registry_exits_1_a_missing_one_2(tmp_path, write_jsonl, good_record, capsys):
    """An invalid registry record is a finding about the data (1); a registry that cannot be read is 2."""
    missing = tmp_path / "none" / "documents.jsonl"
    assert run([write_jsonl([good_record])], docs_path=missing)[0] == 2
    assert capsys.readouterr().err == f"{missing}: cannot read: No such file or directory\n"
    reg = tmp_path / "documents.jsonl"
    reg.write_text('{"doc_id": 5}\n')
    assert run([write_jsonl([good_record])], docs_path=reg)[0] == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{reg}:1: invalid document record:") and err.count("\n") == 1


BAD_RECORDS = [
    {"status": "x"},
    {"entities": [{"id": "e 1", "start": 0, "end": 1, "text": "ف", "label": "PER"}]},
    {"entities": [{"id": "e1", "start": -1, "end": 1, "text": "ف", "label": "PER"}]},
    {"claims": [{"id": "c1", "start": 0, "end": 1, "text": "ف", "kind": "date", "value": "2024-1", "unit": None, "approx": False,
                 "time": None, "place": [], "source": None}]},
    {"claims": [{"id": "c1", "start": 0, "end": 1, "text": "ف", "kind": "count", "value": 1, "unit": "Attacks", "approx": False,
                 "time": "yesterday", "place": [], "source": None}]},
    {"text_sha256": "ABC"},
    {"schema_version": "2"},
    {"quotes": [{"id": "q1", "start": 0, "end": 1, "text": "ف", "kind": "said", "speaker": None, "cue": None}]},
]


@pytest.mark.parametrize("change", BAD_RECORDS)
def test_jsonschema_engine_agrees_with_the_models(write_jsonl, good_record, change):
    good = write_jsonl([good_record], name="good.jsonl")
    bad = write_jsonl([{**good_record, **change}], name="bad.jsonl")
    assert run([good], engine="jsonschema")[0] == run([good])[0] == 0
    assert run([bad], engine="jsonschema", kind="annotation")[0] == run([bad], kind="annotation")[0] == 1


@pytest.mark.parametrize(
    ("name", "change", "kind"),
    [
        ("ann.jsonl", {}, "annotation"),
        ("out.jsonl", {"status": None}, "prediction"),  # an extractor naming itself, with no gold status
        ("preds.jsonl", {}, "prediction"),
        ("gold.jsonl", {"status": None}, "annotation"),  # a gold file is held to the gold schema
    ],
)
def test_kind_detection(write_jsonl, good_record, name, change, kind):
    from annotator.validate import detect_kind

    assert detect_kind(write_jsonl([{**good_record, **change}], name=name)) == kind


def test_spans_with_white_space_at_an_edge_warn(write_jsonl, good_record, seed_doc):
    i = seed_doc.text.index("لويد أوستن")
    rec = {**good_record, "entities": [{"id": "e1", "start": i, "end": i + 11, "text": seed_doc.text[i : i + 11], "label": "PER"}],
           "quotes": [], "claims": []}
    path = write_jsonl([rec])
    assert _lines(path, run([path])[1]) == ["ann.jsonl:1: entities[0]: warning: span starts or ends with white space (trim it to the words)"]


def test_edge_warnings_do_not_depend_on_the_other_spans(write_jsonl, good_record, seed_doc):
    """The whole-record fast path and the per-span check agree on what white space and a
    combining mark are: a record's warnings are the same whether or not another span fails."""
    text = "قال\u001c" + seed_doc.text[4:]
    from annotator.model import text_sha256

    base = {**good_record, "text_sha256": text_sha256(text), "text": text, "quotes": [], "claims": []}
    alone = {**base, "entities": [{"id": "e1", "start": 0, "end": 4, "text": text[:4], "label": "PER"}]}
    with_bad = {**alone, "annotator": "b", "entities": [*alone["entities"], {"id": "e2", "start": 5, "end": 9, "text": "xxxx", "label": "PER"}]}
    path = write_jsonl([alone, with_bad])
    lines = _lines(path, run([path])[1])
    first = [line for line in lines if line.startswith("ann.jsonl:1:") and "entities[0]" in line]
    second = [line.replace("ann.jsonl:2:", "ann.jsonl:1:") for line in lines if line.startswith("ann.jsonl:2:") and "entities[0]" in line]
    assert first == second


def test_errors_only_pass_string_anchored_spans_but_not_half_given_offsets():
    """The scorer's checks (errors only) pass over spans without offsets at once, yet still
    find a span that gives one offset of two, among string-anchored ones or alone."""
    from annotator.model import Prediction
    from annotator.model.plain import validate_plain
    from annotator.validate.semantic import check_record

    text = "قال وزير الدفاع في بغداد"
    doc = type("Doc", (), {"doc_id": "d", "text": text, "text_sha256": None})()

    def errors(entities):
        pred = validate_plain(Prediction, json.dumps({"schema_version": "1", "doc_id": "d", "entities": entities}))
        return check_record(pred, doc, None, warnings=False)

    anchored = [{"text": "بغداد", "label": "GPE"}, {"text": "ليس في النص", "label": "ORG"}]
    assert errors(anchored) == []
    half = {"start": 19, "text": "بغداد", "label": "GPE"}
    for entities in ([half], [*anchored, half]):
        assert errors(entities) == [(f"entities[{len(entities) - 1}]", "give both start and end, or neither (a string-anchored span)", False)]
