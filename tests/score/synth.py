"""Synthetic corpora for the scorer's random comparison and benchmark: documents of Arabic
words with non-overlapping gold entities, and predictions with realistic errors."""

import random
from typing import Any

from annotator.model import text_sha256

WORDS = ["وزير", "الدفاع", "العراق", "واشنطن", "قال", "اللجنة", "المشتركة", "التعاون", "الأمني", "الجولة", "الثانية", "أغسطس", "بغداد", "القوات", "الرئيس"]
LABELS = ["PER", "ORG", "GPE", "LOC", "EVENT"]


def make_doc(rng: random.Random, doc_id: str, n_entities: int) -> tuple[str, list[tuple[int, int, str]]]:
    """A text and ``n_entities`` gold spans, separated by at least one word (never adjacent)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for _ in range(n_entities):
        gap = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + " "
        parts.append(gap)
        pos += len(gap)
        ent = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        spans.append((pos, pos + len(ent), rng.choice(LABELS)))
        parts.append(ent + " ")
        pos += len(ent) + 1
    parts.append("نهاية.")
    return "".join(parts), spans


def perturb(rng: random.Random, text: str, gold: list[tuple[int, int, str]], *, safe: bool) -> list[tuple[int, int, str]]:
    """Predictions with the errors of a decent extractor (strict F1 about 0.8): 78% exact,
    6% wrong label, 8% shrunk boundaries (a fifth of them also relabelled), 5% missed, 3% a
    duplicate (``safe``: exact instead), and spurious predictions between entities.

    ``safe`` keeps to the cases where nervaluate is right: no adjacent spans, no duplicates,
    no prediction overlapping two gold spans (or two predictions one gold span)."""
    pred: list[tuple[int, int, str]] = []
    for start, end, label in gold:
        r = rng.random()
        if r < 0.78:
            pred.append((start, end, label))
        elif r < 0.84:
            pred.append((start, end, rng.choice([x for x in LABELS if x != label])))
        elif r < 0.92:
            # shrink inside the gold span (stays within it, so it overlaps nothing else)
            s = start + rng.randint(0, max(0, (end - start) // 3))
            e = end - rng.randint(0, max(0, (end - s) // 3))
            if e <= s:
                e = s + 1
            pred.append((s, e, label if rng.random() < 0.8 else rng.choice(LABELS)))
        elif r < 0.97:
            continue  # missed
        else:
            pred.append((start, end, label))
            if not safe:
                pred.append((start, end, label))  # duplicate
    # spurious predictions in gaps (a word strictly between gold spans, never touching them)
    if rng.random() < 0.5:
        for (s1, e1, _), (s2, _, _) in zip(gold, gold[1:]):
            if s2 - e1 > 4 and rng.random() < 0.05:
                pred.append((e1 + 2, s2 - 2, rng.choice(LABELS)))
    rng.shuffle(pred)
    return pred


def records(n_docs: int, n_entities: int, seed: int = 0, *, safe: bool = True, embed_text: bool = True) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """(gold records, prediction records, texts)."""
    rng = random.Random(seed)
    golds, preds, texts = [], [], []
    for d in range(n_docs):
        doc_id = f"doc{d:06d}"
        text, gold = make_doc(rng, doc_id, n_entities)
        pred = perturb(rng, text, gold, safe=safe)
        sha = text_sha256(text)
        golds.append({
            "schema_version": "1", "doc_id": doc_id, "text_sha256": sha, "annotator": "synth", "status": "done",
            **({"text": text} if embed_text else {}),
            "entities": [{"id": f"e{i}", "start": s, "end": e, "text": text[s:e], "label": lab} for i, (s, e, lab) in enumerate(gold)],
            "quotes": [], "claims": [],
        })
        preds.append({
            "schema_version": "1", "doc_id": doc_id, "text_sha256": sha,
            "entities": [{"start": s, "end": e, "text": text[s:e], "label": lab} for s, e, lab in pred],
        })
        texts.append(text)
    return golds, preds, texts
