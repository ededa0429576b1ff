"""Scoring one document: every layer under every scheme, attributes, alignment, errors."""

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from annotator.score.align import AlignStats, Finder, align_spans
from annotator.score.attributes import cue_correct, entity_mentions, resolve_ref, speaker_correct, value_correct
from annotator.score.counts import Accuracy, EndToEnd
from annotator.score.schemes import LayerResult, score_layer

LAYERS = ("entities", "quotes", "claims")
_OTHER_LAYERS = LAYERS[1:]
_START = itemgetter("start")
_SPAN = itemgetter("start", "end", "label")
_FIRST = itemgetter(0)
#: The constant label of quote and claim spans (their kind is an attribute, scored apart).
LAYER_LABEL = {"quotes": "QUOTE", "claims": "CLAIM"}
ATTRIBUTES = {"quotes": ("speaker", "cue", "kind"), "claims": ("value", "unit", "kind")}


@dataclass(frozen=True)
class Options:
    min_iou: float = 0.5
    rel_tol: float = 1e-9


_DEFAULT = Options()


class DocScore:
    """One document scored: layer results, attribute accuracies, end-to-end counts, alignment
    counts (only for layers with string-anchored predictions)."""

    __slots__ = ("doc_id", "text", "layers", "attributes", "end_to_end", "alignment", "attribute_errors", "placed")

    def __init__(self, doc_id: str, text: str = "") -> None:
        self.doc_id = doc_id
        self.text = text
        self.layers: dict[str, LayerResult] = {}
        self.attributes: dict[str, Accuracy] = {}  # "quotes.speaker" -> accuracy
        self.end_to_end: dict[str, EndToEnd] = {}  # "quotes" -> quote + speaker
        self.alignment: dict[str, AlignStats] = {}
        #: (layer, attribute, gold span, predicted span, gold value, predicted value) of each wrong attribute
        self.attribute_errors: list[tuple[str, str, tuple, tuple, Any, Any]] = []
        #: layer -> where each string-anchored prediction was aligned ((start, end) or None), in
        #: the record's order; only layers with such predictions (what ``annotator.review`` shows)
        self.placed: dict[str, list[tuple[int, int] | None]] | None = None


def span_label(layer: str, span: dict[str, Any]) -> str:
    """The label a span is matched under: an entity's own, a quote's or claim's constant one."""
    return span["label"] if layer == "entities" else LAYER_LABEL[layer]


def _key(layer: str, span: dict[str, Any]) -> tuple:
    if layer == "quotes":
        return (span["kind"] or "", repr(span["speaker"]), repr(span["cue"]))
    if layer == "claims":
        return (span["kind"] or "", repr(span["value"]), span["unit"] or "", repr(span["source"]))
    return ()


def score_document(gold: dict[str, Any], pred: dict[str, Any] | None, text: str, options: Options | None = None) -> DocScore:
    """Score ``pred`` (a prediction record, or None: all missed) against ``gold`` (an
    annotation record); both are the plain dicts of :mod:`annotator.model.plain`."""
    options = options or _DEFAULT
    score = DocScore(gold["doc_id"], text)
    finder: Finder | None = None
    placed_entities: list[tuple[int, int] | None] | None = None
    layers = LAYERS
    if pred is not None and gold["entities"] and pred["entities"]:
        # the usual case, without the general loop's bookkeeping: entities with offsets
        p_spans = list(map(_SPAN, pred["entities"]))
        if None not in map(_FIRST, p_spans):
            score.layers["entities"] = score_layer(list(map(_SPAN, gold["entities"])), p_spans, text, min_iou=options.min_iou)
            layers = _OTHER_LAYERS
    for layer in layers:
        gold_spans = gold[layer]
        pred_spans = pred[layer] if pred is not None else []
        if not gold_spans and not pred_spans:
            continue  # nothing to score: the layer contributes zeros
        entities = layer == "entities"
        if entities:
            g_spans = list(map(_SPAN, gold_spans))
        else:
            fixed = LAYER_LABEL[layer]
            g_spans = [(g["start"], g["end"], fixed) for g in gold_spans]
        p_index: list[int] = []  # position of each placed prediction in the record's list
        unplaced: list[str] = []
        if entities:
            p_spans = list(map(_SPAN, pred_spans))
            anchored = None in map(_FIRST, p_spans)
        else:
            anchored = None in map(_START, pred_spans)
        if anchored:
            finder = finder or Finder(text)
            stats = AlignStats()
            placed = align_spans(finder, pred_spans, stats)
            p_spans = []
            for i, (p, where) in enumerate(zip(pred_spans, placed)):
                if where is None:
                    unplaced.append(span_label(layer, p))
                else:
                    p_spans.append((where[0], where[1], span_label(layer, p)))
                    p_index.append(i)
        else:
            placed = None
            if not entities:
                p_spans = [(p["start"], p["end"], fixed) for p in pred_spans]
            p_index = list(range(len(pred_spans))) if not entities else []
        if entities:
            placed_entities = placed
        keyed = layer != "entities"
        result = score_layer(
            g_spans,
            p_spans,
            text,
            min_iou=options.min_iou,
            unplaced=unplaced,
            gold_keys=[_key(layer, g) for g in gold_spans] if keyed else None,
            pred_keys=[_key(layer, pred_spans[i]) for i in p_index] if keyed else None,
        )
        if keyed and unplaced and p_index:  # back to positions in the record's list
            result._matched = [(g, p_index[p]) for g, p in result.matched]
        score.layers[layer] = result
        if anchored:
            score.alignment[layer] = stats
            if score.placed is None:
                score.placed = {}
            score.placed[layer] = placed
        if layer != "entities":
            _attributes(layer, gold, pred, result, placed_entities, placed, text, options, score)
    return score


