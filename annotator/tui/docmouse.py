"""The mouse on the document view: a press places the cursor (shift+press extends the
selection), a drag selects, a double click selects the word; a press posts
``DocView.Clicked``.

A mixin of :class:`annotator.tui.docview.DocView`: it uses the view's ``lay``, ``cursor``,
``sel_anchor``, ``move_to``, ``select_word`` and ``_moved``.
"""

from __future__ import annotations

from textual import events


class DocMouse:
    """View mixin: the mouse handlers (Textual calls the handlers of every class of the view's MRO)."""

    _dragging = False  # a press of the left button is held: moves extend the selection

    def _offset_at(self, event: events.MouseEvent) -> int:
        region = self.content_region
        x = event.screen_x - region.x
        y = event.screen_y - region.y + int(self.scroll_offset.y)
        lay = self.lay
        y = max(0, min(y, lay.line_count - 1))
        return lay.cell_to_offset(y, max(0, x))

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self.focus()
        self._dragging = True
        self.capture_mouse()
        self.move_to(self._offset_at(event), extend=event.shift)
        self.post_message(self.Clicked())
        event.stop()

    async def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            offset = self._offset_at(event)
            if offset != self.cursor:
                self.move_to(offset, extend=True)

    async def _on_click(self, event: events.Click) -> None:
        if event.chain == 2:  # double click: the word
            self.move_to(self._offset_at(event))
            self.select_word()

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.sel_anchor == self.cursor:
                self.sel_anchor = None
                self._moved()


__all__ = ["DocMouse"]
