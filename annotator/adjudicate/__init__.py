"""annotator.adjudicate: several annotators' spans of a document as candidates to resolve
(core; the terminal mode is ``annotator.tui.adjudicate``)."""
