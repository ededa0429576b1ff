"""Drawing span layers (``annotator.view.layers``) in the document view: each layer's spans
become overlay marks. Without colour the owners stay apart by their text attribute
(overline, italic, strike, dim, in owner order) and by their marker in the lists."""

from __future__ import annotations

from rich.style import Style

from annotator.tui.docdraw import Mark
from annotator.tui.review_style import review_style
from annotator.view.layers import SpanLayer

OWNER_STYLES = [
    Style(overline=True, color="#5fafff"),
    Style(italic=True, color="#ffaf5f"),
    Style(strike=True, color="#d787ff"),
    Style(dim=True, color="#87d75f"),
]
AGREED = Style(bold=True, color="#87ff87")
OWNER_NAMES = ["overline", "italic", "strike", "dim"]
#: Suggestions (role ``suggestion``): overlined, conflicts overlined and struck through;
#: colour only adds to that (cyan / red). The current suggestion (what ``a`` and ``x`` act
#: on) is also in reverse video.
SUGGESTION = Style(overline=True, color="#5fd7ff")
CONFLICT = Style(overline=True, strike=True, color="#ff5f5f")
CURRENT_SUGGESTION = Style(reverse=True)


def owner_style(index: int) -> Style:
    return OWNER_STYLES[index % len(OWNER_STYLES)]


def layer_marks(layers: list[SpanLayer], colors: dict[str, str] | None = None) -> list[Mark]:
    """Marks of every layer: the ``own`` layer in the annotator's highlights (entities in
    their label's colour from ``colors``), the others as overlays."""
    marks = []
    for layer in layers:
        if layer.role == "own":
            marks += [Mark(s.kind, s.start, s.end, (colors or {}).get(s.category, "#888888") if s.kind == "entity" else "", key=s.key) for s in layer.spans]
            continue
        if layer.role == "review":
            marks += [Mark("overlay", s.start, s.end, key=s.key, style=review_style(s.category, s.state)) for s in layer.spans]
            continue
        if layer.role == "suggestion":
            marks += [Mark("overlay", s.start, s.end, key=s.key, style=CONFLICT if s.state == "conflict" else SUGGESTION) for s in layer.spans]
            continue
        style = AGREED if layer.role == "agreed" else owner_style(layer.index)
        marks += [Mark("overlay", s.start, s.end, key=s.key, style=style) for s in layer.spans]
    return marks


def legend(layers: list[SpanLayer]) -> str:
    """``A=alice (overline)  B=bob (italic)  == agreed`` (plain text: names pass visible())."""
    from annotator.text.visible import visible

    parts = []
    for layer in layers:
        if layer.role == "agreed":
            parts.append(f"{layer.marker}= agreed (bold)")
        else:
            parts.append(f"{layer.marker}={visible(layer.owner)} ({OWNER_NAMES[layer.index % len(OWNER_NAMES)]})")
    return "  ".join(parts)
