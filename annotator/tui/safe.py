"""Nothing from a file reaches the terminal raw.

Two layers. Strings from files (label descriptions from ``labels.toml``, labels and ids from
an annotation file, file names, error messages that quote them) are passed through
:func:`ui` before a widget shows them: every control and bidi formatting character becomes
visible text (``\\x1b``), as on the command line. Behind that, :class:`ControlPictures`
is a line filter on every line the app draws (Textual's own widgets, toasts and the command
palette included): a control character that still got through is drawn as its control
picture (ESC as U+241B), never sent to the terminal, where an OSC 52 sequence would set
the clipboard and OSC 2 the window title.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from annotator.text.clusters import safe_char
from annotator.text.visible import visible

ui = visible  # the one escaping rule for file strings shown in the UI and on the command line

# C0 (but not the tab or newline rich lays out itself), DEL and C1 controls
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    return safe_char(match.group()) or "\ufffd"


class ControlPictures(LineFilter):
    """Draw any control character left in a line as its (one cell wide) control picture."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_CONTROL.search(text) for text, _, control in segments if not control):
            return segments
        return [
            seg if seg.control or not _CONTROL.search(seg.text) else Segment(_CONTROL.sub(_picture, seg.text), seg.style)
            for seg in segments
        ]


class SafeTerminal:
    """App mixin: notifications show file strings through :func:`ui`, and every line drawn
    goes through :class:`ControlPictures`."""

    _control_pictures = ControlPictures()

    def get_line_filters(self):  # type: ignore[no-untyped-def]
        return [*super().get_line_filters(), self._control_pictures]  # type: ignore[misc]

    def notify(self, message: str, *, title: str = "", **kwargs):  # type: ignore[no-untyped-def]
        return super().notify(ui(message), title=ui(title), **kwargs)  # type: ignore[misc]
