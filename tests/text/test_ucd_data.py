"""annotator/text/ucd_data.py holds exactly the Unicode 15.0 bracket and mirroring
tables shipped in tests/data/unicode/ (it is generated from them)."""

from pathlib import Path

from annotator.text import ucd_data

DATA = Path(__file__).resolve().parents[1] / "data" / "unicode"


def _rows(name):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield [p.strip() for p in line.split(";")]


def test_brackets_match_bidibrackets_txt():
    expected = {int(a, 16): (int(b, 16), t) for a, b, t in _rows("BidiBrackets.txt")}
    assert ucd_data.BRACKETS == expected
    assert len(expected) > 100


def test_mirrors_match_bidimirroring_txt():
    expected = {int(a, 16): int(b, 16) for a, b in _rows("BidiMirroring.txt")}
    assert ucd_data.MIRRORS == expected
    assert ucd_data.MIRRORS[ord("(")] == ord(")")


def test_files_are_unicode_15():
    assert "15.0.0" in (DATA / "BidiBrackets.txt").read_text(encoding="utf-8")[:200]
    assert ucd_data.UNICODE_VERSION == "15.0.0"
