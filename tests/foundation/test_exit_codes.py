"""The guide's exit codes, command by command: 0 ok, 1 findings (invalid data, a failed
gate), 2 usage or unreadable input; the same code and the same lines from the plain
function and from the real command line (README, "Commands")."""

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import text_sha256

ROOT = Path(__file__).resolve().parents[2]
TEXT = "زار لويد أوستن بغداد والتقى محمد العباسي."


def _span(word: str, label: str, ident: str, text: str | None = None) -> dict:
    start = TEXT.index(word)
    return {"id": ident, "start": start, "end": start + len(word), "text": text or word, "label": label}


def _record(annotator: str, entities: list[dict], doc_id: str = "d1") -> dict:
    return {"schema_version": "1", "doc_id": doc_id, "text_sha256": text_sha256(TEXT), "annotator": annotator, "status": "done",
            "entities": entities, "quotes": [], "claims": []}


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus of one document; ``a.jsonl``, ``b.jsonl``: two annotators' valid records;
    ``bad.jsonl``: a record whose span text is not the document's."""
    directory = tmp_path / "corpus"
    directory.mkdir()
    _jsonl(directory / "documents.jsonl", [{"doc_id": "d1", "text": TEXT, "text_sha256": text_sha256(TEXT), "lang": "ar", "source": "test"}])
    shutil.copy(ROOT / "corpus" / "labels.toml", directory / "labels.toml")
    _jsonl(tmp_path / "a.jsonl", [_record("a", [_span("لويد أوستن", "PER", "e1"), _span("بغداد", "GPE", "e2")])])
    _jsonl(tmp_path / "b.jsonl", [_record("b", [_span("لويد أوستن", "PER", "e1")])])
    _jsonl(tmp_path / "bad.jsonl", [_record("a", [_span("بغداد", "GPE", "e1", text="خطأ")])])
    return directory


def _invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _bad_line(bad: Path) -> str:
    return f"{bad}:1: entities[0].text: 'خطأ' does not equal the document text 'بغداد' at [15, 20)"


# --- score and merge-reports: the real process, --jobs 1 and 2 ------------------------------------------------


