"""Show language signals: highlighted HTML, a legend, and charts of signals beside evidence levels.

>>> from medialit.signal_views import highlight_html
>>> html = highlight_html("Reports say <b>Iran</b> may act.")
>>> "&lt;b&gt;" in html and "<b>" not in html    # the text is escaped before any mark is added
True
>>> 'data-category="hedge"' in html and ">H</sup>" in html
True

In a notebook: ``from IPython.display import HTML; HTML(highlight_html(claim_text, legend=True))``.
Every highlight carries a letter (H, B, V, L, F, S) and a different underline as well as a colour, and a hidden
word for screen readers, so colour is never the only cue.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from . import series
from .charts import draws_as_written
from .lexicon import CATEGORIES
from .signals import SIGNAL_COLUMNS, TakenSpans, find_signals, signals_per_claim
from .taxonomy import Taxonomy

__all__ = ["highlight_html", "signal_legend_html", "signals_by_level", "plot_signals_by_level", "plot_signals_by_section"]

_SCREEN_READER_ONLY = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"


def _tint(colour: str, keep: float = 0.3) -> str:
    """``colour`` mixed with white (``keep`` of the colour), light enough for black text on top."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02X}" for c in rgb)


def _mark_style(key: str) -> str:
    cat = CATEGORIES[key]
    return (
        f"background:{_tint(cat.colour)};color:#000;text-decoration:underline {cat.underline} {cat.colour};"
        "text-decoration-thickness:2px;text-underline-offset:3px;padding:0 1px;border-radius:2px"
    )


@lru_cache(maxsize=256)
def _marks(key: str, also: tuple[str, ...]) -> tuple[str, str]:
    """The opening and closing tags of a mark (a few kinds recur thousands of times in a long text)."""
    return _open_mark(key, also), _close_mark(key, also)


def _open_mark(key: str, also: Sequence[str]) -> str:
    cat = CATEGORIES[key]
    title = cat.label + "".join(f" + {CATEGORIES[a].label}" for a in also) + f": {cat.meaning}"
    return f'<mark class="signal signal-{key}" data-category="{key}" title="{html.escape(title)}" style="{_mark_style(key)}">'


def _close_mark(key: str, also: Sequence[str]) -> str:
    words = ", ".join(CATEGORIES[k].label.lower() for k in [key, *also])
    letters = "".join(CATEGORIES[k].cue for k in [key, *also])
    return (
        f'<sup class="signal-cue" aria-hidden="true" style="font-size:0.7em;font-weight:bold">{letters}</sup>'
        f'<span style="{_SCREEN_READER_ONLY}"> ({html.escape(words)})</span></mark>'
    )


def _resolve(signals: pd.DataFrame) -> list[tuple[int, int, str, tuple[str, ...]]]:
    """Non-overlapping marks: the longer span wins; categories of spans it overlaps are named in its label."""
    columns = (signals[column].tolist() for column in ("start", "end", "category"))
    rows = sorted(zip(*columns), key=lambda r: (r[0] - r[1], r[0]))  # longest first, then earliest
    kept: list[tuple[int, int, str]] = []
    also: dict[int, list[str]] = {}  # kept mark's number -> the other categories it covers (few marks have any)
    taken = TakenSpans(max((r[1] for r in rows), default=0))
    for start, end, category in rows:
        number = taken.first_overlap(start, end)
        if number is None:
            taken.take(start, end, len(kept))
            kept.append((start, end, category))
        elif category != kept[number][2] and category not in also.get(number, ()):
            also.setdefault(number, []).append(category)
    return sorted((start, end, category, tuple(also.get(number, ()))) for number, (start, end, category) in enumerate(kept))


def highlight_html(text: str, signals: pd.DataFrame | None = None, *, categories=None, legend: bool = False) -> str:
    """The text as HTML with each signal in a ``<mark>``: escaped first, then marked.

    ``signals`` defaults to ``find_signals(text)``; pass your own (same columns) to show other spans.
    ``categories`` limits the marks to some keys, e.g. ``("hedge", "booster")``. Line breaks are kept.
    Where two signals overlap, the longer is marked and its label names both.
    """
    if not isinstance(text, str):
        raise TypeError(f"highlight_html expects text (str), got {type(text).__name__}.")
    signals = find_signals(text) if signals is None else signals
    missing = [c for c in ("start", "end", "category") if c not in signals.columns]
    if missing:
        raise ValueError(f"signals is missing column(s) {missing}; expected the columns of find_signals(): {SIGNAL_COLUMNS}.")
    wanted = list(CATEGORIES) if categories is None else [categories] if isinstance(categories, str) else list(categories)
    unknown = [c for c in wanted if c not in CATEGORIES] + [c for c in signals["category"].unique() if c not in CATEGORIES]
    if unknown:
        raise ValueError(f"unknown signal categor(ies) {sorted(set(unknown))}; use {list(CATEGORIES)}.")
    chosen = signals[signals["category"].isin(wanted)]
    bad = chosen[(chosen["start"] < 0) | (chosen["end"] > len(text)) | (chosen["start"] >= chosen["end"])]
    if len(bad):
        raise ValueError(f"signal offsets {bad[['start', 'end']].values.tolist()[:3]} do not fit a text of {len(text)} characters; were they found in another text?")
    parts: list[str] = []
    position = 0
    for start, end, category, also in _resolve(chosen):
        opening, closing = _marks(category, also)
        parts += (html.escape(text[position:start]), opening, html.escape(text[start:end]), closing)
        position = end
    parts.append(html.escape(text[position:]))
    body = f'<div class="medialit-signals" style="white-space:pre-wrap;line-height:1.9">{"".join(parts)}</div>'
    return (signal_legend_html(wanted) + body) if legend else body


