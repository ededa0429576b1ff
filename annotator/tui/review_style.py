"""How the review's categories look. Without colour they stay apart by a text attribute
(and by their marker letter in the list and the status line); the gold extent of an item is
underlined and its predicted extent overlined, so a boundary error shows both (a correct
span is only dimmed)."""

from __future__ import annotations

from rich.style import Style

#: drawn category -> (text attribute, colour); ``attribute``: a span right, an attribute wrong
CATEGORY_STYLES = {
    "correct": Style(dim=True, color="#87d75f"),
    "boundary": Style(bold=True, color="#ffd75f"),
    "label": Style(italic=True, color="#ff87ff"),
    "label+boundary": Style(bold=True, italic=True, color="#ff875f"),
    "missed": Style(strike=True, color="#ff5f5f"),
    "spurious": Style(strike=True, color="#5fd7ff"),
    "attribute": Style(bold=True, color="#ffaf5f"),
}
ATTRIBUTE_NAMES = {
    "correct": "dim, no lines",
    "boundary": "bold",
    "label": "italic",
    "label+boundary": "bold italic",
    "missed": "struck through, underlined only",
    "spurious": "struck through, overlined only",
    "attribute": "bold, both lines",
}
GOLD_EXTENT = Style(underline=True)
PRED_EXTENT = Style(overline=True)


def review_style(category: str, state: str) -> Style:
    style = CATEGORY_STYLES.get(category, Style())
    if category == "correct":  # one extent, nothing to see: the errors stand out
        return style
    return style + (GOLD_EXTENT if state == "gold" else PRED_EXTENT)
