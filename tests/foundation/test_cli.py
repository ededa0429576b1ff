"""The real command line: entry points, exit codes, one-line errors without tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def annotator(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True, cwd=cwd)


def test_validate_the_bundled_registry():
    result = annotator("validate", "corpus/documents.jsonl")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == "1 file(s), 1 record(s): valid\n"


def test_findings_exit_1_one_line_each_no_ansi(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('[1]\n{"x": 1\n', encoding="utf-8")
    result = annotator("validate", str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:1: expected a JSON object, got array",
        f"{path}:2: invalid JSON: Expecting ',' delimiter at column 8",
    ]
    assert "\x1b[" not in result.stdout and "Traceback" not in result.stderr


def test_usage_errors_exit_2_without_traceback(tmp_path):
    missing = annotator("validate", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and missing.stderr == f"{tmp_path / 'nope.jsonl'}: cannot read: No such file or directory\n"
    unknown = annotator("validate", "--kind", "banana", "corpus/documents.jsonl")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    schema = annotator("schema")
    assert schema.returncode == 2 and schema.stderr == "annotator schema: give exactly one of --write or --check\n"


def test_works_from_another_directory_with_the_bundled_corpus(tmp_path):
    """The registry is found wherever the command runs (here: a directory with no corpus)."""
    record = {"schema_version": "1", "doc_id": "000_9cb6c4488f67ca16", "entities": [{"text": "داعش", "label": "ORG"}]}
    (tmp_path / "p.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = annotator("validate", "p.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_and_registry():
    seed = ROOT / "seeds" / "000_9cb6c4488f67ca16.txt"
    text = seed.read_text(encoding="utf-8")
    assert len(text) == 2530 and len(text.split("\n")) == 12 and not text.endswith("\n")
    shared = ROOT.parent / "shared" / "seeds" / seed.name
    if shared.exists():  # beside the checkout on developer machines and in CI
        assert shared.read_bytes() == seed.read_bytes()
    doc = json.loads((ROOT / "corpus" / "documents.jsonl").read_text(encoding="utf-8"))
    assert doc["text"] == text and doc["meta"]["seed_file"] == "seeds/000_9cb6c4488f67ca16.txt"
