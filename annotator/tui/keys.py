"""Keys are handled one at a time, in the order they were typed - none is lost.

Textual hands a key to the focused widget through that widget's message queue and returns
at once to the next key; a binding's effect (the search box taking the focus, a form
opening, the focus returning to the text) arrives later still, through further messages.
A fast typist - or a busy machine, where the app falls behind the keyboard - therefore saw
keys go to the wrong place: the letters typed right after ``/`` went to the document (and
were dropped) before the search box had the focus; ``1`` right after ``enter`` went into
the search box; keys typed while the app was starting went to a screen with nothing focused (and enter
typed then, before the terminal left line mode, arrives as a line feed: ctrl+j).

:class:`OrderedKeys` (an App mixin) holds every key (and paste) that arrives before the
app is ready, and while the previous key is still being handled; it releases them one at a
time, each only when the app has settled after the one before (every message queue of the
app and its current screen has run dry, so focus and screen changes have happened).
"""

from __future__ import annotations

import asyncio
from collections import deque

from textual import events

MAX_ROUNDS = 12  # settling normally takes 2-4 rounds (the depth of the widget tree a key bubbles through)
ROUND_TIMEOUT = 10.0  # seconds; a round that never completes releases the next key anyway


class OrderedKeys:
    """App mixin: input events in typed order, each after the previous one took effect."""

    _held_input: deque | None = None
    _input_busy: bool = False
    _input_ready: bool = False
    _settler: asyncio.Task | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if isinstance(event, events.Key) and event.key == "ctrl+j":
                # a line feed is enter (as in readline); enter typed while the app was still
                # starting, before the terminal left line mode, arrives as one
                event = events.Key("enter", "\r")
            if self._held_input is None:
                self._held_input = deque()
            self._held_input.append(event)
            await self._release_input()
            return
        await super().on_event(event)  # type: ignore[misc]

    async def _on_ready(self, event: events.Ready) -> None:
        """The first screen is drawn and the text has the focus: start taking keys."""
        self._input_ready = True
        await self._release_input()

    async def _release_input(self) -> None:
        if not self._input_ready or self._input_busy or not self._held_input:
            return
        event = self._held_input.popleft()
        self._input_busy = True
        try:
            await super().on_event(event)  # type: ignore[misc]
        finally:
            self._settler = asyncio.create_task(self._settle_then_release())

    async def _settle_then_release(self) -> None:
        try:
            await self._settle()
        finally:
            self._input_busy = False
            if self._held_input and self.is_running:  # type: ignore[attr-defined]
                self.call_later(self._release_input)  # type: ignore[attr-defined]

    async def _settle(self) -> None:
        """Wait until every message queue of the app and its current screen has run dry."""
        for _ in range(MAX_ROUNDS):
            try:
                nodes = [self, *self.screen.walk_children(with_self=True)]  # type: ignore[attr-defined]
            except Exception:  # no screen: the app is closing
                return
            pending = 0
            done = asyncio.Event()

            def one_done() -> None:
                nonlocal pending
                pending -= 1
                if pending == 0:
                    done.set()

            for node in nodes:
                if node.call_later(one_done):
                    pending += 1
            if pending:
                try:
                    await asyncio.wait_for(done.wait(), ROUND_TIMEOUT)
                except asyncio.TimeoutError:
                    return
            if all(node.message_queue_size == 0 for node in nodes):
                return
