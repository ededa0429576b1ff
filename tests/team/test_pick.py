"""``annotator annotate --annotator NAME`` on the three-annotator fixture: NAME's next assigned
document (in assignment order, the first not done) opens, and the save lands in NAME's own
file, ``annotations/NAME.jsonl``; clear one-line messages (and exit codes) otherwise."""

import asyncio
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.team.pick import next_document, open_for

FIXTURE = Path(__file__).parent / "corpus"


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    return tmp_path / "corpus"


def _open_for(corpus, name, doc=None):
    out, err = io.StringIO(), io.StringIO()
    result = open_for(corpus, name, doc, stdout=out, stderr=err)
    return result, out.getvalue(), err.getvalue()


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_each_annotator_gets_their_first_document_not_done_in_assignment_order(corpus):
    # ana: doc01 done, doc03 draft, doc05 done, doc07 not started -> the draft first
    # badr: doc01 done, doc04 draft, doc06, doc08; carla: doc02 done, doc03, doc04, doc09 (her doc05 is unassigned)
    picks = {name: next_document(corpus, name) for name in ("ana", "badr", "carla")}
    assert {name: p.doc_id for name, p in picks.items()} == {"ana": "doc03", "badr": "doc04", "carla": "doc03"}
    assert {name: p.out for name, p in picks.items()} == {n: corpus / "annotations" / f"{n}.jsonl" for n in picks}
    assert picks["ana"].position == "2/4" and picks["ana"].done == ["doc01", "doc05"]


def test_a_document_marked_done_moves_the_annotator_on(corpus):
    path = corpus / "annotations" / "ana.jsonl"
    recs = _records(path)
    recs[1]["status"] = "done"  # doc03
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    assert next_document(corpus, "ana").doc_id == "doc07"  # doc05 is done already


def test_everything_done_is_a_message_and_exit_0(corpus):
    path = corpus / "annotations" / "ana.jsonl"
    recs = _records(path)
    recs[1]["status"] = "done"
    recs.append({**recs[0], "doc_id": "doc07", "text_sha256": json.loads((corpus / "documents.jsonl").read_text(encoding="utf-8").splitlines()[6])["text_sha256"],
                 "entities": []})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    (code, doc, out, docs), stdout, stderr = _open_for(corpus, "ana")
    assert (code, doc, out, docs, stderr) == (0, None, None, [], "")
    assert stdout == (f"ana: all 4 assigned documents are done in {path} "
                      "(`annotator status` shows the team's progress; --doc ID reopens one)\n")
    # --doc still reopens one of them, in ana's own file
    assert _open_for(corpus, "ana", "doc01")[0] == (None, "doc01", path, ["doc01", "doc03", "doc05", "doc07"])
    assert _open_for(corpus, "ana", "doc02")[0] == (None, "doc02", path, ["doc01", "doc03", "doc05", "doc07", "doc02"])


def test_a_name_not_in_the_team_is_exit_2_naming_the_team(corpus):
    (code, doc, _, _), stdout, stderr = _open_for(corpus, "zed")
    assert (code, doc, stdout) == (2, None, "")
    assert stderr == (f"{corpus / 'assignments.toml'}: 'zed' is not in the team (ana, badr, carla); "
                      "check the spelling, or ask the lead to add you with `annotator assign --force`\n")
    # a hostile name is shown, not acted on
    assert "\x1b" not in _open_for(corpus, "z\x1b]52;c;AA\x07")[2]


def test_an_annotator_with_no_documents_is_told_so(corpus):
    path = corpus / "assignments.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"carla",\n]\n', '"carla",\n    "dina",\n]\n', 1), encoding="utf-8")
    (code, doc, _, _), stdout, stderr = _open_for(corpus, "dina")
    assert (code, doc, stderr) == (0, None, "")
    assert stdout == f"no documents are assigned to dina in {path}; nothing to annotate\n"


