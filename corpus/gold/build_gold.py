"""Build the gold annotation of the seed article (Guidelines v1.0).

Every span is located by a *context* that occurs exactly once in the
document and the *target* inside it (``nth`` picks among repeats inside the
context), so no offset is typed by hand; every slice is asserted, the record
is validated by the pydantic model, and the file is written with the
toolkit's atomic writer.  Run from the repository root:

    .venv/bin/python corpus/gold/build_gold.py          # (re)write the gold
    .venv/bin/python corpus/gold/build_gold.py --check  # fail if it differs

Each decision below follows a rule of docs/guidelines.md; the comments name
the section (§) that applies.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotator.io.atomic import write_jsonl_atomic  # noqa: E402
from annotator.io.corpus import load_documents  # noqa: E402
from annotator.io.jsonl import dumps_line  # noqa: E402
from annotator.model import Annotation  # noqa: E402

DOC_ID = "000_9cb6c4488f67ca16"
ANNOTATOR = "gold-v1"
GUIDELINES = "1.0"
OUT = ROOT / "corpus" / "gold" / f"{DOC_ID}.jsonl"


class Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[dict] = []
        self.quotes: list[dict] = []
        self.claims: list[dict] = []
        self._by_key: dict[str, str] = {}

    def locate(self, context: str, target: str | None = None, nth: int = 0) -> tuple[int, int]:
        target = context if target is None else target
        count = self.text.count(context)
        assert count == 1, f"context {context!r} occurs {count} times"
        base = self.text.index(context)
        pos = -1
        for _ in range(nth + 1):
            pos = context.index(target, pos + 1)
        start = base + pos
        end = start + len(target)
        assert self.text[start:end] == target
        return start, end

    def span(self, context: str, target: str | None = None, nth: int = 0) -> dict:
        start, end = self.locate(context, target, nth)
        return {"start": start, "end": end, "text": self.text[start:end]}

    def entity(self, key: str, label: str, context: str, target: str | None = None, nth: int = 0) -> None:
        assert key not in self._by_key, f"duplicate entity key {key}"
        self._by_key[key] = label
        self.entities.append({"key": key, "label": label, **self.span(context, target, nth)})

    def quote(self, kind: str, speaker: str, context: str, target: str, cue: tuple[str, str, int] | tuple[str, str]) -> None:
        self.quotes.append({
            "kind": kind, "speaker": speaker, **self.span(context, target),
            "cue": self.span(*cue),
        })

    def claim(self, context: str, target: str, kind: str, value: object, unit: str | None = None, *,
              approx: bool = False, time: str | None = None, place: tuple[str, ...] = (), source: str | None = None) -> None:
        self.claims.append({
            **self.span(context, target), "kind": kind, "value": value, "unit": unit,
            "approx": approx, "time": time, "place": list(place), "source": source,
        })

    def record(self, sha: str) -> dict:
        ents = sorted(self.entities, key=lambda e: (e["start"], -e["end"]))
        ids = {e["key"]: f"e{i}" for i, e in enumerate(ents, 1)}
        entities = [{"id": ids[e["key"]], "start": e["start"], "end": e["end"], "text": e["text"], "label": e["label"]} for e in ents]
        quotes = [
            {"id": f"q{i}", "start": q["start"], "end": q["end"], "text": q["text"], "kind": q["kind"],
             "speaker": ids[q["speaker"]], "cue": q["cue"]}
            for i, q in enumerate(sorted(self.quotes, key=lambda q: q["start"]), 1)
        ]
        claims = [
            {"id": f"c{i}", "start": c["start"], "end": c["end"], "text": c["text"], "kind": c["kind"],
             "value": c["value"], "unit": c["unit"], "approx": c["approx"], "time": c["time"],
             "place": [ids[p] for p in c["place"]], "source": ids[c["source"]] if c["source"] else None}
            for i, c in enumerate(sorted(self.claims, key=lambda c: c["start"]), 1)
        ]
        return {
            "schema_version": "1", "doc_id": DOC_ID, "text_sha256": sha, "annotator": ANNOTATOR,
            "status": "done", "text": None,
            "meta": {"guidelines": GUIDELINES, "built_by": "corpus/gold/build_gold.py"},
            "entities": entities, "quotes": quotes, "claims": claims,
        }


def build(text: str) -> Builder:
    b = Builder(text)
    E, Q, C = b.entity, b.quote, b.claim

    # ---- line 1 ----------------------------------------------------------
    L1a = "اختتام حوار التعاون الأمني المشترك بين الولايات المتحدة والعراق،"
    E("jscd", "EVENT", L1a, "حوار التعاون الأمني المشترك")  # §1.5 named recurring meeting
    E("us1", "GPE", L1a, "الولايات المتحدة")
    E("iq1", "GPE", L1a, "العراق")  # §1.7 و not in the span
    E("dc", "GPE", "عقد في واشنطن", "واشنطن")
    E("austin1", "PER", "الأمريكي لويد أوستن بنظيره", "لويد أوستن")  # §1.6 title outside
    E("abbasi", "PER", "وزير الدفاع محمد العباسي", "محمد العباسي")  # العراقي (adjective) is not a GPE, §1.8

    # ---- line 2 ----------------------------------------------------------
    E("jdcc", "ORG", "اجتماعات اللجنة المشتركة للتعاون الدفاعي،", "اللجنة المشتركة للتعاون الدفاعي")
    L2b = "من التحالف العالمي ضد داعش، الذي أُنشئ"
    E("coal1", "ORG", L2b, "التحالف العالمي ضد داعش")
    E("isis1", "ORG", L2b, "داعش")  # §1.9 nested: a different entity inside the name
    L2c = "ثنائية بين الولايات المتحدة والعراق، كما أشار"
    E("us2", "GPE", L2c, "الولايات المتحدة")
    E("iq2", "GPE", L2c, "العراق")
    E("dod1", "ORG", "الصحفي لوزارة الدفاع اللواء", "وزارة الدفاع")  # §1.7 ل not in the span
    E("ryder", "PER", "اللواء بات رايدر.", "بات رايدر")

    # ---- line 3 ----------------------------------------------------------
    E("austin3", "PER", "وأكد أوستن على شجاعة", "أوستن")
    E("isf", "ORG", "شجاعة قوات الأمن العراقية،", "قوات الأمن العراقية")  # §1.8 adjective inside a name
    E("cf", "ORG", "القتال مع قوات التحالف من", "قوات التحالف")
    E("isis2", "ORG", "هزيمة إقليمية لداعش\"", "داعش")
    L3a = "في وكالة أنباء وزارة الدفاع الأمريكية،"
    E("dodnews", "ORG", L3a, "وكالة أنباء وزارة الدفاع الأمريكية")
    E("dod2", "ORG", L3a, "وزارة الدفاع الأمريكية")  # §1.9 nested
    E("oir1", "EVENT", "لتحويل عملية \"العزم الصلب\"", "العزم الصلب")  # §1.5 name inside the marks
    L3b = "الأمريكية في التحالف العالمي ضد داعش، إلى"
    E("coal2", "ORG", L3b, "التحالف العالمي ضد داعش")
    E("isis3", "ORG", L3b, "داعش")
    L3c = "بين العراق والولايات المتحدة ودول التحالف الأخرى"
    E("iq3", "GPE", L3c, "العراق")
    E("us3", "GPE", L3c, "الولايات المتحدة")
    E("coal3", "ORG", L3c, "التحالف")  # §1.4 short name of an organisation already named

    # ---- line 4 ----------------------------------------------------------
    E("austin4", "PER", "وصرّح أوستن قائلاً", "أوستن")
    E("isis4", "ORG", "يشكله تنظيم داعش وأيديولوجيته", "داعش")  # §1.6 تنظيم is a descriptor
    E("isis5", "ORG", "لا يزال داعش يخطط", "داعش")
    E("isis6", "ORG", "فروع داعش العالمية", "داعش")
    E("oir2", "EVENT", "مهمة العزم الصلب لمواجهة", "العزم الصلب")
    L4a = "\"الولايات المتحدة لا تزال ملتزمة بشدة بسيادة العراق وأمنه"
    E("us4", "GPE", L4a, "الولايات المتحدة")
    E("iq4", "GPE", L4a, "العراق")

    # ---- line 5 (heading) ------------------------------------------------
    E("isis7", "ORG", "عودة داعش إلى الواجهة", "داعش")  # §4 headings are annotated

    # ---- line 6 ----------------------------------------------------------
    E("us5", "GPE", "أعلنت الولايات المتحدة هزيمة داعش", "الولايات المتحدة")
    E("isis8", "ORG", "هزيمة داعش إقليمياً", "داعش")
    E("trump", "PER", "السابق دونالد ترامب،", "دونالد ترامب")
    E("austin6", "PER", "كما أوضح أوستن،", "أوستن")
    E("isis9", "ORG", "من أن داعش لم يعد", "داعش")

    # ---- line 7 ----------------------------------------------------------
    E("talaat", "PER", "اللواء عبد الخالق طلعت،", "عبد الخالق طلعت")
    E("krg", "GPE", "ممثل إقليم كردستان في", "إقليم كردستان")  # §1.3
    L7 = "في قيادة العمليات المشتركة في العراق، عن"
    E("joc", "ORG", L7, "قيادة العمليات المشتركة")
    E("iq5", "GPE", L7, "العراق")
    E("isis10", "ORG", "وتصاعد هجمات داعش،", "داعش")

    # ---- line 8 ----------------------------------------------------------
    E("sy1", "GPE", "وفي سوريا، الوضع", "سوريا")
    E("pedersen", "PER", "قال جير بيدرسن،", "جير بيدرسن")
    L8 = "للأمين العام للأمم المتحدة إلى سوريا، لمجلس الأمن،"
    # §1.7 ل + article (للأمم): the span starts at the article's lam
    E("un", "ORG", L8, "لأمم المتحدة")
    E("sy2", "GPE", L8, "سوريا")
    E("unsc", "ORG", L8, "مجلس الأمن")
    E("isis11", "ORG", "بزيادة هجمات داعش هذا العام", "داعش")

    # ---- line 10 ---------------------------------------------------------
    E("cc1", "ORG", "أصدرت القيادة المركزية الأمريكية مؤخراً", "القيادة المركزية الأمريكية")
    E("cc2", "ORG", "وذكرت القيادة المركزية الأمريكية أنه", "القيادة المركزية الأمريكية")
    E("isis12", "ORG", "أعلن تنظيم داعش مسؤوليته", "داعش")
    L10 = "هجوماً في العراق وسوريا."
    E("iq6", "GPE", L10, "العراق")
    E("sy3", "GPE", L10, "سوريا")
    E("isis13", "ORG", "يسير تنظيم داعش بخطى", "داعش")

    # ---- line 11 ---------------------------------------------------------
    E("cc3", "ORG", "وخلصت القيادة المركزية إلى", "القيادة المركزية")
    E("isis14", "ORG", "أن داعش يحاول", "داعش")

    # ---- quotes (§2) -----------------------------------------------------
    L2q = ("تركزت الاجتماعات الأخيرة على \"الانتقال\" من التحالف العالمي ضد داعش، الذي أُنشئ في "
           "سبتمبر/أيلول 2014، نحو علاقة أمنية ثنائية بين الولايات المتحدة والعراق")
    # §2.6 postposed attribution (كما أشار X): the clause it follows
    Q("indirect", "ryder", L2q, L2q, ("كما أشار السكرتير", "أشار"))
    Q("direct", "austin3",
      "\"لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش\"",
      "لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش",
      ("العراقية، قائلاً،", "قائلاً"))  # §2.4 أكد has another complement: قائلاً is the cue
    Q("direct", "austin4",
      "\"لقد تطور التهديد الذي يشكله تنظيم داعش وأيديولوجيته على مدى العقد الماضي. ومع ذلك، لا يزال داعش يخطط لهجمات\"",
      "لقد تطور التهديد الذي يشكله تنظيم داعش وأيديولوجيته على مدى العقد الماضي. ومع ذلك، لا يزال داعش يخطط لهجمات",
      ("وصرّح أوستن", "صرّح"))
    Q("mixed", "austin4",
      "وأوضح أن الهجمات تأتي \"من المنطقة ومن خلال فروع داعش العالمية\"",
      "الهجمات تأتي \"من المنطقة ومن خلال فروع داعش العالمية\"",
      ("وأوضح أن الهجمات", "أوضح"))
    Q("direct", "austin4",
      "مؤكداً أن \"الولايات المتحدة لا تزال ملتزمة بشدة بسيادة العراق وأمنه واستقراره\"",
      "الولايات المتحدة لا تزال ملتزمة بشدة بسيادة العراق وأمنه واستقراره",
      ("المتغير. مؤكداً أن", "مؤكداً"))
    Q("indirect", "austin6",
      "إلا أن ذلك لم يعنِ القضاء على تهديد التنظيم بالكامل، كما",
      "ذلك لم يعنِ القضاء على تهديد التنظيم بالكامل",
      ("كما أوضح أوستن،", "أوضح"))
    Q("mixed", "talaat",
      "أن التنظيم \"ربما لم يعد قوياً كما كان في السابق، إلا أن وجود خلايا نائمة يجعله يشكل تهديداً واضحاً\"",
      "التنظيم \"ربما لم يعد قوياً كما كان في السابق، إلا أن وجود خلايا نائمة يجعله يشكل تهديداً واضحاً\"",
      ("حيث أوضح أن التنظيم", "أوضح"))
    Q("mixed", "pedersen",
      "أن الإرهاب \"يعود إلى الظهور\" وأن هناك توقعات بزيادة هجمات داعش هذا العام",
      "الإرهاب \"يعود إلى الظهور\" وأن هناك توقعات بزيادة هجمات داعش هذا العام",
      ("حيث قال جير", "قال"))
    Q("indirect", "cc2",
      "أنه في الفترة من يناير/كانون الثاني إلى يونيو/حزيران، أعلن تنظيم داعش مسؤوليته عن 153 هجوماً في العراق وسوريا.",
      "في الفترة من يناير/كانون الثاني إلى يونيو/حزيران، أعلن تنظيم داعش مسؤوليته عن 153 هجوماً في العراق وسوريا",
      ("وذكرت القيادة", "ذكرت"))
    Q("direct", "cc2",  # §2.5 وأضافت: implied speaker, nearest full mention
      "\"بهذا المعدل، يسير تنظيم داعش بخطى حثيثة لمضاعفة العدد الإجمالي للهجمات التي أعلنها في عام 2023\"",
      "بهذا المعدل، يسير تنظيم داعش بخطى حثيثة لمضاعفة العدد الإجمالي للهجمات التي أعلنها في عام 2023",
      ("وأضافت أن \"بهذا", "أضافت"))
    Q("direct", "cc3",
      "\"زيادة الهجمات تشير إلى أن داعش يحاول إعادة تشكيل نفسه بعد عدة سنوات من انخفاض قدراته\"",
      "زيادة الهجمات تشير إلى أن داعش يحاول إعادة تشكيل نفسه بعد عدة سنوات من انخفاض قدراته",
      ("وخلصت القيادة", "خلصت"))

    # ---- claims (§3) -----------------------------------------------------
    H1 = "2024-01/2024-06"
    C("على مدار يومين،", "يومين", "duration", 2, "day", place=("dc",))
    C("اللقاء جولة ثانية من", "جولة ثانية", "ordinal", 2, "round")
    C("انعقدت الجولة الأولى في", "الجولة الأولى", "ordinal", 1, "round", time="2023-08")
    C("في أغسطس/آب 2023،", "أغسطس/آب 2023", "date", "2023-08")
    C("في سبتمبر/أيلول 2014،", "سبتمبر/أيلول 2014", "date", "2014-09", source="ryder")
    C("على مدى العقد الماضي.", "العقد الماضي", "duration", 1, "decade", source="austin4")
    C("في عام 2019،", "عام 2019", "date", "2019")
    C("في النصف الأول من عام 2024،", "النصف الأول من عام 2024", "date", H1)
    C("في الفترة من يناير/كانون الثاني إلى يونيو/حزيران،",
      "من يناير/كانون الثاني إلى يونيو/حزيران", "date", H1, source="cc2")
    C("عن 153 هجوماً في", "153 هجوماً", "count", 153, "attack", time=H1, place=("iq6", "sy3"), source="cc2")
    C("بخطى حثيثة لمضاعفة العدد", "مضاعفة", "ratio", 2, "attack", time="2024", source="cc2")
    C("التي أعلنها في عام 2023", "عام 2023", "date", "2023", source="cc2")
    return b


def _comparable(path: Path) -> dict | None:
    """The record in ``path`` without the annotator's own bookkeeping (``meta.annotate``:
    cursor, last opened), which ``annotator annotate`` writes when the file is opened."""
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) != 1:
        return None
    record = json.loads(lines[0])
    if isinstance(record.get("meta"), dict):
        record["meta"].pop("annotate", None)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the file differs")
    args = parser.parse_args(argv)
    docs = load_documents(ROOT / "corpus" / "documents.jsonl")
    doc = docs[DOC_ID]
    record = Annotation.model_validate(build(doc.text).record(doc.text_sha256))  # raises on a bad field
    if args.check:
        if _comparable(OUT) != json.loads(dumps_line(record)):
            print(f"{OUT}: differs from what build_gold.py produces", file=sys.stderr)
            return 1
        return 0
    write_jsonl_atomic(OUT, [record], backup=False)
    print(f"{OUT.relative_to(ROOT)}: {len(record.entities)} entities, "
          f"{len(record.quotes)} quotes, {len(record.claims)} claims")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
