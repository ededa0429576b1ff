"""UAX #9 conformance: Unicode 15.0 BidiTest.txt and BidiCharacterTest.txt, every line.

The files live in tests/data/unicode/ (Unicode License v3, see the README there).
Python's unicodedata may be an older Unicode version than the files: a
BidiCharacterTest line that uses a code point unassigned in that version (whose
Bidi_Class may therefore differ) is excluded by an explicit, counted list that is
printed in the "annotator.text conformance" section of the pytest terminal summary.
"""

import lzma
import unicodedata
from pathlib import Path

from annotator.text.bidi import (
    resolve_levels,
    resolve_levels_from_classes,
    visual_order,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "unicode"


def _fmt_levels(levels):
    return " ".join("x" if lv is None else str(lv) for lv in levels)


def iter_bidi_test():
    """(line number, classes, bitset, expected levels, expected order) per data line."""
    levels = order = None
    with lzma.open(DATA / "BidiTest.txt.xz", "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@Levels:"):
                levels = line[len("@Levels:"):].split()
                continue
            if line.startswith("@Reorder:"):
                order = [int(x) for x in line[len("@Reorder:"):].split()]
                continue
            if line.startswith("@"):
                continue
            classes, bitset = line.split(";")
            yield lineno, classes.split(), int(bitset.strip(), 16), levels, order


def iter_bidi_character_test():
    with lzma.open(DATA / "BidiCharacterTest.txt.xz", "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            cps, direction, para, levels, order = line.split(";")
            text = "".join(chr(int(h, 16)) for h in cps.split())
            yield lineno, text, int(direction), int(para), levels.split(), [int(x) for x in order.split()]


def test_bidi_test_txt_every_line(conformance_summary):
    failures = []
    cases = 0
    for lineno, classes, bitset, exp_levels, exp_order in iter_bidi_test():
        exp = " ".join(exp_levels)
        for bit, direction in ((1, "auto"), (2, "ltr"), (4, "rtl")):
            if not bitset & bit:
                continue
            cases += 1
            _, levels = resolve_levels_from_classes(classes, direction)
            got = _fmt_levels(levels)
            order = visual_order(levels)
            if got != exp or order != exp_order:
                failures.append(
                    f"BidiTest.txt:{lineno}: {' '.join(classes)} [{direction}] levels {got} "
                    f"(want {exp}) order {order} (want {exp_order})"
                )
    summary = f"BidiTest.txt: {cases} cases, {len(failures)} failures, 0 exclusions (class-based file)"
    print("\n" + summary)
    conformance_summary.append(summary)
    assert not failures, f"{len(failures)} failures, first:\n" + "\n".join(failures[:20])
    assert cases > 700_000


def _unassigned_in_python(text):
    return sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cn"})


def test_bidi_character_test_txt_every_line(conformance_summary):
    failures = []
    excluded = []
    cases = 0
    for lineno, text, direction, exp_para, exp_levels, exp_order in iter_bidi_character_test():
        unassigned = _unassigned_in_python(text)
        if unassigned:
            excluded.append(f"BidiCharacterTest.txt:{lineno}: {' '.join(unassigned)}")
            continue
        cases += 1
        para, levels = resolve_levels(text, ("ltr", "rtl", "auto")[direction])
        got = _fmt_levels(levels).split()
        order = visual_order(levels)
        if para != exp_para or got != exp_levels or order != exp_order:
            failures.append(
                f"BidiCharacterTest.txt:{lineno}: {' '.join(f'{ord(c):04X}' for c in text)} "
                f"dir {direction} para {para} (want {exp_para}) levels {' '.join(got)} "
                f"(want {' '.join(exp_levels)}) order {order} (want {exp_order})"
            )
    summary = (
        f"BidiCharacterTest.txt: {cases} cases, {len(failures)} failures, "
        f"{len(excluded)} excluded (code points unassigned in Python's unicodedata "
        f"{unicodedata.unidata_version}, Unicode 15.0 test data)"
    )
    print("\n" + summary)
    conformance_summary.append(summary)
    for line in excluded:
        print("  excluded", line)
        conformance_summary.append(f"  excluded {line}")
    assert not failures, f"{len(failures)} failures, first:\n" + "\n".join(failures[:20])
    assert cases + len(excluded) > 90_000
