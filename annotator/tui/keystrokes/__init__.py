"""Keystrokes from an empty record (or from an extractor's suggestions) to the gold: a
planner that types what a skilled annotator would type with the annotator's real keys, a
replayer that presses them in the real app and checks the saved record against the gold,
and ``python -m annotator.tui.keystrokes``, the table of the README."""
