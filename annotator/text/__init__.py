"""Text handling for Arabic news (pure: no Textual import).

Terminal layout (docs/layout.md):
- ``bidi``: the Unicode Bidirectional Algorithm (UAX #9), levels and reordering (a
  package: one module per group of rules).
- ``clusters``: grapheme clusters, cell widths and safe glyphs for the terminal.
- ``shaping``: display-only contextual shaping of Arabic (arabic-reshaper's forms).
- ``layout``: the lazy layout of a document and its logical <-> visual maps
  (``DocumentLayout``, ``layout_field``), from ``wrap`` (where rows start), ``rows``
  (a paragraph's display data and one laid-out row) and ``moves`` (cursor moves).
- ``ucd_data``: bracket and mirroring tables generated from Unicode 15.0 data.

Also ``arabic`` (normalisation, search) and ``numbers`` (number parsing).
"""
