"""``annotator score`` memory (issue 10, defect 10): flat in the number of documents when
gold and predictions list them in the same order, bounded by the out-of-order window
otherwise. Measured as the peak resident set of a fresh process at two corpus sizes."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from synth import records

# VmHWM: the peak RSS of this program image (ru_maxrss would include the forking pytest's)
PEAK_RSS = """
import re, sys
from annotator.cli import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
peak = re.search(r"VmHWM:\\s*(\\d+) kB", open("/proc/self/status").read()).group(1)
print(peak, code, file=sys.stderr)
"""


def _write(directory: Path, n: int, window: int) -> tuple[Path, Path]:
    """n documents x 10 entities; predictions string-anchored (text only, as LLMs give them)
    and shuffled within consecutive windows of ``window`` documents."""
    golds, preds, _ = records(n, 10, seed=11)
    rng = random.Random(n)
    for p in preds:
        p["entities"] = [{"text": e["text"], "label": e["label"]} for e in p["entities"]]
    for i in range(0, n, window):
        chunk = preds[i : i + window]
        rng.shuffle(chunk)
        preds[i : i + window] = chunk
    gold, pred = directory / f"gold{n}.jsonl", directory / f"pred{n}-{window}.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in golds), encoding="utf-8")
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in preds), encoding="utf-8")
    return gold, pred


def _peak_kb(gold: Path, pred: Path) -> int:
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, "score", str(gold), str(pred), "--bootstrap", "0"],
                         capture_output=True, text=True, timeout=600)
    rss, code = out.stderr.split()[-2:]
    assert code == "0", out.stderr
    return int(rss)


@pytest.mark.slow
@pytest.mark.parametrize("window", [1, 200])
def test_peak_memory_per_extra_document(tmp_path, window):
    """Peak RSS grows by well under 500 bytes per extra document (the input is about 2.4 kB
    per document): what is kept per document is its id and a reference to its count vector
    (documents share identical vectors), never its records or text. With predictions out of
    order within 200 documents, only that window is held on top."""
    small, large = 2_000, 10_000
    peaks = [_peak_kb(*_write(tmp_path, n, window)) for n in (small, large)]
    per_doc = (peaks[1] - peaks[0]) * 1024 / (large - small)
    print(f"\n{window=}: {peaks} kB, {per_doc:.0f} B per extra document")
    assert per_doc < 500, f"peak RSS {peaks[0]} kB at {small} documents, {peaks[1]} kB at {large}: {per_doc:.0f} B per extra document"
