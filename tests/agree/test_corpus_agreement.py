"""The second annotation of the seed article: built by its script, valid, and its agreement
with the gold as corpus/README.md reports it."""

import subprocess
import sys
from pathlib import Path

from annotator.agree.compute import agree_files
from annotator.io.corpus import Corpus
from annotator.score.schemes import SCHEMES
from annotator.validate.run import validate_files

ROOT = Path(__file__).resolve().parents[2]
LITERAL = ROOT / "corpus" / "annotations" / "literal-v1.jsonl"


def test_the_second_annotation_is_built_by_its_script_and_valid():
    out = subprocess.run([sys.executable, str(ROOT / "corpus" / "annotations" / "build_literal.py"), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    corpus = Corpus.load(ROOT / "corpus")
    report = validate_files([LITERAL], corpus.documents, corpus.labels)
    assert report.errors == 0, [f.format() for f in report.findings]


def test_the_agreement_reported_in_the_corpus_readme():
    report = agree_files([ROOT / "corpus" / "gold", ROOT / "corpus" / "annotations"], docs=ROOT / "corpus" / "documents.jsonl")
    m = report["metrics"]
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    assert report["annotators"] == ["gold-v1", "literal-v1"]
    spans = {layer: report["layers"][layer]["schemes"]["strict"]["pairs"]["gold-v1~literal-v1"] for layer in ("entities", "quotes", "claims")}
    for layer, counts in spans.items():
        assert f"| {layer} | {counts['possible']} / {counts['actual']} | 1.000 | 1.000 |" in readme
        assert all(m[f"{layer}.{s}.f1"] == 1.0 for s in SCHEMES) and m[f"{layer}.alpha"] == 1.0
    assert all(v == 1.0 for k, v in m.items() if k.endswith(("kappa", ".agreement")))
    assert "**The two annotations are identical**" in readme
