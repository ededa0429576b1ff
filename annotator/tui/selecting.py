"""Selecting the text to mark: the word under the cursor (``w``), trimming the selection's
logical start (``[`` ``]``), and search (``/``: the matches are highlighted as the query is
typed; ``enter`` selects the first match from the cursor on, ``n`` / ``N`` the next and
previous); ``escape`` clears the selection, then the search.

A mixin of :class:`annotator.tui.app.AnnotateApp` (Textual looks actions and handlers up on
the app): it uses the app's ``session``, ``doc``, ``matches``, ``say``, ``bell`` and the
search bar.
"""

from __future__ import annotations

from annotator.text import words
from annotator.text.arabic import NormalizedIndex
from annotator.tui.field import ArabicField
from annotator.tui.status import SearchBar


class Selecting:
    """App mixin: the selection and search keys."""

    matches: list[tuple[int, int]]
    _search: NormalizedIndex | None = None  # the document's search index, built at the first search

    # -- actions: selection ------------------------------------------------------------

    def action_select_word(self) -> None:
        if not self.doc.select_word():
            self.say("no word under the cursor")

    def action_trim(self, step: int) -> None:
        if not self.doc.adjust_start(step):
            self.bell()

    def action_escape(self) -> None:
        if not self.doc.clear_selection() and self.matches:
            self.matches = []
            self.doc.set_matches([])
            self.say("search cleared")

    # -- actions: search ---------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def on_arabic_field_changed(self, event: ArabicField.Changed) -> None:
        if event.field.id != "search-field":
            return
        if self._search is None or self._search.text is not self.session.text:
            self._search = NormalizedIndex(self.session.text)
        self.matches = self._search.find_all(event.value) if event.value.strip() else []
        self.doc.set_matches(self.matches)
        self.say(words.count(len(self.matches), "match") if event.value.strip() else "")

    def on_arabic_field_submitted(self, event: ArabicField.Submitted) -> None:
        if event.field.id != "search-field":
            return
        event.stop()
        self.query_one(SearchBar).action_close()
        if self.matches:
            self._jump_match(self.doc.cursor, 1, inclusive=True)
        else:
            self.say("no match for the search")

    def _jump_match(self, origin: int, step: int, inclusive: bool = False) -> None:
        if not self.matches:
            self.say("no search: press / first")
            return
        if step > 0:
            after = [m for m in self.matches if m[0] >= origin + (0 if inclusive else 1)]
            target = after[0] if after else self.matches[0]
        else:
            before = [m for m in self.matches if m[0] < origin]
            target = before[-1] if before else self.matches[-1]
        self.doc.select(*target)
        index = self.matches.index(target) + 1
        self.say(f"match {index}/{len(self.matches)}", at=self.doc.cursor)

    def action_next_match(self, step: int) -> None:
        sel = self.doc.selection
        self._jump_match(sel[0] if sel else self.doc.cursor, step)


__all__ = ["Selecting"]
