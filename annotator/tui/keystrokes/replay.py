"""The replayer: presses a plan's keys in the real annotator (Textual's Pilot), one step at a
time, and checks what it saved against the gold, with ``annotator score`` (strict scheme:
every layer's F1 and every scored attribute must be 1) and field by field (time, places,
source and approx too, which the scorer does not score). A count is valid only when the
replay reproduces the gold; otherwise :class:`Replay` says exactly what differs.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from annotator.io.corpus import Corpus
from annotator.tui.keystrokes.record import content, differences

SIZE = (120, 40)  # the terminal the replay runs in (the plan depends on the view's width)


@dataclass
class Replay:
    keys: int
    saved: dict[str, Any] | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def pilot_key(key: str) -> str:
    """A plan's key as Pilot presses it (a typed space is the ``space`` key)."""
    return "space" if key == " " else key


@contextmanager
def private_state() -> Iterator[Path]:
    """A fresh per-user state directory, so that no resume position moves the start cursor."""
    old = os.environ.get("XDG_STATE_HOME")
    with tempfile.TemporaryDirectory(prefix="annotator-keys-state-") as state:
        os.environ["XDG_STATE_HOME"] = state
        try:
            yield Path(state)
        finally:
            if old is None:
                os.environ.pop("XDG_STATE_HOME", None)
            else:
                os.environ["XDG_STATE_HOME"] = old


def score_problems(gold_path: Path, saved_path: Path, docs: Path) -> list[str]:
    """``annotator score GOLD SAVED`` under the strict scheme: what is below 1."""
    from annotator.score.engine import score_files

    report = score_files([gold_path], [saved_path], docs=docs).data
    out: list[str] = []
    for layer, data in report["layers"].items():
        strict = data["schemes"]["strict"]
        if strict["possible"] or strict["actual"]:
            if strict["f1"] != 1.0:
                out.append(f"score: {layer} strict F1 {strict['f1']:.4f} ({strict['missed']} missed, {strict['spurious']} spurious, {strict['incorrect']} wrong label)")
        for name, acc in (data.get("attributes") or {}).items():
            if acc["total"] and acc["correct"] != acc["total"]:
                out.append(f"score: {layer}.{name} {acc['correct']}/{acc['total']}")
    return out


def view_width(app: Any) -> int:
    """The width the document view lays its text out at (what motions depend on). Under
    Pilot the view keeps its first layout (80 columns) until an event re-lays it out at its
    real width: the replay lays it out at its real width first, so it never changes midway."""
    app.doc._relayout()
    return app.doc.lay.width


async def _drain(pilot: Any) -> None:
    """Wait until every held key was handled and the app settled (keys are ordered: keys.py)."""
    app = pilot.app
    for _ in range(10_000):
        await pilot.pause()
        if not app._held_input and not app._input_busy:
            await pilot.pause()
            return
    raise RuntimeError("the app did not take the keys")


def replay(
    corpus_dir: Path,
    gold: dict[str, Any],
    make_plan: Callable[[Corpus, int], Any],
    *,
    prepare: Callable[[Any], Any] | None = None,
    size: tuple[int, int] = SIZE,
) -> tuple[Any, Replay]:
    """Open the annotator on ``gold``'s document (an empty record, or what ``prepare(session)``
    sets up: the suggestions), plan with the view's real width (``make_plan(corpus, width)``),
    press the plan's keys, and check the saved record. Returns (plan, replay)."""
    from annotator.tui.app import AnnotateApp
    from annotator.tui.session import Session

    corpus = Corpus.load(corpus_dir)
    result: dict[str, Any] = {}
    with private_state(), tempfile.TemporaryDirectory(prefix="annotator-keys-") as tmp:
        out = Path(tmp) / "annotations.jsonl"
        session = Session.open(corpus, out, doc_id=gold["doc_id"], annotator="replay", lock=False)
        app = prepare(session) if prepare else AnnotateApp(session)

        async def main() -> None:
            async with app.run_test(size=size) as pilot:
                await _drain(pilot)
                plan_width = view_width(app)
                plan = make_plan(corpus, plan_width)
                result["plan"] = plan
                problems: list[str] = []
                for step in plan.steps:
                    await pilot.press(*map(pilot_key, step.keys))
                    await _drain(pilot)
                    if app.doc.lay.width != plan_width:
                        problems.append(f"step {step.what!r}: the view was laid out again at {app.doc.lay.width} columns, planned at {plan_width}")
                        break
                    if step.expect is not None:
                        diff = differences(content(app.session.record.model_dump()), step.expect)
                        if diff:
                            sel = app.doc.selection
                            problems.append(f"step {step.what!r} ({' '.join(step.keys)}): the record is not as planned "
                                            f"(selection {sel}, message {app.message!r}): " + "; ".join(diff))
                            break
                result["problems"] = problems

        asyncio.run(main())
        plan, problems = result["plan"], result["problems"]
        saved = None
        if out.exists():
            saved = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
            gold_path = Path(tmp) / "gold.jsonl"
            gold_path.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
            problems += differences(content(saved), content(gold)) + score_problems(gold_path, out, corpus_dir / "documents.jsonl")
        else:
            problems.append("nothing was saved")
        return plan, Replay(len(plan.keys), saved, problems)
