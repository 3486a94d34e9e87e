"""The tagger in a real JupyterLab and Chromium: run lesson 03, click three levels, press one digit key.

Skips locally (with the reason) when /usr/bin/chromium is missing; never skips in CI (see tests/lab_harness.py).
The screenshot is kept in test-artifacts/browser-tagger.png.
"""

from __future__ import annotations

import json
import re

import pytest

from lab_harness import ARTIFACTS, browser, lab_page  # noqa: F401  (pytest fixtures)

NOTEBOOK = "notebooks/03-tag-the-claims.ipynb"


@pytest.mark.browser
@pytest.mark.parametrize("lab_page", [{"notebooks": [NOTEBOOK]}], indirect=True)
def test_learner_tags_claims_with_mouse_and_keyboard(lab_page):
    from playwright.sync_api import expect

    lab_page.open_notebook("03-tag-the-claims.ipynb")
    lab_page.run_all()
    assert lab_page.errors() == []
    page = lab_page.page
    tagger = page.locator(".medialit-tagger").first
    tagger.scroll_into_view_if_needed()
    progress = tagger.locator(".medialit-progress-text")
    expect(progress).to_contain_text("0 of 65 tagged", timeout=30_000)
    chart = tagger.locator("img.medialit-chart, .medialit-chart img").first
    expect(chart).to_have_attribute("src", re.compile(r"^(blob:|data:image/png)"))  # ipywidgets 8 uses blob: URLs
    expect(chart).to_have_attribute("alt", re.compile(r"^Chart of your tags .*0 of 65 tagged"))
    sources = [chart.get_attribute("src")]

    def level(key: str):
        return tagger.locator(f"button.medialit-level-{key}")

    for count, key in enumerate(["bare_assertion", "named_source", "not_a_claim"], start=1):
        level(key).click()
        expect(progress).to_contain_text(f"{count} of 65 tagged")
        expect(level(key)).to_have_class(re.compile(r"\bmedialit-selected\b"))
        expect(level(key)).to_contain_text("✓")
        expect(chart).not_to_have_attribute("src", sources[-1])
        sources.append(chart.get_attribute("src"))
        tagger.locator("button.medialit-next").click()
        expect(tagger.locator(".medialit-claim")).to_contain_text(f"claim {count + 1} of 6")

    # One digit key, with the pointer over the claim (ipyevents delivers keys only then; BROWSER-NOTES).
    tagger.locator(".medialit-claim").hover()
    page.keyboard.press("3")
    expect(progress).to_contain_text("4 of 65 tagged")
    expect(level("vague_attribution")).to_contain_text("✓")
    expect(level("vague_attribution")).to_have_class(re.compile(r"\bmedialit-selected\b"))
    expect(level("not_a_claim")).not_to_contain_text("✓")
    expect(chart).not_to_have_attribute("src", sources[-1])
    assert len(set(sources)) == 4
    expect(chart).to_have_attribute("alt", re.compile(r"4 of 65 tagged"))

    tagger.scroll_into_view_if_needed()
    lab_page.screenshot("browser-tagger", full_page=False)
    assert (ARTIFACTS / "browser-tagger.png").stat().st_size > 0

    saved = json.loads((lab_page.server.medialit_home / "progress" / "me.json").read_text(encoding="utf-8"))
    assert {k: v["level"] for k, v in saved["tags"].items()} == {
        "C004": "bare_assertion", "C005": "named_source", "C006": "not_a_claim", "C007": "vague_attribution",
    }, "every click was saved to the learner's progress file"

    # The tester's trap: the name field said "me", and typing gave "meLena Novak". Now it is empty; typing there and
    # pressing Export saves that name, with the tags.
    field = tagger.locator(".medialit-export input[type=text]")
    expect(field).to_have_value("")
    expect(field).to_have_attribute("placeholder", "Your name or pseudonym")
    field.click()
    page.keyboard.type("Lena Novak")
    expect(field).to_have_value("Lena Novak")
    tagger.locator(".medialit-export button", has_text="Export for the teacher").click()
    expect(tagger.locator(".medialit-status")).to_contain_text("Exported", timeout=15_000)
    home = lab_page.server.medialit_home
    handed = json.loads((home / "submissions" / "lena_novak.json").read_text(encoding="utf-8"))
    assert handed["learner"] == "Lena Novak" and len(handed["tags"]) == 4
    assert json.loads((home / "learner.json").read_text(encoding="utf-8"))["name"] == "Lena Novak", "the typed name is the learner's name now"
