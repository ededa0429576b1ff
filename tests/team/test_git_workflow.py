"""docs/team.md's git workflow, run as written, for three annotators in a temporary repository.

The shell blocks of the section "The git workflow, step by step" are read from the document
and run with bash, in order, each in the clone of the person who runs it (a bare repository
stands in for ``$TEAM_REPO``). The two interactive commands are the only ones replaced: the
``annotator annotate --annotator NAME`` line by the same steps through the plain functions
(``open_for``, the session's edits, ``d``, save), and ``annotator adjudicate`` by taking one
annotator's records as the gold. Both flavours are run: everyone pushing to ``main`` (with
commits made concurrently, so that pushes are refused and rebased), and one branch per
annotator merged by the lead at once. No step may conflict; ``status`` and ``agree`` then run
on the result."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.io.atomic import write_jsonl_atomic
from annotator.io.corpus import Corpus
from annotator.team.pick import open_for
from annotator.tui.session import Session
from annotator.tui.sessionfile import read_records

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).parent / "corpus"
TEAM = ("ana", "badr", "carla")
# what each annotator marks in each document; badr reads بغداد in doc01 as LOC (a planned disagreement)
MARKS = {
    "doc01": [("محمد", "PER"), ("بغداد", "GPE")], "doc02": [("وزارة الدفاع", "ORG"), ("البصرة", "GPE")],
    "doc03": [("عمّان", "GPE")], "doc04": [("دجلة", "LOC"), ("الموصل", "GPE")],
    "doc05": [("سارة", "PER"), ("الأمم المتحدة", "ORG")], "doc06": [("مؤتمر بغداد للأمن", "EVENT")],
    "doc07": [("الكويت", "GPE"), ("أربيل", "GPE")], "doc08": [("الحكومة", "ORG")], "doc09": [("جبال زاغروس", "LOC")],
}
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def workflow_blocks() -> list[str]:
    """The ```sh blocks of the workflow section of docs/team.md, in order."""
    text = (ROOT / "docs" / "team.md").read_text(encoding="utf-8")
    section = text.split("## The git workflow, step by step", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def block(containing: str, nth: int = 0) -> str:
    found = [b for b in workflow_blocks() if containing in b]
    assert len(found) > nth, f"docs/team.md has no workflow block with {containing!r}"
    return found[nth]


def as_(name: str, text: str) -> str:
    """A block as annotator ``name`` runs it (the document is written for ana)."""
    return re.sub(r"\bana\b", name, text)


class Team:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.origin = tmp / "origin.git"
        home = tmp / "home"
        home.mkdir()
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("ANNOTATOR_CORPUS", "GIT_DIR", "GIT_WORK_TREE")},
            "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org", "TEAM_REPO": str(self.origin),
            "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"), "XDG_STATE_HOME": str(tmp / "state"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        self.lead = tmp / "lead"
        self.git("init", "--bare", "-b", "main", str(self.origin), cwd=tmp)
        self.git("clone", str(self.origin), "lead", cwd=tmp)
        (self.lead / "corpus").mkdir()
        for name in ("documents.jsonl", "labels.toml"):
            shutil.copyfile(FIXTURE / name, self.lead / "corpus" / name)
        self.git("add", "corpus", cwd=self.lead)
        self.git("commit", "-q", "-m", "corpus", cwd=self.lead)
        self.git("push", "-q", "origin", "main", cwd=self.lead)

    def git(self, *args: str, cwd: Path) -> str:
        done = subprocess.run(["git", *args], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout

    def sh(self, script: str, cwd: Path, expect: int = 0) -> subprocess.CompletedProcess:
        """Run the lines of a documented block with bash (``-e``: the first failing line stops it)."""
        done = subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=self.env, capture_output=True, text=True, timeout=300)
        assert done.returncode == expect, f"{script}\n--- exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        assert "CONFLICT" not in done.stdout + done.stderr
        return done

    def run_block(self, text: str, cwd: Path, name: str = "ana") -> bool:
        """Run a block as ``name``; its ``annotator annotate`` line is one session of the plain
        functions. False when that session found nothing left to do (then nothing after it runs)."""
        before, found, after = as_(name, text).partition(f"annotator annotate --annotator {name}\n")
        if before.strip():
            self.sh(before, cwd)
        if found and not annotate_one(cwd / "corpus", name):
            return False
        if after.strip():
            self.sh(after, cwd)
        return True

    def clone(self, name: str) -> Path:
        home = self.tmp / name
        home.mkdir()
        self.sh(block('git clone "$TEAM_REPO"'), home)
        return home / "news-gold"


def annotate_one(corpus: Path, name: str) -> bool:
    """What ``annotator annotate --annotator NAME`` does for one document: open the next one,
    mark it, ``d``, save. False when everything assigned is done (the command's exit 0)."""
    code, doc, out, _ = open_for(corpus, name, stdout=open(os.devnull, "w"))
    if code is not None:
        assert code == 0
        return False
    session = Session.open(Corpus.load(corpus), out, doc_id=doc, annotator=name)
    try:
        text = session.text
        for word, label in MARKS[doc]:
            start = text.index(word)
            session.add_entity(start, start + len(word), "LOC" if (name, doc, word) == ("badr", "doc01", "بغداد") else label)
        session.toggle_status()
        session.save()
    finally:
        session.close()
    return True


def check_result(team: Team, where: Path) -> None:
    """Everyone's work is on main, in their own file, complete; status and agree run on it."""
    from annotator.team.status import collect_status

    for name in TEAM:
        recs = read_records(where / "corpus" / "annotations" / f"{name}.jsonl")
        assert {r.annotator for r in recs} == {name} and len(recs) == 4 and all(r.status == "done" for r in recs)
    status = collect_status(where / "corpus")
    assert not status.errors
    assert {(r.annotator, r.state) for r in status.documents} == {(n, "done") for n in TEAM}
    assert all(r.changed_from == "meta.updated" for r in status.documents)
    block4 = block("annotator status")
    team.sh(block4, where)
    summary = Path(team.env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary.startswith("## Annotation status") and "3 documents assigned to two annotators, 3 done by both" in summary
    agree = block("annotator agree").strip().split("\n")
    shown = team.sh(agree[0], where).stdout
    assert shown.startswith("3 documents compared; annotators: ana, badr, carla"), shown
    team.sh("\n".join(agree[1:]), where)  # the gate passes: one disagreement in five overlap spans


def test_everyone_pushes_to_main_with_concurrent_commits_and_never_conflicts(tmp_path):
    team = Team(tmp_path)
    team.sh(block("annotator assign"), team.lead)
    assert team.git("ls-files", cwd=team.lead).split() == [".gitignore", "corpus/assignments.toml", "corpus/documents.jsonl", "corpus/labels.toml"]
    clones = {name: team.clone(name) for name in TEAM}
    session = block("annotator annotate --annotator ana\ngit add")
    head, _, tail = session.partition("git pull --rebase\ngit push")
    assert tail.strip() == "", "the session block ends with pull --rebase and push"
    for _ in range(5):  # 4 documents each, then a session that finds nothing left
        # all three work at the same time: each commits before anyone pushes ...
        worked = [name for name in TEAM if team.run_block(head, clones[name], name)]
        # ... then they push one after the other: the 2nd and 3rd have diverged from main, and
        # the block's closing pull --rebase replays their commit onto the others' without conflict
        for name in worked:
            team.sh("git pull --rebase\ngit push", clones[name])
        if not worked:
            break
    team.sh("git pull --rebase", team.lead)
    log = team.git("log", "--format=%s", cwd=team.lead).split("\n")
    assert sum(line.endswith(": annotations") for line in log) == 12  # 3 annotators x 4 documents, none lost
    check_result(team, team.lead)
    # 6. the lead adjudicates ana and badr (interactive: here ana's version of their shared document is taken)
    adjudicate = block("annotator adjudicate")
    first, _, rest = adjudicate.partition("\n")
    assert first.startswith("annotator adjudicate corpus/annotations/ana.jsonl corpus/annotations/badr.jsonl --out corpus/gold/adjudicated.jsonl")
    shared = [r for r in read_records(team.lead / "corpus" / "annotations" / "ana.jsonl") if r.doc_id == "doc01"]
    (team.lead / "corpus" / "gold").mkdir()
    write_jsonl_atomic(team.lead / "corpus" / "gold" / "adjudicated.jsonl", shared, backup=False)
    team.sh(rest, team.lead)
    assert "corpus/gold/adjudicated.jsonl" in team.git("ls-tree", "-r", "--name-only", "origin/main", cwd=team.lead)
    assert not [p for p in team.git("ls-files", cwd=team.lead).split() if p.endswith((".bak", ".lock"))]


def test_one_branch_per_annotator_merged_at_once_without_conflicts(tmp_path):
    team = Team(tmp_path)
    team.sh(block("annotator assign"), team.lead)
    branch_session = block("git push -u origin ana")
    for name in TEAM:
        clone = team.clone(name)
        team.sh(as_(name, block("git switch -c ana")), clone)
        while team.run_block(branch_session, clone, name):
            pass
    team.sh(block("git merge --no-edit origin/ana origin/badr origin/carla"), team.lead)
    parents = team.git("log", "-1", "--format=%P", cwd=team.lead).split()
    heads = [team.git("rev-parse", f"origin/{name}", cwd=team.lead).strip() for name in TEAM]
    assert parents == heads  # one merge of the three branches (main, their common base, fast-forwarded)
    assert team.git("rev-parse", "origin/main", cwd=team.lead) == team.git("rev-parse", "HEAD", cwd=team.lead)  # pushed
    check_result(team, team.lead)
    assert json.loads(subprocess.run([sys.executable, "-m", "annotator", "status", "--format", "json"], cwd=team.lead, env=team.env,
                                     capture_output=True, text=True, timeout=120).stdout)["overlap"] == {"documents": 3, "done_by_all": 3}
