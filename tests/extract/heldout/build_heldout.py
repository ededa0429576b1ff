"""A small held-out check for the baseline: one short text it was not developed on.

The text below was written for this check (it is not a real article: no licence
issue, but also not real news), then annotated under Guidelines v1.0 *before*
the baseline was run on it, and the baseline was not changed after seeing its
score. It gives a rough idea of the baseline's level away from the seed, on which
it was developed. Run from the repository root:

    .venv/bin/python tests/extract/heldout/build_heldout.py
    annotator extract --corpus tests/extract/heldout --out /tmp/heldout-pred.jsonl
    annotator score tests/extract/heldout/gold.jsonl /tmp/heldout-pred.jsonl \\
        --docs tests/extract/heldout/documents.jsonl
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from annotator.io.atomic import write_jsonl_atomic  # noqa: E402
from annotator.model import Annotation, Document, text_sha256  # noqa: E402

DOC_ID = "heldout_001"
TEXT = (
    "قالت المفوضية السامية للأمم المتحدة لشؤون اللاجئين إن أكثر من 1.2 مليون لاجئ سوري ما زالوا "
    "يعيشون في لبنان، مشيرة إلى أن نحو 90% منهم يعيشون تحت خط الفقر المدقع.\n"
    "وفي بيروت، التقى رئيس حكومة تصريف الأعمال نجيب ميقاتي بالمفوض السامي فيليبو غراندي يوم الثلاثاء، "
    "وبحث معه خطة لإعادة 15 ألف لاجئ إلى بلادهم على دفعات خلال ستة أشهر.\n"
    "وأكد ميقاتي أن \"لبنان لم يعد قادراً على تحمل أعباء النزوح\"، داعياً المجتمع الدولي إلى زيادة مساعداته.\n"
    "من جهته، أعلن البنك الدولي في تقرير صدر في مارس/آذار 2023 أن الاقتصاد اللبناني انكمش بنسبة 40 بالمئة "
    "منذ عام 2019، وأن الليرة اللبنانية فقدت أكثر من 98 في المائة من قيمتها.\n"
    "ونقلت وكالة الأنباء الوطنية عن وزير الشؤون الاجتماعية هيكتور حجار قوله إن الحكومة ستطلق برنامجاً "
    "بقيمة 200 مليون دولار لدعم الأسر الأكثر فقراً.\n"
)


def _builder_class():
    spec = importlib.util.spec_from_file_location("build_gold", ROOT / "corpus" / "gold" / "build_gold.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.Builder


def build() -> tuple[Document, Annotation]:
    doc = Document(doc_id=DOC_ID, text=TEXT, text_sha256=text_sha256(TEXT), lang="ar",
                   source="tests/extract/heldout/build_heldout.py (written for the check)")
    b = _builder_class()(TEXT)
    E, Q, C = b.entity, b.quote, b.claim
    L1 = "قالت المفوضية السامية للأمم المتحدة لشؤون اللاجئين إن"
    E("unhcr", "ORG", L1, "المفوضية السامية للأمم المتحدة لشؤون اللاجئين")
    E("un", "ORG", L1, "لأمم المتحدة")  # §1.7 + §1.9
    E("lb1", "GPE", "يعيشون في لبنان، مشيرة", "لبنان")
    E("beirut", "GPE", "وفي بيروت،", "بيروت")
    E("mikati1", "PER", "الأعمال نجيب ميقاتي بالمفوض", "نجيب ميقاتي")
    E("grandi", "PER", "السامي فيليبو غراندي يوم", "فيليبو غراندي")
    E("mikati2", "PER", "وأكد ميقاتي أن", "ميقاتي")
    E("lb2", "GPE", "\"لبنان لم يعد", "لبنان")
    E("wb", "ORG", "أعلن البنك الدولي في", "البنك الدولي")
    E("nna", "ORG", "ونقلت وكالة الأنباء الوطنية عن", "وكالة الأنباء الوطنية")
    E("hajjar", "PER", "الاجتماعية هيكتور حجار قوله", "هيكتور حجار")

    Q("indirect", "unhcr", "إن أكثر من 1.2 مليون لاجئ سوري ما زالوا يعيشون في لبنان،",
      "أكثر من 1.2 مليون لاجئ سوري ما زالوا يعيشون في لبنان", ("لبنان، مشيرة", "مشيرة"))
    Q("indirect", "unhcr", "إلى أن نحو 90% منهم يعيشون تحت خط الفقر المدقع.",
      "نحو 90% منهم يعيشون تحت خط الفقر المدقع", ("لبنان، مشيرة", "مشيرة"))
    Q("direct", "mikati2", "\"لبنان لم يعد قادراً على تحمل أعباء النزوح\"",
      "لبنان لم يعد قادراً على تحمل أعباء النزوح", ("وأكد ميقاتي", "أكد"))
    Q("indirect", "wb",
      "أن الاقتصاد اللبناني انكمش بنسبة 40 بالمئة منذ عام 2019، وأن الليرة اللبنانية فقدت أكثر من 98 في المائة من قيمتها.",
      "الاقتصاد اللبناني انكمش بنسبة 40 بالمئة منذ عام 2019، وأن الليرة اللبنانية فقدت أكثر من 98 في المائة من قيمتها",
      ("أعلن البنك", "أعلن"))
    Q("indirect", "hajjar", "قوله إن الحكومة ستطلق برنامجاً بقيمة 200 مليون دولار لدعم الأسر الأكثر فقراً.",
      "الحكومة ستطلق برنامجاً بقيمة 200 مليون دولار لدعم الأسر الأكثر فقراً", ("حجار قوله", "قوله"))
    # fix the first quote's cue: قالت, not مشيرة (the helper takes a context and a target)
    b.quotes[0]["cue"] = b.span("قالت المفوضية", "قالت")

    C("إن أكثر من 1.2 مليون لاجئ سوري", "أكثر من 1.2 مليون لاجئ", "count", 1_200_000, "refugee",
      approx=True, place=("lb1",), source="unhcr")
    C("أن نحو 90% منهم", "نحو 90%", "percent", 90, None, approx=True, place=("lb1",), source="unhcr")
    C("لإعادة 15 ألف لاجئ إلى", "15 ألف لاجئ", "count", 15_000, "refugee")
    C("خلال ستة أشهر.", "ستة أشهر", "duration", 6, "month")
    C("صدر في مارس/آذار 2023 أن", "مارس/آذار 2023", "date", "2023-03")
    C("بنسبة 40 بالمئة منذ", "40 بالمئة", "percent", 40, None, source="wb")
    C("منذ عام 2019،", "عام 2019", "date", "2019", source="wb")
    C("فقدت أكثر من 98 في المائة من", "أكثر من 98 في المائة", "percent", 98, None, approx=True, source="wb")
    C("بقيمة 200 مليون دولار لدعم", "200 مليون دولار", "money", 200_000_000, "usd", source="hajjar")
    record = b.record(doc.text_sha256)
    record["doc_id"] = DOC_ID
    record["annotator"] = "heldout-v1"
    record["meta"] = {"guidelines": "1.0", "built_by": "tests/extract/heldout/build_heldout.py"}
    return doc, Annotation.model_validate(record)


def main() -> int:
    doc, gold = build()
    write_jsonl_atomic(HERE / "documents.jsonl", [doc], backup=False)
    write_jsonl_atomic(HERE / "gold.jsonl", [gold], backup=False)
    print(f"{len(gold.entities)} entities, {len(gold.quotes)} quotes, {len(gold.claims)} claims")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
