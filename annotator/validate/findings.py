"""A problem found in a file, and its one-line rendering ``FILE:LINE: field.path: message``."""

from dataclasses import asdict, dataclass
from enum import StrEnum

from annotator.text.visible import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int | None  # None for a problem of the whole file
    message: str
    path: str = ""  # field path inside the record, e.g. "entities[3].text"
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """One line, safe to print: every string from a file (names, ids, labels, texts) has
        its control, bidi formatting and lone surrogate characters escaped (``visible``)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.path}: " if self.path else ""
        level = "warning: " if self.severity is Severity.WARNING else ""
        return visible(f"{where}: {what}{level}{self.message}")

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
