"""A team's work without a server: assignments (``annotator assign``), per-annotator
annotation files and progress (``annotator status``). Core: never imports textual."""
