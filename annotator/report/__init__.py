"""Pieces every report format shares (score, compare, and later agreement reports):
escaping of strings from files for each output format, Markdown and HTML tables, and
progress bars. Pure core: no Textual."""
