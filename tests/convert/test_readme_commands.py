"""The README's two commands (gold -> spaCy training file, gold -> Hugging Face dataset) run
as written, exit 0, and their output loads in spaCy and in datasets."""

import re
import shlex

import datasets
import spacy
from spacy.tokens import DocBin
from typer.testing import CliRunner

from annotator.cli import app

from .helpers import ROOT


def _commands():
    block = re.search(r"<!-- convert:start.*?```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[1]
    return [shlex.split(line.split("#")[0]) for line in block.strip().splitlines()]


def test_readme_commands_make_a_spacy_file_and_a_hf_dataset(tmp_path, monkeypatch):
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    monkeypatch.chdir(tmp_path)
    spacy_cmd, hf_cmd = _commands()
    assert spacy_cmd[:2] == hf_cmd[:2] == ["annotator", "export"]
    for cmd in (spacy_cmd, hf_cmd):
        result = CliRunner().invoke(app, cmd[1:])
        assert result.exit_code == 0, result.output
    (doc,) = DocBin().from_disk(tmp_path / "train.spacy").get_docs(spacy.blank("xx").vocab)
    assert len(doc.spans["entities"]) == 57 and doc.ents
    ds = datasets.load_dataset("json", data_files=str(tmp_path / "gold.jsonl"), split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 1 and len(ds[0]["entities"]) == 57 and len(ds[0]["claims"]) == 12
