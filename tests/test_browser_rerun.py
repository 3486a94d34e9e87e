"""After a kernel restart and a page reload, every widget cell of a lesson says "run this cell again".

What a learner meets the next day: the notebook was saved with its widgets' outputs, the kernel is new, and the
widgets' models are gone. JupyterLab 4 and Notebook 7 then print "Error displaying widget: model not found" where
each widget was (``jupyterlab_widgets``' renderer; nothing in the saved output can change that text). Each widget
cell of the series shows a short note above its widget (:mod:`medialit.rerun_note`) that hides itself while the
widget is live and reads, once it is not: run this cell again (Shift+Enter).

The test plays it in a real browser, in JupyterLab and in Notebook 7: open lesson 02 (questions, a key button and
chart buttons), Run All, check that every widget is live and no note is visible, save, restart the kernel from the
Kernel menu, reload the page, and read what the learner reads: a visible note beside every widget cell, and no live
widget. Then run one cell again and see its note hide and its widget come back. Screenshots are kept in
``test-artifacts/``.
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest

from lab_harness import ROOT, LabPage, chromium, jupyter_server

pytestmark = pytest.mark.browser

LESSON = ROOT / "notebooks" / "02-claims-and-opinions.ipynb"
NOTE, LIVE = ".medialit-rerun", ".medialit-live"
WIDGET_CALLS = ("medialit.ask(", "show_the_key(", "reveal_chart(")


@pytest.fixture(scope="module")
def browser():
    """This module's own Chromium (see test_browser_accessibility.browser for why not the harness's)."""
    with chromium() as launched:
        yield launched


def _widget_cells() -> int:
    cells = nbformat.read(LESSON, as_version=4).cells
    return sum(1 for cell in cells if cell.cell_type == "code" and any(call in cell.source for call in WIDGET_CALLS))


def _visible_notes(page) -> list[str]:
    return page.evaluate(f"""() => [...document.querySelectorAll('{NOTE}')]
        .filter(note => note.offsetParent !== null).map(note => note.innerText)""")


def _menu(page, menu: str, command: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def _wait_until_saved(path, needle: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in path.read_text(encoding="utf-8"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{path.name} was not saved with its outputs within {timeout} s")


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_after_a_restart_and_a_reload_every_widget_cell_says_run_this_cell_again(browser, app):
    expected = _widget_cells()
    assert expected >= 5
    with jupyter_server(notebooks=[LESSON], app=app) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        lab = LabPage(page, server)
        lab.open_notebook(LESSON.name)
        lab.run_all(timeout=180)
        page.wait_for_function(f"() => document.querySelectorAll('{LIVE}').length >= {expected}", timeout=60_000)
        assert page.locator(NOTE).count() == expected, "one note per widget cell"
        assert _visible_notes(page) == [], "while the widgets are live, the notes stay out of the way"

        page.keyboard.press("Control+s")
        _wait_until_saved(server.root / LESSON.name, "medialit-rerun")
        saved = json.loads((server.root / LESSON.name).read_text(encoding="utf-8"))
        plain = [o["data"]["text/plain"] for c in saved["cells"] for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
        assert len(plain) == expected and all("Run this cell again (Shift+Enter)" in "".join(text) for text in plain)

        _menu(page, "Kernel", "kernelmenu:restart")
        page.locator(".jp-Dialog .jp-mod-accept").click()
        lab.wait_for_kernel_idle()
        page.reload()
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        lab.wait_for_kernel_idle()
        page.wait_for_function(f"""() => [...document.querySelectorAll('{NOTE}')].filter(n => n.offsetParent !== null).length >= {expected}""",
                               timeout=60_000)
        notes = _visible_notes(page)
        page.locator(NOTE).nth(1).scroll_into_view_if_needed()
        lab.screenshot(f"rerun-after-restart-{app}", full_page=False)
        assert len(notes) == expected and all("run this cell again" in note.lower() and "Shift+Enter" in note for note in notes), notes
        assert page.locator(LIVE).count() == 0, "no widget is live after the restart"

        # Doing what the note says brings the widget back, and the note steps aside again.
        first = page.locator(".jp-CodeCell").filter(has=page.locator(NOTE)).first
        first.locator(NOTE).click()  # clicking a cell's output selects the cell, as a learner would
        page.keyboard.press("Shift+Enter")
        first.locator(LIVE).first.wait_for(timeout=60_000)
        assert len(_visible_notes(page)) == expected - 1
        page.close()
