import json
from pathlib import Path

import pytest

from annotator.io.corpus import load_documents

ROOT = Path(__file__).resolve().parents[2]
SEED_ID = "000_9cb6c4488f67ca16"


@pytest.fixture(scope="session")
def seed_doc():
    return load_documents(ROOT / "corpus" / "documents.jsonl")[SEED_ID]


@pytest.fixture
def good_record(seed_doc):
    """A small valid gold record on the seed article (as a plain dict)."""
    text = seed_doc.text

    def span(s, occurrence=0):
        i = -1
        for _ in range(occurrence + 1):
            i = text.index(s, i + 1)
        return {"start": i, "end": i + len(s), "text": s}

    quote = span("لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش")
    return {
        "schema_version": "1",
        "doc_id": SEED_ID,
        "text_sha256": seed_doc.text_sha256,
        "annotator": "tester",
        "status": "draft",
        "entities": [
            {"id": "e1", **span("لويد أوستن"), "label": "PER"},
            {"id": "e2", **span("داعش", 1), "label": "ORG"},
        ],
        "quotes": [{"id": "q1", **quote, "kind": "direct", "speaker": "e1", "cue": span("وأكد")}],
        "claims": [
            {"id": "c1", **span("153 هجوماً"), "kind": "count", "value": 153, "unit": "attack", "approx": False,
             "time": "2024-01/2024-06", "place": [], "source": None}
        ],
    }


@pytest.fixture
def write_jsonl(tmp_path):
    def write(records, name="ann.jsonl", raw: bytes | None = None):
        path = tmp_path / name
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return path

    return write
