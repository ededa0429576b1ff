"""Strings from files (doc_ids, labels, span texts, attribute values) made safe for each
output format. Every one first goes through :func:`annotator.text.visible.visible`, so a
control character, a bidi override or a lone surrogate shows as an escape in every format
(and a newline can neither start a new table row nor a new message line); then:

* plain text / terminal: nothing more;
* Markdown (GFM): every character that means something inside a line is backslash-escaped
  (CommonMark: a backslash makes ASCII punctuation literal), so ``|`` cannot end a table
  cell, ``<img ...>`` stays text, ``*``, ``_``, ``[``, ``!``, ``~`` and ``$`` (GitHub's math)
  make no emphasis, link, image, strike-through or formula, ``&`` no entity, ``:`` and ``@``
  no autolink; the output only
  ever goes inside a line (a table cell, a sentence), where ``.``, ``-`` or ``#`` mean nothing,
  so those stay readable; right-to-left text goes in a
  ``<span dir="rtl" lang="ar">`` (GitHub keeps ``dir`` and ``lang``) so it reads right to left;
* HTML: ``html.escape`` (also quotes), and right-to-left text in ``<bdi dir="rtl" lang="ar">``;
* XML (JUnit): ``xml.sax.saxutils`` escaping, after ``visible`` removed what XML 1.0 forbids
  (C0 controls, lone surrogates) and U+FFFE / U+FFFF escaped too.
"""

import re
from functools import cache
from types import ModuleType

from annotator.text.visible import visible

#: Letters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, ..., presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!&$:@])")
_XML_NONCHAR = re.compile("[\ufffe\uffff]")


@cache
def _html() -> ModuleType:
    """The standard ``html`` module, imported when an HTML report is made (not by a run that
    only writes a table or JSON)."""
    import html

    return html


@cache
def _saxutils() -> ModuleType:
    """``xml.sax.saxutils``, imported when a JUnit report is made: it imports urllib.request,
    http.client and ssl (about 9 ms of start-up) that nothing else of a scoring run needs."""
    from xml.sax import saxutils

    return saxutils


def plain(value: object) -> str:
    """For a terminal or a plain-text report."""
    return visible(value)


def is_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def _lang_attrs(text: str) -> str:
    if not is_rtl(text):
        return ""
    return ' dir="rtl" lang="ar"' if _ARABIC.search(text) else ' dir="rtl"'


def md(value: object) -> str:
    """Literal text in GitHub-flavoured Markdown (also inside a table cell)."""
    text = _MD_SPECIAL.sub(r"\\\1", visible(value))
    attrs = _lang_attrs(text)
    return f"<span{attrs}>{text}</span>" if attrs else text


def html_text(value: object) -> str:
    """Text content of an HTML element; right-to-left text isolated with its direction and language."""
    text = visible(value)
    attrs = _lang_attrs(text)
    body = _html().escape(text)
    return f"<bdi{attrs}>{body}</bdi>" if attrs else body


def html_attr(value: object) -> str:
    """An HTML attribute value (without the quotes)."""
    return _html().escape(visible(value), quote=True)


def _xml_safe(value: object) -> str:
    return _XML_NONCHAR.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(value))


def xml_text(value: object) -> str:
    """Character data of an XML element."""
    return _saxutils().escape(_xml_safe(value))


def xml_attr(value: object) -> str:
    """An XML attribute value, with its quotes."""
    return _saxutils().quoteattr(_xml_safe(value), {"\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})
