"""End to end: ``annotator annotate --suggest`` with the baseline's predictions of the seed
article, in the real app in tmux (send-keys, capture-pane); every step waits on a condition
with a deadline, never on a sleep; the pane's processes and the tmux server are killed."""

import os
import shutil
import subprocess
import sys

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from annotator.suggest.load import read_prediction_file

from .test_tmux_e2e import Tmux, wait_file

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


@pytest.fixture
def tmux(tmp_path):
    t = Tmux(tmp_path)
    t.socket = f"h13-suggest-{os.getpid()}-{tmp_path.name}"  # this test's own tmux server
    try:
        yield t
    finally:
        t.kill()


def test_suggest_end_to_end_in_tmux(tmux, tmp_path):
    pred, out = tmp_path / "pred.jsonl", tmp_path / "out.jsonl"
    corpus = bundled_corpus_dir()
    subprocess.run([sys.executable, "-m", "annotator", "extract", "--corpus", str(corpus), "--out", str(pred), "--quiet"],
                   check=True, capture_output=True, timeout=120)
    with pred.open("a", encoding="utf-8") as f:  # a prediction for a document the corpus does not have
        f.write('{"schema_version": "1", "doc_id": "not_here", "entities": [{"text": "x", "label": "PER"}]}\n')
    total = len(read_prediction_file(pred, Corpus.load(corpus)).get("000_9cb6c4488f67ca16"))
    tmux.start(f"cd {tmp_path} && ANNOTATOR_NO_BIDI_MODE=1 {sys.executable} -m annotator annotate --corpus {corpus} "
               f"--out {out} --annotator e2e --suggest {pred}; echo EXITED $?; sleep 30")
    tmux.wait_for("1 prediction problem: left out", "'not_here'")  # a notification, over the status line for 10 s
    tmux.wait_for(f"suggestions ?{total} !0", f"{total} suggestions from baseline-0.1")
    tmux.keys("a")  # the first suggestion: الولايات المتحدة GPE
    recs = wait_file(out, lambda r: len(r[0]["entities"]) == 1)
    assert recs[0]["entities"][0]["text"] == "الولايات المتحدة"
    assert recs[0]["meta"]["suggest"]["spans"]["e1"]["key"] == "entity:48:64:GPE"
    tmux.wait_for(f"suggestions ?{total - 1} !0", "next: ? entity GPE 66-72")
    tmux.keys("x")  # العراق: rejected
    wait_file(out, lambda r: r[0]["meta"]["suggest"]["rejected"] == ["entity:66:72:GPE"])
    tmux.keys("j", "j")  # the cursor lands on the second suggestion after it
    tmux.wait_for("suggestion 2/")
    tmux.keys("A")  # every other suggestion, one undo step
    recs = wait_file(out, lambda r: len(r[0]["quotes"]) > 0)
    tmux.wait_for("suggestions ?0 !0")
    tmux.keys("C-z")  # undo accept-all at once
    wait_file(out, lambda r: len(r[0]["entities"]) == 1 and r[0]["quotes"] == [])
    tmux.wait_for(f"suggestions ?{total - 2} !0")
    tmux.keys("C-q")
    screen = tmux.wait_for("EXITED 0")
    assert f"{pred}:2: doc_id: document 'not_here' is not in the corpus" in screen.replace("\n", "")  # printed again at exit
    final = wait_file(out, lambda r: True)[0]
    assert final["meta"]["suggest"]["sources"][0]["name"] == "baseline-0.1"
    assert final["meta"]["suggest"]["rejected"] == ["entity:66:72:GPE"]
    assert not (tmp_path / "out.jsonl.lock").exists()
