"""End to end in tmux: ``annotator annotate --annotator carla`` opens carla's next assigned
document of the three-annotator fixture, ``g`` shows the guidelines' section for the span just
marked, and the save lands in carla's own file with ``meta.updated``. Every step waits on a
condition with a deadline; the tmux server is killed."""

import os
import shutil
import sys
from pathlib import Path

from .helpers import poll
from .test_adjudicate_tmux import Tmux, pytestmark, records  # noqa: F401 (pytestmark: skipped without tmux)

FIXTURE = Path(__file__).resolve().parents[1] / "team" / "corpus"


def test_a_team_member_opens_the_next_document_reads_the_guidelines_and_saves_in_their_file(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE, corpus)
    others = {n: (corpus / "annotations" / f"{n}.jsonl").read_bytes() for n in ("ana", "badr")}
    out = corpus / "annotations" / "carla.jsonl"
    tmux = Tmux(f"h13-team-{os.getpid()}-{tmp_path.name}")
    cmd = f"cd {tmp_path} && ANNOTATOR_NO_BIDI_MODE=1 {sys.executable} -m annotator annotate --annotator carla; echo EXITED $?; sleep 30"
    try:
        assert tmux.run("new-session", "-d", "-s", "adj", "-x", "100", "-y", "30", cmd).returncode == 0
        tmux.shows("doc03 (2/4)  carla")
        for keys in ("/", "عمان", "Enter"):
            tmux.run("send-keys", "-t", "adj", keys)
        tmux.shows("match 1/1")  # the search found it (and selected it)
        tmux.run("send-keys", "-t", "adj", "3")
        poll(lambda: [e["label"] for e in records(out).get("doc03", {}).get("entities", [])] == ["GPE"], 30.0, "the GPE saved")
        tmux.run("send-keys", "-t", "adj", "g")
        tmux.shows("Guidelines §1.3 GPE: geo-political entities  (current span e1 GPE)")
        screen = tmux.shows("Countries, regions with a")  # the section's text, drawn a moment after the title
        rows = [line.strip("█ ") for line in screen.split("\n")]
        assert rows[rows.index("Guidelines §1.3 GPE: geo-political entities  (current span e1 GPE)") + 1] == "1.3 GPE: geo-political entities"
        tmux.run("send-keys", "-t", "adj", "Escape")
        poll(lambda: "Guidelines §" not in tmux.screen(), 30.0, "the pane closed")
        tmux.run("send-keys", "-t", "adj", "d")
        poll(lambda: records(out).get("doc03", {}).get("status") == "done", 30.0, "doc03 done")
        tmux.run("send-keys", "-t", "adj", "C-q")
        tmux.shows("EXITED 0")
    finally:
        tmux.run("kill-server")
    rec = records(out)["doc03"]
    assert rec["annotator"] == "carla" and rec["meta"]["updated"].endswith("Z")
    assert {n: (corpus / "annotations" / f"{n}.jsonl").read_bytes() for n in others} == others
