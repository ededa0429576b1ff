"""Shared data of the annotator UI tests."""

import asyncio
import json
import time
from pathlib import Path

from annotator.io.atomic import write_jsonl_atomic, write_text_atomic
from annotator.io.corpus import bundled_corpus_dir
from annotator.model import Document, text_sha256

DOC_A = 'قال وزير الدفاع لويد أوستن إن "لداعش خلايا نائمة" في العراق.\nوأعلن التنظيم مسؤوليته عن 153 هجوماً خلال يومين.'
DOC_B = "Plain [bold]markup[/] and an escape \x1b[31mred\x1b[0m in وثيقة ثانية."


def make_corpus(directory: Path, texts: dict[str, str]) -> Path:
    docs = [
        Document(doc_id=doc_id, text=text, text_sha256=text_sha256(text), lang="ar", source="test")
        for doc_id, text in texts.items()
    ]
    write_jsonl_atomic(directory / "documents.jsonl", docs, backup=False)
    labels = Path(bundled_corpus_dir() / "labels.toml").read_text(encoding="utf-8")
    write_text_atomic(directory / "labels.toml", labels, backup=False)
    return directory


def saved(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def run_pilot(app, script, size: tuple[int, int] = (100, 30)) -> None:
    """Run ``script(pilot)`` against ``app`` (after its first screen settled)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())


def poll(condition, timeout: float, what: str, interval: float = 0.1):
    """``condition()`` once it is truthy; fails after ``timeout`` seconds (a deadline, not a sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)
