"""Strings from files made safe to print on a terminal, in a log or a one-line message.

Document text, ids, labels, field names and meta come from files that anyone may have
written. Printed raw, an ESC starts a terminal escape sequence (OSC 52 sets the clipboard,
OSC 2 the window title), a newline forges a second message line, and a bidi override
reorders what the reader sees (the "Trojan Source" trick). ``visible`` turns every such
character into a visible escape, and leaves everything else, Arabic letters, harakat,
ZWJ/ZWNJ and emoji included, as it is.

The TUI draws control characters as control pictures (``text.clusters``); this module is
for plain text output: the command line, reports and one-line messages.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL; line and paragraph separators; the bidi formatting characters
# (LRM, RLM, ALM, embeddings, overrides, isolates); lone surrogates (not printable UTF-8);
# the BOM / zero width no-break space and the interlinear annotation controls.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    cp = ord(match.group())
    return f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}"


def visible(value: object) -> str:
    """``str(value)`` with every control, bidi formatting character and lone surrogate escaped.

    >>> visible("a\\x1b]52;c;AAAA\\x07b")
    'a\\\\x1b]52;c;AAAA\\\\x07b'
    >>> visible("قال\\u202e")
    'قال\\\\u202e'
    """
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape, text)


def is_visible(text: str) -> bool:
    """True when ``visible(text) == text`` (nothing to escape)."""
    return _UNSAFE.search(text) is None
