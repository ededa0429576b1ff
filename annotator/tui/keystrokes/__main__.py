"""``python -m annotator.tui.keystrokes``: keystrokes from scratch and from the baseline's
suggestions to the gold, measured by replaying the planned keys in the real annotator.

Each count is printed only when its replay saved a record equal to the gold (every span
and field, and ``annotator score`` strict: every layer's F1 and every attribute 1);
otherwise the command says what differs and exits 1.

    python -m annotator.tui.keystrokes                # seed article and held-out text
    python -m annotator.tui.keystrokes --only heldout --steps
    python -m annotator.tui.keystrokes --docs DOCUMENTS.jsonl --gold GOLD.jsonl --name mine
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from annotator.io.corpus import bundled_corpus_dir
from annotator.text.visible import visible

REPO = Path(__file__).resolve().parents[3]
HELDOUT = REPO / "tests" / "extract" / "heldout"


@dataclass
class GoldSet:
    name: str
    documents: Path
    gold: Path


def gold_sets() -> list[GoldSet]:
    corpus = bundled_corpus_dir()
    sets = [GoldSet("seed", corpus / "documents.jsonl", corpus / "gold" / "000_9cb6c4488f67ca16.jsonl")]
    if (HELDOUT / "gold.jsonl").is_file():  # a checkout: the held-out text lives with the tests
        sets.append(GoldSet("heldout", HELDOUT / "documents.jsonl", HELDOUT / "gold.jsonl"))
    return sets


def corpus_dir(documents: Path, into: Path) -> Path:
    """A corpus directory holding ``documents`` with the bundled label set."""
    into.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(documents, into / "documents.jsonl")
    shutil.copyfile(bundled_corpus_dir() / "labels.toml", into / "labels.toml")
    return into


def baseline_predictions(corpus: Path, out: Path) -> Path:
    """``annotator extract --corpus CORPUS --out OUT`` (the baseline extractor)."""
    from annotator.extract.command import run_extract

    if run_extract(corpus, out, quiet=True, stderr=io.StringIO()) != 0:
        raise SystemExit(f"{corpus}: the baseline extractor failed")
    return out


CONDITIONS = ("scratch", "walk", "accept-all")
KINDS = ("decide", "mark", "fix", "delete", "save")  # what the keys went to (a step's first word)


def measure(gs: GoldSet, work: Path, *, steps: bool = False) -> list[dict]:
    """One row per document of ``gs``: keys from scratch, and from the baseline's suggestions
    with each strategy (:mod:`.suggestplan`), each replayed in the real app."""
    from annotator.tui.keystrokes.plan import plan_from_scratch
    from annotator.tui.keystrokes.replay import replay
    from annotator.tui.keystrokes.suggestplan import plan_with_suggestions, suggester_for
    from annotator.tui.suggest import SuggestApp

    cdir = corpus_dir(gs.documents, work / gs.name)
    pred = baseline_predictions(cdir, work / f"{gs.name}.pred.jsonl")

    def suggest_app(session):
        return SuggestApp(session, suggester_for(session, pred, session.corpus))

    rows = []
    for line in gs.gold.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        row = {"set": gs.name, "doc_id": gold["doc_id"], "spans": sum(len(gold[k]) for k in ("entities", "quotes", "claims"))}
        started = time.monotonic()
        for cond in CONDITIONS:
            if cond == "scratch":
                plan, replayed = replay(cdir, gold, lambda corpus, width: plan_from_scratch(corpus, gold, width))
            else:
                plan, replayed = replay(
                    cdir, gold, lambda corpus, width, cond=cond: plan_with_suggestions(corpus, gold, width, pred, strategies=(cond,)),
                    prepare=suggest_app,
                )
            row[cond] = _result(plan, replayed, steps)
        row["seconds"] = round(time.monotonic() - started, 1)
        rows.append(row)
    return rows


def _kind(what: str) -> str:
    word = what.split()[0]
    return {"accept": "decide", "reject": "decide", "relabel": "fix", "cue": "mark", "done,": "save"}.get(word, word)


def _result(plan, replayed, steps: bool) -> dict:
    by_kind = dict.fromkeys(KINDS, 0)
    for s in plan.steps:
        by_kind[_kind(s.what)] += len(s.keys)
    out = {"keys": replayed.keys, "reproduced": replayed.ok, "problems": replayed.problems, "by_kind": by_kind}
    if steps:
        out["steps"] = [{"what": s.what, "keys": s.keys} for s in plan.steps]
    return out


def _cell(result: dict) -> str:
    if not result["reproduced"]:
        return "not reproduced"
    k = result["by_kind"]
    parts = [f"{k[name]} {name}" for name in KINDS if k[name] and name != "save"]
    return f"**{result['keys']}** ({', '.join(parts)})"


def table(rows: list[dict]) -> str:
    lines = [
        "| text | gold spans | from scratch | baseline's suggestions, `a`/`x` one by one | baseline's suggestions, `A` all then fix | saved (best) |",
        "|---|---:|---|---|---|---:|",
    ]
    for r in rows:
        done = [r[c] for c in CONDITIONS if r[c]["reproduced"]]
        scratch = r["scratch"]
        best = min((r[c]["keys"] for c in CONDITIONS[1:] if r[c]["reproduced"]), default=None)
        saving = f"{1 - best / scratch['keys']:.0%}" if best is not None and scratch["reproduced"] and done else "n/a"
        lines.append(f"| {r['set']} (`{visible(r['doc_id'])}`) | {r['spans']} | {_cell(scratch)} | {_cell(r['walk'])} | {_cell(r['accept-all'])} | {saving} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m annotator.tui.keystrokes", description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=[g.name for g in gold_sets()], help="measure one gold set")
    ap.add_argument("--docs", type=Path, help="documents.jsonl of another gold set (with --gold)")
    ap.add_argument("--gold", type=Path, help="its gold annotation JSONL")
    ap.add_argument("--name", default="custom", help="the name of that gold set in the table")
    ap.add_argument("--steps", action="store_true", help="print every step's keys too")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args(argv)
    if (args.docs is None) != (args.gold is None):
        ap.error("--docs and --gold go together")
    sets = [GoldSet(args.name, args.docs, args.gold)] if args.docs else [g for g in gold_sets() if args.only in (None, g.name)]
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="annotator-keys-") as tmp:
        for gs in sets:
            rows += measure(gs, Path(tmp), steps=args.steps)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print(table(rows), end="")
        for r in rows:
            for cond in CONDITIONS:
                if args.steps:
                    print(f"\n{r['set']} {r['doc_id']} {cond}:")
                    for s in r[cond]["steps"]:
                        print(f"  {len(s['keys']):3d}  {visible(s['what'])}: {visible(' '.join(s['keys']))}")
                for p in r[cond]["problems"]:
                    print(f"{r['set']} {r['doc_id']} {cond}: {visible(p)}", file=sys.stderr)
    ok = all(r[c]["reproduced"] for r in rows for c in CONDITIONS)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
