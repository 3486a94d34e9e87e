"""The tagger in a real JupyterLab (Chromium): it reflows at 200% zoom, and it saves a note while the learner types.

**Zoom.** 200% zoom on a 1024x600 screen is a 512x300 CSS viewport with a device scale factor of 2 (BROWSER-NOTES);
with JupyterLab's file browser open, the notebook is then about 180 CSS pixels wide. Lesson 03 is run and every
button, label, menu and field of the tagger must lie inside the notebook's width with nothing cut off (no "..."),
and the chart image must fit (WCAG 1.4.10, reflow). A screenshot is kept in ``test-artifacts/``.

**The note.** A learner clicks a level, clicks into "Why this level?", types, and waits, without leaving the field:
about a second after the last key the note is in the progress file on disk. After a kernel restart and Run All, the
tagger shows it again.

(The file sorts before ``test_browser_tagger.py`` on purpose: that module keeps the harness's session-wide Chromium
alive, and a second Playwright cannot start beside it.)
"""

from __future__ import annotations

import json
import time

import pytest

from lab_harness import ARTIFACTS, ROOT, LabPage, chromium, jupyter_server

pytestmark = pytest.mark.browser

LESSON = ROOT / "notebooks" / "03-tag-the-claims.ipynb"
TAGGER = ".medialit-tagger"
OVERFLOW = """() => {
    const notebook = document.querySelector('.jp-Notebook').getBoundingClientRect();
    const tagger = document.querySelector('.medialit-tagger');
    const problems = [];
    for (const el of tagger.querySelectorAll('button, label, .widget-label, select, textarea, input, img, .widget-html-content')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;  // not shown (e.g. the comparison before a tag)
        const outside = box.left < notebook.left - 1 || box.right > notebook.right + 1;
        const cut = el.tagName !== 'IMG' && el.scrollWidth > el.clientWidth + 1;
        if (outside || cut) problems.push(`${el.tagName} "${(el.innerText || el.alt || '').slice(0, 40)}": ${Math.round(box.left)}-${Math.round(box.right)} in ${Math.round(notebook.left)}-${Math.round(notebook.right)}, text ${el.scrollWidth} in ${el.clientWidth}`);
    }
    const chart = tagger.querySelector('.medialit-chart img, img.medialit-chart, img');
    return {problems, notebookWidth: notebook.width, taggerWidth: tagger.getBoundingClientRect().width,
            chart: chart ? {width: chart.getBoundingClientRect().width, natural: chart.naturalWidth, alt: chart.alt} : null};
}"""


@pytest.fixture(scope="module")
def browser():
    """This module's own Chromium (see test_browser_accessibility.browser for why not the harness's)."""
    with chromium() as launched:
        yield launched


def test_at_200_percent_zoom_on_a_1024x600_screen_the_tagger_reflows(browser):
    with jupyter_server(notebooks=[LESSON]) as server:
        context = browser.new_context(viewport={"width": 512, "height": 300}, device_scale_factor=2)
        page = context.new_page()
        lab = LabPage(page, server)
        lab.open_notebook(LESSON.name)
        lab.run_all(timeout=180)
        page.locator(TAGGER).first.wait_for(timeout=60_000)
        page.locator(f"{TAGGER} img").first.wait_for(timeout=30_000)
        layout = page.evaluate(OVERFLOW)
        page.locator(f"{TAGGER} button.medialit-level-not_a_claim").scroll_into_view_if_needed()
        lab.screenshot("tagger-zoom-200", full_page=False)
        assert layout["notebookWidth"] < 260, f"the notebook should be narrow here ({layout['notebookWidth']} px): is the viewport right?"
        assert layout["problems"] == [], "cut off or outside the notebook at 200% zoom:\n" + "\n".join(layout["problems"])
        chart = layout["chart"]
        assert chart and chart["natural"] > 0 and 0 < chart["width"] <= layout["taggerWidth"] + 1, f"the chart should fit: {chart}"
        assert chart["alt"].startswith("Chart of your tags"), "the chart's words stay with it when it is small"
        context.close()


def test_a_note_is_saved_while_typing_and_comes_back_after_a_restart(browser):
    with jupyter_server(notebooks=[LESSON]) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        lab = LabPage(page, server)
        lab.open_notebook(LESSON.name)
        lab.run_all(timeout=180)
        tagger = page.locator(TAGGER).first
        tagger.scroll_into_view_if_needed()
        tagger.locator("button.medialit-level-bare_assertion").click()
        note = tagger.locator(".medialit-note textarea")
        note.click()
        page.keyboard.type("only his word", delay=40)
        progress_file = server.medialit_home / "progress" / "me.json"  # no name saved in lesson 00: the placeholder

        def saved_note() -> str | None:
            if not progress_file.exists():
                return None
            return json.loads(progress_file.read_text(encoding="utf-8"))["tags"].get("C004", {}).get("note")

        deadline = time.monotonic() + 6
        while time.monotonic() < deadline and saved_note() != "only his word":
            time.sleep(0.2)
        assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA", "the learner never left the field"
        assert saved_note() == "only his word", f"the note on disk is {saved_note()!r} after a pause of several seconds"

        page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").first.click()
        page.locator(".lm-Menu-item[data-command='kernelmenu:restart']").click()
        page.locator(".jp-Dialog .jp-mod-accept").click()
        lab.wait_for_kernel_idle()
        lab.run_all(timeout=180)
        tagger = page.locator(TAGGER).first
        tagger.scroll_into_view_if_needed()
        tagger.locator("button.medialit-previous, button:has-text('Previous')").first.click()
        page.wait_for_function(f"() => document.querySelector('{TAGGER} .medialit-note textarea').value === 'only his word'", timeout=15_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.close()