def _score_cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "annotator", "score", *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_score_invalid_input_is_1_with_its_summary_unreadable_input_2(corpus, tmp_path):
    from annotator.score.command import run_score

    gold, bad, docs = tmp_path / "a.jsonl", tmp_path / "bad.jsonl", corpus / "documents.jsonl"
    out, err = io.StringIO(), io.StringIO()
    assert run_score(gold, bad, docs=docs, bootstrap=0, jobs=1, stdout=out, stderr=err) == 1
    expected = f"{_bad_line(bad)}\nannotator score: invalid input (above): nothing scored\n"
    assert (out.getvalue(), err.getvalue()) == ("", expected)
    for jobs in ("1", "2"):
        assert _score_cli(str(gold), str(bad), "--docs", str(docs), "--bootstrap", "0", "--jobs", jobs, cwd=tmp_path) == (1, "", expected)
    # unreadable input and usage stay 2, without the summary
    missing = tmp_path / "none.jsonl"
    err = io.StringIO()
    assert run_score(gold, missing, docs=docs, bootstrap=0, stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue() == f"{missing}: no such file or directory\n"
    assert _score_cli(str(gold), str(missing), "--docs", str(docs), "--jobs", "2", cwd=tmp_path) == (2, "", err.getvalue())
    assert _score_cli(str(gold), str(gold), "--jobs", "0", cwd=tmp_path) == (2, "", "--jobs: must be >= 1\n")


def test_score_a_failed_gate_is_1_and_its_summary_names_the_gates(corpus, tmp_path):
    """A failed gate and invalid data share the code 1: the last line on stderr tells them apart,
    also when the report goes to standard output."""
    from annotator.score.command import run_score

    gold, pred, docs = tmp_path / "a.jsonl", tmp_path / "b.jsonl", corpus / "documents.jsonl"
    err = io.StringIO()
    gate = "entities.strict.f1=0.9"
    assert run_score(gold, pred, docs=docs, bootstrap=0, fail_under=[gate], report="json", stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == "annotator score: 0 gates passed, 1 failed: entities.strict.f1 = 0.6667, must be >= 0.9\n"
    code, out, cli_err = _score_cli(str(gold), str(pred), "--docs", str(docs), "--bootstrap", "0", "--fail-under", gate, "--report", "json", cwd=tmp_path)
    assert (code, cli_err) == (1, err.getvalue()) and json.loads(out)["gates"][0]["passed"] is False


def test_quiet_still_tells_why_a_run_failed(corpus, tmp_path):
    """--quiet leaves out the progress bar and the line of a run that passed, never the reason
    of exit 1 (the README's CI recipe runs with --quiet: a red job's log names the failed gate)."""
    from annotator.score.command import run_merge, run_score

    gold, pred, bad, docs = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "bad.jsonl", corpus / "documents.jsonl"
    report = tmp_path / "r.json"
    gates = ["entities.strict.f1=0.5", "entities.strict.recall=0.9", "entities.strict.precision=1"]
    err = io.StringIO()
    assert run_score(gold, pred, docs=docs, bootstrap=0, fail_under=gates, report=f"json:{report}", quiet=True, stdout=io.StringIO(), stderr=err) == 1
    failed = "2 gates passed, 1 failed: entities.strict.recall = 0.5000, must be >= 0.9"
    assert err.getvalue() == f"annotator score: report written to {report}; {failed}\n"
    assert _score_cli(str(gold), str(pred), "--docs", str(docs), "--bootstrap", "0", "-q", *(a for g in gates for a in ("--fail-under", g)),
                      "--report", f"json:{report}", cwd=tmp_path)[::2] == (1, err.getvalue())
    err = io.StringIO()
    assert run_score(gold, bad, docs=docs, bootstrap=0, quiet=True, stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == f"{_bad_line(bad)}\nannotator score: invalid input (above): nothing scored\n"
    # a run that passes says nothing
    err = io.StringIO()
    assert run_score(gold, pred, docs=docs, bootstrap=0, fail_under=gates[:1], report=f"json:{report}", quiet=True, stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == ""
    err = io.StringIO()
    assert run_merge([report], bootstrap=0, fail_under=gates[:1], report=f"json:{tmp_path / 'm.json'}", quiet=True, stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == ""
    assert run_merge([report], bootstrap=0, fail_under=gates[1:2], report=f"json:{tmp_path / 'm.json'}", quiet=True, stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == f"annotator merge-reports: 1 report, 1 document, written to {tmp_path / 'm.json'}; 0 gates passed, 1 failed: entities.strict.recall = 0.5000, must be >= 0.9\n"


def test_score_an_invalid_part_in_a_worker_keeps_its_code(corpus, tmp_path, monkeypatch):
    """What a process of --jobs raises comes back with its exit code: invalid (1) or unreadable (2)."""
    from annotator.score import parallel
    from annotator.score.command import run_score
    from annotator.score.inputs import ScoreInputError, UnreadableInput

    gold, pred, docs = tmp_path / "a.jsonl", tmp_path / "b.jsonl", corpus / "documents.jsonl"
    for error, code in ((ScoreInputError, 1), (UnreadableInput, 2)):

        def fail(*args, error=error, **kw):
            raise error([f"{pred}:1: the part's problem"])

        monkeypatch.setattr(parallel, "score_stream", fail)
        err = io.StringIO()
        assert run_score(gold, pred, docs=docs, bootstrap=0, jobs=2, stdout=io.StringIO(), stderr=err) == code
        assert err.getvalue().splitlines()[0] == f"{pred}:1: the part's problem"


def test_merge_reports_overlap_is_1_a_file_that_is_not_a_report_2(corpus, tmp_path):
    from annotator.score.command import run_merge, run_score

    report = tmp_path / "r.json"
    assert run_score(tmp_path / "a.jsonl", tmp_path / "b.jsonl", docs=corpus / "documents.jsonl", bootstrap=0, report=f"json:{report}",
                     stdout=io.StringIO(), stderr=io.StringIO()) == 0
    err = io.StringIO()
    assert run_merge([report, report], bootstrap=0, stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == ("annotator merge-reports: document 'd1' is in report 1 and in report 2: "
                              "merge reports of disjoint documents (shards)\n")
    assert _invoke("merge-reports", str(report), str(report), "--bootstrap", "0")[::2] == (1, err.getvalue())
    err = io.StringIO()
    assert run_merge([report, tmp_path / "a.jsonl"], bootstrap=0, stdout=io.StringIO(), stderr=err) == 2
    assert _invoke("merge-reports", str(report), str(tmp_path / "a.jsonl"), "--bootstrap", "0")[::2] == (2, err.getvalue())


# --- the other commands: the plain function, then the command line ------------------------------------------------


def test_agree_invalid_records_1_missing_file_2(corpus, tmp_path):
    from annotator.agree.command import run_agree

    bad, docs = tmp_path / "bad.jsonl", corpus / "documents.jsonl"
    err = io.StringIO()
    assert run_agree([tmp_path / "b.jsonl", bad], docs=docs, bootstrap=0, stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == f"{_bad_line(bad)}\nannotator agree: invalid input (above): nothing compared\n"
    assert _invoke("agree", str(tmp_path / "b.jsonl"), str(bad), "--docs", str(docs), "--bootstrap", "0")[::2] == (1, err.getvalue())
    missing = tmp_path / "none.jsonl"
    assert _invoke("agree", str(missing), "--docs", str(docs))[::2] == (2, f"{missing}: no such file or directory\n")
    # a failed gate is 1 too: its line says so
    err = io.StringIO()
    assert run_agree([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], docs=docs, bootstrap=0, fail_under=["entities.strict.f1=0.99"],
                     stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue() == "annotator agree: 0 gates passed, 1 failed: entities.strict.f1 = 0.6667, must be >= 0.99\n"
    code, _, cli_err = _invoke("agree", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--docs", str(docs), "--bootstrap", "0",
                               "--fail-under", "entities.strict.f1=0.99")
    assert (code, cli_err) == (1, err.getvalue())


def test_export_invalid_records_1_import_invalid_source_1(corpus, tmp_path):
    from annotator.convert.command import run_export, run_import

    bad, docs = tmp_path / "bad.jsonl", corpus / "documents.jsonl"
    err = io.StringIO()
    assert run_export([bad], "flat", tmp_path / "out.jsonl", docs=docs, stderr=err) == 1
    assert err.getvalue() == f"{_bad_line(bad)}\nflat: invalid input (above); export stopped\n"
    assert _invoke("export", str(bad), "--to", "flat", "--out", str(tmp_path / "out.jsonl"), "--docs", str(docs))[::2] == (1, err.getvalue())
    assert not (tmp_path / "out.jsonl").exists()
    source = tmp_path / "ls.json"
    source.write_text("[{not json\n", encoding="utf-8")
    err = io.StringIO()
    assert run_import(source, "labelstudio", tmp_path / "in.jsonl", docs=docs, stderr=err) == 1
    assert err.getvalue().startswith(f"{source}:1: not valid JSON") and err.getvalue().endswith("\nlabelstudio: invalid input (above); nothing written\n")
    assert _invoke("import", str(source), "--from", "labelstudio", "--out", str(tmp_path / "in.jsonl"), "--docs", str(docs))[::2] == (1, err.getvalue())
    missing = tmp_path / "none"
    assert _invoke("export", str(missing), "--to", "flat", "--out", str(tmp_path / "out.jsonl"))[::2] == (2, f"{missing}: no such file or directory\n")


def _break_registry(corpus: Path) -> str:
    (corpus / "documents.jsonl").write_text('{"doc_id": 5}\n', encoding="utf-8")
    return f"{corpus / 'documents.jsonl'}:1: invalid document record: "


def test_an_invalid_registry_is_1_for_validate_add_extract_assign_status(corpus, tmp_path, capsys):
    from annotator.extract.command import run_extract
    from annotator.io.corpus import CorpusError, add_documents
    from annotator.team.command import run_assign, run_status
    from annotator.validate.command import run_validate

    start = _break_registry(corpus)
    assert run_validate([tmp_path / "a.jsonl"], corpus / "documents.jsonl", out=io.StringIO()) == 1
    assert capsys.readouterr().err.startswith(start)
    code, _, err = _invoke("validate", "--docs", str(corpus / "documents.jsonl"), str(tmp_path / "a.jsonl"))
    assert code == 1 and err.startswith(start) and err.count("\n") == 1
    text = tmp_path / "new.txt"
    text.write_text("نص", encoding="utf-8")
    with pytest.raises(CorpusError) as raised:
        add_documents(corpus, [text])
    assert raised.value.exit_code == 1 and str(raised.value).startswith(start)
    assert _invoke("add", str(text), "--corpus", str(corpus))[::2] == (1, f"{raised.value}\n")
    for run, argv in ((lambda err: run_extract(corpus, None, stdout=io.StringIO(), stderr=err), ["extract", "--corpus", str(corpus), "--quiet"]),
                      (lambda err: run_assign("a,b", corpus=corpus, stdout=io.StringIO(), stderr=err), ["assign", "--annotators", "a,b", "--corpus", str(corpus)]),
                      (lambda err: run_status(corpus, stdout=io.StringIO(), stderr=err), ["status", "--corpus", str(corpus)])):
        err = io.StringIO()
        assert run(err) == 1 and err.getvalue().startswith(start) and err.getvalue().count("\n") == 1
        assert _invoke(*argv)[::2] == (1, err.getvalue())
    # a registry that is not there at all: 2
    missing = tmp_path / "nowhere" / "documents.jsonl"
    assert _invoke("validate", "--docs", str(missing), str(tmp_path / "a.jsonl"))[::2] == (2, f"{missing}: cannot read: No such file or directory\n")


def test_an_invalid_plan_is_1_for_status_and_annotate_annotator(corpus, tmp_path):
    from annotator.team.command import run_status

    (corpus / "assignments.toml").write_text("overlap = = 1\n", encoding="utf-8")
    err = io.StringIO()
    assert run_status(corpus, stdout=io.StringIO(), stderr=err) == 1
    assert err.getvalue().startswith(f"{corpus / 'assignments.toml'}:1: invalid TOML")
    assert _invoke("status", "--corpus", str(corpus))[::2] == (1, err.getvalue())
    # and for a team member opening the next assigned document
    from annotator.team.pick import open_for

    err = io.StringIO()
    assert open_for(corpus, "ana", stdout=io.StringIO(), stderr=err)[0] == 1
    assert _invoke("annotate", "--corpus", str(corpus), "--annotator", "ana")[::2] == (1, err.getvalue())


def test_annotate_and_review_invalid_files_are_1(corpus, tmp_path):
    from annotator.review.load import load_review
    from annotator.score.inputs import ScoreInputError, UnreadableInput
    from annotator.tui.command import open_session
    from annotator.tui.session import SessionError

    broken = tmp_path / "broken.jsonl"  # (a span text the document has not is the session's to show, not a refusal)
    broken.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(SessionError) as raised:
        open_session(corpus, None, broken, "t")
    assert raised.value.exit_code == 1 and str(raised.value).startswith(f"{broken}:1: invalid JSON")
    assert _invoke("annotate", "--corpus", str(corpus), "--out", str(broken))[::2] == (1, f"{raised.value}\n")
    bad = tmp_path / "bad.jsonl"
    # --review: invalid predictions
    with pytest.raises(ScoreInputError) as invalid:
        load_review(tmp_path / "a.jsonl", [bad], documents=corpus / "documents.jsonl")
    assert invalid.value.exit_code == 1 and invalid.value.lines == [_bad_line(bad)]
    code, _, err = _invoke("annotate", "--corpus", str(corpus), "--out", str(tmp_path / "a.jsonl"), "--review", str(bad))
    assert (code, err) == (1, f"{_bad_line(bad)}\nannotator annotate --review: invalid input (above): nothing to review\n")
    with pytest.raises(UnreadableInput):
        load_review(tmp_path / "a.jsonl", [tmp_path / "none.jsonl"], documents=corpus / "documents.jsonl")
    code, _, err = _invoke("annotate", "--corpus", str(corpus), "--out", str(tmp_path / "a.jsonl"), "--review", str(tmp_path / "none.jsonl"))
    assert (code, err) == (2, f"{tmp_path / 'none.jsonl'}: no such file or directory\n")


def test_adjudicate_and_merge_mine_invalid_files_are_1(corpus, tmp_path):
    from annotator.tui.adjudication import open_adjudication
    from annotator.tui.merge import MergeError, merge_mine
    from annotator.tui.session import SessionError

    bad, gold = tmp_path / "bad.jsonl", tmp_path / "gold.jsonl"
    with pytest.raises(SessionError) as raised:
        open_adjudication([tmp_path / "b.jsonl", bad], gold, corpus=corpus, lock=False)
    assert raised.value.exit_code == 1 and str(raised.value) == _bad_line(bad)
    assert _invoke("adjudicate", str(tmp_path / "b.jsonl"), str(bad), "--out", str(gold), "--corpus", str(corpus))[::2] == (1, f"{raised.value}\n")
    copy = tmp_path / "gold.jsonl.mine-1"
    copy.write_text("{broken\n", encoding="utf-8")
    with pytest.raises(MergeError) as merged:
        merge_mine(copy)
    assert merged.value.exit_code == 1 and str(merged.value).startswith(f"{copy}:1: invalid JSON")
    assert _invoke("merge-mine", str(copy))[::2] == (1, f"{merged.value}\n")
