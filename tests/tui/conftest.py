"""Fixtures of the annotator UI tests: a small two-document corpus and the bundled one."""

from pathlib import Path

import pytest

from annotator.io.corpus import Corpus, bundled_corpus_dir
from tui.helpers import DOC_A, DOC_B, make_corpus


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus", {"a": DOC_A, "b": DOC_B})


@pytest.fixture
def corpus(corpus_dir: Path) -> Corpus:
    return Corpus.load(corpus_dir)


@pytest.fixture
def seed_corpus() -> Corpus:
    return Corpus.load(bundled_corpus_dir())


@pytest.fixture(autouse=True)
def private_state_dir(tmp_path_factory, monkeypatch) -> Path:
    """Resume state goes to a per-test state directory, never the real ~/.local/state
    (also for the real app started in tmux or a pty: they inherit the environment)."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state