def signal_legend_html(categories=None) -> str:
    """A legend: each category's mark, letter, name and meaning, as an HTML list."""
    keys = list(CATEGORIES) if categories is None else list(categories)
    items = []
    for key in keys:
        cat = CATEGORIES[key]
        opening, closing = _marks(key, ())
        sample = opening + html.escape(cat.label) + closing
        items.append(f"<li>{sample} <strong>{cat.cue}</strong> = {html.escape(cat.label)}: {html.escape(cat.meaning)}</li>")
    return '<ul class="medialit-signal-legend" aria-label="Signal legend" style="line-height:1.9">' + "".join(items) + "</ul>"


def signals_by_level(claims: pd.DataFrame, levels: pd.DataFrame, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """Average signals per claim at each evidence level (rows in the taxonomy's order, only levels used).

    ``levels`` has columns ``claim_id`` and ``level`` (an answer key, or one learner's tags). The ``claims``
    column counts the claims at each level.
    """
    missing = [c for c in ("claim_id", "level") if c not in levels.columns]
    if missing:
        raise ValueError(f"levels is missing column(s) {missing}; it needs claim_id and level (e.g. medialit.data.load('answer_key')).")
    if taxonomy is None:  # the series' levels, as for any case without its own
        taxonomy = series.taxonomy()
    tagged = levels[levels["level"].astype(str).str.len() > 0][["claim_id", "level"]]
    unknown = sorted(set(tagged["level"]) - set(taxonomy.keys))
    if unknown:
        raise ValueError(f"levels {unknown} are not in the taxonomy {taxonomy.keys}.")
    counts = signals_per_claim(claims[claims["claim_id"].isin(tagged["claim_id"])])
    joined = counts.join(tagged.set_index("claim_id")["level"], how="inner")
    table = joined.groupby("level").mean(numeric_only=True)
    table.insert(0, "claims", joined.groupby("level").size())
    order = [key for key in taxonomy.keys if key in table.index]
    return table.reindex(order)


@draws_as_written
def plot_signals_by_level(claims: pd.DataFrame, levels: pd.DataFrame, ax, *, categories=("hedge", "booster", "vague_attribution", "specific"), taxonomy: Taxonomy | None = None):
    """Grouped bars: for each evidence level, the average number of each kind of signal per claim. Returns ``ax``.

    Levels run left to right from the taxonomy's gate and weakest to strongest support; each signal category has
    its own colour **and** hatch, and every bar is labelled with its value. A tall booster bar over a weak level
    is the warning sign the lessons talk about.
    """
    if taxonomy is None:  # the series' levels, as for any case without its own
        taxonomy = series.taxonomy()
    table = signals_by_level(claims, levels, taxonomy)
    keys = list(categories)
    width = 0.8 / max(1, len(keys))
    for i, key in enumerate(keys):
        cat = CATEGORIES[key]
        xs = [x - 0.4 + width * (i + 0.5) for x in range(len(table))]
        bars = ax.bar(xs, table[key], width, label=cat.label, color=cat.colour, hatch=cat.hatch, edgecolor="black", linewidth=0.6)
        ax.bar_label(bars, fmt="%.1f", fontsize=8, padding=1)
    ax.set_xticks(range(len(table)))
    ax.set_xticklabels([f"{taxonomy[k].label}\n({n} claims)" for k, n in table["claims"].items()], fontsize=8)
    ax.set_ylabel("Signals per claim (average)")
    ax.set_xlabel("Evidence level (weakest support on the left, after the 'not a claim' gate)")
    ax.set_title("Language signals beside evidence levels")
    ax.legend(title="Signal", fontsize=8, title_fontsize=8, frameon=False)
    ax.margins(y=0.15)
    return ax


@draws_as_written
def plot_signals_by_section(claims: pd.DataFrame, ax, *, categories=None):
    """Horizontal stacked bars: how many signals of each kind each section has. Returns ``ax``."""
    from .signals import signals_per_section

    table = signals_per_section(claims)
    keys = list(CATEGORIES) if categories is None else list(categories)
    left = pd.Series(0, index=table.index)
    ys = range(len(table))
    for key in keys:
        cat = CATEGORIES[key]
        ax.barh(ys, table[key], left=left, label=f"{cat.label} ({cat.cue})", color=cat.colour, hatch=cat.hatch, edgecolor="black", linewidth=0.6)
        left = left + table[key]
    for y, total in zip(ys, left):
        ax.text(total, y, f" {total}", va="center", fontsize=8)
    ax.set_yticks(list(ys))
    ax.set_yticklabels([textwrap.fill(f"{name} ({n} units)", 28) for name, n in table["claims"].items()], fontsize=8)
    ax.invert_yaxis()  # reading order, top to bottom
    ax.set_xlabel("Number of signals")
    ax.set_title("Language signals in each section")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax
