"""Is every word on a chart readable? Text that runs off the figure, or is printed over other text, is not.

:func:`text_problems` draws a figure and returns, in words, each text cut off at the figure's edge and each pair of
texts printed over each other (a legend over a title, two threshold labels on one spot). The lesson tests run it on
every chart a lesson shows, from inside the lesson's kernel (see ``tests/test_lessons_05_08.py``).
"""

from __future__ import annotations

from itertools import combinations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

TOLERANCE = 1.0  # pixels: texts that only touch are not overprinted


def _drawn_texts(figure: Figure) -> tuple[list[Text], object]:
    """Draw the figure and return the texts really drawn (a tick label outside the axis range is not), with the renderer."""
    drawn: list[Text] = []
    original = Text.draw

    def recording_draw(text, renderer):
        if text.get_visible() and text.get_text().strip() and text.get_alpha() != 0:
            drawn.append(text)
        return original(text, renderer)

    own_canvas = figure.canvas
    canvas = own_canvas if isinstance(own_canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    Text.draw = recording_draw
    try:
        canvas.draw()
        renderer = canvas.get_renderer()
    finally:
        Text.draw = original
        figure.set_canvas(own_canvas)  # leave the figure as it was found
    return list(dict.fromkeys(drawn)), renderer


def text_problems(figure: Figure) -> list[str]:
    """Each text of ``figure`` that is cut off at its edge, and each pair of texts that overlap, in words."""
    texts, renderer = _drawn_texts(figure)
    page = figure.bbox
    boxes = [(text, text.get_window_extent(renderer)) for text in texts]
    problems = []
    for text, box in boxes:
        if box.x0 < page.x0 - TOLERANCE or box.y0 < page.y0 - TOLERANCE or box.x1 > page.x1 + TOLERANCE or box.y1 > page.y1 + TOLERANCE:
            problems.append(f"cut off at the edge: {text.get_text()!r}")
    for (first, a), (second, b) in combinations(boxes, 2):
        width = min(a.x1, b.x1) - max(a.x0, b.x0)
        height = min(a.y1, b.y1) - max(a.y0, b.y0)
        if width > TOLERANCE and height > TOLERANCE:
            problems.append(f"printed over each other: {first.get_text()!r} and {second.get_text()!r}")
    return problems
