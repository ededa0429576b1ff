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
* ``stats``      -- bootstrap intervals, paired comparison of two reports
* ``gates``      -- metric names, ``--fail-under`` / ``--max-drop``
* ``report_model`` -- the JSON report's pydantic model (source of schema/score-report.v1),
  labelled per-document counts
* ``provenance`` -- tool, input files with SHA-256, the run section
* ``views``      -- what every report shows, as rows of cells (escaped per format)
* ``render``, ``markdown``, ``html`` -- table, json, junit; markdown; html reports
* ``reportio``   -- reading JSON reports back, writing several reports from one run
* ``command``    -- the thin typer wrappers ``annotator score`` / ``compare`` / ``report``
"""

from annotator.score.engine import ScoreInputError, ScoreReport, score_files
from annotator.score.gates import check_gates, metrics, parse_gate
from annotator.score.render import render_report
from annotator.score.stats import bootstrap_intervals, compare_reports

__all__ = [
    "ScoreInputError",
    "ScoreReport",
    "bootstrap_intervals",
    "check_gates",
    "compare_reports",
    "metrics",
    "parse_gate",
    "render_report",
    "score_files",
]
