"""annotator.score: scoring extractor output against the gold set (issue #5).

Pure core (never imports Textual). Modules, from the bottom up:

* ``counts``     -- Counts (correct, incorrect, partial, missed, spurious), Accuracy, EndToEnd
* ``match``      -- overlapping pairs (pairwise / binary search / sweep), components, Hungarian
* ``schemes``    -- the optimal matching of one layer and its judgement under the seven schemes
* ``align``      -- string-anchored predictions aligned to the document
* ``attributes`` -- quote speaker / cue / kind, claim value / unit / kind
* ``document``   -- one document, every layer
* ``aggregate``  -- running totals, per-label rows, confusion, per-document vectors
* ``engine``     -- reading and validating GOLD / PRED in lockstep, ``score_files``
* ``shard``      -- which documents a shard scores (a stable hash of doc_id, read from the raw line)
* ``merge``      -- JSON reports of disjoint documents merged exactly (``merge_reports``)
* ``partial``    -- the API for engines: ``score_records`` of (gold, prediction, text) triples
* ``parallel``   -- ``--jobs N``: shards in N processes, merged
* ``stats``      -- bootstrap intervals, paired comparison of two reports
* ``gates``      -- metric names, ``--fail-under`` / ``--max-drop``
* ``report_model`` -- the JSON report's pydantic model (source of schema/score-report.v1)
* ``report_format`` -- what writing a report needs without the model: its identifiers, key
  order, top-level keys (``report_dict``) and labelled per-document counts
* ``provenance`` -- tool, input files with SHA-256, the run section
* ``views``      -- what every report shows, as rows of cells (escaped per format)
* ``render``, ``markdown``, ``html`` -- table, json, junit; markdown; html reports
* ``reportio``   -- reading JSON reports back, writing several reports from one run
* ``command``    -- the thin typer wrappers ``annotator score`` / ``compare`` / ``report``
"""

import importlib
from typing import Any

#: public name -> its module (imported on first use: ``annotator score --help`` imports none)
_EXPORTS = {
    "ScoreInputError": "engine",
    "ScoreReport": "engine",
    "UnreadableInput": "engine",
    "score_files": "engine",
    "check_gates": "gates",
    "metrics": "gates",
    "parse_gate": "gates",
    "render_report": "render",
    "bootstrap_intervals": "stats",
    "compare_reports": "stats",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"annotator.score.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'annotator.score' has no attribute {name!r}")


__all__ = [
    "ScoreInputError",
    "ScoreReport",
    "UnreadableInput",
    "bootstrap_intervals",
    "check_gates",
    "compare_reports",
    "metrics",
    "parse_gate",
    "render_report",
    "score_files",
]
