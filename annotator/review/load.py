"""Reading a gold file and predictions for a review: through the scorer's own reader.

:func:`annotator.score.engine.score_stream` validates both inputs line by line, aligns
string-anchored predictions and scores each document; its ``keep`` hook hands every
scored document to :func:`annotator.review.categories.review_document`. Any input error
(an unreadable file, an invalid record, a prediction for a document the corpus does not
have, offsets whose text does not match the document) is a ``ScoreInputError`` with one
``FILE:LINE: message`` per problem, exactly as ``annotator score`` reports it (an
``UnreadableInput`` for a file that cannot be read, exit 2; invalid data exits 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.review.categories import CATEGORIES, DocReview, review_document
from annotator.score.document import Options
from annotator.score.engine import ScoreInputError, UnreadableInput, expand_paths, load_registry, score_stream
from annotator.validate.run import is_stdin


@dataclass
class Review:
    """Every reviewed document (those with a gold record), in gold order."""

    docs: dict[str, DocReview] = field(default_factory=dict)
    #: documents with predictions but no gold record: the scorer skips them, and so do we
    unscored: list[str] = field(default_factory=list)
    #: reviewed documents that are not in the corpus the view walks (their text was embedded in the gold)
    outside: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {c.name: 0 for c in CATEGORIES}
        for doc in self.docs.values():
            for name, n in doc.counts().items():
                out[name] += n
        return out


def load_review(gold: Path, preds: list[Path], *, documents: Path | None = None, options: Options | None = None) -> Review:
    """Review ``preds`` against ``gold`` (files or directories of ``*.jsonl``, as ``annotator
    score`` reads them; ``documents``: the registry, default the corpus's).
    Raises ScoreInputError (its ``lines`` are the messages)."""
    if not Path(gold).exists():
        raise UnreadableInput([f"{gold}: no such file (the gold to review against; give --out FILE)"])
    gold_files = expand_paths([Path(gold)])
    pred_files = expand_paths(list(preds))
    if sum(map(is_stdin, gold_files + pred_files)) > 1:
        raise UnreadableInput(["annotator annotate --review: standard input (-) can be read only once"])
    registry, labels = load_registry(documents)
    review = Review()

    def keep(g, p, text, scored) -> None:
        review.docs[g["doc_id"]] = review_document(g, p, text, scored)

    scored = score_stream(gold_files, pred_files, registry, labels, options or Options(), keep=keep)
    if scored.errors_total:
        raise ScoreInputError(scored.error_lines())
    review.unscored = sorted(scored.unscored)
    if not review.docs:
        raise ScoreInputError([f"{gold}: no gold records to review"])
    return review


__all__ = ["Review", "ScoreInputError", "load_review"]