def _attributes(
    layer: str,
    gold: Any,
    pred: Any,
    result: LayerResult,
    placed_entities: list[tuple[int, int] | None] | None,
    placed: list[tuple[int, int] | None] | None,
    text: str,
    options: Options,
    score: DocScore,
) -> None:
    gold_spans = gold[layer]
    pred_spans = pred[layer] if pred is not None else []
    acc = {name: Accuracy() for name in ATTRIBUTES[layer]}
    e2e = EndToEnd(actual=len(pred_spans), possible=len(gold_spans))
    if layer == "quotes" and result.matched:
        gold_mentions = entity_mentions(gold["entities"])
        all_gold = list(gold_mentions.values())
        pred_mentions = entity_mentions(pred["entities"], placed_entities) if pred is not None else {}
    for gi, pi in result.matched:
        g, p = gold_spans[gi], pred_spans[pi]
        if layer == "quotes":
            ok = {
                "speaker": speaker_correct(resolve_ref(g["speaker"], gold_mentions), resolve_ref(p["speaker"], pred_mentions), all_gold),
                "cue": cue_correct(g["cue"], p["cue"], text),
                "kind": g["kind"] == p["kind"],
            }
            headline = ok["speaker"]
        else:
            ok = {
                "value": value_correct(g["value"], p["value"], options.rel_tol),
                "unit": g["unit"] == p["unit"],
                "kind": g["kind"] == p["kind"],
            }
            headline = ok["value"]
        for name, good in ok.items():
            acc[name].total += 1
            acc[name].correct += good
            if not good:
                where = placed[pi] if placed is not None else (p["start"], p["end"])
                values = _values(layer, name, g, p, gold_mentions if layer == "quotes" else None, pred_mentions if layer == "quotes" else None)
                score.attribute_errors.append((layer, name, (g["start"], g["end"], g["text"]), (*(where or (None, None)), p["text"]), *values))
        e2e.correct += headline
    for name, a in acc.items():
        score.attributes[f"{layer}.{name}"] = a
    score.end_to_end[layer] = e2e


def _mention(m: Any) -> dict[str, Any] | None:
    """A speaker (resolved mention tuple) or cue (span dict) as ``{start, end, text}``."""
    if m is None:
        return None
    if isinstance(m, tuple):
        return {"start": m[0], "end": m[1], "text": m[2]}
    return {"start": m["start"], "end": m["end"], "text": m["text"]}


def _values(layer: str, name: str, g: Any, p: Any, gold_mentions: Any, pred_mentions: Any) -> tuple[Any, Any]:
    """The gold and predicted value of a wrong attribute, as the error list shows them."""
    if name == "speaker":
        return _mention(resolve_ref(g["speaker"], gold_mentions)), _mention(resolve_ref(p["speaker"], pred_mentions))
    if name == "cue":
        return _mention(g["cue"]), _mention(p["cue"])
    return g[name], p[name]
