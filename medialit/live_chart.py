"""The tagger's live chart: counts per level beside levels by section, one figure updated in place on every tag.

A learner expects the chart to follow each click at once. Drawing two charts afresh costs hundreds of
milliseconds on a busy classroom server; :class:`LiveChart` draws them once (with :mod:`medialit.charts`), keeps a
picture of everything that never changes (axes, labels, legend), and on each update repaints only the rows whose
bars changed over that picture, then encodes the PNG. The result is the same, pixel for pixel, as a fresh drawing
(a test checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import matplotlib
import pandas as pd

from .charts import LevelCountBars, SectionBars, as_written, count_levels, counts_by_section, encode_png, new_figure
from .taxonomy import Taxonomy

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["LiveChart"]


def _step_limit(value: float, step: int = 10) -> int:
    """The axis limit for ``value``: rounded up to a whole ``step``, so it changes only now and then."""
    return max(step, -(-int(value + 1) // step) * step)


class LiveChart:
    """The tagger's chart: counts per level beside levels by section, in one figure updated in place.

    >>> chart = LiveChart(taxonomy, sections)                     # a case's taxonomy and sections   # doctest: +SKIP
    >>> png = chart.update(session.to_frame(all_claims=True))     # a learner's tagging session   # doctest: +SKIP

    Built once from the charts' own drawing objects (:class:`~medialit.charts.LevelCountBars`,
    :class:`~medialit.charts.SectionBars`) and counts. Every :meth:`update` sets the bars' sizes and count labels,
    then repaints only the rows whose bars changed (a tag changes two or three rows) over a saved picture of
    everything else — axes, labels, legend — and encodes the PNG. The saved picture is redrawn only when an axis must grow (limits move in steps of 10).
    :attr:`png` is the latest image. The bars and counts are "animated" artists: they appear only through
    :meth:`update`, which gives the same pixels as drawing the whole chart afresh.
    """

    def __init__(self, taxonomy: Taxonomy, sections: list[str], *, width: float = 10.0, height: float = 4.4, dpi: int = 80):
        self.taxonomy = taxonomy
        self.sections = list(sections)
        self.figure = new_figure(width, height, dpi)
        self.canvas = cast("FigureCanvasAgg", self.figure.canvas)  # new_figure draws with Agg
        self.levels_ax, self.sections_ax = self.figure.subplots(1, 2, width_ratios=[1, 1.15])
        with matplotlib.rc_context({"text.parse_math": False}):  # section names are drawn as written ($ and all)
            self._levels = LevelCountBars(self.levels_ax, self.taxonomy, "Claims at each level")
            self._sections = SectionBars(self.sections_ax, self.taxonomy, self.sections, "Levels by section", True)
        as_written(self.figure)
        # One "row" per bar of either chart: (its axes, its y position, the artists drawn in that row).
        self._rows = [(self.levels_ax, y, artists) for y, artists in enumerate(self._levels.rows)]
        self._rows += [(self.sections_ax, y, artists) for y, artists in enumerate(self._sections.rows)]
        for _, _, artists in self._rows:
            for artist in artists:
                artist.set_animated(True)
        # Lay the figure out once, from a fixed state, then freeze it: the layout never depends on the data, so
        # a chart updated a thousand times and a fresh one look the same, pixel for pixel.
        self.levels_ax.set_xlim(0, 10)
        self.sections_ax.set_xlim(0, 12)
        engine = self.figure.get_layout_engine()
        if engine is not None:
            engine.execute(self.figure)
        self.figure.set_layout_engine("none")
        self._limits: tuple | None = None
        self._background = None
        self._painted: list[tuple] = []
        self.png = b""

    def draw(self, frame: pd.DataFrame) -> None:
        """Set every bar and count label from a tag DataFrame (``level`` and ``section`` columns) and repaint."""
        counts = count_levels(frame, self.taxonomy)
        table = counts_by_section(frame, self.taxonomy, self.sections)
        limits = (_step_limit(max(counts, default=0)), _step_limit(int(table.to_numpy().sum(axis=1).max()) if len(table) else 0))
        self._levels.set(counts, limit=limits[0])
        self._sections.set(table, limit=limits[1])
        looks = [tuple(_look(a) for a in artists) for _, _, artists in self._rows]
        if limits != self._limits:  # an axis grew or shrank: redraw the still parts and keep a picture of them
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._limits = limits
            changed = list(range(len(self._rows)))
        else:
            changed = [i for i, look in enumerate(looks) if look != self._painted[i]]
        for i in changed:
            ax, y, artists = self._rows[i]
            self._repaint_row(ax, y, artists)
        self._painted = looks

    def _repaint_row(self, ax, y: int, artists) -> None:
        (_, top), (_, bottom) = ax.transData.transform([(0, y - 0.5), (0, y + 0.5)])  # y axes are inverted
        x0, x1 = ax.bbox.x0 - 1, min(ax.bbox.x1 + 60, self.figure.bbox.x1)
        # Agg counts rows from the top, and xy is where the saved (whole-figure) picture's corner goes: (0, 0).
        height = self.figure.bbox.height
        y0, y1 = height - max(top, bottom), height - min(top, bottom)
        self.canvas.restore_region(self._background, bbox=(x0, y0, x1, y1), xy=(0, 0))
        for artist in artists:
            if artist.get_visible():
                ax.draw_artist(artist)

    def update(self, frame: pd.DataFrame) -> bytes:
        """Redraw from ``frame`` and return the new PNG bytes (also kept as :attr:`png`)."""
        self.draw(frame)
        self.png = encode_png(self.canvas)
        return self.png


def _look(artist) -> tuple:
    """What an artist of the live chart shows: enough to tell whether it must be repainted."""
    if hasattr(artist, "get_width"):
        return (artist.get_x(), artist.get_width(), artist.get_visible())
    return (artist.get_position(), artist.get_text())
