"""The document view's selection keys, simulated on the layout engine, and the cheapest key
sequence that selects a given span (a shortest path over the view's states).

The simulation follows :class:`annotator.tui.docview.DocView` and the app's actions key for
key: plain motions move the cursor and drop the selection, ``shift+`` motions extend it
(the anchor stays), ``up``/``down`` keep a goal column, ``w`` selects the word under the
cursor, ``[`` / ``]`` move the selection's logical start, ``/ query enter`` selects the first
match at or after the cursor, ``n`` / ``N`` the next / previous match. The app trims white
space at a selection's ends before it marks, and so does :func:`marked_span`. The replay
(:mod:`.replay`) checks every plan on the real app, so a divergence shows as a failed replay,
never as a wrong count.
"""

from __future__ import annotations

import heapq
import unicodedata
from dataclasses import dataclass, field

from annotator.text.arabic import NormalizedIndex
from annotator.text.layout import DocumentLayout

# (key, motion name of DocView.motion); the shift+ form extends
MOTIONS = (
    ("left", "left"), ("right", "right"), ("up", "up"), ("down", "down"),
    ("home", "home"), ("end", "end"), ("ctrl+left", "word_left"), ("ctrl+right", "word_right"),
)
QUERY_PREFIX_MAX = 14  # longest search prefix tried besides word ends and the whole span
PROCLITIC_REACH = 3  # a search may start this many characters before the span ([ drops them)


def shifted(key: str) -> str:
    return "ctrl+shift+" + key[5:] if key.startswith("ctrl+") else "shift+" + key


def typed(query: str) -> str:
    """What a person types for ``query``: harakat, tatweel and invisible controls are left
    out (the search ignores them, and a keyboard does not send a lone mark)."""
    return "".join(ch for ch in query if not unicodedata.combining(ch) and ch != "\u0640" and unicodedata.category(ch) != "Cf")


@dataclass(frozen=True, order=True)
class View:
    """What the keys act on: cursor, selection anchor (None: no selection), goal column of
    vertical motions, and the active search (its query; matches persist after marking)."""

    cursor: int
    anchor: int | None = None
    goal: int | None = None
    query: str | None = None

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor is None or self.anchor == self.cursor:
            return None
        return (min(self.anchor, self.cursor), max(self.anchor, self.cursor))


def marked_span(text: str, view: View) -> tuple[int, int] | None:
    """The span the app marks from this view's selection (white space trimmed), or None."""
    sel = view.selection
    if sel is None:
        return None
    start, end = sel
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def last_query(keys: tuple | list, before: str | None) -> str | None:
    """The search active after ``keys`` (the app keeps its matches until the next search)."""
    keys = list(keys)
    if "/" not in keys:
        return before
    i = len(keys) - 1 - keys[::-1].index("/")
    j = keys.index("enter", i)
    return "".join(keys[i + 1 : j])


