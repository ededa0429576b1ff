"""annotator: build gold corpora of entities, quotes and numeric claims on Arabic news text,
and score extractors against them.

The core (model, io, text, validate, score, extract) is pure Python and never imports
Textual; only :mod:`annotator.tui` does.
"""

__version__ = "0.1.0"
