"""Arabic-correct terminal text layout (pure, no Textual import).

Modules:
- ``bidi``: the Unicode Bidirectional Algorithm (UAX #9), levels and reordering.
- ``clusters``: grapheme clusters, cell widths and safe glyphs for the terminal.
- ``shaping``: display-only contextual shaping of Arabic (arabic-reshaper).
- ``layout``: wrapping, reordering and logical <-> visual maps (``DocumentLayout``).
- ``ucd_data``: bracket and mirroring tables generated from Unicode 15.0 data.
"""
