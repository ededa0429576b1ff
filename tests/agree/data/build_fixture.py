"""Build the three-annotator fixture of the agreement tests (``ann_a/b/c.jsonl``).

Run from the repository root: ``.venv/bin/python tests/agree/data/build_fixture.py``
(``--check`` fails when the files differ). Each record embeds its text, so the fixture
needs no registry. The planned disagreements, document by document:

* ``fx1`` all three agree on everything (entities, a quote with speaker and cue, a claim).
* ``fx2`` entities: B drops the first name of لويد أوستن (boundary), labels بغداد LOC
  (label), keeps the proclitic of والعراق (boundary-lenient agrees); C misses
  قوات الأمن العراقية (missed) and marks وزير الدفاع as ORG (spurious).
* ``fx3`` quote and claim attributes: B makes the quote mixed (kind) and attaches no cue;
  C leaves the speaker unknown; B gives the claim unit "attacks" and another time,
  C the value 135 (value), no place and no source.
* ``fx4`` annotated by A only (listed, not compared).
* ``fx5`` B's record is a draft (excluded unless --include-drafts); A and C disagree on
  the quote's span (C includes the quotation marks: overlap, not strict).
* ``fx6`` A and C mark nothing (degenerate: nothing to agree on).
* ``fx7`` nesting and claim kinds: A marks the outer ORG and the nested داعش, B only the
  outer one, C only the inner one and الموصل as LOC; C misses the quote; B's claim leaves
  out نحو (boundary), is kind "other" and not approximate; C gives it no place and no source.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from annotator.io.atomic import write_jsonl_atomic  # noqa: E402
from annotator.io.jsonl import dumps_line  # noqa: E402
from annotator.model import Annotation, text_sha256  # noqa: E402

HERE = Path(__file__).resolve().parent
TEXTS = {
    "fx1": "قال أوستن إن داعش هزم في العراق عام 2019.",
    "fx2": "زار وزير الدفاع لويد أوستن بغداد والعراق والتقى قوات الأمن العراقية.",
    "fx3": 'وذكرت القيادة المركزية أن "التنظيم نفذ 153 هجوماً في العراق" خلال عام 2024.',
    "fx4": "أعلنت الأمم المتحدة عن مؤتمر في جنيف.",
    "fx5": 'وصرح رايدر قائلاً "العمل مستمر مع الشركاء".',
    "fx6": "اضف تعليق",
    "fx7": "قال التحالف العالمي ضد داعش إن نحو 20 شخصاً قتلوا في الموصل.",
}


def at(doc: str, word: str, nth: int = 0) -> tuple[int, int]:
    text = TEXTS[doc]
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def ent(doc: str, ident: str, word: str, label: str, nth: int = 0) -> dict[str, Any]:
    s, e = at(doc, word, nth)
    return {"id": ident, "start": s, "end": e, "text": word, "label": label}


def quote(doc: str, ident: str, words: str, kind: str, speaker: str | None, cue: str | None) -> dict[str, Any]:
    s, e = at(doc, words)
    c = None
    if cue is not None:
        cs, ce = at(doc, cue)
        c = {"start": cs, "end": ce, "text": cue}
    return {"id": ident, "start": s, "end": e, "text": words, "kind": kind, "speaker": speaker, "cue": c}


def claim(doc: str, ident: str, words: str, kind: str, value: Any, unit: str | None, time: str | None = None, place: list[str] | None = None, source: str | None = None) -> dict[str, Any]:
    s, e = at(doc, words)
    return {"id": ident, "start": s, "end": e, "text": words, "kind": kind, "value": value, "unit": unit, "approx": False,
            "time": time, "place": place or [], "source": source}


def record(doc: str, who: str, entities=(), quotes=(), claims=(), status: str = "done") -> Annotation:
    text = TEXTS[doc]
    return Annotation.model_validate({
        "schema_version": "1", "doc_id": doc, "text_sha256": text_sha256(text), "annotator": who, "status": status,
        "text": text, "meta": {"fixture": "tests/agree/data/build_fixture.py"},
        "entities": list(entities), "quotes": list(quotes), "claims": list(claims),
    })


def fx1(who: str) -> Annotation:
    d = "fx1"
    return record(d, who,
                  [ent(d, "e1", "أوستن", "PER"), ent(d, "e2", "داعش", "ORG"), ent(d, "e3", "العراق", "GPE")],
                  [quote(d, "q1", "داعش هزم في العراق عام 2019", "indirect", "e1", "قال")],
                  [claim(d, "c1", "عام 2019", "date", "2019", None, source="e1")])


def fx2(who: str) -> Annotation:
    d = "fx2"
    if who == "a":
        ents = [ent(d, "e1", "لويد أوستن", "PER"), ent(d, "e2", "بغداد", "GPE"), ent(d, "e3", "العراق", "GPE", 0), ent(d, "e4", "قوات الأمن العراقية", "ORG")]
    elif who == "b":
        ents = [ent(d, "e1", "أوستن", "PER"), ent(d, "e2", "بغداد", "LOC"), ent(d, "e3", "والعراق", "GPE"), ent(d, "e4", "قوات الأمن العراقية", "ORG")]
    else:
        ents = [ent(d, "e1", "وزير الدفاع", "ORG"), ent(d, "e2", "لويد أوستن", "PER"), ent(d, "e3", "بغداد", "GPE"), ent(d, "e4", "العراق", "GPE", 0)]
    return record(d, who, ents)


def fx3(who: str) -> Annotation:
    d = "fx3"
    ents = [ent(d, "e1", "القيادة المركزية", "ORG"), ent(d, "e2", "العراق", "GPE")]
    q = "التنظيم نفذ 153 هجوماً في العراق"
    if who == "a":
        quotes = [quote(d, "q1", q, "direct", "e1", "ذكرت")]
        claims = [claim(d, "c1", "153 هجوماً", "count", 153, "attack", "2024", ["e2"], "e1"), claim(d, "c2", "عام 2024", "date", "2024", None)]
    elif who == "b":
        quotes = [quote(d, "q1", q, "mixed", "e1", None)]
        claims = [claim(d, "c1", "153 هجوماً", "count", 153, "attacks", "2023", ["e2"], "e1"), claim(d, "c2", "عام 2024", "date", "2024", None)]
    else:
        quotes = [quote(d, "q1", q, "direct", None, "ذكرت")]
        claims = [claim(d, "c1", "153 هجوماً", "count", 135, "attack", "2024", [], None), claim(d, "c2", "عام 2024", "date", "2024", None)]
    return record(d, who, ents, quotes, claims)


def fx4(who: str) -> Annotation:
    d = "fx4"
    return record(d, who, [ent(d, "e1", "الأمم المتحدة", "ORG"), ent(d, "e2", "جنيف", "GPE")])


def fx5(who: str) -> Annotation:
    d = "fx5"
    ents = [ent(d, "e1", "رايدر", "PER")]
    words = '"العمل مستمر مع الشركاء"' if who == "c" else "العمل مستمر مع الشركاء"
    return record(d, who, ents, [quote(d, "q1", words, "direct", "e1", "صرح")], status="draft" if who == "b" else "done")


def fx6(who: str) -> Annotation:
    return record("fx6", who)


def fx7(who: str) -> Annotation:
    d = "fx7"
    q = "نحو 20 شخصاً قتلوا في الموصل"
    if who == "a":
        ents = [ent(d, "e1", "التحالف العالمي ضد داعش", "ORG"), ent(d, "e2", "داعش", "ORG"), ent(d, "e3", "الموصل", "GPE")]
        c = claim(d, "c1", "نحو 20 شخصاً", "count", 20, "person", place=["e3"], source="e1")
        c["approx"] = True
        return record(d, who, ents, [quote(d, "q1", q, "indirect", "e1", "قال")], [c])
    if who == "b":
        ents = [ent(d, "e1", "التحالف العالمي ضد داعش", "ORG"), ent(d, "e2", "الموصل", "GPE")]
        c = claim(d, "c1", "20 شخصاً", "other", 20, "person", place=["e2"], source="e1")
        return record(d, who, ents, [quote(d, "q1", q, "indirect", "e1", "قال")], [c])
    ents = [ent(d, "e1", "داعش", "ORG"), ent(d, "e2", "الموصل", "LOC")]
    c = claim(d, "c1", "نحو 20 شخصاً", "count", 20, "person")
    c["approx"] = True
    return record(d, who, ents, [], [c])


PLAN = {
    "a": [fx1, fx2, fx3, fx4, fx5, fx6, fx7],
    "b": [fx1, fx2, fx3, fx5, fx7],
    "c": [fx1, fx2, fx3, fx5, fx6, fx7],
}


def main() -> int:
    check = "--check" in sys.argv
    status = 0
    for who, builders in PLAN.items():
        records = [build(who) for build in builders]
        path = HERE / f"ann_{who}.jsonl"
        if check:
            expected = "".join(dumps_line(r) + "\n" for r in records)
            if not path.is_file() or path.read_text(encoding="utf-8") != expected:
                print(f"{path}: differs from the builder", file=sys.stderr)
                status = 1
        else:
            write_jsonl_atomic(path, records, backup=False)
    return status


if __name__ == "__main__":
    sys.exit(main())
