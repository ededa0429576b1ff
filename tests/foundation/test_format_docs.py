"""The example records in schema/README.md are valid: documentation that cannot rot."""

import json
import re
from pathlib import Path

from annotator.validate.command import run_validate

ROOT = Path(__file__).resolve().parents[2]


def _blocks():
    return re.findall(r"```json\n(.*?)\n```", (ROOT / "schema" / "README.md").read_text(encoding="utf-8"), re.S)


def test_the_documented_examples_validate(tmp_path, capsys):
    gold, pred = _blocks()
    (tmp_path / "gold.jsonl").write_text(json.dumps(json.loads(gold), ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(pred + "\n", encoding="utf-8")
    assert run_validate([tmp_path / "gold.jsonl"], kind="annotation") == 0
    assert run_validate([tmp_path / "pred.jsonl"], kind="prediction") == 0
    assert capsys.readouterr().out == ""
