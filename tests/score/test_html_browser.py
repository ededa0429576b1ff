"""The HTML report in a real browser (headless Chromium over the DevTools protocol) at
1280 and 400 CSS pixels: nothing cut off, wide tables scroll in their own box, Arabic text
is marked and laid out right to left, the charts and the heatmap are there; the screenshots
have the viewport's size. axe-core (installed by .ci/run with npm) finds no violation."""

import hashlib
import json
import os
from pathlib import Path

import pytest

from browser import Browser, chromium_path, png_size
from reportkit import GOLD, score, worse_prediction

ROOT = Path(__file__).resolve().parents[2]
GOLD_SHA = hashlib.sha256(next(GOLD.glob("*.jsonl")).read_bytes()).hexdigest()
AXE = Path(os.environ.get("AXE_CORE_JS", ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))

if chromium_path() is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)", allow_module_level=True)

MEASURE = r"""
(() => {
  const W = innerWidth;
  const boxes = [...document.querySelectorAll("table")].map(t => {
    const box = t.closest(".scroll");
    return {box: !!box, boxWidth: box ? box.clientWidth : 0, tableWidth: t.scrollWidth,
            scrolls: box ? box.scrollWidth > box.clientWidth : false,
            overflowX: box ? getComputedStyle(box).overflowX : ""};
  });
  const arabic = /[\u0600-\u06FF]/;
  const unmarked = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const n = walker.currentNode;
    if (!arabic.test(n.data)) continue;
    const el = n.parentElement.closest('[lang="ar"]');
    if (!el || el.getAttribute("dir") !== "rtl" || getComputedStyle(el).direction !== "rtl") unmarked.push(n.data.slice(0, 40));
  }
  const svgs = [...document.querySelectorAll("svg")].map(s => s.getBoundingClientRect().width);
  const heat = new Set([...document.querySelectorAll("table.heat td")].map(td => getComputedStyle(td).backgroundColor));
  return JSON.stringify({W, pageWidth: document.documentElement.scrollWidth, boxes, unmarked,
    arabicMarked: document.querySelectorAll('[lang="ar"][dir="rtl"]').length, svgs, heatColours: heat.size,
    main: !!document.querySelector("main"), header: !!document.querySelector("header"),
    viewport: !!document.querySelector('meta[name="viewport"]'), text: document.body.innerText});
})()
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("html")
    base = tmp / "base.json"
    assert score(GOLD, report=f"json:{base}")[0] == 0
    worse = worse_prediction(tmp / "pred.jsonl")
    path = tmp / "report.html"
    code, _, err = score(worse, report=f"html:{path}", baseline=base, bootstrap=50, fail_under=["entities.strict.f1=0.9"])
    assert code == 0, err
    return path


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.mark.parametrize("width", [1280, 400])
def test_report_in_chromium(page, browser, width):
    browser.open(page, width, 900)
    m = json.loads(browser.evaluate(MEASURE))
    assert m["W"] == width and m["viewport"] and m["main"] and m["header"]
    assert m["pageWidth"] <= width, "the page is wider than the screen: something is cut off"
    assert m["boxes"] and all(b["box"] and b["boxWidth"] <= width for b in m["boxes"])
    for b in m["boxes"]:  # a table wider than its box scrolls inside it
        if b["tableWidth"] > b["boxWidth"]:
            assert b["scrolls"] and b["overflowX"] in ("auto", "scroll"), b
    if width == 400:
        assert any(b["scrolls"] for b in m["boxes"]), "at 400 px the scheme tables must scroll"
    assert m["unmarked"] == [], "Arabic text outside an element with lang=ar dir=rtl"
    assert m["arabicMarked"] >= 4  # error texts: the relabelled entity, the speaker, the claims
    assert len(m["svgs"]) >= 4 and all(0 < w <= width for w in m["svgs"])  # per label + per document of 3 layers
    assert m["heatColours"] >= 2
    for expected in ("Score report", "Compared with the baseline", "wrong unit", "Label confusion", "strict F1 per document", "Provenance", GOLD_SHA):
        assert expected in m["text"]
    assert png_size(browser.screenshot()) == (width, 900)


def test_axe_core_finds_no_violations(page, browser):
    if not AXE.is_file():  # .ci/run installs it when the npm registry can be reached
        pytest.skip(f"axe-core not installed at {AXE} (npm install --prefix build/axe axe-core)")
    for width in (1280, 400):
        browser.open(page, width, 900)
        browser.evaluate(AXE.read_text(encoding="utf-8"))
        result = browser.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.map("
                                  "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html)}))))", await_promise=True)
        assert json.loads(result) == [], width
