"""Drawing the assignments: deterministic for a seed, fair to every annotator.

``overlap`` of the documents (rounded to the nearest whole document) get two annotators,
the rest one. Each annotator's load (documents to annotate) differs from any other's by
at most one; the overlap documents are spread over the pairs of annotators as evenly as
that allows, so that ``annotator agree`` compares every pair. Same seed, same documents,
same annotators: the same assignment.
"""

import random
from itertools import combinations

from annotator.model.assignments import Assignments, DocumentAssignment

SCHEMA_VERSION = "1"


class AssignError(ValueError):
    """Bad input to :func:`assign`; ``str()`` is the message."""


def overlap_count(n_docs: int, overlap: float) -> int:
    """How many of ``n_docs`` documents are double-annotated: ``overlap * n_docs`` rounded half up."""
    return int(overlap * n_docs + 0.5)


def assign(doc_ids: list[str], annotators: list[str], overlap: float, seed: int) -> Assignments:
    """The assignment of ``doc_ids`` (registry order, kept in the result) to ``annotators``."""
    if not annotators:
        raise AssignError("at least one annotator is needed")
    if len(set(annotators)) != len(annotators):
        raise AssignError("an annotator is named twice")
    if not 0.0 <= overlap <= 1.0:
        raise AssignError(f"overlap must be between 0 and 1, not {overlap:g}")
    if overlap > 0 and len(annotators) < 2:
        raise AssignError("double annotation (overlap > 0) needs at least two annotators")
    if len(set(doc_ids)) != len(doc_ids):
        raise AssignError("a document id is repeated")
    rng = random.Random(seed)
    order = list(doc_ids)
    rng.shuffle(order)
    team = list(annotators)
    rng.shuffle(team)  # who gets the extra document when loads cannot be equal
    rank = {a: i for i, a in enumerate(team)}
    load = dict.fromkeys(team, 0)
    pair_use = {pair: 0 for pair in combinations(sorted(team, key=rank.__getitem__), 2)}
    chosen: dict[str, list[str]] = {}
    n_overlap = overlap_count(len(order), overlap)
    for doc in order[:n_overlap]:
        pair = min(pair_use, key=lambda p: (not _keeps_balance(load, p), pair_use[p], load[p[0]] + load[p[1]], rank[p[0]], rank[p[1]]))
        pair_use[pair] += 1
        for a in pair:
            load[a] += 1
        chosen[doc] = list(pair)
    for doc in order[n_overlap:]:
        a = min(team, key=lambda x: (load[x], rank[x]))
        load[a] += 1
        chosen[doc] = [a]
    given = {a: i for i, a in enumerate(annotators)}
    entries = [DocumentAssignment(doc_id=d, annotators=sorted(chosen[d], key=given.__getitem__)) for d in doc_ids]
    return Assignments(schema_version=SCHEMA_VERSION, seed=seed, overlap=float(overlap), annotators=list(annotators), document=entries)


def _keeps_balance(load: dict[str, int], pair: tuple[str, str]) -> bool:
    after = [n + (a in pair) for a, n in load.items()]
    return max(after) - min(after) <= 1


def loads(assignments: Assignments) -> dict[str, int]:
    """Documents per annotator."""
    out = dict.fromkeys(assignments.annotators, 0)
    for entry in assignments.document:
        for a in entry.annotators:
            out[a] += 1
    return out


def pair_counts(assignments: Assignments) -> dict[tuple[str, str], int]:
    """Double-annotated documents per pair of annotators (every pair listed)."""
    out = dict.fromkeys(combinations(assignments.annotators, 2), 0)
    for entry in assignments.document:
        if len(entry.annotators) == 2:
            out[tuple(entry.annotators)] += 1  # type: ignore[index]
    return out
