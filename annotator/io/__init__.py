"""Files: the one atomic writer, deterministic JSONL, and the corpus registry."""
