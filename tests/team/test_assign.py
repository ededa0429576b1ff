"""``annotator assign``: deterministic for a seed, fair, the overlap, bad input."""

import io
import shutil
import subprocess
import sys
import tomllib
from itertools import combinations
from pathlib import Path

import pytest

from annotator.model.assignments import Assignments
from annotator.team.assign import assign, loads, overlap_count, pair_counts
from annotator.team.assignments import AssignmentsError, load_assignments, render_assignments
from annotator.team.command import run_assign

FIXTURE = Path(__file__).parent / "corpus"
DOCS = [f"d{i:03d}" for i in range(57)]


def _run(*args, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_assign(*args, stdout=out, stderr=err, **kw)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def corpus(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "corpus")
    (tmp_path / "corpus" / "assignments.toml").unlink()
    return tmp_path / "corpus"


def test_same_seed_same_assignment_other_seed_other_one():
    one = assign(DOCS, ["a", "b", "c"], 0.2, seed=5)
    assert one == assign(DOCS, ["a", "b", "c"], 0.2, seed=5)
    assert render_assignments(one) == render_assignments(assign(DOCS, ["a", "b", "c"], 0.2, seed=5))
    assert one.document != assign(DOCS, ["a", "b", "c"], 0.2, seed=6).document
    assert [d.doc_id for d in one.document] == DOCS  # registry order, whatever the draw


def test_the_checked_in_fixture_is_what_assign_writes(tmp_path):
    """A fresh process, the same seed: byte for byte the fixture's assignments.toml."""
    out = tmp_path / "a.toml"
    done = subprocess.run([sys.executable, "-m", "annotator", "assign", "--corpus", str(FIXTURE), "--annotators", "ana,badr,carla",
                           "--overlap", "0.34", "--seed", "13", "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == (FIXTURE / "assignments.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("k", [2, 3, 4, 5, 7])
@pytest.mark.parametrize("overlap", [0.0, 0.1, 0.2, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("n", [1, 2, 9, 57])
def test_loads_differ_by_at_most_one_and_the_overlap_is_exact(k, overlap, n):
    team = [f"ann{i}" for i in range(k)]
    plan = assign(DOCS[:n], team, overlap, seed=k * 100 + n)
    load = loads(plan)
    assert max(load.values()) - min(load.values()) <= 1, load
    double = [d for d in plan.document if len(d.annotators) == 2]
    assert len(double) == overlap_count(n, overlap) == int(overlap * n + 0.5)
    assert all(len(d.annotators) in (1, 2) for d in plan.document)
    assert sum(load.values()) == n + len(double)
    Assignments.model_validate(plan.model_dump())  # the model accepts what assign draws


@pytest.mark.parametrize("k", [3, 4, 5])
def test_overlap_documents_are_spread_over_every_pair(k):
    team = [f"ann{i}" for i in range(k)]
    pairs = len(list(combinations(team, 2)))
    for overlap in (0.2, 0.5, 1.0):
        counts = pair_counts(assign(DOCS, team, overlap, seed=3))
        assert len(counts) == pairs
        assert max(counts.values()) - min(counts.values()) <= 1, counts


def test_overlap_count_rounds_to_the_nearest_document():
    assert overlap_count(57, 0.2) == 11  # 11.4
    assert overlap_count(9, 0.34) == 3  # 3.06
    assert overlap_count(10, 0.25) == 3  # 2.5 rounds up
    assert overlap_count(9, 0.0) == 0 and overlap_count(9, 1.0) == 9


def test_command_writes_the_corpus_file_atomically_and_reports_loads(corpus):
    code, out, err = _run("ana,badr,carla", overlap=0.34, seed=13, corpus=corpus)
    assert code == 0, err
    target = corpus / "assignments.toml"
    assert out == (f"wrote {target}: 9 documents, 3 annotated twice; documents per annotator: ana 4, badr 4, carla 4; "
                   "twice-annotated per pair: ana+badr 1, ana+carla 1, badr+carla 1\n")
    plan = load_assignments(target)
    assert plan.annotators == ["ana", "badr", "carla"] and plan.seed == 13 and plan.overlap == 0.34
    assert tomllib.loads(target.read_text(encoding="utf-8"))["document"][0] == {"doc_id": "doc01", "annotators": ["ana", "badr"]}
    assert not [p for p in corpus.iterdir() if p.name.endswith(".tmp")]
    # again, the same: nothing to do; another draw is refused without --force, then kept as .bak
    assert _run("ana,badr,carla", overlap=0.34, seed=13, corpus=corpus)[1].startswith("unchanged ")
    before = target.read_text(encoding="utf-8")
    code, _, err = _run("ana,badr,carla", overlap=0.34, seed=14, corpus=corpus)
    assert code == 2 and err == f"{target}: already exists with other assignments; annotators may have started on them (--force replaces it, keeping assignments.toml.bak)\n"
    assert target.read_text(encoding="utf-8") == before
    assert _run("ana,badr,carla", overlap=0.34, seed=14, corpus=corpus, force=True)[0] == 0
    assert (corpus / "assignments.toml.bak").read_text(encoding="utf-8") == before != target.read_text(encoding="utf-8")


@pytest.mark.parametrize(("names", "overlap", "message"), [
    ("ana,../etc/passwd", 0.2, "--annotators: '../etc/passwd' is not an annotator name (1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit: it names the file annotations/NAME.jsonl)"),
    ("ana,b\x1b]52;c;AA\x07", 0.2, "--annotators: 'b\\\\x1b]52;c;AA\\\\x07' is not an annotator name"),
    ("ana,.hidden", 0.2, "--annotators: '.hidden' is not an annotator name"),
    ("ana,,badr", 0.2, "--annotators: an empty name in 'ana,,badr'"),
    ("ana,badr,ana", 0.2, "--annotators: a name is given twice in 'ana,badr,ana'"),
    ("ana,badr", 1.5, "--overlap: must be between 0 and 1 (a fraction of the documents), not 1.5"),
    ("ana,badr", -0.1, "--overlap: must be between 0 and 1 (a fraction of the documents), not -0.1"),
    ("ana", 0.2, "--overlap: double annotation needs at least two annotators (or use --overlap 0)"),
])
def test_bad_input_is_one_line_and_exit_2(corpus, names, overlap, message):
    code, out, err = _run(names, overlap=overlap, seed=1, corpus=corpus)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1 and "\x1b" not in err
    assert not (corpus / "assignments.toml").exists()


def test_one_annotator_without_overlap_gets_everything(corpus):
    assert _run("solo", overlap=0.0, seed=1, corpus=corpus)[0] == 0
    assert loads(load_assignments(corpus / "assignments.toml")) == {"solo": 9}


def test_unreadable_corpus_and_empty_corpus(tmp_path):
    code, _, err = _run("a,b", overlap=0.2, seed=1, corpus=tmp_path / "nowhere")
    assert code == 2 and err.startswith(f"{tmp_path / 'nowhere' / 'documents.jsonl'}: cannot read") and err.count("\n") == 1
    (tmp_path / "documents.jsonl").write_text("")
    code, _, err = _run("a,b", overlap=0.2, seed=1, corpus=tmp_path)
    assert code == 2 and err == f"{tmp_path}: the corpus has no documents to assign (add some with `annotator add`)\n"


def test_cli_usage_errors_exit_2_without_traceback(corpus):
    for args in (["--annotators", "a,b", "--overlap", "2"], ["--annotators", "a/b"], ["--overlap", "0.2"]):
        done = subprocess.run([sys.executable, "-m", "annotator", "assign", "--corpus", str(corpus), *args], capture_output=True, text=True)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize(("body", "message"), [
    ('schema_version = "1"\nseed = 1\noverlap = 0.2\nannotators = ["a", "b"]\n\n[[document]]\ndoc_id = "x"\nannotators = ["a", "z"]\n',
     ":7: document: 'x' is assigned to 'z', who is not in annotators"),
    ('schema_version = "1"\nseed = 1\noverlap = 1.2\nannotators = ["a"]\n', ":3: overlap: Input should be less than or equal to 1"),
    ('schema_version = "1"\nseed = 1\noverlap = 0.2\nannotators = ["a", "b"]\n\n[[document]]\ndoc_id = "x"\nannotators = ["a"]\n\n[[document]]\ndoc_id = "y"\nannotators = ["../b"]\n',
     ":12: document.1.annotators.0: String should match pattern"),
    ('schema_version = "1"\nseed = 1\noverlap = 0.2\nannotators = ["a", "b"]\nextra = 3\n', ":5: extra: Extra inputs are not permitted"),
    ('schema_version = "1"\nseed = 1\noverlap = = 0.2\n', ":3: invalid TOML: Invalid value"),
])
def test_invalid_assignments_file_is_one_file_line_message(tmp_path, body, message):
    path = tmp_path / "assignments.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(AssignmentsError) as e:
        load_assignments(path)
    assert str(e.value).startswith(f"{path}{message}"), str(e.value)
    assert "\n" not in str(e.value)
