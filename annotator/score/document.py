"""Scoring one document: every layer under every scheme, attributes, alignment, errors."""

from dataclasses import dataclass, field
from typing import Any

from annotator.score.align import AlignStats, Finder, align_spans
from annotator.score.attributes import cue_correct, entity_mentions, resolve_ref, speaker_correct, value_correct
from annotator.score.counts import Accuracy, EndToEnd
from annotator.score.schemes import Item, LayerResult, score_layer

LAYERS = ("entities", "quotes", "claims")
#: The constant label of quote and claim spans (their kind is an attribute, scored apart).
LAYER_LABEL = {"quotes": "QUOTE", "claims": "CLAIM"}
ATTRIBUTES = {"quotes": ("speaker", "cue", "kind"), "claims": ("value", "unit", "kind")}


@dataclass
class Options:
    min_iou: float = 0.5
    rel_tol: float = 1e-9


@dataclass
class DocScore:
    doc_id: str
    layers: dict[str, LayerResult] = field(default_factory=dict)
    attributes: dict[str, Accuracy] = field(default_factory=dict)  # "quotes.speaker" -> accuracy
    end_to_end: dict[str, EndToEnd] = field(default_factory=dict)  # "quotes" -> quote+speaker
    alignment: dict[str, AlignStats] = field(default_factory=dict)
    confusion: list[tuple[str | None, str | None]] = field(default_factory=list)  # entity (gold, pred) labels
    text: str = ""


def _label(layer: str, span: Any) -> str:
    return span.label if layer == "entities" else LAYER_LABEL[layer]


def _key(layer: str, span: Any) -> tuple:
    if layer == "quotes":
        return (span.kind or "", repr(span.speaker), repr(span.cue))
    if layer == "claims":
        return (span.kind or "", repr(span.value), span.unit or "", repr(span.source))
    return ()


def score_document(gold: Any, pred: Any | None, text: str, options: Options | None = None) -> DocScore:
    """Score ``pred`` (a Prediction, or None: all missed) against ``gold`` (an Annotation)."""
    options = options or Options()
    score = DocScore(gold.doc_id, text=text)
    finder = Finder(text)
    placed_entities: list[tuple[int, int] | None] | None = None
    for layer in LAYERS:
        gold_spans = getattr(gold, layer)
        pred_spans = getattr(pred, layer) if pred is not None else []
        stats = AlignStats()
        placed = align_spans(finder, [(p.start, p.end, p.text) for p in pred_spans], stats) if pred_spans else []
        if layer == "entities":
            placed_entities = placed
        g_items = [Item(g.start, g.end, _label(layer, g), i, text) for i, g in enumerate(gold_spans)]
        p_items, unplaced = [], []
        p_keys = []
        for i, (p, where) in enumerate(zip(pred_spans, placed)):
            if where is None:
                unplaced.append(_label(layer, p))
            else:
                p_items.append(Item(where[0], where[1], _label(layer, p), i, text))
                p_keys.append(_key(layer, p))
        g_keys = [_key(layer, g) for g in gold_spans] if layer != "entities" else None
        result = score_layer(
            g_items, p_items, min_iou=options.min_iou, unplaced=unplaced, gold_keys=g_keys, pred_keys=p_keys or None
        )
        score.layers[layer] = result
        score.alignment[layer] = stats
        if layer == "entities":
            matched_g = {id(g) for g, _ in result.matched}
            matched_p = {id(p) for _, p in result.matched}
            score.confusion = [(g.label, p.label) for g, p in result.matched]
            score.confusion += [(g.label, None) for g in g_items if id(g) not in matched_g]
            score.confusion += [(None, p.label) for p in p_items if id(p) not in matched_p]
            score.confusion += [(None, label) for label in unplaced]
        else:
            _attributes(layer, gold, pred, result, placed_entities, text, options, score)
    return score


def _attributes(
    layer: str,
    gold: Any,
    pred: Any,
    result: LayerResult,
    placed_entities: list[tuple[int, int] | None] | None,
    text: str,
    options: Options,
    score: DocScore,
) -> None:
    gold_spans = getattr(gold, layer)
    pred_spans = getattr(pred, layer) if pred is not None else []
    acc = {name: Accuracy() for name in ATTRIBUTES[layer]}
    e2e = EndToEnd(actual=len(pred_spans), possible=len(gold_spans))
    if layer == "quotes":
        gold_mentions = entity_mentions(gold.entities)
        all_gold = list(gold_mentions.values())
        pred_mentions = entity_mentions(pred.entities, placed_entities) if pred is not None else {}
    for g_item, p_item in result.matched:
        g, p = gold_spans[g_item.index], pred_spans[p_item.index]
        if layer == "quotes":
            ok = {
                "speaker": speaker_correct(resolve_ref(g.speaker, gold_mentions), resolve_ref(p.speaker, pred_mentions), all_gold),
                "cue": cue_correct(g.cue, p.cue, text),
                "kind": g.kind == p.kind,
            }
            headline = ok["speaker"]
        else:
            ok = {
                "value": value_correct(g.value, p.value, options.rel_tol),
                "unit": g.unit == p.unit,
                "kind": g.kind == p.kind,
            }
            headline = ok["value"]
        for name, good in ok.items():
            acc[name].total += 1
            acc[name].correct += good
        e2e.correct += headline
    for name, a in acc.items():
        score.attributes[f"{layer}.{name}"] = a
    score.end_to_end[layer] = e2e
