"""annotator.view: what the document view shows, described without Textual (span layers)."""
