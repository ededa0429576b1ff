import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def every_json_report_validates(monkeypatch):
    """Every JSON score report any test of this directory writes is checked against the
    checked-in schema (issue 15), not only the reports of the tests that look at it."""
    from annotator.score import render
    from reportkit import valid_report

    real = render.render_score_json

    def checked(report):
        text = real(report)
        valid_report(text)
        return text

    monkeypatch.setattr(render, "render_score_json", checked)
