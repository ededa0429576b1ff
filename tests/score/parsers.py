"""Real parsers for the report formats: two GitHub-flavoured Markdown renderers (cmark-gfm,
GitHub's own, through cmarkgfm; markdown-it-py in its GFM-like mode) with raw HTML let
through, so an injection would show; and an HTML tree of what a browser would build."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source"}


def gfm_renderings(markdown: str) -> dict[str, str]:
    return {
        "cmark-gfm": cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE),
        "markdown-it": MarkdownIt("gfm-like", {"html": True}).render(markdown),
    }


@dataclass
class Tree:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # cell texts of every table row
    rtl_texts: list[str] = field(default_factory=list)  # text inside elements with dir="rtl"


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tree = Tree()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.cell: list[str] | None = None
        self.rtl_depth = 0
        self.rtl_buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tree.tags.append((tag, a))
        if tag in VOID:
            return
        self.stack.append((tag, a))
        if tag == "tr":
            self.tree.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        if a.get("dir") == "rtl":
            self.rtl_depth += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, a = self.stack.pop()
            if a.get("dir") == "rtl":
                self.rtl_depth -= 1
                if not self.rtl_depth:
                    self.tree.rtl_texts.append("".join(self.rtl_buffer))
                    self.rtl_buffer = []
            if open_tag in ("td", "th") and self.cell is not None:
                self.tree.rows[-1].append("".join(self.cell))
                self.cell = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.tree.text += data
        if self.cell is not None:
            self.cell.append(data)
        if self.rtl_depth:
            self.rtl_buffer.append(data)


def html_tree(html: str) -> Tree:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.tree


def junit_cases(xml: str) -> list[tuple[str, bool, str]]:
    """(name, passed, failure message) of every test case, as junitparser (a JUnit consumer
    library) reads the report; it also recomputes the suite's counts, which must agree."""
    from junitparser import Failure, JUnitXml

    report = JUnitXml.fromstring(xml)  # the root is <testsuites>: it iterates over the suites
    cases = []
    for suite in report:
        recounted = suite.tests, suite.failures
        suite.update_statistics()
        assert (suite.tests, suite.failures) == recounted, "the suite's counts do not match its test cases"
        for case in suite:
            failures = [r for r in case.result if isinstance(r, Failure)]
            cases.append((case.name, case.is_passed, failures[0].message if failures else ""))
    return cases
