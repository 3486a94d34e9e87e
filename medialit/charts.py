"""Charts of tags: how many claims sit at each evidence level, overall and by section.

Every chart function takes a DataFrame of tags (a ``level`` column of taxonomy keys, and ``section`` for the
section chart: what :meth:`TaggingSession.to_frame` gives) and a matplotlib ``ax``, draws, and returns the ``ax``::

    from matplotlib.figure import Figure
    fig = new_figure()
    ax = fig.subplots()
    plot_level_counts(session.to_frame(), ax)
    png = render_png(fig)                       # bytes, e.g. for an ipywidgets.Image

Levels always appear in the taxonomy's order (the gate *not a factual claim*, then weakest to strongest support),
each in its taxonomy colour (Okabe-Ito, colour-blind safe) **and** its hatch pattern, with the count written beside
every bar, so colour is never the only cue. Rows with no level (``to_frame(all_claims=True)``) are drawn as
"not yet tagged" in the section chart.

``taxonomy`` is the case's levels (``session.taxonomy``, ``case.taxonomy``); left out, the series' own levels.
The small style helpers (:func:`level_colours`, :func:`level_hatches`, :func:`level_labels`, :func:`short_label`,
:func:`bar_style`) are public so other charts (``medialit.class_charts``) draw levels the same way, and so is
:func:`draws_as_written`: every chart draws article and learner text as written (a ``$`` in a heading such as
``# Costs of $x^{2$`` is a dollar sign, never the start of mathematical notation).

Both charts are built from two drawing objects, :class:`LevelCountBars` and :class:`SectionBars`: drawn once
(empty), then sized with ``set(...)`` as often as needed. The tagger's own chart,
:class:`medialit.live_chart.LiveChart`, uses them to update one figure in place on every tag, and
:func:`encode_png` to turn its canvas into a PNG.
"""

from __future__ import annotations

import functools
import io
import struct
import textwrap
import zlib
from typing import Callable, TypeVar

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import series
from .taxonomy import Taxonomy

__all__ = [
    "UNTAGGED",
    "level_colours",
    "level_hatches",
    "level_labels",
    "short_label",
    "bar_style",
    "count_levels",
    "counts_by_section",
    "LevelCountBars",
    "SectionBars",
    "plot_level_counts",
    "plot_levels_by_section",
    "plot_pass_moves",
    "new_figure",
    "render_png",
    "encode_png",
    "as_written",
    "draws_as_written",
]

UNTAGGED = "not yet tagged"
_UNTAGGED_STYLE = {"facecolor": "#FFFFFF", "edgecolor": "#767676", "hatch": "", "linewidth": 0.8}
TEXT_COLOUR = "#222222"


Chart = TypeVar("Chart", bound=Callable)


def as_written(artist: Artist) -> Artist:
    """Mark every text in ``artist`` (an axes, a figure) to be drawn as written, never as mathematical notation."""
    for text in artist.findobj(match=Text):
        text.set_parse_math(False)
    return artist


def draws_as_written(chart: Chart) -> Chart:
    """Decorate a chart function (it returns its ``ax``) so that all its text is drawn as written.

    Matplotlib reads text between two ``$`` as mathematical notation: a heading ``# Costs of $x^{2$`` would stop
    the chart with an error, and ``$5 and $10`` would be drawn as italic math. Text made while the chart draws
    (ticks included) and every text on the axes it returns are marked literal; no global setting changes.
    """

    @functools.wraps(chart)
    def draw(*args, **kwargs):
        with matplotlib.rc_context({"text.parse_math": False}):
            return as_written(chart(*args, **kwargs))

    return draw  # type: ignore[return-value]


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    """The levels to draw: those given (a case's), else the series' own."""
    return taxonomy if taxonomy is not None else series.taxonomy()


