"""The review mode's widgets: the item list (filtered by category), the status line (counts
per category, the filter, the current item's gold against its prediction) and the help."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.strip import Strip

from annotator.review.categories import BY_NAME, CATEGORIES, ReviewItem
from annotator.review.layers import drawn_category
from annotator.text.visible import visible
from annotator.tui.cells import ascii_segments, field_segments
from annotator.tui.help import HelpScreen, keys_table
from annotator.tui.panel import AnnotationPanel
from annotator.tui.review_style import ATTRIBUTE_NAMES, CATEGORY_STYLES
from annotator.tui.session import SpanRef
from annotator.tui.status import StatusLine

#: The review mode's own keys (the help screen shows them; docs/review.md lists them, a test checks it).
REVIEW_KEYS = [
    ("1 - 9", "show only one category: " + ", ".join(f"{i + 1} {c.title}" for i, c in enumerate(CATEGORIES[:9]))),
    ("0", "every error category again (no filter)"),
    ("f / F", "next / previous filter, through every category (also " + ", ".join(c.title for c in CATEGORIES[9:]) + ")"),
    ("j / J", "next / previous item of the filter (no filter: of any error category), on into the next document that has one"),
    ("tab", "the next item under the cursor (an entity inside a quote, say)"),
    ("p", "the list of the filter's items (up/down move, enter jumps, escape back to the text)"),
    ("ctrl+pageup / ctrl+pagedown", "previous / next document"),
    ("g", "the guidelines' section for the current item's gold label (what the extractor should have found)"),
    ("/ n N w, arrows", "search and move as in annotate; every edit key says read-only"),
    ("ctrl+q", "quit (nothing is written)"),
]
KIND_TAG = {"entity": "E", "quote": "Q", "claim": "#"}


def markers(item: ReviewItem) -> str:
    """The item's category letters, span category first (``C`` correct, ``BP`` boundary and wrong speaker ...)."""
    return "".join(BY_NAME[name].marker for name in item.categories)


def item_text(item: ReviewItem) -> str:
    span = item.gold if item.gold is not None else item.pred
    return span["text"] if span else ""


def _value(value: Any) -> str:
    if isinstance(value, dict):  # a speaker or cue mention
        return value.get("text") or ""
    return "none" if value is None else str(value)


def edges(item: ReviewItem, text: str) -> list[tuple[str, bool]]:
    """What the prediction adds or misses at each edge of a boundary error, first (so that a
    narrow status line still shows it): ``pred misses «ي» at the end``."""
    if item.gold_at is None or item.pred_at is None or item.gold_at == item.pred_at or not text:
        return []
    (gs, ge), (ps, pe) = item.gold_at, item.pred_at
    out: list[tuple[str, bool]] = []
    for edge, (a, b), adds in (("start", (min(gs, ps), max(gs, ps)), ps < gs), ("end", (min(ge, pe), max(ge, pe)), pe > ge)):
        if a < b:
            out += [(f"pred {'adds' if adds else 'misses'} ", False), (text[a:b], True), (f" at the {edge}; ", False)]
    return out


def describe(item: ReviewItem, text: str = "") -> list[tuple[str, bool]]:
    """The current item in words, as (piece, is document text) pieces: document text is laid
    out by the engine, the rest is plain ASCII."""
    if item.category == "correct" and item.wrong:
        title = ", ".join(BY_NAME[n].title for n, _, _ in item.wrong) + " (span right)"
    else:
        title = ", ".join(BY_NAME[n].title for n in item.categories)
    parts: list[tuple[str, bool]] = [(f" {markers(item)} {title}, {item.kind} ", False)]
    g, p = item.label("gold"), item.label("pred")
    parts += edges(item, text)
    if item.gold is not None and item.pred is not None and item.gold_at == item.pred_at:  # one extent: the text once
        parts.append((f"[{item.gold_at[0]},{item.gold_at[1]}) ", False))
        parts.append((item.gold["text"], True))
        parts.append((f"  gold {visible(g)}, pred {visible(p)}" if g != p else f"  {visible(g)}", False))
    elif item.gold is not None and item.pred is not None:
        parts.append((f"gold {visible(g)} [{item.gold_at[0]},{item.gold_at[1]}) ", False))
        parts.append((item.gold["text"], True))
        where = f"[{item.pred_at[0]},{item.pred_at[1]})" if item.pred_at else "(not found)"
        parts.append((f"  pred {visible(p)} {where} ", False))
        parts.append((item.pred["text"], True))
    elif item.gold is not None:
        parts.append((f"gold {visible(g)} [{item.gold_at[0]},{item.gold_at[1]}) ", False))
        parts.append((item.gold["text"], True))
        parts.append(("  not predicted", False))
    elif item.pred is not None:
        where = f"[{item.pred_at[0]},{item.pred_at[1]})" if item.pred_at else "(its text is not in the document)"
        parts.append((f"pred {visible(p)} {where} ", False))
        parts.append((item.pred["text"], True))
        parts.append(("  not in the gold", False))
    for name, gv, pv in item.wrong:
        if name == "kind" and item.layer != "entities":
            continue  # a quote's or claim's kind is its label: shown above
        parts.append((f"  | {name}: gold ", False))
        parts.append((_value(gv), isinstance(gv, dict)))
        parts.append((" pred ", False))
        parts.append((_value(pv), isinstance(pv, dict)))
    lenient = item.lenient_schemes()
    if item.outcomes is not None and lenient:
        parts.append(("  (correct under " + ", ".join(lenient) + ")", False))
    return parts


def _short(item: ReviewItem, label: str | None) -> str:
    """A label for the list: a quote's kind in three letters (``ind>dir`` fits)."""
    return (label or "")[:3] if item.layer == "quotes" else label or ""


class ReviewPanel(AnnotationPanel):
    """One row per item of the filter: ``markers kind label text``, e.g. ``B  E ORG الجيش``."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[ReviewItem] = []
        self.empty = "no items"

    def set_items(self, items: list[ReviewItem], current: tuple[str, str] | None, empty: str) -> None:
        self.items, self.empty = items, empty
        rows = [SpanRef("review", str(it.index), *(it.extent or (0, 0)), item_text(it), it.label("gold") or it.label("pred") or "") for it in items]
        self.set_rows(rows, self.label_colors, current)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_offset.y) + y
        base = self.rich_style
        if not self.items:
            return Strip(ascii_segments(self.empty if y == 0 else "", width, base + Style(dim=True)), width)
        if row >= len(self.items):
            return Strip.blank(width, base)
        item = self.items[row]
        style = self.row_style(row, item.key == self.current)
        g, p = (_short(item, item.label(side)) for side in ("gold", "pred"))
        label = f"{g}>{p}" if g and p and g != p else g or p or ""
        tag = f"{markers(item)[:3]:<3} {KIND_TAG[item.kind]} {visible(label)[:11]:<11} "
        segments: list[Segment] = ascii_segments(tag, len(tag), style + CATEGORY_STYLES[drawn_category(item)])
        segments += field_segments(item_text(item), max(1, width - len(tag)), style, align="left")
        return Strip(segments, width).crop(0, width)


class ReviewStatusLine(StatusLine):
    """Row 1: document, counts per category (``M3`` three missed), the filter, read-only.
    Row 2: a message, else the current item (its categories, gold against prediction)."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc = ""
        self.counts: dict[str, int] = {}
        self.filter = "all errors"
        self.message = ""
        self.item: ReviewItem | None = None
        self.position = ""
        self.text = ""

    def show(self, doc: str, counts: dict[str, int], filter_: str, message: str, item: ReviewItem | None, position: str = "", text: str = "") -> None:
        self.doc, self.counts, self.filter, self.message, self.item, self.position = doc, counts, filter_, message, item, position
        self.text = text
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            counts = " ".join(f"{c.marker}{self.counts.get(c.name, 0)}" for c in CATEGORIES)
            parts = [(f" {self.doc}", Style(bold=True)), (f"  {counts}", Style()),
                     (f"  [{self.filter}]", Style(bold=True, color="#ff87af")), ("  READ-ONLY", Style(bold=True))]
            if sum(len(t) for t, _ in parts) >= width:  # narrow: only the categories that occur
                counts = " ".join(f"{c.marker}{self.counts[c.name]}" for c in CATEGORIES if self.counts.get(c.name))
                parts[1] = (f"  {counts or 'nothing'}", Style())
            return self._fit(parts, width, base)
        if y != 1:
            return Strip.blank(width, base)
        if self.message:
            return Strip(ascii_segments(" " + self.message[: max(0, width - 2)], width, base + Style(color="#ffd75f")), width)
        if self.item is None:
            return Strip(ascii_segments(" no item under the cursor (j: next, f: filter, ? help)", width, base + Style(dim=True)), width)
        parts = describe(self.item, self.text)
        parts[0] = (" " + self.position + parts[0][0][1:], False)
        return Strip(_pieces(parts, width, base, CATEGORY_STYLES[drawn_category(self.item)]), width).crop(0, width)


def _pieces(parts: list[tuple[str, bool]], width: int, base: Style, first: Style) -> list[Segment]:
    """Plain pieces in full, document-text pieces laid out by the engine in a share of what
    is left (12 to 24 cells each; what follows is cut first), cut at ``width - 1`` cells."""
    room = width - 1
    plain = sum(len(t) for t, is_text in parts if not is_text)
    texts = [t for t, is_text in parts if is_text]
    share = max(12, min(24, (room - plain) // max(1, len(texts)))) if texts else 0
    segments: list[Segment] = []
    used = 0
    for i, (text, is_text) in enumerate(parts):
        w = min(share, len(text) + 1) if is_text else len(visible(text))
        w = min(w, room - used)
        if w <= 0:
            break
        style = base + (first if i == 0 else Style(color="#ffffff") if is_text else Style())
        segments += field_segments(text, w, style, align="left") if is_text else ascii_segments(text, w, style)
        used += w
    segments.append(Segment(" " * max(0, width - used), base))
    return segments


class ReviewHelp(HelpScreen):
    """The help screen with the review keys and the categories' looks first."""

    def intro(self) -> list:
        looks = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        looks.add_column(width=4, no_wrap=True)
        looks.add_column(width=26, no_wrap=True)
        looks.add_column(ratio=1)
        for c in CATEGORIES:
            drawn = c.name if c.name in CATEGORY_STYLES else "attribute"
            looks.add_row(Text(c.marker, style="bold"), Text(c.title, style=CATEGORY_STYLES[drawn]), Text(ATTRIBUTE_NAMES[drawn]))
        return [Text("annotator annotate --review - keys of the mode (read-only)", style="bold"), keys_table(REVIEW_KEYS), Text(""),
                Text("In the text the gold extent is underlined and the predicted extent overlined."),
                Text("List and status line: one letter per category of the item."), looks, Text("")]
