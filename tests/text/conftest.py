"""Shared helpers for the tests of annotator.text."""

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_9cb6c4488f67ca16.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


# Lines printed at the end of the run (pytest's terminal summary): the conformance
# suites' case counts and their counted exclusion list.
_SUMMARY_KEY = pytest.StashKey[list]()


@pytest.fixture
def conformance_summary(request) -> list:
    return request.config.stash.setdefault(_SUMMARY_KEY, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(_SUMMARY_KEY, [])
    if lines:
        terminalreporter.section("annotator.text conformance")
        for line in lines:
            terminalreporter.write_line(line)
