"""Reading the guidelines for the annotator's guidelines pane.

**Where** (:func:`find_guidelines`): a team's own ``guidelines.md`` in the corpus directory,
else ``docs/guidelines.md`` beside it (a team repository laid out like this one), else the
toolkit's: ``docs/guidelines.md`` of a checkout, or the copy packaged in the wheel
(``annotator/_bundled/docs/guidelines.md``, see ``pyproject.toml``).

**What** (:func:`parse`): the Markdown becomes plain text, one paragraph per line, for the
layout engine (which reorders Arabic and wraps to the pane's width), plus style ranges in that
text (headings, ``**bold**``, ``*emphasis*``, ```code```) and the headings with their offsets. Every string
from the file passes through :func:`annotator.text.visible.visible` first: the file is data,
its control and bidi formatting characters are shown, never obeyed. A paragraph with Latin
letters is laid out left to right (the guidelines are English with Arabic examples; a
left-to-right mark is put before it), one without is laid out in its own direction.

**Which section** (:func:`section_for`): the layer's top section (the heading naming
entities, quotes or claims), and in it the subsection named by the entity label, the quote
kind or ``cue`` when there is one; with no layer, the first section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.text.visible import visible

GUIDELINES = "guidelines.md"
LRM = "\u200e"
_LATIN = re.compile(r"[A-Za-z]")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|(?<![\w*])\*([^*\s](?:[^*]*[^*\s])?)\*(?![\w*])")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
LAYER_WORDS = {"entity": "entit", "quote": "quot", "cue": "quot", "claim": "claim"}


@dataclass
class Heading:
    level: int
    title: str
    offset: int  # where the heading's paragraph starts in Guide.text


@dataclass
class Guide:
    text: str  # logical order, paragraphs separated by "\n"
    styles: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, "heading" | "bold" | "em" | "code")
    headings: list[Heading] = field(default_factory=list)


def bundled_guidelines() -> Path | None:
    """The toolkit's guidelines: the checkout's ``docs/`` or the wheel's bundled copy."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "docs" / GUIDELINES, here / "_bundled" / "docs" / GUIDELINES):
        if candidate.is_file():
            return candidate
    return None


def find_guidelines(corpus_dir: Path | None) -> Path | None:
    """The guidelines that apply to the corpus in ``corpus_dir`` (see the module docstring)."""
    if corpus_dir is not None:
        for candidate in (corpus_dir / GUIDELINES, corpus_dir.parent / "docs" / GUIDELINES):
            if candidate.is_file():
                return candidate
    return bundled_guidelines()


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.guide = Guide("")
        self.last_blank = True  # no blank line at the top

    def paragraph(self, markdown: str, style: str | None = None, level: int = 0) -> None:
        if self.parts:
            self.parts.append("\n")
            self.length += 1
        start = self.length
        if _LATIN.search(markdown):
            self._add(LRM)
        if level:
            self.guide.headings.append(Heading(level, visible(_INLINE.sub(lambda m: m.group(m.lastindex), markdown)), start))
        pos = 0
        for m in _INLINE.finditer(markdown):
            self._add(visible(markdown[pos:m.start()]))
            inner = visible(m.group(m.lastindex))
            self.guide.styles.append((self.length, self.length + len(inner), ("bold", "code", "em")[m.lastindex - 1]))
            self._add(inner)
            pos = m.end()
        self._add(visible(markdown[pos:]))
        if style:
            self.guide.styles.append((start, self.length, style))
        self.last_blank = not markdown

    def _add(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def blank(self) -> None:
        if not self.last_blank:
            self.paragraph("")


def parse(markdown: str) -> Guide:
    """The guidelines' Markdown as a :class:`Guide` (headings, paragraphs, list items and
    table rows each a paragraph; wrapped lines of one paragraph joined)."""
    b = _Builder()
    para: list[str] = []

    def flush() -> None:
        if para:
            b.paragraph(" ".join(para))
            para.clear()

    for raw in markdown.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        heading = _HEADING.match(line)
        if not line.strip():
            flush()
            b.blank()
        elif heading:
            flush()
            b.blank()
            b.paragraph(heading.group(2), "heading", len(heading.group(1)))
        elif line.lstrip().startswith("|"):
            flush()
            if not _TABLE_RULE.match(line.strip()):
                b.paragraph(" │ ".join(c.strip() for c in line.strip().strip("|").split("|")))
        elif _ITEM.match(line):
            flush()
            para.append(line.strip())
        else:
            para.append(line.strip())
    flush()
    b.guide.text = "".join(b.parts).rstrip("\n")
    return b.guide


def section_for(guide: Guide, layer: str | None, label: str | None = None) -> Heading | None:
    """The heading to show for a span of ``layer`` (``entity``, ``quote``, ``cue``, ``claim``)
    with ``label`` (entity label, quote kind); the first section when there is no layer."""
    tops = [h for h in guide.headings if h.level == 2]
    if layer is None or layer not in LAYER_WORDS:
        return tops[0] if tops else (guide.headings[0] if guide.headings else None)
    word = LAYER_WORDS[layer]
    top = next((h for h in tops if word in h.title.lower()), None)
    if top is None:
        return None
    after = [h for h in guide.headings if h.offset > top.offset]
    end = next((h.offset for h in after if h.level <= top.level), len(guide.text) + 1)
    name = "cue" if layer == "cue" else label
    if name:
        pattern = re.compile(rf"^[\d.\s]*{re.escape(name.lower())}\b")
        sub = next((h for h in after if h.offset < end and pattern.match(h.title.lower())), None)
        if sub is not None:
            return sub
    return top
