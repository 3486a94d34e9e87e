"""A class of one or two: the report says in words what it cannot show yet, with no empty chart and no warning."""

from __future__ import annotations

import warnings

import pytest

import medialit
from medialit.classview import ClassView
from medialit.cli import main

from test_classroom import put, submission

CASE = medialit.load_case()
LEARNERS = [("Ana", {"C004": "bare_assertion", "C005": "named_source", "C006": "not_a_claim"}),
            ("Ben", {"C004": "bare_assertion", "C005": "vague_attribution"})]
AGREEMENT_CHART = "Bar chart of Krippendorff&#x27;s alpha per section"  # as the page escapes it
DISPUTED_CHART = "Stacked bars of the levels the class chose for each disputed claim"


def small_class(folder, size):
    folder.mkdir()
    for name, tags in LEARNERS[:size]:
        put(folder, f"{name.lower()}.json", submission(name, tags))
    return folder


@pytest.mark.parametrize("size", [1, 2])
def test_a_small_class_report_says_in_words_what_it_cannot_show_and_warns_nothing(tmp_path, size, capsys):
    folder = small_class(tmp_path / "class", size)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["class-report", str(folder), "--out", str(tmp_path / "report.html")]) == 0
    assert [str(w.message) for w in caught] == []
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "needs at least 3 learners" in page and DISPUTED_CHART not in page, "no claim has 3 tags: no disputes to draw"
    if size == 1:
        assert "Too few learners for agreement" in page and "needs at least 2 learners" in page and AGREEMENT_CHART not in page
    else:
        assert "Too few learners for agreement" not in page and AGREEMENT_CHART in page


def test_the_live_view_of_one_learner_says_so_too(tmp_path):
    folder = small_class(tmp_path / "class", 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        view = ClassView(folder, CASE, live=False)
    assert [str(w.message) for w in caught] == []
    page = "\n".join(section.value for section in view.sections.values())
    assert "Too few learners for agreement" in page and "needs at least 3 learners" in page
