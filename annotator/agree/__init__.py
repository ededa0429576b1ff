"""annotator.agree: inter-annotator agreement (issue #12). Pure core (never imports Textual).

* ``coefficients`` -- Cohen's and Fleiss' kappa, Krippendorff's alpha (nominal)
* ``units``        -- the code-point runs the unitized alpha is computed over
* ``inputs``       -- reading annotators' files, grouping by (doc_id, annotator)
* ``document``     -- one document: every pair scored by the scorer, additive tallies
* ``report``       -- metrics of summed tallies, per-pair tables, ranking, bootstrap, gates
* ``compute``      -- ``agree_files`` and the curation report (``--against GOLD``)
* ``render``       -- table, json, markdown, html
* ``command``      -- the thin typer wrapper ``annotator agree``


Entry points: ``annotator.agree.compute.agree_files`` (the report), ``annotator.agree.render``.
Nothing is imported here, so that ``annotator agree --help`` stays fast.
"""