def level_colours(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """Level key -> hex colour, in taxonomy order."""
    return {lv.key: lv.colour for lv in _taxonomy(taxonomy)}


def level_hatches(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """Level key -> matplotlib hatch pattern (``"//"``, ``"xx"``...), so a level is told apart without colour."""
    return {lv.key: lv.hatch for lv in _taxonomy(taxonomy)}


def level_labels(taxonomy: Taxonomy | None = None, width: int | None = None) -> dict[str, str]:
    """Level key -> its plain-words label, wrapped to ``width`` characters per line if given."""
    return {lv.key: short_label(lv.label, width) for lv in _taxonomy(taxonomy)}


def short_label(text: str, width: int | None = 22) -> str:
    """Wrap a long label (a level or a section name) onto lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) if width else text


def bar_style(level: str, taxonomy: Taxonomy | None = None) -> dict:
    """Keyword arguments for ``ax.bar``/``ax.barh`` that draw one level: colour, hatch and a dark edge."""
    lv = _taxonomy(taxonomy)[level]
    return {"facecolor": lv.colour, "hatch": lv.hatch, "edgecolor": "#333333", "linewidth": 0.6}


def count_levels(frame: pd.DataFrame, taxonomy: Taxonomy | None = None, column: str = "level") -> pd.Series:
    """How many rows have each level, for every level in taxonomy order (zeros included); untagged rows ignored.

    The counting is :meth:`Taxonomy.count <medialit.taxonomy.Taxonomy.count>`, which every chart, table and
    summary of levels uses.
    """
    counts = _taxonomy(taxonomy).count(frame[column] if len(frame) else ())
    return pd.Series(list(counts.values()), index=list(counts), dtype=int)


def counts_by_section(frame: pd.DataFrame, taxonomy: Taxonomy | None = None, sections: list[str] | None = None, column: str = "level") -> pd.DataFrame:
    """A table of counts: one row per section (reading order), one column per level plus ``UNTAGGED``."""
    taxonomy = _taxonomy(taxonomy)
    sections = sections if sections is not None else list(dict.fromkeys(frame["section"]))
    levels: dict[str, list] = {section: [] for section in sections}
    for section, level in zip(frame["section"], frame[column]):
        if section in levels:
            levels[section].append(level)
    rows = [[*taxonomy.count(found).values(), sum(not (isinstance(level, str) and level) for level in found)] for found in levels.values()]
    return pd.DataFrame(rows, index=pd.Index(sections, name="section"), columns=[*taxonomy.keys, UNTAGGED], dtype=int)


# ---- drawing: build the artists once, then size them with set(), so a live chart can update in place ----


class LevelCountBars:
    """A level-count chart drawn on ``ax``: one bar per level, in taxonomy order, and its count written beside it.

    Drawn empty; :meth:`set` sizes the bars and writes the counts (again and again, for a live chart).
    ``rows`` lists, per bar from the top, the artists drawn in that row.
    """

    def __init__(self, ax, taxonomy: Taxonomy, title: str):
        keys = taxonomy.keys
        positions = range(len(keys))
        self.ax = ax
        self.bars = ax.barh(list(positions), [0] * len(keys), height=0.7, **{"facecolor": "none"})
        for bar, key in zip(self.bars, keys):
            bar.set(**bar_style(key, taxonomy))
        self.labels = [ax.text(0, y, "", va="center", ha="left", fontsize=9, color=TEXT_COLOUR) for y in positions]
        ax.set_yticks(list(positions), [short_label(taxonomy[k].label, 24) for k in keys], fontsize=8.5)
        ax.invert_yaxis()  # the gate on top, then weakest to strongest support reading down
        ax.set_xlabel("Number of claims")
        ax.set_title(title, loc="left", fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        self.rows = [[bar, label] for bar, label in zip(self.bars, self.labels)]

    def set(self, counts: pd.Series, limit: float | None = None) -> None:
        """Size the bars to ``counts`` (taxonomy order); ``limit`` fixes the axis (else it fits the longest bar)."""
        top = limit or max(int(counts.max()) if len(counts) else 0, 4)
        for bar, label, value in zip(self.bars, self.labels, counts):
            bar.set_width(value)
            bar.set_visible(value > 0)  # an empty bar draws nothing, so skip it (hatched patches are costly)
            label.set_x(value + top * 0.02)
            label.set_text(str(int(value)))
        self.ax.set_xlim(0, limit or top * 1.15)


class SectionBars:
    """A levels-by-section chart drawn on ``ax``: one stacked bar per section, a segment per level (then "not yet
    tagged"), "tagged of total" written at the end. Drawn empty; :meth:`set` sizes it from :func:`counts_by_section`."""

    def __init__(self, ax, taxonomy: Taxonomy, sections: list[str], title: str, legend: bool = True):
        rows = range(len(sections))
        self.ax = ax
        self.segments, names = {}, []
        for key in [*taxonomy.keys, UNTAGGED]:
            style = _UNTAGGED_STYLE if key == UNTAGGED else bar_style(key, taxonomy)
            names.append(UNTAGGED.capitalize() if key == UNTAGGED else taxonomy[key].label)
            self.segments[key] = ax.barh(list(rows), [0] * len(sections), height=0.65, label=names[-1], **style)
        self.totals = [ax.text(0, y, "", va="center", ha="left", fontsize=8.5, color=TEXT_COLOUR) for y in rows]
        ax.set_yticks(list(rows), [short_label(s, 26) for s in sections], fontsize=8.5)
        ax.invert_yaxis()
        ax.set_xlabel("Number of claims")
        ax.set_title(title, loc="left", fontsize=11)
        ax.spines[["top", "right"]].set_visible(False)
        if legend:
            # Handles and names given outright: a label that starts with "_" would otherwise be left out of the legend.
            ax.legend(list(self.segments.values()), names, loc="upper center", bbox_to_anchor=(0.4, -0.16), ncol=3, fontsize=7.5, frameon=False, handlelength=2.2, handleheight=1.3)
        self.rows = [[*(bars[y] for bars in self.segments.values()), self.totals[y]] for y in rows]

    def set(self, table: pd.DataFrame, limit: float | None = None) -> None:
        """Size the segments to ``table`` (sections x levels, then UNTAGGED); ``limit`` fixes the axis."""
        values = table.to_numpy(dtype=int)  # rows: sections; columns: levels in taxonomy order, then UNTAGGED
        left = [0] * len(values)
        for column, bars in enumerate(self.segments.values()):
            for row, bar in enumerate(bars):
                value = int(values[row, column])
                bar.set_x(left[row])
                bar.set_width(value)
                bar.set_visible(value > 0)
                left[row] += value
        untagged = values[:, -1] if len(values) else values
        any_untagged = bool(untagged.any())
        top = limit or max(max(left, default=0), 4)
        for text, total, waiting in zip(self.totals, left, untagged):
            text.set_x(total + top * 0.02)
            text.set_text(f"{int(total - waiting)} of {int(total)}" if any_untagged else str(int(total)))
        self.ax.set_xlim(0, limit * 1.2 if limit else top * 1.22)


@draws_as_written
def plot_level_counts(frame: pd.DataFrame, ax, taxonomy: Taxonomy | None = None, *, title: str = "How many claims sit at each evidence level", column: str = "level"):
    """Horizontal bars: the number of claims at each level, in taxonomy order, each bar labelled with its count."""
    taxonomy = _taxonomy(taxonomy)
    LevelCountBars(ax, taxonomy, title).set(count_levels(frame, taxonomy, column))
    return ax


@draws_as_written
def plot_levels_by_section(frame: pd.DataFrame, ax, taxonomy: Taxonomy | None = None, *, sections: list[str] | None = None, title: str = "Evidence levels by section", legend: bool = True, column: str = "level"):
    """One stacked horizontal bar per section (reading order), a segment per level in colour and hatch.

    Rows without a level are stacked last as "not yet tagged"; each bar ends with "tagged of total" in words.
    """
    taxonomy = _taxonomy(taxonomy)
    table = counts_by_section(frame, taxonomy, sections, column)
    SectionBars(ax, taxonomy, list(table.index), title, legend).set(table)
    return ax


_MOVE_STYLES = {"up": ("-", "#009E73"), "down": ("--", "#D55E00"), "unchanged": (":", "#555555"), "not comparable": (":", "#555555")}


@draws_as_written
def plot_pass_moves(moves: pd.DataFrame, ax, taxonomy: Taxonomy | None = None, *, title: str = "How checking other sources moved each claim"):
    """One row per claim: a line from its first-pass level (○) to its second-pass level (●), and the move in words.

    ``moves`` is :meth:`TaggingSession.compare_passes() <medialit.session.TaggingSession.compare_passes>`. Up means the
    support turned out stronger, down that a better source disagrees; the words beside each line (up, down,
    unchanged) say it, so colour and line style are never the only cue.
    """
    taxonomy = _taxonomy(taxonomy)
    ranked = [level for level in taxonomy if level.rank is not None]
    right = max(level.rank for level in ranked) + 0.35
    for y, row in enumerate(moves.itertuples()):
        line, colour = _MOVE_STYLES.get(row.change, _MOVE_STYLES["unchanged"])
        if pd.notna(row.first_rank) and pd.notna(row.lateral_rank):
            ax.plot([row.first_rank, row.lateral_rank], [y, y], line, color=colour, linewidth=2)
            ax.plot(row.first_rank, y, "o", markerfacecolor="white", markeredgecolor="#333333", markersize=9)
        if pd.notna(row.lateral_rank):
            ax.plot(row.lateral_rank, y, "o", color="#333333", markersize=8)
        ax.text(right, y, row.change, va="center", fontsize=9)
    ax.set_yticks(range(len(moves)), list(moves["claim_id"]))
    ax.set_xticks([level.rank for level in ranked], [short_label(level.label, 14) for level in ranked], fontsize=7)
    ax.set_xlim(min(level.rank for level in ranked) - 0.3, right + 0.85)
    ax.set_ylim(len(moves) - 0.5, -0.5)
    ax.set_title(f"{title}  (○ first pass, ● second pass)", loc="left", fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def new_figure(width: float = 10.0, height: float = 4.2, dpi: int = 80) -> Figure:
    """A matplotlib Figure with its own Agg canvas, outside pyplot's global state (nothing piles up)."""
    figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def encode_png(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as an RGB PNG: rows unfiltered, zlib's fastest level (charts are mostly flat colour, so the
    result is as small as a slower encoder's, in about half the time of Pillow's adaptive filtering)."""
    pixels = np.asarray(canvas.buffer_rgba())
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + width * 3), dtype=np.uint8)  # each row: filter byte 0 ("none"), then RGB
    rows[:, 1:] = pixels[:, :, :3].reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _png_chunk(b"IEND", b"")


def render_png(fig: Figure, dpi: float | None = None) -> bytes:
    """The whole figure as PNG bytes, drawn afresh: for ``ipywidgets.Image(value=...)`` or a file.

    At the figure's own dpi it draws on an Agg canvas and encodes with light compression (several times faster
    than ``savefig``'s defaults); at another ``dpi`` it falls back to ``savefig``.
    """
    if dpi is not None and dpi != fig.dpi:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return encode_png(canvas)
