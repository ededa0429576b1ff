"""What lets a run import less (issue 16, start-up) stays true to its source: the JSON writer's
key order is the report model's, the fast path's simple characters are the ones wcwidth
counts as one cell (or zero, for marks), and a lazily compiled pattern is the pattern."""

import subprocess
import sys

import pytest
import regex
import wcwidth


def test_the_writers_key_order_is_the_report_models():
    from annotator.score.report_format import REPORT_KEYS
    from annotator.score.report_model import ScoreReport

    assert REPORT_KEYS == tuple(ScoreReport.model_fields)


def test_report_model_refuses_a_key_order_that_drifted():
    """Loading the model (schema generation, reading a report back) checks the order too."""
    code = ("import annotator.score.report_format as f\n"
            "f.REPORT_KEYS = f.REPORT_KEYS[1:]\n"
            "import annotator.score.report_model\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 1 and "differs from the fields of ScoreReport" in out.stderr, out.stderr


def test_the_simple_characters_are_those_wcwidth_counts_so():
    """The fast path's sets come from the Unicode categories alone (no wcwidth import); a
    letter, digit, punctuation, symbol or space of those blocks is one cell wide and a mark
    zero cells, as wcwidth counts them."""
    from annotator.text import clusters

    by_category = clusters._simple_sets()
    assert by_category == clusters._simple_sets(wcwidth.wcwidth)
    assert by_category == (clusters.SIMPLE_BASES, clusters.SIMPLE_MARKS)
    assert "ب" in clusters.SIMPLE_BASES and "\u064f" in clusters.SIMPLE_MARKS and "\u200f" not in clusters.SIMPLE_BASES
    # the check can fail: a width function that counts the Arabic comma as two cells drops it
    assert "\u060c" not in clusters._simple_sets(lambda ch: 2 if ch == "\u060c" else wcwidth.wcwidth(ch))[0]


TEXTS = ["", "abc", "لداعش", "أُنشئ", "👩\u200d🔬 x\u0301", "\u0600\u0661\u0662", " \t\u00a0\u3000"]


@pytest.mark.parametrize("pattern", [r"\X", r"\s", r"\p{M}", r"[\p{Grapheme_Cluster_Break=Prepend}\u200d]"])
def test_a_lazy_pattern_is_the_compiled_pattern(pattern):
    from annotator.text.lazy_regex import LazyPattern

    lazy, compiled = LazyPattern(pattern), regex.compile(pattern)
    for text in TEXTS:
        assert lazy.findall(text) == compiled.findall(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert bool(lazy.match(text)) == bool(compiled.match(text))
        assert bool(lazy.search(text)) == bool(compiled.search(text))
    assert lazy.pattern == pattern  # any other attribute of the pattern, too


def test_a_lazy_pattern_imports_regex_on_first_use():
    code = ("import sys\n"
            "from annotator.text.lazy_regex import LazyPattern\n"
            "p = LazyPattern(r'\\p{M}')\n"
            "print('regex' in sys.modules, repr(p))\n"
            "print(ascii(p.findall('a\\u064fb')), 'regex' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["False LazyPattern('\\\\p{M}')", "['\\u064f'] True"]


def test_a_character_class_of_ranges_holds_exactly_its_characters():
    """The fast path's classes are written as ranges (quicker to compile): each matches
    exactly the characters it is made of, escaping included."""
    import re

    from annotator.text.clusters import SIMPLE_BASES, SIMPLE_MARKS, _char_class

    every = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)
    for chars in (SIMPLE_BASES, SIMPLE_MARKS, SIMPLE_BASES + SIMPLE_MARKS, "a-]^\\[b", "\u0600\u0602"):
        assert re.findall(_char_class(chars), every) == sorted(set(chars))
