"""The agreement coefficients against worked examples published in the methods literature, plus properties.

Every expected figure below is the one printed in the cited source (to the digits it prints); our functions
also matched the ``krippendorff`` package (fast-krippendorff 0.8) on these and on 200 random matrices with
missing values, checked once outside the test suite.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medialit.agreement import cohen_kappa, coincidence_matrix, fleiss_kappa, krippendorff_alpha

NA = np.nan

# Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section D ("nominal data, any number
# of observers, missing values"), https://repository.upenn.edu/asc_papers/43 — 4 observers x 12 units; a
# blank is a value the observer did not give. The same data are the example in Krippendorff (2019) Content
# Analysis, 4th ed., ch. 12. Published results: nominal 0.743, ordinal 0.815, interval 0.849.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
    [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
]

# Fleiss, J. L. (1971), as worked on Wikipedia's "Fleiss' kappa" page (section "Worked example",
# https://en.wikipedia.org/wiki/Fleiss%27_kappa): 10 subjects, 14 raters each, 5 categories; kappa = 0.210.
FLEISS_WIKIPEDIA = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_krippendorff_2011_worked_example(level, published):
    assert krippendorff_alpha(KRIPPENDORFF_2011, level) == pytest.approx(published, abs=0.0005)


def test_krippendorff_2011_coincidence_matrix():
    # Krippendorff (2011) section D tabulates the coincidence matrix: 40 pairable values (unit 12 has only
    # one), marginals n_c = 9, 13, 10, 5, 3, and e.g. o_11 = 3 + 2 + 2 = 7 (units 1, 8, 11), o_33 = 4 + 4 = 8.
    codes = np.array([[-1 if np.isnan(v) else int(v) - 1 for v in row] for row in KRIPPENDORFF_2011])
    matrix = coincidence_matrix(codes, 5)
    assert matrix.sum(axis=1) == pytest.approx([9, 13, 10, 5, 3])
    assert matrix[0, 0] == pytest.approx(7) and matrix[2, 2] == pytest.approx(8)
    assert np.allclose(matrix, matrix.T)


def test_krippendorff_accepts_a_dataframe_and_text_labels():
    frame = pd.DataFrame(KRIPPENDORFF_2011)
    assert krippendorff_alpha(frame) == pytest.approx(0.743, abs=0.0005)
    letters = frame.map(lambda v: None if np.isnan(v) else "abcde"[int(v) - 1])
    assert krippendorff_alpha(letters, "nominal") == pytest.approx(0.743, abs=0.0005)
    # ordinal only needs the order of the values, so the letters (sorted a < b < ...) give the same figure
    assert krippendorff_alpha(letters, "ordinal") == pytest.approx(0.815, abs=0.0005)


def test_fleiss_1971_wikipedia_worked_example():
    assert fleiss_kappa(FLEISS_WIKIPEDIA) == pytest.approx(0.210, abs=0.0005)


def test_cohen_wikipedia_worked_example():
    # Wikipedia, "Cohen's kappa", simple example (https://en.wikipedia.org/wiki/Cohen%27s_kappa): 50 grant
    # proposals, both readers say yes to 20, A yes/B no 5, A no/B yes 10, both no 15; p_o = 0.7, p_e = 0.5,
    # kappa = 0.4.
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_leaves_out_missing_pairs_and_checks_lengths():
    assert cohen_kappa(["a", "b", None, "a"], ["a", "b", "b", np.nan]) == pytest.approx(1.0)
    assert np.isnan(cohen_kappa([None], ["a"]))
    with pytest.raises(ValueError, match="same items"):
        cohen_kappa(["a"], ["a", "b"])


def test_undefined_cases_are_nan_not_errors():
    assert np.isnan(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]))  # no variation
    assert np.isnan(krippendorff_alpha([[1, NA], [NA, 2]]))  # nothing pairable
    assert np.isnan(fleiss_kappa([[3, 0], [3, 0]]))


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha(KRIPPENDORFF_2011, "ratio-ish")
    with pytest.raises(ValueError, match="2-D"):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(ValueError, match="interval"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval")
    with pytest.raises(ValueError, match="same number of raters"):
        fleiss_kappa([[1, 2], [3, 3]])


def test_systematic_disagreement_is_below_zero():
    assert krippendorff_alpha([[1, 2, 1, 2], [2, 1, 2, 1]]) < 0


# --- properties -------------------------------------------------------------------------------------------

def reliability_matrices(min_coders=2):
    """Coders x units matrices of small integer codes with some values missing, at least two values present."""
    return st.integers(min_coders, 6).flatmap(
        lambda coders: st.integers(2, 12).flatmap(
            lambda units: st.lists(
                st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=units, max_size=units),
                min_size=coders,
                max_size=coders,
            )
        )
    )


def as_float(rows):
    return np.array([[NA if v is None else float(v) for v in row] for row in rows])


@settings(max_examples=40, deadline=None)
@given(units=st.lists(st.integers(1, 5), min_size=2, max_size=15).filter(lambda u: len(set(u)) > 1), coders=st.integers(2, 6))
def test_alpha_is_one_for_perfect_agreement(units, coders):
    data = np.tile(np.array(units, dtype=float), (coders, 1))
    for level in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha(data, level) == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(rows=reliability_matrices(), seed=st.integers(0, 2**32 - 1))
def test_alpha_is_invariant_to_coder_and_unit_order(rows, seed):
    data = as_float(rows)
    rng = np.random.default_rng(seed)
    shuffled = data[rng.permutation(data.shape[0])][:, rng.permutation(data.shape[1])]
    for level in ("nominal", "ordinal", "interval"):
        np.testing.assert_allclose(krippendorff_alpha(shuffled, level), krippendorff_alpha(data, level), equal_nan=True, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(rows=reliability_matrices())
def test_alpha_handles_missing_values(rows):
    data = as_float(rows)
    extra = np.full((data.shape[0], 1), NA)
    extra[0, 0] = 3.0  # a unit only one coder coded: it cannot be paired, so it carries no information
    for level in ("nominal", "ordinal", "interval"):
        value = krippendorff_alpha(data, level)
        assert np.isnan(value) or value <= 1.0 + 1e-9
        np.testing.assert_allclose(krippendorff_alpha(np.hstack([data, extra]), level), value, equal_nan=True, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(rows=reliability_matrices())
def test_nominal_alpha_does_not_depend_on_the_labels(rows):
    data = as_float(rows)
    relabelled = np.where(np.isnan(data), NA, 10.0 - data)  # reverses the order, keeps the classes
    np.testing.assert_allclose(krippendorff_alpha(relabelled), krippendorff_alpha(data), equal_nan=True, atol=1e-12)
    np.testing.assert_allclose(krippendorff_alpha(relabelled, "ordinal"), krippendorff_alpha(data, "ordinal"), equal_nan=True, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(first_category=st.lists(st.integers(0, 4), min_size=2, max_size=8))
def test_fleiss_kappa_and_nominal_alpha_differ_only_by_the_small_sample_correction(first_category):
    # With complete data, alpha = 1 - (1 - kappa) * (n - 1) / n, n the number of values: alpha's D_e draws
    # pairs without replacement, Fleiss' P_e with replacement (Krippendorff 2011, section D).
    raters = 4
    counts = [[c, raters - c] for c in first_category]
    data = np.array([[0] * c + [1] * (raters - c) for c in first_category], dtype=float).T  # coders x units
    kappa, alpha = fleiss_kappa(counts), krippendorff_alpha(data)
    n = data.size
    if np.isnan(kappa):
        assert np.isnan(alpha)
    else:
        assert alpha == pytest.approx(1 - (1 - kappa) * (n - 1) / n)
