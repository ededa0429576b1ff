"""``annotator status`` on the three-annotator fixture: states, spans per label, time since
the last change (``meta.updated``, else the file's mtime), table / JSON / Markdown, bad input."""

import io
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from annotator.team.command import run_status
from annotator.team.status import collect_status

FIXTURE = Path(__file__).parent / "corpus"
NOW = datetime(2026, 1, 3, 12, 0, 0, tzinfo=timezone.utc)
MTIME = {"ana": NOW.timestamp() - 45, "badr": NOW.timestamp() - 7200, "carla": NOW.timestamp() - 3 * 86400}


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    for name, when in MTIME.items():
        os.utime(tmp_path / "corpus" / "annotations" / f"{name}.jsonl", (when, when))
    return tmp_path / "corpus"


def _run(corpus, fmt="table"):
    out, err = io.StringIO(), io.StringIO()
    code = run_status(corpus, fmt=fmt, now=NOW, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_every_assignment_and_record_with_its_state(corpus):
    status = collect_status(corpus, now=NOW)
    assert status.annotators == ["ana", "badr", "carla"]
    got = [(r.annotator, r.doc_id, r.assigned, r.state) for r in status.documents]
    assert got == [
        ("ana", "doc01", True, "done"), ("ana", "doc03", True, "draft"), ("ana", "doc05", True, "done"), ("ana", "doc07", True, "not started"),
        ("badr", "doc01", True, "done"), ("badr", "doc04", True, "draft"), ("badr", "doc06", True, "not started"), ("badr", "doc08", True, "not started"),
        ("carla", "doc02", True, "done"), ("carla", "doc03", True, "not started"), ("carla", "doc04", True, "not started"),
        ("carla", "doc05", False, "draft"), ("carla", "doc09", True, "not started"),
    ]
    assert status.errors == []


def test_json_counts_spans_per_label_and_says_where_the_time_comes_from(corpus):
    code, out, err = _run(corpus, "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["overlap"] == {"documents": 3, "done_by_all": 1}  # doc01 (ana, badr); doc03 and doc04 not yet
    assert data["now"] == "2026-01-03T12:00:00Z" and data["assignments"] == str(corpus / "assignments.toml")
    people = {p["annotator"]: p for p in data["annotators"]}
    assert people["ana"] == {"annotator": "ana", "assigned": 4, "not_started": 1, "draft": 1, "done": 2, "unassigned": 0, "spans": 5,
                             "last_change": "2026-01-03T11:59:15Z", "seconds_since_change": 45}
    # carla's draft of doc05 is not hers to do: counted as unassigned, not as a draft of her assignments
    assert [people["carla"][k] for k in ("assigned", "not_started", "draft", "done", "unassigned")] == [4, 3, 0, 1, 1]
    docs = {(d["annotator"], d["doc_id"]): d for d in data["documents"]}
    assert docs[("ana", "doc05")]["entities"] == {"PER": 1, "ORG": 1, "GPE": 0, "LOC": 0, "EVENT": 0}
    assert docs[("badr", "doc04")]["entities"]["LOC"] == 1 and docs[("badr", "doc04")]["spans"] == 1
    # badr's doc01 carries meta.updated; the records without a time fall back to their file's mtime
    assert docs[("badr", "doc01")]["time_from"] == "meta.updated" and docs[("badr", "doc01")]["last_change"] == "2026-01-02T10:00:00Z"
    assert docs[("badr", "doc01")]["seconds_since_change"] == 26 * 3600
    assert docs[("badr", "doc04")]["time_from"] == "file mtime" and docs[("badr", "doc04")]["seconds_since_change"] == 7200
    # ana's doc05 was saved by the terminal annotator at 09:00 (meta.annotate.last_opened): 3 h, whatever the file's mtime
    assert docs[("ana", "doc05")]["time_from"] == "meta.annotate.last_opened" and docs[("ana", "doc05")]["seconds_since_change"] == 3 * 3600
    assert docs[("ana", "doc07")]["time_from"] is None and docs[("ana", "doc07")]["last_change"] is None


def test_the_later_of_the_record_times_wins(corpus):
    path = corpus / "annotations" / "badr.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["meta"] = {"updated": "2026-01-03T11:00:00Z", "annotate": {"last_opened": "2026-01-02T11:00:00Z"}}
    path.write_text("\n".join([json.dumps(record, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    row = next(r for r in collect_status(corpus, now=NOW).documents if (r.annotator, r.doc_id) == ("badr", "doc01"))
    assert (row.changed_from, row.changed) == ("meta.updated", datetime(2026, 1, 3, 11, tzinfo=timezone.utc))
    record["meta"]["annotate"]["last_opened"] = "2026-01-03T11:30:00.5Z"
    record["meta"]["updated"] = "not a time"
    path.write_text("\n".join([json.dumps(record, ensure_ascii=False), *lines[1:]]) + "\n", encoding="utf-8")
    row = next(r for r in collect_status(corpus, now=NOW).documents if (r.annotator, r.doc_id) == ("badr", "doc01"))
    assert (row.changed_from, row.changed) == ("meta.annotate.last_opened", datetime(2026, 1, 3, 11, 30, 0, 500000, tzinfo=timezone.utc))


def test_table(corpus):
    code, out, _ = _run(corpus)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"corpus {corpus}; assignments {corpus / 'assignments.toml'}; last change from each record's meta.updated or meta.annotate.last_opened, else its file's modification time"
    assert lines[1] == "overlap: 3 documents assigned to two annotators, 1 done by both (what `annotator agree` compares)"
    lines = lines[1:]
    assert lines[3].split() == ["annotator", "assigned", "not", "started", "draft", "done", "unassigned", "spans", "last", "change"]
    assert lines[5].split() == ["ana", "4", "1", "1", "2", "0", "5", "45", "s"]
    assert lines[6].split() == ["badr", "4", "2", "1", "1", "0", "3", "2", "h"]
    assert lines[7].split() == ["carla", "4", "3", "0", "1", "1", "3", "3", "d"]
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in lines[10:]}
    assert rows[("carla", "doc05")] == ["draft", "(unassigned)", "1", "0", "0", "0", "0", "0", "0", "3", "d"]
    assert rows[("badr", "doc01")] == ["done", "1", "0", "1", "0", "0", "0", "0", "1", "d"]
    assert rows[("ana", "doc07")] == ["not", "started", *["0"] * 7, "-"]


def test_markdown_is_a_job_summary_with_escaped_values(corpus):
    code, out, _ = _run(corpus, "markdown")
    assert code == 0
    assert out.startswith("## Annotation status\n")
    assert "| annotator | assigned | not started | draft | done | unassigned | spans | last change |" in out
    assert "| ana | 4 | 1 | 1 | 2 | 0 | 5 | 45 s |" in out
    assert "| carla | doc05 | draft (unassigned) | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 3 d |" in out


def test_hostile_strings_from_files_are_made_visible(corpus):
    """An annotation file named with a terminal escape (its records' annotator too) reaches the
    terminal escaped, and Markdown escaped as well."""
    name = "x*_\x1b]0;pwn\x07|\u202e"
    lines = (corpus / "annotations" / "carla.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record["annotator"] = name
    (corpus / "annotations" / f"{name}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    for fmt in ("table", "markdown", "json"):
        code, out, err = _run(corpus, fmt)
        assert code == 0, err
        assert not {"\x1b", "\x07", "\u202e"} & set(out)
    assert "x*_\\x1b]0;pwn\\x07|\\u202e  " in _run(corpus, "table")[1]
    assert "| x\\*\\_\\\\x1b\\]0;pwn\\\\x07\\|\\\\u202e | 0 | 0 | 0 | 0 | 1 | 2 |" in _run(corpus, "markdown")[1]
    assert json.loads(_run(corpus, "json")[1])["annotators"][3]["annotator"] == name


def test_invalid_records_are_listed_and_exit_1(corpus):
    carla = corpus / "annotations" / "carla.jsonl"
    lines = carla.read_text(encoding="utf-8").splitlines()
    wrong = json.loads(lines[0])
    wrong["annotator"] = "ana"
    carla.write_text("\n".join([lines[0], json.dumps(wrong, ensure_ascii=False), "{not json"]) + "\n", encoding="utf-8")
    code, out, err = _run(corpus)
    assert code == 1 and out.startswith("corpus ")
    errors = err.splitlines()
    assert errors[0] == f"{carla}:2: annotator: 'ana' in the file of 'carla' (each annotator writes only annotations/<name>.jsonl)"
    assert errors[1].startswith(f"{carla}:3: ")
    assert len(errors) == 2


def test_assignment_of_an_unknown_document_is_a_finding(corpus):
    plan = corpus / "assignments.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('doc_id = "doc09"', 'doc_id = "doc99"'), encoding="utf-8")
    code, _, err = _run(corpus)
    line = plan.read_text(encoding="utf-8").splitlines().index('doc_id = "doc99"') + 1
    assert code == 1 and err == f"{plan}:{line}: document 'doc99' is not in the corpus registry\n"


def test_without_assignments_every_annotation_file_is_listed(corpus):
    (corpus / "assignments.toml").unlink()
    status = collect_status(corpus, now=NOW)
    assert status.assignments is None and status.annotators == ["ana", "badr", "carla"]
    assert len(status.documents) == 7 and not any(r.assigned for r in status.documents)
    assert "no assignments.toml (annotation files only)" in _run(corpus)[1]


def test_bad_input_one_line_invalid_plan_exit_1_usage_and_unreadable_exit_2(corpus, tmp_path):
    plan = corpus / "assignments.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('"carla",\n]\n\n[[document]]', '"carla",\n]\n\n[[document]]', 1).replace("seed = 13", "seed = '13'"), encoding="utf-8")
    code, out, err = _run(corpus)
    assert code == 1 and out == "" and err == f"{plan}:7: seed: Input should be a valid integer\n"
    code, _, err = _run(corpus, "yaml")
    assert code == 2 and err == "--format: unknown format 'yaml' (choose from table, json, markdown)\n"
    code, _, err = _run(tmp_path / "nowhere")
    assert code == 2 and err.count("\n") == 1 and "cannot read" in err


def test_cli(corpus):
    done = subprocess.run([sys.executable, "-m", "annotator", "status", "--corpus", str(corpus), "--format", "markdown"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("## Annotation status"), done.stderr