@dataclass
class DocKeys:
    """The view's keys over one document laid out at ``width`` columns (the real view's
    text width: :func:`annotator.tui.keystrokes.replay.view_width`)."""

    text: str
    width: int
    shape: bool = True
    lay: DocumentLayout = field(init=False)
    index: NormalizedIndex = field(init=False)
    _cache: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.lay = DocumentLayout(self.text, self.width, shape=self.shape)
        self.index = NormalizedIndex(self.text)

    # -- single keys ------------------------------------------------------------------

    def matches(self, query: str) -> list[tuple[int, int]]:
        key = ("q", query)
        if key not in self._cache:
            self._cache[key] = self.index.find_all(query) if query.strip() else []
        return self._cache[key]

    def _motion(self, name: str, cur: int, goal: int | None) -> tuple[int, int | None]:
        key = (name, cur, goal)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        lay = self.lay
        if name in ("left", "right"):
            out = (lay.move_visual(cur, -1 if name == "left" else 1), None)
        elif name in ("word_left", "word_right"):
            out = (lay.move_word(cur, -1 if name == "word_left" else 1), None)
        elif name in ("up", "down"):
            g = goal if goal is not None else lay.offset_to_cell(cur)[1]
            out = (lay.move_vertical(cur, -1 if name == "up" else 1, g), g)
        else:
            out = (lay.line_edge(cur, "left" if name == "home" else "right"), None)
        self._cache[key] = out
        return out

    def search(self, view: View, query: str) -> View | None:
        """``/ query enter``: the first match at or after the cursor (else the first);
        ``query`` as typed (:func:`typed`)."""
        found = self.matches(query)
        if not found:
            return None
        target = next((m for m in found if m[0] >= view.cursor), found[0])
        return View(target[1], target[0], None, query)

    def press(self, view: View, key: str) -> View | None:
        """The view after ``key`` (None: the key does nothing useful here)."""
        for plain, name in MOTIONS:
            if key == plain or key == shifted(plain):
                cur, goal = self._motion(name, view.cursor, view.goal)
                if key == plain:
                    return View(cur, None, goal, view.query)
                return View(cur, view.cursor if view.anchor is None else view.anchor, goal, view.query)
        if key == "w":
            s, e = self.lay.word_at(view.cursor)
            return View(e, s, None, view.query) if s < e else None
        if key in ("[", "]"):
            sel = view.selection
            if sel is None:
                return None
            start, end = sel
            new = self.lay.next_cluster(start) if key == "[" else self.lay.prev_cluster(start)
            if not 0 <= new < end or new == start:
                return None
            if view.cursor == start:
                return View(new, view.anchor, view.goal, view.query)
            return View(view.cursor, new, view.goal, view.query)
        if key in ("n", "N"):
            found = self.matches(view.query) if view.query else []
            if not found:
                return None
            sel = view.selection
            origin = sel[0] if sel else view.cursor
            if key == "n":
                after = [m for m in found if m[0] >= origin + 1]
                target = after[0] if after else found[0]
            else:
                before = [m for m in found if m[0] < origin]
                target = before[-1] if before else found[-1]
            return View(target[1], target[0], None, view.query)
        raise ValueError(f"not a selection key: {key!r}")

    # -- planning ---------------------------------------------------------------------

    def queries(self, start: int, end: int) -> list[str]:
        """Search queries worth typing for ``[start, end)``: prefixes of the span (short ones,
        at word ends, the whole span) from its start or a few characters before it."""
        text = self.text
        out: list[str] = []
        for a in range(max(0, start - PROCLITIC_REACH), start + 1):
            if "\n" in text[a:start] or (a < start and text[a].isspace()):
                continue
            ends = set(range(a + 1, min(end, a + QUERY_PREFIX_MAX) + 1)) | {end}
            ends |= {i for i in range(a + 1, end) if text[i].isspace()}
            for b in sorted(ends):
                q = text[a:b]
                if "\n" in q or not typed(q).strip() or q != q.strip():
                    continue
                out.append(q)
        return out

    def _row(self, offset: int) -> int:
        key = ("row", offset)
        if key not in self._cache:
            self._cache[key] = self.lay.row_of(offset)
        return self._cache[key]

    def _useful(self, start: int, end: int):
        """Prune the search: a view is worth extending when its cursor is within two rows of
        the span (no selection yet), or its selection is anchored at the span's start (give or
        take what ``[`` / ``]`` fix) or at its end (trailing white space is trimmed). Paths
        through other views exist but are never shorter in practice; the pruning only makes
        the planner fast enough to run over a whole article."""
        text = self.text
        lo, hi = self._row(start) - 2, self._row(end) + 2
        tail = end
        while tail < len(text) and text[tail] in " \t":
            tail += 1

        def useful(v: View) -> bool:
            if v.selection is None:
                return lo <= self._row(v.cursor) <= hi
            a = v.anchor
            return start - 2 * PROCLITIC_REACH <= a <= start + 2 * PROCLITIC_REACH or end <= a <= tail

        return useful

    def select(self, view: View, start: int, end: int) -> tuple[list[str], View]:
        """The fewest keys that make the app mark exactly ``[start, end)`` from ``view``:
        a list of key names (a search is ``/``, its characters, ``enter``) and the view after them."""
        goal = (start, end)
        return self._shortest(view, lambda v: marked_span(self.text, v) == goal, self.queries(start, end),
                              self._useful(start, end), f"select [{start}, {end})")

    def reach(self, view: View, start: int, end: int, positions: set[int]) -> tuple[list[str], View]:
        """The fewest keys that put the cursor on one of ``positions`` (inside the span
        ``[start, end)``, to edit or delete it), with or without a selection."""
        near = self._useful(start, end)
        return self._shortest(view, lambda v: v.cursor in positions, self.queries(start, end),
                              lambda v: v.selection is None and near(v), f"reach [{start}, {end})")

    def _shortest(self, view: View, is_goal, queries: list[str], useful, what: str, limit: int = 400) -> tuple[list[str], View]:
        heap: list[tuple[int, int, View, tuple]] = []
        counter = 0

        def push(cost: int, v: View, keys: tuple) -> None:
            nonlocal counter
            counter += 1
            heapq.heappush(heap, (cost, counter, v, keys))

        push(0, view, ())
        for q in queries:
            t = typed(q)
            after = self.search(view, t)
            if after is not None:
                push(len(t) + 2, after, ("/", *t, "enter"))
        best: dict[View, int] = {}
        keys_all = [k for plain, _ in MOTIONS for k in (plain, shifted(plain))] + ["w", "[", "]", "n", "N"]
        while heap:
            cost, _, v, keys = heapq.heappop(heap)
            if cost > limit:
                break
            if best.get(v, 1 << 30) <= cost:
                continue
            best[v] = cost
            if is_goal(v):
                return list(keys), View(v.cursor, v.anchor, v.goal, last_query(keys, view.query))
            for k in keys_all:
                nv = self.press(v, k)
                if nv is None:
                    continue
                if k not in ("n", "N") and nv.query is not None:
                    nv = View(nv.cursor, nv.anchor, nv.goal, None)  # n only right after a search (planning)
                if nv.query is None and not useful(nv):
                    continue
                if best.get(nv, 1 << 30) > cost + 1:
                    push(cost + 1, nv, (*keys, k))
        raise ValueError(f"no key sequence of at most {limit} keys: {what}")

    def views(self, view: View, keys: list[str]) -> list[View]:
        """The view after each key of ``keys`` that moves the cursor or the selection (a
        search counts once, at its ``enter``); the app's current span follows them."""
        out: list[View] = []
        typing: list[str] | None = None
        for k in keys:
            if typing is not None:
                if k == "enter":
                    found = self.search(view, "".join(typing))
                    assert found is not None
                    view = found
                    out.append(view)
                    typing = None
                else:
                    typing.append(k)
            elif k == "/":
                typing = []
            else:
                nv = self.press(view, k)
                if nv is not None:
                    view = nv
                    out.append(view)
        return out
