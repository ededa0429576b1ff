"""The team's assignments (``corpus/assignments.toml``): which annotator annotates which documents.

Written by ``annotator assign``, read by ``annotator status``; the one source of truth of the
format (``schema/assignments.v1.schema.json`` is generated from it). Documented in
``docs/team.md``.
"""

from typing import Annotated, Literal

from pydantic import Field, StrictFloat, StrictInt, StrictStr, model_validator

from annotator.model.base import DocId, Record

#: An annotator's name is also the name of their file, ``annotations/<name>.jsonl``: letters,
#: digits, ``.``, ``_`` and ``-``, starting with a letter or digit (no path, no hidden file).
ANNOTATOR_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
AnnotatorName = Annotated[StrictStr, Field(pattern=ANNOTATOR_NAME_PATTERN)]


class DocumentAssignment(Record):
    """One ``[[document]]`` table: a document and the annotators who annotate it."""

    doc_id: DocId = Field(description="Id of the document in the corpus registry (documents.jsonl).")
    annotators: list[AnnotatorName] = Field(min_length=1, description="Who annotates it; two for a document of the overlap (double annotation).")

    @model_validator(mode="after")
    def _distinct(self) -> "DocumentAssignment":
        if len(set(self.annotators)) != len(self.annotators):
            raise ValueError(f"annotators: a name is repeated for document {self.doc_id!r}")
        return self


class Assignments(Record):
    """The whole ``assignments.toml``."""

    schema_version: Literal["1"] = Field(description="Version of this format; always the string \"1\".")
    seed: StrictInt = Field(description="Seed the assignment was drawn with (same seed, corpus and annotators: same file).")
    overlap: StrictFloat = Field(ge=0.0, le=1.0, description="Fraction of the documents annotated by two annotators.")
    annotators: list[AnnotatorName] = Field(min_length=1, description="Every annotator of the team; each writes annotations/<name>.jsonl.")
    document: list[DocumentAssignment] = Field(default_factory=list, description="One entry per document, in registry order.")

    @model_validator(mode="after")
    def _consistent(self) -> "Assignments":
        if len(set(self.annotators)) != len(self.annotators):
            raise ValueError("annotators: a name is repeated")
        team = set(self.annotators)
        seen: set[str] = set()
        for entry in self.document:
            if entry.doc_id in seen:
                raise ValueError(f"document: {entry.doc_id!r} is assigned twice")
            seen.add(entry.doc_id)
            unknown = [a for a in entry.annotators if a not in team]
            if unknown:
                raise ValueError(f"document: {entry.doc_id!r} is assigned to {unknown[0]!r}, who is not in annotators")
        return self

    def documents_of(self, annotator: str) -> list[str]:
        """The documents assigned to ``annotator``, in file order."""
        return [d.doc_id for d in self.document if annotator in d.annotators]
