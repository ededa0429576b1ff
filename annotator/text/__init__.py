"""Text handling for Arabic news (pure: no Textual import).

Terminal layout (docs/layout.md):
- ``bidi``: the Unicode Bidirectional Algorithm (UAX #9), levels and reordering.
- ``clusters``: grapheme clusters, cell widths and safe glyphs for the terminal.
- ``shaping``: display-only contextual shaping of Arabic (arabic-reshaper's forms).
- ``layout``: wrapping, reordering and logical <-> visual maps (``DocumentLayout``,
  ``layout_field``).
- ``ucd_data``: bracket and mirroring tables generated from Unicode 15.0 data.

Also ``arabic`` (normalisation, search) and ``numbers`` (number parsing).
"""
