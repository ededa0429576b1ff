"""The entity label set a corpus can configure (``labels.toml`` next to ``documents.jsonl``)."""

import tomllib
from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from annotator.model.base import Record, Str


class Label(Record):
    name: Str = Field(pattern=r"^[A-Z][A-Z0-9_-]*$", description="Label name as stored in records (e.g. 'PER').")
    key: Str | None = Field(default=None, pattern=r"^[1-9]$", description="Key that marks the selection with this label in the annotator.")
    color: Str = Field(default="#888888", pattern=r"^#[0-9a-fA-F]{6}$", description="Highlight colour in the annotator.")
    description: Str = Field(default="", description="What the label covers (shown in help).")


class LabelSet(Record):
    labels: list[Label] = Field(min_length=1)

    @field_validator("labels")
    @classmethod
    def _unique(cls, labels: list[Label]) -> list[Label]:
        names = [label.name for label in labels]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"duplicate label names: {', '.join(dupes)}")
        return labels

    @model_validator(mode="after")
    def _keys(self) -> "LabelSet":
        keys = [label.key for label in self.labels if label.key]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"duplicate label keys: {', '.join(dupes)}")
        return self

    @property
    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    @cached_property
    def name_set(self) -> frozenset[str]:
        """The label names as a set (computed once: every record's labels are checked against it)."""
        return frozenset(label.name for label in self.labels)

    def by_key(self, key: str) -> Label | None:
        """The label bound to ``key`` ('1'..'9'); labels without a key take the free keys in order."""
        return self.keymap().get(key)

    def keymap(self) -> dict[str, Label]:
        explicit = {label.key: label for label in self.labels if label.key}
        free = iter(k for k in "123456789" if k not in explicit)
        result = dict(explicit)
        for label in self.labels:
            if not label.key:
                k = next(free, None)
                if k is None:
                    break
                result[k] = label
        return dict(sorted(result.items()))

    def get(self, name: str) -> Label | None:
        return next((label for label in self.labels if label.name == name), None)

    @classmethod
    def load(cls, path: Path) -> "LabelSet":
        """Read a ``labels.toml`` file: ``[[label]]`` tables with name, key, color, description."""
        with path.open("rb") as f:
            data = tomllib.load(f)
        return cls.model_validate({"labels": data.get("label", [])}, strict=False)


DEFAULT_LABELS = LabelSet(
    labels=[
        Label(name="PER", key="1", color="#5fafff", description="Person"),
        Label(name="ORG", key="2", color="#d7af5f", description="Organisation (armed groups, ministries, forces, media)"),
        Label(name="GPE", key="3", color="#87d787", description="Geo-political entity (country, city, region with a government)"),
        Label(name="LOC", key="4", color="#d787d7", description="Location without a government (rivers, mountains, areas)"),
        Label(name="EVENT", key="5", color="#ff8787", description="Named event (operations, conferences, wars)"),
    ]
)
