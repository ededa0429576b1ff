"""Counts of one scheme (SemEval-2013 style) and the metrics derived from them."""

from dataclasses import dataclass

#: The count fields, in the order they are stored in compact per-document vectors.
COUNT_FIELDS = ("correct", "incorrect", "partial", "missed", "spurious")


def prf(credit: float, actual: int, possible: int) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``credit`` matched units; 0.0 where undefined."""
    precision = credit / actual if actual else 0.0
    recall = credit / possible if possible else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(slots=True)
class Counts:
    """correct, incorrect, partial, missed, spurious of one scheme; partial matches earn half credit."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def credit(self) -> float:
        return self.correct + 0.5 * self.partial

    def metrics(self) -> tuple[float, float, float]:
        return prf(self.credit, self.actual, self.possible)

    def add(self, other: "Counts") -> None:
        self.correct += other.correct
        self.incorrect += other.incorrect
        self.partial += other.partial
        self.missed += other.missed
        self.spurious += other.spurious

    def as_list(self) -> list[int]:
        return [self.correct, self.incorrect, self.partial, self.missed, self.spurious]

    @classmethod
    def from_list(cls, values: list[int]) -> "Counts":
        return cls(*values)

    def as_dict(self) -> dict[str, float | int]:
        p, r, f = self.metrics()
        return {
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
            "possible": self.possible,
            "actual": self.actual,
            "precision": p,
            "recall": r,
            "f1": f,
        }


@dataclass(slots=True)
class Accuracy:
    """An attribute judged on matched pairs: ``correct`` out of ``total``."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, other: "Accuracy") -> None:
        self.correct += other.correct
        self.total += other.total

    def as_dict(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass(slots=True)
class EndToEnd:
    """A span and its attribute both right: ``correct`` of ``actual`` predictions and ``possible`` gold items."""

    correct: int = 0
    actual: int = 0
    possible: int = 0

    def add(self, other: "EndToEnd") -> None:
        self.correct += other.correct
        self.actual += other.actual
        self.possible += other.possible

    def as_dict(self) -> dict[str, float | int]:
        p, r, f = prf(self.correct, self.actual, self.possible)
        return {"correct": self.correct, "actual": self.actual, "possible": self.possible, "precision": p, "recall": r, "f1": f}
