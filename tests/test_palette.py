"""The evidence-level colours stay tellable apart for colour-blind learners, and chart text is readable.

How: every taxonomy colour is passed through the Machado, Oliveira & Fernandes (2009) simulation of protanopia,
deuteranopia and tritanopia at full severity (matrices: https://www.inf.ufrgs.br/~oliveira/pubs_files/
CVD_Simulation/CVD_Simulation.html, doi:10.1109/TVCG.2009.113), and every pair of levels is compared with CIEDE2000.

Threshold, ΔE00 >= 10: a difference of about 1 is just noticeable between two large patches side by side; chart
marks are small and a learner matches a bar to a legend swatch some distance away, and the distance needed for
small marks is several times larger (Szafir 2018, "Modeling Color Difference for Visualization Design", IEEE TVCG
24(1), doi:10.1109/TVCG.2017.2744359). Ten times the just-noticeable difference is our margin for that. Colour is
never the only cue anyway (every level also has a hatch and a label), so this is a floor, not the whole design.

Text: WCAG 2.1 asks 4.5:1 for text (1.4.3) and 3:1 for the parts of a chart needed to read it (1.4.11).
"""

from __future__ import annotations

import itertools

import pytest

from medialit.colours import (BLACK, DEFICIENCIES, WHITE, contrast_ratio, delta_e, delta_e_lab, relative_luminance,
                              simulate, text_colour_for)
from medialit.data import load_taxonomy

MIN_DELTA_E = 10.0
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0


@pytest.fixture(scope="module")
def colours():
    return {level.key: level.colour for level in load_taxonomy()}


# --- the maths, against published values --------------------------------------------------------------------------

@pytest.mark.parametrize("lab1, lab2, expected", [
    # Sharma, Wu & Dalal (2005), test data pairs 1, 7, 17 and 25
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
])
def test_ciede2000_matches_sharma_test_data(lab1, lab2, expected):
    assert delta_e_lab(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_wcag_contrast_matches_known_values():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey text passing AA
    assert contrast_ratio(WHITE, "#767676") == contrast_ratio("#767676", WHITE)
    assert relative_luminance(WHITE) == pytest.approx(1.0) and relative_luminance(BLACK) == 0.0


def test_simulation_keeps_greys_and_confuses_red_with_green():
    for deficiency in DEFICIENCIES:
        assert delta_e(simulate("#777777", deficiency), "#777777") < 1.0  # neutral greys are seen the same
    red, green = "#D62728", "#2CA02C"  # the classic confusable pair
    assert delta_e(red, green) > 40
    assert delta_e(simulate(red, "deuteranopia"), simulate(green, "deuteranopia")) < delta_e(red, green) / 2


def test_text_colour_is_the_more_readable_of_black_and_white():
    assert text_colour_for("#F0E442") == BLACK and text_colour_for("#0072B2") == WHITE
    with pytest.raises(ValueError, match="hex colour"):
        text_colour_for("blue")


# --- the series' palette ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("vision", ["typical", *DEFICIENCIES])
def test_every_pair_of_levels_stays_distinguishable(colours, vision):
    seen = {key: colour if vision == "typical" else simulate(colour, vision) for key, colour in colours.items()}
    too_close = []
    for (key1, c1), (key2, c2) in itertools.combinations(seen.items(), 2):
        difference = delta_e(c1, c2)
        if difference < MIN_DELTA_E:
            too_close.append(f"{key1} {colours[key1]} vs {key2} {colours[key2]}: ΔE00 {difference:.1f}")
    assert not too_close, f"with {vision}, levels look alike: " + "; ".join(too_close)


def test_text_drawn_on_a_level_colour_is_readable(colours):
    """Counts or labels inside a bar use text_colour_for(colour), which must reach 4.5:1 on every level."""
    for key, colour in colours.items():
        ratio = contrast_ratio(colour, text_colour_for(colour))
        assert ratio >= TEXT_CONTRAST, f"{key} {colour}: best text contrast only {ratio:.2f}:1"


def test_chart_text_and_bar_outlines_contrast_with_the_page():
    charts = pytest.importorskip("medialit.charts", reason="medialit.charts (issue 3) not in this tree yet")
    background = WHITE
    assert contrast_ratio(charts.TEXT_COLOUR, background) >= TEXT_CONTRAST
    for level in load_taxonomy():
        style = charts.bar_style(level.key)
        # light fills (yellow, sky blue) fail 3:1 against white on their own, so the dark edge carries the shape
        assert contrast_ratio(style["edgecolor"], background) >= GRAPHIC_CONTRAST, level.key
