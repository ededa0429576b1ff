"""The annotation guidelines (``docs/guidelines.md``) as the annotator shows them: where they
are found, their sections, and the section for a layer. Core: never imports textual."""
