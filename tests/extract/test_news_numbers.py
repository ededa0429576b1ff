"""The number parser against numeric expressions as Arabic news writes them (news_numbers.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from news_numbers import HELDOUT_ROWS, ROWS, accuracy, reading, same, summary

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_tables_are_large_and_without_repeats() -> None:
    texts = [row[0] for row in ROWS + HELDOUT_ROWS]
    assert len(ROWS) >= 150
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("row", ROWS, ids=[row[0] for row in ROWS])
def test_development_table(row) -> None:
    got = reading(row[0])
    assert same(got, row), f"{row[0]!r}: expected {row[1:]}, got {got}"


def test_held_out_accuracy_does_not_drop() -> None:
    right, total, misses = accuracy(HELDOUT_ROWS)
    # known misses (README): ثالث مرة, طائرات مسيرة, 27 رمضان
    assert right >= total - 3, misses


def test_readme_states_the_measured_accuracy() -> None:
    text = README.read_text(encoding="utf-8")
    stated = re.search(r"parser accuracy: ([^\n]*\))", text)
    assert stated is not None, "the README's number parser section states no accuracy"
    assert stated.group(1) == summary()
