"""Charts of a class's results that a projector shows legibly: large type, taxonomy colours *and* hatches, labels.

Each function takes the DataFrame from :mod:`medialit.class_stats` and an ``ax``, draws, and returns the ``ax``
(without one it makes its own figure, without pyplot)::

    import matplotlib.pyplot as plt
    from medialit.class_charts import plot_class_levels
    fig, ax = plt.subplots(figsize=(12, 8))
    plot_class_levels(results.counts, key=results.key, claim_ids=results.disputed["claim_id"], texts=results.case.claims,
                      taxonomy=results.case.taxonomy, ax=ax)

Colour is never the only cue: every level has its hatch pattern, the legend names the levels, percentages are
written on the bars, and the key's level is written beside each claim. Claim texts, section names and titles are
drawn as written (a ``$`` stays a dollar sign). A claim's words come only from what the caller gives (``texts``,
or the ``text`` column of the disputed claims): a chart of one case never shows another case's words.
``taxonomy`` is the case's levels (the series' own if left out).
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from . import series
from .charts import draws_as_written
from .key import AnswerKey, as_answer_key
from .taxonomy import Taxonomy

__all__ = ["FONT_SIZE", "plot_class_levels", "plot_most_disputed", "plot_section_agreement"]

FONT_SIZE = 14  # readable from the back of a classroom
_THRESHOLDS = ((0.8, "0.8: firm"), (0.667, "0.667: tentative"))  # Krippendorff's (2004) suggested minima


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    return ax if ax is not None else Figure(figsize=(width, height), layout="constrained").add_subplot()


def _label(claim_id: str, text: str | None, width: int = 38) -> str:
    return f"{claim_id}  {textwrap.shorten(' '.join(str(text).split()), width, placeholder='…')}" if text else claim_id


@draws_as_written
def plot_class_levels(counts: pd.DataFrame, key: AnswerKey | pd.DataFrame | None = None, *, claim_ids: Iterable[str] | None = None,
                      texts: Mapping[str, str] | pd.DataFrame | None = None, taxonomy: Taxonomy | None = None, ax: Axes | None = None,
                      title: str = "What the class chose, claim by claim") -> Axes:
    """Stacked bars: for each claim (a row), the share of the class choosing each level; the key's level beside it.

    ``counts`` is :func:`~medialit.class_stats.level_counts` (claims x levels). ``claim_ids`` picks and orders
    the claims shown (for a projector, show a section or the disputed claims, 8-15 rows at a time). ``texts``
    gives each claim's words for its label (the case's claims table, or claim ID -> text); without it, rows are
    labelled by claim ID only.
    """
    taxonomy = taxonomy if taxonomy is not None else series.taxonomy()
    shown = list(claim_ids) if claim_ids is not None else list(counts.index)
    table = counts.reindex(index=shown, columns=taxonomy.keys, fill_value=0)
    totals = table.sum(axis=1).replace(0, 1)
    shares = table.div(totals, axis=0)
    ax = _axes(ax, 13, 1.5 + 0.55 * len(shown))
    texts = dict(zip(texts["claim_id"], texts["text"])) if isinstance(texts, pd.DataFrame) else dict(texts or {})
    rows = np.arange(len(shown))
    left = np.zeros(len(shown))
    handles = []
    for level in taxonomy:
        width = shares[level.key].to_numpy()
        handles.append(ax.barh(rows, width, left=left, color=level.colour, hatch=level.hatch, edgecolor="#222222", linewidth=0.6, label=level.label))
        for row, (start, part) in enumerate(zip(left, width)):
            if part >= 0.12:
                ax.text(start + part / 2, row, f"{part:.0%}", ha="center", va="center", fontsize=FONT_SIZE - 2, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
        left += width
    keyed = {entry.claim_id: entry.level for entry in as_answer_key(key) or ()}
    for row, claim_id in enumerate(shown):
        if claim_id in keyed and keyed[claim_id] in taxonomy:
            ax.text(1.02, row, f"key: {taxonomy[keyed[claim_id]].label}", va="center", fontsize=FONT_SIZE - 2, transform=ax.get_yaxis_transform())
    ax.set_yticks(rows, [_label(c, texts.get(c)) for c in shown], fontsize=FONT_SIZE - 2)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.tick_params(axis="x", labelsize=FONT_SIZE - 2)
    ax.set_xlabel("share of the learners who tagged the claim", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 2, loc="left")
    # Handles and labels given outright: a label that starts with "_" would otherwise be left out of the legend.
    ax.legend(handles, [level.label for level in taxonomy], loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3, fontsize=FONT_SIZE - 3, frameon=False)
    return ax


@draws_as_written
def plot_most_disputed(disputed: pd.DataFrame, *, taxonomy: Taxonomy | None = None, ax: Axes | None = None, title: str = "The claims the class is most split on") -> Axes:
    """Horizontal bars of each disputed claim's disagreement (share not choosing the most common level).

    ``disputed`` is :func:`~medialit.class_stats.most_disputed`. Each bar has the colour and hatch of the
    level most learners chose, and says it in words.
    """
    taxonomy = taxonomy if taxonomy is not None else series.taxonomy()
    ax = _axes(ax, 13, 1.5 + 0.6 * len(disputed))
    rows = np.arange(len(disputed))
    for row, entry in zip(rows, disputed.itertuples()):
        level = taxonomy[entry.modal_level]
        ax.barh(row, entry.disagreement, color=level.colour, hatch=level.hatch, edgecolor="#222222", linewidth=0.6)
        ax.text(entry.disagreement + 0.01, int(row), f"{entry.disagreement:.0%} chose otherwise; most: {level.label}", va="center", fontsize=FONT_SIZE - 2)
    ax.set_yticks(rows, [_label(e.claim_id, getattr(e, "text", None)) for e in disputed.itertuples()], fontsize=FONT_SIZE - 2)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.45)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.tick_params(axis="x", labelsize=FONT_SIZE - 2)
    ax.set_xlabel("share of the class not choosing the most common level", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 2, loc="left")
    return ax


@draws_as_written
def plot_section_agreement(agreement: pd.DataFrame, *, ax: Axes | None = None, title: str = "How far the class agrees, section by section") -> Axes:
    """Paired bars per section: Krippendorff's alpha, nominal (hatched ``//``) and ordinal (dotted), values written on.

    ``agreement`` is :func:`~medialit.class_stats.class_agreement`. Dashed lines mark Krippendorff's
    suggested minima (0.667 tentative, 0.8 firm); sections where alpha is undefined say so.
    """
    ax = _axes(ax, 13, 1.8 + 0.9 * len(agreement))
    rows = np.arange(len(agreement))
    height = 0.38
    for offset, column, name, colour, hatch in ((-height / 2, "alpha_nominal", "nominal (same level)", "#0072B2", "//"), (height / 2, "alpha_ordinal", "ordinal (near levels count as closer)", "#E69F00", "..")):
        values = agreement[column].to_numpy(dtype=float)
        ax.barh(rows + offset, np.nan_to_num(values), height=height, color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6, label=name)
        for row, value in zip(rows, values):
            ax.text(max(value, 0) + 0.02 if not np.isnan(value) else 0.02, row + offset, "undefined" if np.isnan(value) else f"{value:.2f}", va="center", fontsize=FONT_SIZE - 2)
    for threshold, words in _THRESHOLDS:
        ax.axvline(threshold, color="#444444", linestyle="--", linewidth=1)
        ax.text(threshold, len(agreement) - 0.4, words, ha="center", va="top", fontsize=FONT_SIZE - 4, bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    labels = [f"{textwrap.shorten(str(s), 34, placeholder='…')} ({c} claims)" for s, c in zip(agreement["scope"], agreement["claims"])]
    ax.set_yticks(rows, labels, fontsize=FONT_SIZE - 2)
    low = min(0.0, float(np.nanmin(agreement[["alpha_nominal", "alpha_ordinal"]].to_numpy(dtype=float), initial=0.0)))
    ax.set_xlim(low - 0.05, 1.1)
    ax.set_ylim(len(agreement) - 0.2 + 0.3, -0.6)
    ax.axvline(0, color="#222222", linewidth=0.8)
    ax.tick_params(axis="x", labelsize=FONT_SIZE - 2)
    ax.set_xlabel("Krippendorff's alpha (1 = full agreement, 0 = chance)", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 2, loc="left")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.04), ncol=2, fontsize=FONT_SIZE - 3, frameon=False)
    return ax
