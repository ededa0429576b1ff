"""annotator.score"""
