"""annotator.tui"""