def test_a_broken_assignments_file_is_exit_1_no_file_exit_2_one_line(corpus):
    """An invalid plan is invalid data (1); no plan at all is a usage error (2)."""
    path = corpus / "assignments.toml"
    path.write_text("overlap = = 1\n", encoding="utf-8")
    (code, _, _, _), _, stderr = _open_for(corpus, "ana")
    assert code == 1 and stderr.startswith(f"{path}:1: invalid TOML") and stderr.count("\n") == 1
    path.unlink()
    (code, _, _, _), _, stderr = _open_for(corpus, "ana")
    assert code == 2 and stderr == (f"{path}: no assignments file, so no documents are assigned to 'ana' (the lead writes it with "
                                    "`annotator assign --annotators a,b,c`; to annotate outside a team's plan, give --out FILE)\n")


def test_cli_messages_and_exit_codes_without_traceback(corpus, tmp_path):
    def annotate(*args):
        return subprocess.run([sys.executable, "-m", "annotator", "annotate", "--corpus", str(corpus), *args],
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)

    done = annotate("--annotator", "zed")
    assert done.returncode == 2 and done.stderr.endswith("is not in the team (ana, badr, carla); check the spelling, "
                                                         "or ask the lead to add you with `annotator assign --force`\n"), done.stderr
    (corpus / "assignments.toml").unlink()
    done = annotate("--annotator", "ana")
    assert done.returncode == 2 and "no assignments file" in done.stderr and "Traceback" not in done.stderr


def test_the_app_opens_the_next_document_and_saves_into_the_annotators_own_file(corpus):
    """Through the command's own steps (open_for, then open_session), in Pilot."""
    from annotator.tui.app import AnnotateApp
    from annotator.tui.command import open_session

    files = {p.name: p.read_bytes() for p in (corpus / "annotations").iterdir()}
    code, doc, out, only = open_for(corpus, "carla")
    assert code is None
    session = open_session(corpus, doc, out, "carla", only)
    app = AnnotateApp(session)

    async def main():
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.session.doc_id == "doc03"
            info = app.query_one("StatusLine").info
            assert (info.doc_id, info.annotator, info.position) == ("doc03", "carla", "2/4") and info.out.endswith("carla.jsonl")
            text = app.session.text
            start = text.index("عمّان")
            app.doc.select(start, start + len("عمّان"))
            await pilot.press("3", "d")  # GPE, done
            await pilot.press("ctrl+pagedown")  # the next of carla's documents, not the corpus's doc04 ... doc09 in turn
            assert app.session.doc_id == "doc04"
            await pilot.press("ctrl+pagedown", "ctrl+pagedown")
            assert app.session.doc_id == "doc09"  # her last
            await pilot.press("ctrl+q")

    try:
        asyncio.run(main())
    finally:
        session.close()
    recs = {r["doc_id"]: r for r in _records(corpus / "annotations" / "carla.jsonl")}
    assert list(recs) == ["doc02", "doc05", "doc03"]
    assert recs["doc03"]["annotator"] == "carla" and recs["doc03"]["status"] == "done"
    assert [(e["text"], e["label"]) for e in recs["doc03"]["entities"]] == [("عمّان", "GPE")]
    assert recs["doc03"]["meta"]["updated"].endswith("Z")
    # nobody else's file was touched, and carla moves on to doc04
    assert {n: (corpus / "annotations" / n).read_bytes() for n in files if n != "carla.jsonl"} == {n: b for n, b in files.items() if n != "carla.jsonl"}
    assert next_document(corpus, "carla").doc_id == "doc04"


def test_an_assigned_document_missing_from_the_registry_is_one_line(corpus):
    from annotator.tui.command import open_session
    from annotator.tui.session import SessionError

    path = corpus / "assignments.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('doc_id = "doc09"', 'doc_id = "doc99"'), encoding="utf-8")
    code, doc, out, only = open_for(corpus, "carla")
    assert (code, doc, only) == (None, "doc03", ["doc02", "doc03", "doc04", "doc99"])
    with pytest.raises(SessionError) as e:
        open_session(corpus, doc, out, "carla", only)
    assert str(e.value) == f"{corpus}: document 'doc99' is assigned but not in the corpus registry (documents.jsonl)"
    assert e.value.exit_code == 1  # the plan and the registry disagree: a finding about the data, as status says
    assert not (corpus / "annotations" / "carla.jsonl.lock").exists()
