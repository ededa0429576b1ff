"""Suggestions: an extractor's predictions offered in the annotator, to accept or reject.

* :mod:`.suggestion` - one suggestion (a predicted span placed in the document, with its
  attributes) and how a prediction record becomes suggestions, through the scorer's alignment;
* :mod:`.load` - reading predictions for the corpus (a prediction file, through the
  scorer's lenient reader, or an extractor run directly), problems as ``FILE:LINE`` lines;
* :mod:`.meta` - what a record keeps in ``meta["suggest"]`` (sources, accepted and edited
  spans, rejections);
* :mod:`.suggester` - the state of every suggestion and the edits that accept or reject
  them, on top of the annotator's session (undo, redo and saving are the session's);
* :mod:`.layers` - suggestions and conflicts as span layers for the document view.

No module here imports textual; ``annotator.tui.suggest`` draws it.
"""
