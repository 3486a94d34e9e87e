"""The live class view in a real JupyterLab (Chromium): the teacher's notebook, the keyboard, axe-core, hand-ins arriving.

The teacher's notebook (notebooks/99-teacher-class-view.ipynb) is opened and run with ``MEDIALIT_INBOX`` pointing
at a folder this test controls, holding three learners' hand-ins. Then, as in a lesson: Tab reaches every control
of the view in order, with a visible focus indicator; axe-core (pinned, as in ``test_browser_accessibility.py``,
whose audit and walk are reused) finds no serious or critical problem, in the normal view and in projector mode; a
learner hands in (a file appears in the folder) and the count changes after *Refresh*, pressed with Enter; another
hands in and the count changes by itself, on the view's timer; Space on "Projector mode" switches to large type and
pseudonyms.
"""

from __future__ import annotations

import re
import shutil

import pytest

from lab_harness import ROOT, LabPage, chromium, jupyter_server
from test_browser_accessibility import BLOCKING, assert_tab_walk_in_order_with_visible_focus, axe_script, describe, mark_focusables, run_axe  # noqa: F401 (axe_script is a fixture)

pytestmark = pytest.mark.browser

NOTEBOOK = ROOT / "notebooks" / "99-teacher-class-view.ipynb"
SAMPLE = sorted((ROOT / "data" / "sample_class").glob("*.json"))
VIEW = ".medialit-classview"
COUNT = re.compile(r"(\d+)\s+learner\(s\)")


@pytest.fixture(scope="module")
def browser():
    """This module's own Chromium (see test_browser_accessibility.browser for why not the harness's)."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def lesson(browser, tmp_path_factory):
    watched = tmp_path_factory.mktemp("inbox")
    for path in SAMPLE[:3]:
        shutil.copy(path, watched / path.name)
    with jupyter_server(notebooks=[NOTEBOOK], env={"MEDIALIT_INBOX": str(watched)}) as server:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        lab = LabPage(page, server)
        lab.open_notebook(NOTEBOOK.name)
        lab.run_all(timeout=180)
        page.locator(f"{VIEW}-summary").first.wait_for()
        assert not lab.errors(), lab.errors()
        yield lab, watched
        page.close()


def handed_in(page) -> int:
    text = page.locator(f"{VIEW}-summary").first.inner_text()
    found = COUNT.search(text)
    assert found, f"no 'N learner(s)' in the view's summary: {text!r}"
    return int(found[1])


def wait_for_count(page, count: int, timeout_ms: int) -> None:
    page.wait_for_function(f"() => /\\b{count} learner\\(s\\)/.test(document.querySelector('{VIEW}-summary').innerText)", timeout=timeout_ms)


def tab_to(page, label: str, limit: int = 40) -> None:
    """Press Tab from the view's first control until the focused element's label starts with ``label``."""
    mark_focusables(page, VIEW)
    page.locator(f"{VIEW} [data-a11y-index='0']").focus()
    for _ in range(limit):
        text = page.evaluate("() => { const el = document.activeElement; const box = el && el.closest('label');"
                             " return ((box ? box.innerText : '') || (el && (el.innerText || el.value)) || '').trim(); }")
        if text.startswith(label):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {label!r}")


def test_tab_reaches_every_control_of_the_view_in_order_with_visible_focus(lesson):
    lab, _ = lesson
    page = lab.page
    count = mark_focusables(page, VIEW)
    assert count >= 4 + 3, f"only {count} controls: Refresh, three switches and the 'How to read' lists expected"
    assert_tab_walk_in_order_with_visible_focus(page, VIEW, count)


def test_axe_finds_no_serious_or_critical_problem_in_the_view(lesson, axe_script):
    lab, _ = lesson
    found = run_axe(lab.page, axe_script, VIEW)
    print("\naxe-core on the class view:\n" + describe(found))
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, "serious or critical accessibility problems in the class view:\n" + describe(blocking)


def test_a_hand_in_appears_after_refresh_pressed_with_enter_and_the_next_by_itself(lesson):
    lab, watched = lesson
    page = lab.page
    before = handed_in(page)
    shutil.copy(SAMPLE[3], watched / SAMPLE[3].name)  # a learner hands in
    tab_to(page, "Refresh")
    page.keyboard.press("Enter")
    wait_for_count(page, before + 1, 15_000)
    lab.screenshot("classview-after-refresh", full_page=False)
    shutil.copy(SAMPLE[4], watched / SAMPLE[4].name)  # and another, while nobody touches anything
    wait_for_count(page, before + 2, 40_000)  # the timer looks every 10 s


def test_projector_mode_by_keyboard_shows_pseudonyms_and_stays_accessible(lesson, axe_script):
    lab, _ = lesson
    page = lab.page
    tab_to(page, "Projector mode")
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelector('{VIEW}').classList.contains('medialit-classview-projector')", timeout=10_000)
    # pseudonyms switched on with it: even the (hidden) list of who handed in holds no name now
    page.wait_for_function(f"() => document.querySelector('{VIEW}-pseudonyms input').checked"
                           f" && document.querySelector('{VIEW}-names').textContent.includes('Learner-')", timeout=10_000)
    assert not page.locator(f"{VIEW}-names").first.is_visible(), "the list of who handed in is left out on the projector"
    shown = page.locator(VIEW).first.inner_text()
    assert not [p.stem for p in SAMPLE[:5] if p.stem.split("-")[0] in shown.split()], "no learner's name on the projector"
    blocking = [v for v in run_axe(page, axe_script, VIEW) if v["impact"] in BLOCKING]
    assert not blocking, "serious or critical accessibility problems in projector mode:\n" + describe(blocking)
    lab.screenshot("classview-projector", full_page=False)
