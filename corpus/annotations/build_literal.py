"""Build the second annotation of the seed article: annotator ``literal-v1``.

Made independently of ``corpus/gold/`` by reading the text sentence by sentence and
applying ``docs/guidelines.md`` v1.0 literally (the section that decides each span is named
in the comments); the gold was not consulted. Every span is located by a context string
that occurs once in the text and the target inside it (``nth`` picks among repeats inside
the context), every slice is asserted, the record is validated by the model and written
with the atomic writer. Run from the repository root:

    .venv/bin/python corpus/annotations/build_literal.py          # (re)write
    .venv/bin/python corpus/annotations/build_literal.py --check  # fail if it differs
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from annotator.io.atomic import write_jsonl_atomic  # noqa: E402
from annotator.io.corpus import load_documents  # noqa: E402
from annotator.io.jsonl import dumps_line  # noqa: E402
from annotator.model import Annotation  # noqa: E402

DOC_ID = "000_9cb6c4488f67ca16"
OUT = ROOT / "corpus" / "annotations" / "literal-v1.jsonl"


class Record:
    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[dict[str, Any]] = []
        self.quotes: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []

    def where(self, context: str, target: str | None = None, nth: int = 0) -> dict[str, Any]:
        target = context if target is None else target
        assert self.text.count(context) == 1, f"context {context!r} occurs {self.text.count(context)} times"
        pos = -1
        for _ in range(nth + 1):
            pos = context.index(target, pos + 1)
        start = self.text.index(context) + pos
        assert self.text[start : start + len(target)] == target
        return {"start": start, "end": start + len(target), "text": target}

    def ent(self, label: str, context: str, target: str | None = None, nth: int = 0) -> str:
        ident = f"e{len(self.entities) + 1}"
        self.entities.append({"id": ident, **self.where(context, target, nth), "label": label})
        return ident

    def quote(self, kind: str, context: str, target: str, speaker: str | None, cue: tuple[str, str, int] | None) -> None:
        c = self.where(*cue) if cue else None
        self.quotes.append({"id": f"q{len(self.quotes) + 1}", **self.where(context, target), "kind": kind, "speaker": speaker, "cue": c})

    def claim(self, context: str, target: str, kind: str, value: Any, unit: str | None = None, *, time: str | None = None,
              place: list[str] | None = None, source: str | None = None, approx: bool = False) -> None:
        self.claims.append({"id": f"c{len(self.claims) + 1}", **self.where(context, target), "kind": kind, "value": value, "unit": unit,
                            "approx": approx, "time": time, "place": place or [], "source": source})


def build(text: str) -> Annotation:
    r = Record(text)
    # line 1: titles outside PER (§1.6); والعراق without و (§1.7); nationality adjectives not GPE (§1.8)
    r.ent("EVENT", "اختتام حوار التعاون الأمني المشترك بين", "حوار التعاون الأمني المشترك")  # §1.5
    r.ent("GPE", "المشترك بين الولايات المتحدة والعراق،", "الولايات المتحدة")
    r.ent("GPE", "المشترك بين الولايات المتحدة والعراق،", "العراق")
    washington = r.ent("GPE", "عقد في واشنطن", "واشنطن")
    r.ent("PER", "الأمريكي لويد أوستن", "لويد أوستن")
    r.ent("PER", "محمد العباسي")
    r.claim("على مدار يومين،", "يومين", "duration", 2, "day", place=[washington])  # §3.2 a dual is its own span; no time stated
    # line 2
    r.ent("ORG", "اجتماعات اللجنة المشتركة للتعاون الدفاعي", "اللجنة المشتركة للتعاون الدفاعي")
    r.claim("وشهد هذا اللقاء جولة ثانية", "جولة ثانية", "ordinal", 2, "round")  # the date of this meeting is not given
    r.claim("انعقدت الجولة الأولى", "الجولة الأولى", "ordinal", 1, "round", time="2023-08")  # §3.6
    r.claim("الأولى في أغسطس/آب 2023", "أغسطس/آب 2023", "date", "2023-08")
    r.ent("ORG", 'من التحالف العالمي ضد داعش، الذي أُنشئ', "التحالف العالمي ضد داعش")  # §1.9 outer and inner
    r.ent("ORG", 'من التحالف العالمي ضد داعش، الذي أُنشئ', "داعش")
    r.ent("GPE", "ثنائية بين الولايات المتحدة والعراق", "الولايات المتحدة")
    r.ent("GPE", "ثنائية بين الولايات المتحدة والعراق", "العراق")
    r.ent("ORG", "لوزارة الدفاع اللواء", "وزارة الدفاع")  # §1.7
    rayder = r.ent("PER", "اللواء بات رايدر", "بات رايدر")
    # §2.6: the clause before كما أشار, from the و that starts it; "الانتقال" is a scare quote (§2.7)
    r.quote("indirect", 'وتركزت الاجتماعات الأخيرة على "الانتقال" من التحالف العالمي ضد داعش، الذي أُنشئ في سبتمبر/أيلول 2014، نحو علاقة أمنية ثنائية بين الولايات المتحدة والعراق',
            'تركزت الاجتماعات الأخيرة على "الانتقال" من التحالف العالمي ضد داعش، الذي أُنشئ في سبتمبر/أيلول 2014، نحو علاقة أمنية ثنائية بين الولايات المتحدة والعراق',
            rayder, ("كما أشار السكرتير", "أشار", 0))
    r.claim("أُنشئ في سبتمبر/أيلول 2014", "سبتمبر/أيلول 2014", "date", "2014-09", source=rayder)  # inside the quote (§3.6)
    # line 3
    austin3 = r.ent("PER", "وأكد أوستن على", "أوستن")
    r.ent("ORG", "شجاعة قوات الأمن العراقية", "قوات الأمن العراقية")  # §1.8
    r.ent("ORG", "القتال مع قوات التحالف", "قوات التحالف")  # one span (§1.9)
    r.ent("ORG", "إقليمية لداعش", "داعش")  # §1.7
    r.quote("direct", '"لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش"',
            "لقد تمكنوا من خلال القتال مع قوات التحالف من تحقيق هزيمة إقليمية لداعش", austin3, ("على شجاعة قوات الأمن العراقية، قائلاً،", "قائلاً", 0))  # §2.4
    r.ent("ORG", "وكالة أنباء وزارة الدفاع الأمريكية")  # §1.9 outer and inner
    r.ent("ORG", "وكالة أنباء وزارة الدفاع الأمريكية", "وزارة الدفاع الأمريكية")
    r.ent("EVENT", 'عملية "العزم الصلب"', "العزم الصلب")  # §1.5
    r.ent("ORG", "للمهمة الأمريكية في التحالف العالمي ضد داعش", "التحالف العالمي ضد داعش")
    r.ent("ORG", "للمهمة الأمريكية في التحالف العالمي ضد داعش", "داعش")
    r.ent("GPE", "دائمة بين العراق والولايات المتحدة", "العراق")
    r.ent("GPE", "دائمة بين العراق والولايات المتحدة", "الولايات المتحدة")
    r.ent("ORG", "ودول التحالف الأخرى", "التحالف")  # §1.4
    # line 4: three quotes of أوستن (§5 example 8)
    austin4 = r.ent("PER", "وصرّح أوستن", "أوستن")
    r.ent("ORG", "يشكله تنظيم داعش", "داعش")  # §1.6
    r.claim("على مدى العقد الماضي", "العقد الماضي", "duration", 1, "decade", source=austin4)
    r.ent("ORG", "لا يزال داعش يخطط", "داعش")
    r.quote("direct", '"لقد تطور التهديد الذي يشكله تنظيم داعش وأيديولوجيته على مدى العقد الماضي. ومع ذلك، لا يزال داعش يخطط لهجمات"',
            "لقد تطور التهديد الذي يشكله تنظيم داعش وأيديولوجيته على مدى العقد الماضي. ومع ذلك، لا يزال داعش يخطط لهجمات", austin4, ("وصرّح أوستن", "صرّح", 0))
    r.ent("ORG", "فروع داعش العالمية", "داعش")
    r.quote("mixed", 'وأوضح أن الهجمات تأتي "من المنطقة ومن خلال فروع داعش العالمية"', 'الهجمات تأتي "من المنطقة ومن خلال فروع داعش العالمية"',
            austin4, ("وأوضح أن الهجمات", "أوضح", 0))
    r.ent("EVENT", "مهمة العزم الصلب", "العزم الصلب")
    r.ent("GPE", 'أن "الولايات المتحدة لا تزال', "الولايات المتحدة")
    r.ent("GPE", "بسيادة العراق", "العراق")
    r.quote("direct", '"الولايات المتحدة لا تزال ملتزمة بشدة بسيادة العراق وأمنه واستقراره"',
            "الولايات المتحدة لا تزال ملتزمة بشدة بسيادة العراق وأمنه واستقراره", austin4, ("المتغير. مؤكداً أن", "مؤكداً", 0))
    # line 5: a heading, annotated like body text (§4)
    r.ent("ORG", "عودة داعش إلى الواجهة", "داعش")
    # line 6
    r.claim("في عام 2019،", "عام 2019", "date", "2019")  # the writer's narration: no source
    r.ent("GPE", "أعلنت الولايات المتحدة هزيمة", "الولايات المتحدة")
    r.ent("ORG", "هزيمة داعش إقليمياً", "داعش")
    r.ent("PER", "دونالد ترامب")
    austin6 = r.ent("PER", "كما أوضح أوستن،", "أوستن")
    r.quote("indirect", "إلا أن ذلك لم يعنِ القضاء على تهديد التنظيم بالكامل،", "ذلك لم يعنِ القضاء على تهديد التنظيم بالكامل", austin6, ("كما أوضح أوستن،", "أوضح", 0))
    r.ent("ORG", "من أن داعش لم يعد", "داعش")
    # line 7
    talaat = r.ent("PER", "اللواء عبد الخالق طلعت", "عبد الخالق طلعت")
    r.ent("GPE", "ممثل إقليم كردستان", "إقليم كردستان")  # §1.3
    r.ent("ORG", "قيادة العمليات المشتركة")
    r.ent("GPE", "المشتركة في العراق،", "العراق")
    r.ent("ORG", "وتصاعد هجمات داعش", "داعش")
    r.quote("mixed", 'حيث أوضح أن التنظيم "ربما لم يعد قوياً كما كان في السابق، إلا أن وجود خلايا نائمة يجعله يشكل تهديداً واضحاً"',
            'التنظيم "ربما لم يعد قوياً كما كان في السابق، إلا أن وجود خلايا نائمة يجعله يشكل تهديداً واضحاً"', talaat, ("حيث أوضح أن التنظيم", "أوضح", 0))
    # line 8
    r.ent("GPE", "وفي سوريا، الوضع", "سوريا")
    pedersen = r.ent("PER", "جير بيدرسن")
    r.ent("ORG", "للأمم المتحدة إلى سوريا", "لأمم المتحدة")  # §1.7, worked example 1
    r.ent("GPE", "المتحدة إلى سوريا،", "سوريا")
    r.ent("ORG", "لمجلس الأمن،", "مجلس الأمن")
    r.ent("ORG", "بزيادة هجمات داعش هذا العام", "داعش")
    r.quote("mixed", 'أن الإرهاب "يعود إلى الظهور" وأن هناك توقعات بزيادة هجمات داعش هذا العام', 'الإرهاب "يعود إلى الظهور" وأن هناك توقعات بزيادة هجمات داعش هذا العام',
            pedersen, ("حيث قال جير بيدرسن", "قال", 0))
    # line 10
    r.ent("ORG", "أصدرت القيادة المركزية الأمريكية مؤخراً", "القيادة المركزية الأمريكية")
    r.claim("النصف الأول من عام 2024", "النصف الأول من عام 2024", "date", "2024-01/2024-06")  # narration: no source
    centcom = r.ent("ORG", "وذكرت القيادة المركزية الأمريكية", "القيادة المركزية الأمريكية")
    r.claim("في الفترة من يناير/كانون الثاني إلى يونيو/حزيران", "من يناير/كانون الثاني إلى يونيو/حزيران", "date", "2024-01/2024-06", source=centcom)  # §3.3
    r.ent("ORG", "أعلن تنظيم داعش مسؤوليته", "داعش")
    iraq10 = r.ent("GPE", "هجوماً في العراق وسوريا", "العراق")
    syria10 = r.ent("GPE", "هجوماً في العراق وسوريا", "سوريا")
    r.claim("153 هجوماً", "153 هجوماً", "count", 153, "attack", time="2024-01/2024-06", place=[iraq10, syria10], source=centcom)
    r.quote("indirect", "أنه في الفترة من يناير/كانون الثاني إلى يونيو/حزيران، أعلن تنظيم داعش مسؤوليته عن 153 هجوماً في العراق وسوريا",
            "في الفترة من يناير/كانون الثاني إلى يونيو/حزيران، أعلن تنظيم داعش مسؤوليته عن 153 هجوماً في العراق وسوريا", centcom,
            ("وذكرت القيادة المركزية الأمريكية", "ذكرت", 0))
    r.ent("ORG", "يسير تنظيم داعش بخطى", "داعش")
    r.claim("لمضاعفة العدد", "مضاعفة", "ratio", 2, "attack", time="2024", source=centcom)  # §3.4, §3.6, worked example 13
    r.claim("أعلنها في عام 2023", "عام 2023", "date", "2023", source=centcom)
    r.quote("direct", '"بهذا المعدل، يسير تنظيم داعش بخطى حثيثة لمضاعفة العدد الإجمالي للهجمات التي أعلنها في عام 2023"',
            "بهذا المعدل، يسير تنظيم داعش بخطى حثيثة لمضاعفة العدد الإجمالي للهجمات التي أعلنها في عام 2023", centcom, ("وأضافت أن", "أضافت", 0))  # §2.5
    # line 11: the short name القيادة المركزية (§1.4)
    centcom11 = r.ent("ORG", "وخلصت القيادة المركزية إلى", "القيادة المركزية")
    r.ent("ORG", "إلى أن داعش يحاول", "داعش")
    r.quote("direct", '"زيادة الهجمات تشير إلى أن داعش يحاول إعادة تشكيل نفسه بعد عدة سنوات من انخفاض قدراته"',
            "زيادة الهجمات تشير إلى أن داعش يحاول إعادة تشكيل نفسه بعد عدة سنوات من انخفاض قدراته", centcom11, ("وخلصت القيادة", "خلصت", 0))
    # line 12 (اضف تعليق) is boilerplate (§4)
    docs = load_documents(ROOT / "corpus" / "documents.jsonl")
    return Annotation.model_validate({
        "schema_version": "1", "doc_id": DOC_ID, "text_sha256": docs[DOC_ID].text_sha256, "annotator": "literal-v1", "status": "done",
        "meta": {"built_by": "corpus/annotations/build_literal.py", "guidelines": "1.0", "independent_of": "corpus/gold"},
        "entities": sorted(r.entities, key=lambda e: (e["start"], -e["end"])),
        "quotes": sorted(r.quotes, key=lambda q: q["start"]),
        "claims": sorted(r.claims, key=lambda c: c["start"]),
    })


def main() -> int:
    text = load_documents(ROOT / "corpus" / "documents.jsonl")[DOC_ID].text
    record = build(text)
    if "--check" in sys.argv:
        expected = dumps_line(record) + "\n"
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != expected:
            print(f"{OUT}: differs from {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    write_jsonl_atomic(OUT, [record], backup=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
