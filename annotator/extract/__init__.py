"""The baseline Arabic extractor and the extractor plug-in interface (no textual here)."""

from annotator.extract.baseline import NAME, VERSION, extract_corpus, extract_document

__all__ = ["NAME", "VERSION", "extract_corpus", "extract_document"]
