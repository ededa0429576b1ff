"""The baseline extractor: behaviour on small texts beyond the seed, the seed run, the command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.extract import extract_corpus, extract_document
from annotator.extract.command import run_extract
from annotator.extract.plugins import ENTRY_POINT_GROUP, ExtractorNotFound, available, load_extractor
from annotator.io.corpus import Corpus
from annotator.model import Document, Prediction, text_sha256

ROOT = Path(__file__).resolve().parents[2]


def doc(text: str, doc_id: str = "t1") -> Document:
    return Document(doc_id=doc_id, text=text, text_sha256=text_sha256(text), lang="ar", source="test")


def ents(pred: Prediction) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in pred.entities]


def by_id(pred: Prediction) -> dict[str, str]:
    return {e.id: e.text for e in pred.entities if e.id}


# ---- entities --------------------------------------------------------------

def test_gazetteer_names_without_proclitics_and_not_adjectives() -> None:
    pred = extract_document(doc("زار الوفد بغداد ولبنان، وقاتل الجيش العراقي لداعش في سوريا."))
    # العراقي is an adjective: inside the ORG name الجيش العراقي, never a GPE of its own
    assert ents(pred) == [("بغداد", "GPE"), ("لبنان", "GPE"), ("الجيش العراقي", "ORG"), ("داعش", "ORG"), ("سوريا", "GPE")]


def test_article_after_lam_starts_at_the_second_lam() -> None:
    pred = extract_document(doc("وجه رسالة للأمم المتحدة."))
    assert ents(pred) == [("لأمم المتحدة", "ORG")]


def test_org_keyword_chains_and_nested_gazetteer_names() -> None:
    pred = extract_document(doc("أعلنت وزارة الخارجية الفرنسية دعمها للتحالف الدولي ضد داعش."))
    assert ents(pred) == [
        ("وزارة الخارجية الفرنسية", "ORG"),
        ("لتحالف الدولي ضد داعش", "ORG"),  # للتحالف: from the article's lam
        ("داعش", "ORG"),
    ]


def test_titles_give_persons_and_last_names_recur() -> None:
    pred = extract_document(doc("التقى وزير الخارجية الأمريكي أنتوني بلينكن بالسفير علي الحسيني. ثم غادر بلينكن."))
    assert ents(pred) == [("أنتوني بلينكن", "PER"), ("علي الحسيني", "PER"), ("بلينكن", "PER")]


def test_quoted_operation_name_is_an_event_everywhere() -> None:
    pred = extract_document(doc('أطلق الجيش عملية "درع الشمال" ثم أنهى مهمة درع الشمال.'))
    assert [t for t, label in ents(pred) if label == "EVENT"] == ["درع الشمال", "درع الشمال"]
    assert pred.quotes == []  # a quoted name is not a quote


# ---- quotes ----------------------------------------------------------------

def test_direct_quote_with_cue_and_speaker_after_the_verb() -> None:
    pred = extract_document(doc('وقال الرئيس جو بايدن، "سنواصل دعم شركائنا في المنطقة".'))
    (q,) = pred.quotes
    assert (q.text, q.kind, q.cue.text if q.cue else None) == ("سنواصل دعم شركائنا في المنطقة", "direct", "قال")
    assert by_id(pred)[q.speaker] == "جو بايدن"  # type: ignore[index]


def test_feminine_verb_points_back_to_the_organisation() -> None:
    text = 'وذكرت وزارة الدفاع أن الهجوم فشل. وأضافت أن "القوات صدت ثلاث موجات".'
    pred = extract_document(doc(text))
    kinds = [(q.kind, q.cue.text if q.cue else None) for q in pred.quotes]
    assert kinds == [("indirect", "ذكرت"), ("direct", "أضافت")]
    assert {by_id(pred)[q.speaker] for q in pred.quotes} == {"وزارة الدفاع"}  # type: ignore[index]
    assert pred.quotes[0].text == "الهجوم فشل"


def test_mixed_quote_keeps_inner_marks_and_scare_quotes_are_ignored() -> None:
    text = 'وأوضح اللواء سعد معن أن الوضع "مستقر تماماً في كل المناطق"، وتحدث عن "الانتقال".'
    pred = extract_document(doc(text))
    (q,) = pred.quotes
    assert q.kind == "mixed" and q.text == 'الوضع "مستقر تماماً في كل المناطق"'
    assert by_id(pred)[q.speaker] == "سعد معن"  # type: ignore[index]


def test_postposed_attribution() -> None:
    text = "وتراجعت الهجمات في الأنبار، كما أشار المتحدث باسم الحكومة الدكتور باسم العوادي."
    pred = extract_document(doc(text))
    (q,) = pred.quotes
    assert (q.text, q.kind, q.cue.text if q.cue else None) == ("تراجعت الهجمات في الأنبار", "indirect", "أشار")
    assert by_id(pred)[q.speaker] == "باسم العوادي"  # type: ignore[index]


def test_reporting_verb_with_noun_complement_is_not_a_quote() -> None:
    pred = extract_document(doc("وأكد الوزير على أهمية التعاون بين البلدين."))
    assert pred.quotes == []


# ---- claims ----------------------------------------------------------------

def test_claims_with_time_place_and_source() -> None:
    text = 'وقالت القيادة المركزية إن "داعش نفذ نحو 40 هجوماً في سوريا خلال عام 2022".'
    pred = extract_document(doc(text))
    claims = {c.text: c for c in pred.claims}
    attack = claims["نحو 40 هجوماً"]
    assert (attack.kind, attack.value, attack.unit, attack.approx) == ("count", 40, "attack", True)
    assert [by_id(pred)[p] for p in attack.place] == ["سوريا"]  # type: ignore[index]
    assert by_id(pred)[attack.source] == "القيادة المركزية"  # type: ignore[index]
    assert attack.time == "2022"
    assert claims["عام 2022"].value == "2022"


def test_empty_document_gives_an_empty_record() -> None:
    pred = extract_document(doc("", "empty"))
    assert (pred.entities, pred.quotes, pred.claims) == ([], [], [])


# ---- the seed --------------------------------------------------------------

def test_seed_predictions_are_valid_exact_slices_and_deterministic() -> None:
    corpus = Corpus.load(ROOT / "corpus")
    first = extract_corpus(corpus.documents.values())
    second = extract_corpus(corpus.documents.values())
    assert [p.model_dump() for p in first] == [p.model_dump() for p in second]
    (pred,) = first
    text = corpus.documents[pred.doc_id].text
    for layer in (pred.entities, pred.quotes, pred.claims):
        for span in layer:
            assert text[span.start : span.end] == span.text  # type: ignore[index]
    ids = {e.id for e in pred.entities}
    assert all(q.speaker in ids for q in pred.quotes if q.speaker)
    assert pred.annotator == "baseline-0.1"


# ---- the command and plug-ins ---------------------------------------------

def make_corpus(tmp_path: Path, *texts: str) -> Path:
    lines = [doc(t, f"d{i}").model_dump_json() for i, t in enumerate(texts)]
    (tmp_path / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_run_extract_writes_valid_jsonl(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, "زار الوفد بغداد.", "قتل 5 أشخاص.")
    out = tmp_path / "pred.jsonl"
    err = io.StringIO()
    assert run_extract(corpus, out, stderr=err) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [Prediction.model_validate_json(line) for line in lines]
    assert [r.doc_id for r in records] == ["d0", "d1"]
    assert records[1].claims[0].value == 5
    assert "2 prediction record(s)" in err.getvalue()


def test_run_extract_to_stdout(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, "زار الوفد بغداد.")
    out = io.StringIO()
    assert run_extract(corpus, None, stdout=out) == 0
    assert json.loads(out.getvalue())["entities"][0]["text"] == "بغداد"


def test_run_extract_bad_corpus_is_one_line_missing_exit_2_invalid_exit_1(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_extract(tmp_path / "missing", None, stderr=err) == 2
    assert err.getvalue().count("\n") == 1 and "cannot read" in err.getvalue()
    (tmp_path / "documents.jsonl").write_text("{not json\n", encoding="utf-8")
    err = io.StringIO()
    assert run_extract(tmp_path, None, stderr=err) == 1  # an invalid registry: a finding about the data
    assert err.getvalue().startswith(f"{tmp_path / 'documents.jsonl'}:1:")


def test_unknown_extractor_exit_2(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_extract(make_corpus(tmp_path, "نص"), None, extractor="nope", stderr=err) == 2
    assert "unknown extractor 'nope'" in err.getvalue() and "baseline" in err.getvalue()


def bad_extractor(documents: list[Document]) -> list[dict]:
    return [{"schema_version": "1", "doc_id": d.doc_id, "claims": [{"text": "x", "kind": "weight"}]} for d in documents]


def dict_extractor(documents: list[Document]) -> list[dict]:
    return [{"schema_version": "1", "doc_id": d.doc_id, "entities": [{"text": "بغداد", "label": "GPE"}]} for d in documents]


def test_module_function_plugins(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, "زار الوفد بغداد.")
    out = io.StringIO()
    assert run_extract(corpus, None, extractor=f"{__name__}:dict_extractor", stdout=out) == 0
    assert json.loads(out.getvalue())["entities"][0]["start"] is None  # a string-anchored prediction
    err = io.StringIO()
    assert run_extract(corpus, None, extractor=f"{__name__}:bad_extractor", stderr=err) == 1
    assert err.getvalue().startswith(f"{__name__}:bad_extractor:1: invalid prediction record")


def test_load_extractor_errors_and_registry() -> None:
    assert load_extractor("baseline") is extract_corpus
    assert "baseline" in available() and ENTRY_POINT_GROUP == "annotator.extractors"
    with pytest.raises(ExtractorNotFound, match="cannot load"):
        load_extractor("no_such_module_xyz:f")
    with pytest.raises(ExtractorNotFound, match="not callable"):
        load_extractor("annotator.extract.plugins:ENTRY_POINT_GROUP")


def test_cli_registration(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path, "زار الوفد بغداد.")
    out = tmp_path / "p.jsonl"
    result = CliRunner().invoke(app, ["extract", "--corpus", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert Prediction.model_validate_json(out.read_text(encoding="utf-8").splitlines()[0]).doc_id == "d0"
    result = CliRunner().invoke(app, ["extract", "--corpus", str(tmp_path / "none")])
    assert result.exit_code == 2


def test_regions_three_part_names_and_more_reporting_verbs() -> None:
    text = ("أفادت مصادر بأن مسلحين هاجموا قرية في محافظة ديالى. ودعا رئيس الوزراء محمد شياع السوداني "
            'إلى التهدئة، مشدداً على أن "دماء العراقيين ليست رخيصة". وذلك خلال ولاية الرئيس السابق.')
    pred = extract_document(doc(text))
    assert ents(pred) == [("محافظة ديالى", "GPE"), ("محمد شياع السوداني", "PER")]
    quotes = [(q.kind, q.cue.text if q.cue else None, by_id(pred).get(q.speaker or "")) for q in pred.quotes]
    assert quotes == [("indirect", "أفادت", None), ("direct", "مشدداً", "محمد شياع السوداني")]


def test_concessive_anna_is_not_reported_content() -> None:
    text = "أعلنت الحكومة النصر، إلا أن المعارك استمرت. وقال الوزير إلا أن هذا غير صحيح."
    pred = extract_document(doc(text))
    assert pred.quotes == []
