"""medialit.ask in a real JupyterLab (Chromium), answered with the keyboard only, and audited with axe-core.

An exercise notebook is opened and run (Run All). Two widgets are answered without a mouse: a choose-one (buttons:
Tab to the choice, Space, Tab to *Check*, Enter) and a pick-the-claims list (checkboxes: Space ticks). Each time the
feedback must appear and say "Correct", and the answer must be saved in the learner's exercise log. Before that, Tab
must reach every control of the widget in order, with a visible focus indicator. axe-core (the pinned version, as in
``test_browser_accessibility.py``, whose audit and walk are reused) must find no serious or critical problem in any
ask widget of the notebook.
"""

from __future__ import annotations

import json

import pytest

from lab_harness import ROOT, LabPage, chromium, jupyter_server
from test_browser_accessibility import ACTIVE, BLOCKING, assert_tab_walk_in_order_with_visible_focus, axe_script, describe, mark_focusables, run_axe  # noqa: F401 (axe_script is a fixture)

pytestmark = pytest.mark.browser

NOTEBOOK = ROOT / "exercises" / "02-claims-and-opinions.ipynb"
ASK = ".medialit-ask"


@pytest.fixture(scope="module")
def browser():
    """This module's own Chromium (see test_browser_accessibility.browser for why not the harness's)."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def lab(browser):
    with jupyter_server(notebooks=[NOTEBOOK]) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        lab = LabPage(page, server)
        lab.open_notebook(NOTEBOOK.name)
        lab.run_all(timeout=180)
        page.locator(f"{ASK}-02-4").wait_for()
        yield lab
        page.close()


def _tab_to(page, text: str, limit: int = 40) -> dict:
    """Press Tab until the focused element's text is ``text`` (a button or a checkbox's label)."""
    for _ in range(limit):
        state = page.evaluate(ACTIVE)
        label = page.evaluate("() => { const el = document.activeElement; const box = el && el.closest('label');"
                              " return ((box ? box.innerText : '') || (el && (el.innerText || el.value)) || '').trim(); }")
        if label == text or label.startswith(text):
            return state
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {text!r}")


def _saved(lab) -> dict:
    record = lab.server.medialit_home / "exercises" / "progress.json"
    return json.loads(record.read_text(encoding="utf-8"))["exercises"]


def test_tab_reaches_every_control_of_an_ask_widget_in_order_with_visible_focus(lab):
    page, scope = lab.page, f"{ASK}-02-3"
    count = mark_focusables(page, scope)
    assert count >= 14 + 2, f"only {count} controls: a checkbox per claim, Check and the hint expected"
    assert_tab_walk_in_order_with_visible_focus(page, scope, count)


def test_a_choice_is_answered_with_tab_space_and_enter(lab):
    page, scope = lab.page, f"{ASK}-02-1"
    mark_focusables(page, scope)
    page.locator(f"{scope} [data-a11y-index='0']").focus()
    _tab_to(page, "Not a factual claim")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelector('{scope}').innerText.includes('✓ Not a factual claim')", timeout=10_000)
    _tab_to(page, "Check")
    page.keyboard.press("Enter")
    page.locator(f"{scope} .medialit-ask-feedback .medialit-correct").wait_for(timeout=10_000)
    assert "Correct" in page.locator(f"{scope} .medialit-ask-feedback").inner_text()
    assert _saved(lab)["02.1"] | {"updated": "", "first_done": ""} == {"status": "correct", "first": "correct", "answer": "not a claim", "attempts": 1, "updated": "", "first_done": ""}
    lab.screenshot("ask-choice-keyboard", full_page=False)


def test_claims_are_picked_with_space_and_checked_with_enter(lab):
    page, scope = lab.page, f"{ASK}-02-4"
    mark_focusables(page, scope)
    page.locator(f"{scope} [data-a11y-index='0']").focus()
    _tab_to(page, "C009")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelector('{scope} input[type=checkbox]').checked", timeout=10_000)
    _tab_to(page, "Check")
    page.keyboard.press("Enter")
    page.locator(f"{scope} .medialit-ask-feedback .medialit-correct").wait_for(timeout=10_000)
    assert _saved(lab)["02.4"]["answer"] == ["C009"]
    lab.screenshot("ask-claims-keyboard", full_page=False)


def test_axe_finds_no_serious_or_critical_problem_in_the_ask_widgets(lab, axe_script):
    page = lab.page
    assert page.locator(ASK).count() == 5
    found = run_axe(page, axe_script, ASK)
    print("\naxe-core on the ask widgets:\n" + describe(found))
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, "serious or critical accessibility problems in the ask widgets:\n" + describe(blocking)
