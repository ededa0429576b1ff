"""Error analysis: an extractor's predictions against the gold, span by span, in the
scorer's own categories (``annotator annotate --review``). Core only: no textual here."""
