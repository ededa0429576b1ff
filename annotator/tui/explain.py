"""What a form field expects, in words and with an example, instead of pydantic's raw errors."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

DATE = "an ISO-8601 date: a year (2019), a month (2023-08), a day (2024-01-15) or an interval (2024-01/2024-06)"
NUMBER = "a number in digits, e.g. 153, 2.5 or 2500000000 (no words, no unit)"
EXPECTED = {
    "time": "an ISO-8601 date, interval or duration, e.g. 2024-01/2024-06, 2023-08, 2024-01-15 or P2D (two days), or empty",
    "unit": "a lowercase English word, e.g. attack, day, usd (or empty)",
    "kind": "one of the listed kinds",
    "place": "entity ids of the document",
    "source": "the id of an entity of the document",
}


def expected(field: str, data: dict[str, Any]) -> str:
    if field == "value":
        return DATE if data.get("kind") == "date" else NUMBER
    return EXPECTED.get(field, "a valid value")


def explain(error: ValidationError, data: dict[str, Any]) -> str:
    """One line per wrong field: ``value: expected ...; you typed '...'``."""
    seen: list[str] = []
    lines: list[str] = []
    for e in error.errors(include_url=False):
        field = str(e["loc"][0]) if e["loc"] else ""
        if field in seen:
            continue
        seen.append(field)
        typed = data.get(field)
        got = f"; you typed {typed!r}" if isinstance(typed, str) else (f"; got {typed}" if typed is not None else "")
        lines.append(f"{field}: expected {expected(field, data)}{got}")
    return "\n".join(lines) or "the claim is not valid"
