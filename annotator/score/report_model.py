"""The JSON score report (``--report json``, what ``--baseline``, ``compare`` and
``annotator report`` read): its pydantic model, the one source of
``schema/score-report.v1.schema.json`` and ``schema/comparison.v1.schema.json``.

In memory the scorer keeps each document's counts as compact vectors (``aggregate.Totals``);
in the file they are labelled (:func:`label_vector`) and read back with :func:`flat_vector`
(both in :mod:`annotator.score.report_format`, which a scoring run imports instead of this
module: it needs no pydantic model unless it reads a report back).
Everything that differs between two runs on the same inputs (date, elapsed time, Python)
is in ``run``; the rest of a report is a function of the inputs and the options.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# the format's identifiers, key order and per-document vectors live in a module without
# pydantic (what a scoring run needs, about 20 ms less to import); re-exported here
from annotator.score.report_format import (COMPARISON_FORMAT, COMPARISON_VERSION, REPORT_FORMAT, REPORT_KEYS,  # noqa: F401
                                           REPORT_VERSION, flat_vector, label_vector, label_vector_json)

LayerName = Literal["entities", "quotes", "claims"]
SchemeName = Literal["strict", "exact", "partial", "type", "overlap", "boundary-lenient", "normalized"]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Count = Annotated[int, Field(ge=0)]


def _f(description: str, **kw: Any) -> Any:
    return Field(description=description, **kw)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SchemeCounts(_Model):
    """Counts of one scheme (or one label's row) and the metrics derived from them."""

    correct: Count = _f("Matched pairs judged correct.")
    incorrect: Count = _f("Matched pairs judged incorrect.")
    partial: Count = _f("Matched pairs judged partial (half credit; the partial scheme only).")
    missed: Count = _f("Gold spans with no matched prediction.")
    spurious: Count = _f("Predictions with no matched gold span (also unplaced string-anchored ones).")
    possible: Count = _f("Gold spans: correct + incorrect + partial + missed.")
    actual: Count = _f("Predicted spans: correct + incorrect + partial + spurious.")
    precision: Fraction = _f("(correct + 0.5 partial) / actual; 0 when undefined.")
    recall: Fraction = _f("(correct + 0.5 partial) / possible; 0 when undefined.")
    f1: Fraction = _f("Harmonic mean of precision and recall; 0 when undefined.")


class Macro(_Model):
    precision: Fraction = _f("Mean of the per-label precisions.")
    recall: Fraction = _f("Mean of the per-label recalls.")
    f1: Fraction = _f("Mean of the per-label F1s.")


class SchemeEntry(SchemeCounts):
    """Micro totals of one scheme, its macro averages and its per-label rows (they add up to the totals)."""

    macro: Macro = _f("Macro averages over labels.")
    labels: dict[str, SchemeCounts] = _f("Label -> its row: a matched pair under its gold label, a spurious prediction under its own.")


class Alignment(_Model):
    aligned: Count = _f("String-anchored predictions whose text occurs once.")
    ambiguous: Count = _f("String-anchored predictions whose text occurs several times (the first free one was taken).")
    not_found: Count = _f("String-anchored predictions with no free occurrence (spurious).")


class AttributeAccuracy(_Model):
    correct: Count = _f("Matched pairs with the right attribute.")
    total: Count = _f("Matched pairs judged.")
    accuracy: Fraction = _f("correct / total; 0 when there is none.")


class EndToEnd(_Model):
    correct: Count = _f("Gold items matched by a prediction with the right headline attribute (quotes: speaker, claims: value).")
    actual: Count = _f("Predicted items.")
    possible: Count = _f("Gold items.")
    precision: Fraction = _f("correct / actual.")
    recall: Fraction = _f("correct / possible.")
    f1: Fraction = _f("Harmonic mean of precision and recall.")


class Confusion(_Model):
    labels: list[str] = _f("Entity labels seen in the gold or the predictions, sorted.")
    none: str = _f("The row / column name of 'no span' (a miss is gold -> none, a spurious prediction none -> predicted).")
    matrix: dict[str, dict[str, Count]] = _f("Gold label -> predicted label -> matched pairs (only non-zero cells).")


class Layer(_Model):
    schemes: dict[SchemeName, SchemeEntry] = _f("Every scheme's counts.")
    alignment: Alignment = _f("How string-anchored predictions were placed.")
    attributes: dict[str, AttributeAccuracy] | None = _f("Quotes: speaker, cue, kind; claims: value, unit, kind.", default=None)
    end_to_end: EndToEnd | None = _f("Span and headline attribute both right (quotes, claims).", default=None)
    confusion: Confusion | None = _f("The label confusion matrix (entities).", default=None)


class Layers(_Model):
    entities: Layer = _f("Entity mentions.")
    quotes: Layer = _f("Quotes (constant label QUOTE).")
    claims: Layer = _f("Numeric claims (constant label CLAIM).")


class ErrorSpan(_Model):
    start: int | None = _f("Start offset (code points into the NFC document text).")
    end: int | None = _f("End offset, exclusive.")
    label: str = _f("The span's label (QUOTE / CLAIM for quotes and claims).")
    text: str = _f("The span's text.")


class ErrorItem(_Model):
    """One error: a span that is incorrect (strict), missed or spurious, or a matched pair with a wrong attribute."""

    doc_id: str = _f("The document.")
    layer: LayerName = _f("entities, quotes or claims.")
    outcome: Literal["incorrect", "missed", "spurious", "attribute"] = _f("What is wrong.")
    attribute: str | None = _f("For outcome 'attribute': speaker, cue, kind, value or unit.", default=None)
    gold: ErrorSpan | None = _f("The gold span (null for a spurious prediction).")
    pred: ErrorSpan | None = _f("The predicted span (null for a miss).")
    gold_value: Any = _f("For outcome 'attribute': the gold value (a mention {start, end, text} for speaker and cue).", default=None)
    pred_value: Any = _f("For outcome 'attribute': the predicted value.", default=None)


class DocCounts(_Model):
    correct: Count = _f("Correct pairs in this document.")
    incorrect: Count = _f("Incorrect pairs in this document.")
    partial: Count = _f("Partial pairs in this document.")
    missed: Count = _f("Missed gold spans in this document.")
    spurious: Count = _f("Spurious predictions in this document.")


class DocAttribute(_Model):
    correct: Count = _f("Matched pairs with the right attribute.")
    total: Count = _f("Matched pairs judged.")


class DocEndToEnd(_Model):
    correct: Count = _f("Gold items with a matched prediction with the right headline attribute.")
    actual: Count = _f("Predicted items.")
    possible: Count = _f("Gold items.")


class DocLayer(_Model):
    schemes: dict[SchemeName, DocCounts] | None = _f("Counts of every scheme (absent: nothing to score in this layer).", default=None)
    attributes: dict[str, DocAttribute] | None = _f("Attribute counts (quotes, claims).", default=None)
    end_to_end: DocEndToEnd | None = _f("End-to-end counts (quotes, claims).", default=None)


class Documents(_Model):
    scored: Count = _f("Gold documents scored.")
    missing_predictions: list[str] = _f("Gold documents without a prediction record (all missed).")
    unscored_predictions: list[str] = _f("Prediction records for registered documents without gold (ignored).")


class InputFile(_Model):
    path: str = _f("The file as named on the command line (a directory is expanded to its files).")
    sha256: str | None = _f("SHA-256 of the file's bytes (null for a pipe, which cannot be read twice).", pattern="^[0-9a-f]{64}$")
    bytes: Count | None = _f("Size in bytes (null for a pipe).")


class Inputs(_Model):
    gold: list[InputFile] = _f("Gold annotation files.")
    pred: list[InputFile] = _f("Prediction files.")
    documents: InputFile | None = _f("The document registry used (null: texts embedded in the gold).", default=None)
    baseline: InputFile | None = _f("The --baseline report, if any.", default=None)


class Options(_Model):
    min_iou: float = _f("Minimum intersection-over-union of the overlap scheme.")
    rel_tol: float = _f("Relative tolerance of numeric claim values.")
    bootstrap: Count = _f("Bootstrap samples (0: none).")
    seed: int = _f("Seed of the bootstrap.")


class Provenance(_Model):
    tool: Literal["annotator"] = _f("The program that wrote the report.")
    distribution: str = _f("Its package name on the package index.")
    version: str = _f("Its version.")
    inputs: Inputs = _f("Every input file with its SHA-256.")
    options: Options = _f("Options that change the scores.")


class Shard(_Model):
    index: Annotated[int, Field(ge=1)] = _f("Which shard of the documents this report holds (1-based, --shard INDEX/COUNT).")
    count: Annotated[int, Field(ge=1)] = _f("Into how many shards the documents were split.")


class Bootstrap(_Model):
    samples: Count = _f("Bootstrap samples.")
    seed: int = _f("Seed.")
    level: float = _f("Confidence level of the intervals.")
    unit: Literal["document"] = _f("What is resampled.")
    intervals: dict[str, tuple[float, float]] = _f("Metric -> [low, high] percentile interval.")


class MetricComparison(_Model):
    a: float = _f("The metric in report A (the baseline).")
    b: float = _f("The metric in report B (the new run).")
    difference: float = _f("B - A over the documents both reports scored.")
    interval: tuple[float, float] = _f("95% paired bootstrap interval of the difference.")
    p_value: float = _f("Two-sided bootstrap p-value of the difference.", ge=0.0, le=1.0)


class Comparison(_Model):
    """``annotator compare`` (and ``score --baseline``): paired differences B - A."""

    format: Literal["annotator-comparison"] = _f("Always annotator-comparison.")
    version: Literal[1] = _f("Format version.")
    documents: Count = _f("Documents in both reports (the paired sample).")
    only_a: Count = _f("Documents only in A (not compared).")
    only_b: Count = _f("Documents only in B (not compared).")
    samples: Count = _f("Bootstrap samples.")
    seed: int = _f("Seed of the bootstrap.")
    level: float = _f("Confidence level of the intervals.")
    warning: str | None = _f("Set when the sample is too small for the interval and p-value to mean much.", default=None)
    metrics: dict[str, MetricComparison] = _f("Headline metric -> comparison.")


class Gate(_Model):
    name: str = _f("The gate as given (kind metric=threshold).")
    kind: Literal["fail-under", "max-drop"] = _f("--fail-under or --max-drop.")
    metric: str = _f("Metric name (layer.scheme.field ...).")
    threshold: float = _f("Minimum value, or maximum drop.")
    value: float = _f("The metric in this run.")
    baseline: float | None = _f("The metric in the baseline (max-drop).")
    passed: bool = _f("Whether the gate passed.")
    message: str = _f("One line for people.")


class Run(_Model):
    """What differs between two runs on the same inputs: kept apart from the comparable part."""

    date: str = _f("When the run started, UTC, ISO 8601.")
    elapsed_seconds: float = _f("Wall-clock time of reading and scoring.")
    python: str = _f("Python version.")
    platform: str = _f("Operating system and machine.")


class ScoreReport(_Model):
    """An ``annotator score`` report."""

    format: Literal["annotator-score-report"] = _f("Always annotator-score-report.")
    version: Literal[1] = _f("Format version.")
    provenance: Provenance = _f("Tool, inputs with SHA-256, options.")
    documents: Documents = _f("Which documents were scored.")
    layers: Layers = _f("Totals of every layer.")
    errors: list[ErrorItem] = _f("Errors (strict scheme, then wrong attributes), the first ones up to a cap.")
    errors_total: Count = _f("Errors in all, listed or not.")
    per_document: dict[str, dict[LayerName, DocLayer]] = _f("doc_id -> its counts, labelled (what the bootstrap and compare resample).")
    document_positions: list[Count] | None = _f(
        "The place in the input of each document of per_document, in the same order (file index * 2^32 + line):"
        " merge-reports lists the documents and errors of merged reports by it.", default=None)
    shard: Shard | None = _f("With --shard: the shard of the documents this report holds.", default=None)
    bootstrap: Bootstrap | None = _f("95% bootstrap intervals (absent with --bootstrap 0).", default=None)
    comparison: Comparison | None = _f("Paired comparison with --baseline.", default=None)
    gates: list[Gate] = _f("Every gate and its verdict.", default_factory=list)
    run: Run = _f("Run-to-run noise: date, elapsed time, Python, platform.")


# Checked here, where the model is loaded (schema generation, reading a report back), and by
# tests/foundation/test_imports_lazy.py: the writer's hand-kept order is the model's.
if REPORT_KEYS != tuple(ScoreReport.model_fields):
    raise RuntimeError(f"annotator.score.report_format.REPORT_KEYS {REPORT_KEYS} differs from the fields of ScoreReport "
                       f"{tuple(ScoreReport.model_fields)}: update it")
