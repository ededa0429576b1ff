"""A synthetic annotation file for the validation benchmark: N records of ~20 spans each."""

import random
import re
from pathlib import Path

from annotator.io.atomic import write_text_atomic
from annotator.io.jsonl import dumps_line
from annotator.model import Document, text_sha256

WORDS = "قال وزير الدفاع إن القوات العراقية تمكنت من تحقيق هزيمة داعش في عام 2019 حسب بيان القيادة المركزية".split()


def word_bounds(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def make_corpus(directory: Path, records: int, spans: int = 20, seed: int = 7) -> tuple[Path, Path]:
    """Write documents.jsonl (records/100 documents) and annotations.jsonl; return both paths."""
    rng = random.Random(seed)
    docs = []
    for i in range(max(1, records // 100)):
        text = " ".join(rng.choice(WORDS) for _ in range(300))
        docs.append(Document(doc_id=f"doc{i}", text=text, text_sha256=text_sha256(text), lang="ar", source="synthetic"))
    write_text_atomic(directory / "documents.jsonl", "".join(dumps_line(d) + "\n" for d in docs), backup=False)
    lines = []
    for r in range(records):
        doc = docs[r % len(docs)]
        text = doc.text
        words = word_bounds(text)
        entities, quotes, claims = [], [], []
        for k, w in enumerate(sorted(rng.sample(range(len(words) - 3), spans))):
            s, e = words[w][0], words[w + rng.randint(0, 2)][1]  # one to three whole words
            span = {"start": s, "end": e, "text": text[s:e]}
            if k % 3 == 0:
                entities.append({"id": f"e{k}", **span, "label": rng.choice(["PER", "ORG", "GPE"])})
            elif k % 3 == 1:
                quotes.append({"id": f"q{k}", **span, "kind": "direct", "speaker": entities[0]["id"] if entities else None, "cue": {"start": s, "end": s + 1, "text": text[s]}})
            else:
                claims.append({"id": f"c{k}", **span, "kind": "count", "value": k * 1.5, "unit": "attack", "approx": False, "time": "2024-01/2024-06", "place": [], "source": None})
        record = {"schema_version": "1", "doc_id": doc.doc_id, "text_sha256": doc.text_sha256, "annotator": f"a{r // len(docs)}",
                  "status": "done", "entities": entities, "quotes": quotes, "claims": claims}
        lines.append(dumps_line(record) + "\n")
    write_text_atomic(directory / "annotations.jsonl", "".join(lines), backup=False)
    return directory / "documents.jsonl", directory / "annotations.jsonl"
