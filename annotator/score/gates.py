"""Metric names, and the CI gates: ``--fail-under METRIC=VALUE`` and ``--max-drop METRIC=DELTA``.

Metric names are dotted paths into the report:

* ``LAYER.SCHEME.FIELD`` -- LAYER is entities, quotes or claims; SCHEME one of strict, exact,
  partial, type, overlap, boundary-lenient, normalized; FIELD one of correct, incorrect,
  partial, missed, spurious, possible, actual, precision, recall, f1
* ``LAYER.SCHEME.macro_precision`` / ``macro_recall`` / ``macro_f1`` -- mean over labels
* ``LAYER.SCHEME.LABEL.FIELD`` -- one label's row (``entities.strict.PER.f1``)
* ``quotes.speaker.accuracy``, ``quotes.cue.accuracy``, ``quotes.kind.accuracy``,
  ``claims.value.accuracy``, ``claims.unit.accuracy``, ``claims.kind.accuracy`` (also ``.correct``, ``.total``)
* ``quotes.end_to_end.f1`` (quote + speaker), ``claims.end_to_end.f1`` (claim + value),
  also ``.precision`` and ``.recall``
"""

from dataclasses import dataclass
from typing import Any

from annotator.text.visible import visible


class GateError(ValueError):
    """A gate that cannot be parsed or names an unknown metric (a usage error, exit 2)."""


def metrics(report: dict[str, Any]) -> dict[str, float]:
    """Every named metric of a report."""
    out: dict[str, float] = {}
    for layer, body in (report.get("layers") or {}).items():
        for scheme, entry in body.get("schemes", {}).items():
            for key, value in entry.items():
                if isinstance(value, int | float):
                    out[f"{layer}.{scheme}.{key}"] = value
            for key, value in entry.get("macro", {}).items():
                out[f"{layer}.{scheme}.macro_{key}"] = value
            for label, row in entry.get("labels", {}).items():
                for key, value in row.items():
                    out[f"{layer}.{scheme}.{label}.{key}"] = value
        for attr, row in body.get("attributes", {}).items():
            for key, value in row.items():
                out[f"{layer}.{attr}.{key}"] = value
        for key, value in body.get("end_to_end", {}).items():
            out[f"{layer}.end_to_end.{key}"] = value
    return out


@dataclass(frozen=True)
class Gate:
    kind: str  # "fail-under" or "max-drop"
    metric: str
    threshold: float

    @property
    def name(self) -> str:
        return f"{self.kind} {self.metric}={self.threshold:g}"


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    passed: bool
    value: float
    baseline: float | None = None

    @property
    def reason(self) -> str:
        """What was measured against what was asked: "entities.strict.f1 = 0.9730, must be >= 0.99"."""
        g = self.gate
        if g.kind == "fail-under":
            return f"{g.metric} = {self.value:.4f}, must be >= {g.threshold:g}"
        drop = (self.baseline or 0.0) - self.value
        return f"{g.metric} = {self.value:.4f}, baseline {self.baseline:.4f}, drop {drop:+.4f}, at most {g.threshold:g}"

    @property
    def message(self) -> str:
        return f"{self.reason}: {'ok' if self.passed else 'FAILED'}"


def verdict(results: list[GateResult], reasons: list[str] | None = None) -> str:
    """The gates' verdict for a summary line on stderr: "2 gates passed, 1 failed:
    entities.strict.f1 = 0.8123, must be >= 0.9" (the failed gates named: a CI log shows why
    the job is red without opening a report). ``reasons``: each result's, when the command
    words them itself."""
    from annotator.text.words import count

    if not results:
        return "no gates"
    reasons = reasons or [r.reason for r in results]
    failed = [visible(reason) for r, reason in zip(results, reasons) if not r.passed]
    named = ": " + "; ".join(failed) if failed else ""
    return f"{count(len(results) - len(failed), 'gate')} passed, {len(failed)} failed{named}"


def parse_gate(kind: str, text: str) -> Gate:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise GateError(f"--{kind} {text!r}: expected METRIC=VALUE, e.g. entities.strict.f1=0.8")
    try:
        threshold = float(value)
    except ValueError:
        raise GateError(f"--{kind} {text!r}: {value.strip()!r} is not a number") from None
    return Gate(kind, name, threshold)


def check_gates(report: dict[str, Any], gates: list[Gate], baseline: dict[str, Any] | None = None) -> list[GateResult]:
    """Evaluate every gate; unknown metric names raise GateError (with the closest names)."""
    values = metrics(report)
    base = metrics(baseline) if baseline is not None else {}
    results = []
    for gate in gates:
        if gate.metric not in values:
            raise GateError(f"unknown metric {visible(repr(gate.metric))}{_suggest(gate.metric, values)}")
        value = values[gate.metric]
        if gate.kind == "fail-under":
            results.append(GateResult(gate, value >= gate.threshold, value))
        else:
            if baseline is None:
                raise GateError(f"--max-drop {gate.metric}: needs --baseline REPORT.json")
            if gate.metric not in base:
                raise GateError(f"--max-drop {gate.metric}: the baseline report has no such metric")
            before = base[gate.metric]
            results.append(GateResult(gate, before - value <= gate.threshold + 1e-12, value, before))
    return results


def _suggest(name: str, values: dict[str, float]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(values), n=3)
    return f" (did you mean {', '.join(map(visible, close))}?)" if close else " (see docs/scoring.md for metric names)"
