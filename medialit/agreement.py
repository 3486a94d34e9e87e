"""How far coders agree beyond chance: Krippendorff's alpha, Fleiss' kappa and Cohen's kappa.

All three compare the agreement coders *observed* with the agreement they would reach *by chance* given how
often each value was used. 1 means perfect agreement, 0 means no better than chance, below 0 means
systematic disagreement.

* :func:`krippendorff_alpha` — any number of coders, any number of units, missing values allowed, and a
  choice of metric: ``"nominal"`` (any two different values disagree equally), ``"ordinal"`` (values are
  ranks; disagreeing across many heavily used ranks counts more than across a few) or ``"interval"``
  (squared numeric difference). This is the one the classroom reports.
* :func:`alpha_from_counts` — the same alpha from a units x values table of how many coders chose each value,
  which is all alpha depends on: a live class view adds one learner's counts and recomputes in microseconds.
* :func:`fleiss_kappa` — the same number of raters per subject, nominal categories, from a count table.
* :func:`cohen_kappa` — exactly two coders, nominal categories.

>>> krippendorff_alpha([[1, 2, 3, 3], [1, 2, 3, 3]])        # two coders who always agree
1.0
>>> round(cohen_kappa(["y", "y", "n", "n"], ["y", "n", "n", "n"]), 3)
0.5

References (the worked examples in ``tests/test_agreement.py`` come from these):

* Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*. Annenberg School for Communication,
  University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
* Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. *Psychological Bulletin* 76(5),
  378-382. https://doi.org/10.1037/h0031619
* Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and Psychological
  Measurement* 20(1), 37-46. https://doi.org/10.1177/001316446002000104
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["LEVELS_OF_MEASUREMENT", "krippendorff_alpha", "alpha_from_counts", "coincidence_matrix", "fleiss_kappa", "cohen_kappa"]

LEVELS_OF_MEASUREMENT = ("nominal", "ordinal", "interval")


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, (float, np.floating)) and np.isnan(value)) or value is pd.NA


def _as_codes(reliability_data) -> tuple[np.ndarray, np.ndarray]:
    """Coders x units data -> (integer codes with -1 for missing, the sorted distinct values)."""
    frame = reliability_data.to_numpy() if isinstance(reliability_data, pd.DataFrame) else np.asarray(reliability_data)
    if frame.ndim != 2:
        raise ValueError(f"reliability_data must be 2-D (one row per coder, one column per unit); got {frame.ndim}-D.")
    if frame.dtype.kind in "fiu":  # numbers: the fast path, NaN for missing
        numeric = frame.astype(np.float64)
        present = ~np.isnan(numeric)
        values, inverse = np.unique(numeric[present], return_inverse=True)
        codes = np.full(numeric.shape, -1, dtype=np.int64)
        codes[present] = inverse
        return codes, values
    frame = frame.astype(object)
    if frame.ndim != 2:
        raise ValueError(f"reliability_data must be 2-D (one row per coder, one column per unit); got {frame.ndim}-D.")
    flat = frame.ravel()
    missing = np.fromiter((_is_missing(v) for v in flat), dtype=bool, count=flat.size)
    present = flat[~missing]
    try:
        values = np.array(sorted(set(present.tolist())), dtype=object)
    except TypeError:
        raise ValueError("reliability_data mixes values that cannot be ordered (e.g. text and numbers).") from None
    codes = np.full(flat.size, -1, dtype=np.int64)
    if present.size:
        lookup = {value: index for index, value in enumerate(values.tolist())}
        codes[~missing] = [lookup[v] for v in present.tolist()]
    return codes.reshape(frame.shape), values


def coincidence_matrix(codes: np.ndarray, n_values: int) -> np.ndarray:
    """Krippendorff's coincidence matrix o[c, k] from coders x units integer codes (-1 = missing).

    Each unit with m >= 2 values contributes every ordered pair of its values (from different coders) with
    weight 1 / (m - 1); units with fewer than two values cannot be paired and are left out.
    """
    return _coincidences(_unit_counts(codes, n_values))


def _unit_counts(codes: np.ndarray, n_values: int) -> np.ndarray:
    """Units x values: how many coders chose each value for each unit."""
    counts = np.zeros((codes.shape[1], n_values), dtype=np.float64)
    coder_idx, unit_idx = np.nonzero(codes >= 0)
    np.add.at(counts, (unit_idx, codes[coder_idx, unit_idx]), 1.0)
    return counts


def _coincidences(counts: np.ndarray) -> np.ndarray:
    m = counts.sum(axis=1)
    pairable = m >= 2
    counts, m = counts[pairable], m[pairable]
    weights = 1.0 / (m - 1.0)
    matrix = (counts * weights[:, None]).T @ counts
    matrix -= np.diag((counts * weights[:, None]).sum(axis=0))
    return matrix


def _distance(values: np.ndarray, marginals: np.ndarray, level: str) -> np.ndarray:
    """The squared difference delta^2(c, k) between every two values under the chosen metric."""
    n = len(values)
    if level == "nominal":
        return 1.0 - np.eye(n)
    if level == "interval":
        numeric = np.array(values, dtype=np.float64)
        return (numeric[:, None] - numeric[None, :]) ** 2
    # ordinal: (sum of the marginals from rank c to rank k, minus half of the two ends) squared
    cumulative = np.concatenate([[0.0], np.cumsum(marginals)])
    low = np.minimum.outer(np.arange(n), np.arange(n))
    high = np.maximum.outer(np.arange(n), np.arange(n))
    between = cumulative[high + 1] - cumulative[low]
    return (between - (marginals[low] + marginals[high]) / 2.0) ** 2


def krippendorff_alpha(reliability_data, level: str = "nominal") -> float:
    """Krippendorff's alpha for coders x units data (NaN or None where a coder left a unit out).

    ``reliability_data`` is a DataFrame or 2-D array with **one row per coder and one column per unit**.
    Values may be numbers, or text for the nominal level; ``"ordinal"`` orders the values present (sorted)
    and uses Krippendorff's ordinal metric over them, so only their order matters, not their spacing.

    Returns ``nan`` when alpha is undefined: no unit was coded by two or more coders, or every pairable
    value is the same (no variation, so agreement cannot be told from chance).

    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    >>> round(krippendorff_alpha(data, "nominal"), 3)   # Krippendorff (2011), section D
    0.743
    """
    if level not in LEVELS_OF_MEASUREMENT:
        raise ValueError(f"'level' must be one of {list(LEVELS_OF_MEASUREMENT)} (got {level!r}).")
    codes, values = _as_codes(reliability_data)
    if level == "interval" and values.size and not all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in values):
        raise ValueError("the interval level needs numbers; use 'nominal' or 'ordinal' for text categories.")
    if values.size == 0:
        return float("nan")
    return _alpha(_unit_counts(codes, len(values)), values, level)


def alpha_from_counts(counts, level: str = "nominal", values: Sequence | None = None) -> float:
    """Krippendorff's alpha from a units x values table: ``counts[u][v]`` coders chose value ``v`` for unit ``u``.

    The columns are the values in order (for ``"ordinal"``, lowest rank first; ``"interval"`` needs ``values``,
    the number each column stands for). A value no coder chose may have a column of zeros: it changes nothing.
    Equal to :func:`krippendorff_alpha` on the coders x units data the table counts.

    >>> round(alpha_from_counts([[2, 0], [0, 2], [1, 1]]), 3)   # two coders: two units agreed on, one split
    0.444
    >>> round(krippendorff_alpha([[0, 1, 0], [0, 1, 1]]), 3)  # the same, as coders x units
    0.444
    """
    if level not in LEVELS_OF_MEASUREMENT:
        raise ValueError(f"'level' must be one of {list(LEVELS_OF_MEASUREMENT)} (got {level!r}).")
    table = np.asarray(counts.to_numpy() if isinstance(counts, pd.DataFrame) else counts, dtype=np.float64)
    if table.ndim != 2 or (table < 0).any():
        raise ValueError("counts must be a 2-D table of counts, 0 or more: one row per unit, one column per value.")
    if level == "interval" and (values is None or len(values) != table.shape[1]):
        raise ValueError("the interval level needs 'values': the number each column stands for.")
    if table.size == 0:
        return float("nan")
    return _alpha(table, np.asarray(values) if values is not None else np.arange(table.shape[1]), level)


def _alpha(counts: np.ndarray, values: np.ndarray, level: str) -> float:
    observed = _coincidences(counts)
    marginals = observed.sum(axis=1)
    n = marginals.sum()
    if n < 2:
        return float("nan")
    delta = _distance(values, marginals, level)
    disagreement_observed = (observed * delta).sum()
    disagreement_expected = (np.outer(marginals, marginals) * delta).sum() / (n - 1.0)
    if disagreement_expected <= 0:
        return float("nan")
    return float(1.0 - disagreement_observed / disagreement_expected)


def fleiss_kappa(counts) -> float:
    """Fleiss' kappa from a subjects x categories table: ``counts[i][j]`` raters put subject i in category j.

    Every subject must have been rated by the same number of raters (at least two). Returns ``nan`` when
    chance agreement is already perfect (every rating in one category).
    """
    table = np.asarray(counts.to_numpy() if isinstance(counts, pd.DataFrame) else counts, dtype=np.float64)
    if table.ndim != 2 or table.shape[0] == 0:
        raise ValueError("counts must be a non-empty 2-D table: one row per subject, one column per category.")
    if (table < 0).any() or not np.allclose(table, np.round(table)):
        raise ValueError("counts must be whole numbers of raters, 0 or more.")
    raters = table.sum(axis=1)
    if not np.allclose(raters, raters[0]) or raters[0] < 2:
        raise ValueError(f"every subject needs the same number of raters, at least 2 (got {sorted(set(raters.astype(int).tolist()))}).")
    n = raters[0]
    per_subject = ((table**2).sum(axis=1) - n) / (n * (n - 1))
    share = table.sum(axis=0) / table.sum()
    chance = (share**2).sum()
    if np.isclose(chance, 1.0):
        return float("nan")
    return float((per_subject.mean() - chance) / (1.0 - chance))


def cohen_kappa(a: Sequence, b: Sequence) -> float:
    """Cohen's kappa between two coders' labels for the same items, in the same order.

    Items where either coder gave no label (``None`` or NaN) are left out. Returns ``nan`` when no item is
    left or when chance agreement is already perfect (both coders used one and the same label throughout).
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"a and b must label the same items: got {len(a)} and {len(b)} labels.")
    pairs = [(x, y) for x, y in zip(a, b) if not _is_missing(x) and not _is_missing(y)]
    if not pairs:
        return float("nan")
    labels: dict[object, int] = {}
    codes = np.array([[labels.setdefault(x, len(labels)), labels.setdefault(y, len(labels))] for x, y in pairs])
    table = np.bincount(codes[:, 0] * len(labels) + codes[:, 1], minlength=len(labels) ** 2).reshape(len(labels), len(labels)).astype(np.float64)
    total = table.sum()
    observed = np.trace(table) / total
    chance = (table.sum(axis=1) @ table.sum(axis=0)) / total**2
    if np.isclose(chance, 1.0):
        return float("nan")
    return float((observed - chance) / (1.0 - chance))
