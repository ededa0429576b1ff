"""``annotator score`` reads pipes once and ``-`` as standard input (issue 10, defect 2)."""

import io
import json
import subprocess
import sys
from pathlib import Path

from annotator.score.command import run_score
from helpers import entity, gold_record, pred_record, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
TEXT = "زار لويد أوستن بغداد والتقى محمد العباسي في وزارة الدفاع."


def files(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_record("a", TEXT, [entity(TEXT, "لويد أوستن", "PER", "e1"), entity(TEXT, "بغداد", "GPE", "e2")])])
    pred = write_jsonl(tmp_path / "pred.jsonl", [pred_record("a", TEXT, [entity(TEXT, "لويد أوستن", "PER"), entity(TEXT, "بغداد", "LOC")])])
    return gold, pred


def layers(stdout):
    return json.loads(stdout)["layers"]


def run(*args, **kw):
    out, err = io.StringIO(), io.StringIO()
    code = run_score(*args, stdout=out, stderr=err, report="json", bootstrap=0, **kw)
    return code, out.getvalue(), err.getvalue()


def test_dash_reads_gold_or_predictions_from_standard_input(tmp_path, monkeypatch):
    gold, pred = files(tmp_path)
    code, expected, _ = run(gold, pred)
    assert code == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gold.read_bytes())))
    code, out, err = run(Path("-"), pred)
    assert (code, err) == (0, "") and layers(out) == layers(expected)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pred.read_bytes())))
    code, out, err = run(gold, Path("-"))
    assert (code, err) == (0, "") and layers(out) == layers(expected)


def test_standard_input_cannot_be_both_inputs(tmp_path):
    code, _, err = run(Path("-"), Path("-"))
    assert code == 2 and err == "annotator score: standard input (-) can be read only once\n"


def test_pipes_are_read_once_by_the_real_command(tmp_path):
    gold, pred = files(tmp_path)
    expected = subprocess.run([sys.executable, "-m", "annotator", "score", str(gold), str(pred), "--report", "json", "--bootstrap", "0"], capture_output=True, cwd=ROOT, timeout=120)
    assert expected.returncode == 0, expected.stderr
    piped = subprocess.run(
        ["bash", "-c", f'cat "{gold}" | "{sys.executable}" -m annotator score - <(cat "{pred}") --report json --bootstrap 0'],
        capture_output=True, cwd=ROOT, timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    assert layers(piped.stdout) == layers(expected.stdout)
    empty = subprocess.run(["bash", "-c", f'"{sys.executable}" -m annotator score <(true) "{pred}"'], capture_output=True, cwd=ROOT, timeout=120)
    assert empty.returncode == 1 and b"Traceback" not in empty.stderr  # the predictions name a document no gold record brought: invalid data


def test_a_device_that_never_ends_a_line_stops_at_the_limit(tmp_path):
    _, pred = files(tmp_path)
    code, _, err = run(Path("/dev/zero"), pred)
    assert code == 2
    assert err == "/dev/zero:1: longer than the 16 MiB limit for one record, in an input that is not a regular file (a pipe or device); stopped reading\n"
