"""Small controls the lessons use so that a learner only ever presses buttons and Shift+Enter, never edits code.

* :class:`Reveal`: a button that shows something only when pressed, and says on its face what it will show
  ("Show the key for C081-C086: level and reason"). Nothing of what it reveals is computed, sent to the browser or
  saved in the notebook before the press: *Run All* can never put the answer key on the screen.
* :func:`show_the_key`: a :class:`Reveal` of the answer key's level, other defensible levels and reason for some
  claims, in a table.
* :func:`reveal_chart`: a :class:`Reveal` of a chart drawn from the key, with its text alternative.
* :func:`reveal_class_view`: a :class:`Reveal` of the live class view (it shows the key's levels beside the class's).
* :class:`SectionPicker`: a menu of the article's sections; choosing one redraws what the lesson shows for it
  (instead of "change this line to your section").

Every text is escaped before it becomes HTML. Callbacks never print. After a kernel restart each cell says "run
this cell again" (:mod:`medialit.rerun_note`).
"""

from __future__ import annotations

import base64
import html
from typing import Callable, Iterable

import ipywidgets as widgets

from . import rerun_note

__all__ = ["Reveal", "show_the_key", "key_table_html", "reveal_chart", "reveal_class_view", "SectionPicker", "statement_sections"]


class Reveal:
    """A button labelled ``label``; pressing it shows ``render()`` below it, pressing again hides it.

    ``render`` returns HTML, or a live view with a ``widget`` (such as :class:`medialit.ClassView`) or a widget. It
    is called at the press, never before, so nothing it would show exists until the learner asks; hiding a live view
    closes it (a class view stops its timer).
    """

    def __init__(self, label: str, render: Callable[[], object], *, hide_label: str = "Hide it again", what: str = "the button"):
        self.label, self.hide_label, self.what = label, hide_label, what
        self._render = render
        self._live: object = None
        self.button = widgets.Button(description=label, tooltip=label, layout=widgets.Layout(width="auto", height="auto", max_width="100%"))
        self.button.add_class("medialit-reveal-button")
        self.button.on_click(lambda _: self.toggle())
        self.view = widgets.HTML()
        self.view.add_class("medialit-reveal-view")
        self.slot = widgets.VBox([])  # where a revealed widget goes
        self.widget = widgets.VBox([self.button, self.view, self.slot])
        self.widget.add_class("medialit-reveal")

    @property
    def shown(self) -> bool:
        return bool(self.view.value) or bool(self.slot.children)

    def toggle(self) -> None:
        """What the button does: show the content (computed now), or hide it again."""
        if self.shown:
            self.view.value, self.slot.children, self.button.description = "", (), self.label
            live, self._live = self._live, None
            if live is not None and hasattr(live, "close"):
                live.close()
            return
        content = self._render()
        if isinstance(content, str):
            self.view.value = content
        else:
            self._live = content
            self.slot.children = (getattr(content, "widget", content),)
        self.button.description = self.hide_label

    def _ipython_display_(self) -> None:
        rerun_note.show(self.widget, self.what)


def key_table_html(claim_ids: Iterable[str]) -> str:
    """The answer key for ``claim_ids``: the claim, the key's level, the other defensible levels and the reason."""
    from .answer_key import key_for
    from .data import load_article, load_taxonomy

    article, taxonomy = load_article(), load_taxonomy()
    rows = []
    for claim_id in claim_ids:
        entry = key_for(claim_id)
        others = ", ".join(taxonomy[level].label for level in entry.defensible) or "none: the key calls it clear-cut"
        rows.append(
            f"<tr><th scope='row'>{html.escape(claim_id)}</th><td>{html.escape(article.claim(claim_id).text)}</td>"
            f"<td><strong>{html.escape(taxonomy[entry.level].label)}</strong></td><td>{html.escape(others)}</td>"
            f"<td>{html.escape(entry.reason)}</td></tr>"
        )
    return ("<table class='medialit-key-table'><caption>The answer key (compare with your own answer and reason)</caption>"
            "<thead><tr><th scope='col'>Claim</th><th scope='col'>Text</th><th scope='col'>Key's level</th>"
            "<th scope='col'>Also defensible</th><th scope='col'>Why</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _ids_in_words(claim_ids: list[str]) -> str:
    return claim_ids[0] if len(claim_ids) == 1 else f"{', '.join(claim_ids[:-1])} and {claim_ids[-1]}" if len(claim_ids) < 4 else f"{claim_ids[0]}-{claim_ids[-1]}"


def show_the_key(claim_ids: Iterable[str], *, after: str = "once you have answered") -> Reveal:
    """A button "Show the key for C081-C086 (level and reason)"; the key's table appears only when it is pressed."""
    ids = list(claim_ids)
    label = f"Show the key for {_ids_in_words(ids)}: its level and reason ({after})"
    return Reveal(label, lambda: key_table_html(ids), hide_label="Hide the key", what="the button that shows the key")


def reveal_chart(label: str, draw: Callable, *, alt: str | Callable[[], str], width: float = 8.0, height: float = 3.6) -> Reveal:
    """A button ``label``; pressing it draws ``draw(ax)`` (a chart function: ax in, ax out) and shows it with ``alt``."""
    from .charts import new_figure, render_png

    def render() -> str:
        figure = new_figure(width=width, height=height)
        draw(figure.subplots())
        png = base64.b64encode(render_png(figure)).decode("ascii")
        words = alt() if callable(alt) else alt
        return (f"<figure style='margin:0.3em 0'><img src='data:image/png;base64,{png}' alt='{html.escape(words, quote=True)}' "
                f"style='max-width:100%;height:auto'><figcaption>{html.escape(words)}</figcaption></figure>")

    return Reveal(label, render, hide_label="Hide the chart", what="the button that shows the chart")


def reveal_class_view(source, *, projector: bool = True) -> Reveal:
    """A button that opens :class:`medialit.ClassView` of ``source`` (it shows the key's levels, so it waits)."""
    from .classview import ClassView

    return Reveal("Open the live class view (it shows the key's levels)", lambda: ClassView(source, projector=projector),
                  hide_label="Close the class view", what="the button that opens the class view")


def statement_sections() -> list[str]:
    """The article's sections that hold statements (sentences or bio), in reading order."""
    from .data import load

    claims = load("claims")
    statements = claims[claims["kind"].isin(["sentence", "bio"])]
    return list(dict.fromkeys(statements["section"]))


class SectionPicker:
    """A menu of sections; choosing one shows ``render(section)`` (HTML) below it. Starts on ``start``."""

    def __init__(self, render: Callable[[str], str], *, sections: list[str] | None = None, start: str | None = None,
                 label: str = "Your section", what: str = "the section menu"):
        self._render = render
        self.what = what
        options = sections or statement_sections()
        self.menu = widgets.Dropdown(options=options, value=start if start in options else options[0], description=label,
                                     style={"description_width": "initial"}, layout=widgets.Layout(width="auto", max_width="100%"))
        self.view = widgets.HTML()
        self.menu.observe(lambda change: self.show(change["new"]), names="value")
        self.widget = widgets.VBox([self.menu, self.view])
        self.widget.add_class("medialit-section-picker")
        self.show(self.menu.value)

    def show(self, section: str) -> None:
        """What choosing ``section`` does: redraw the view for it."""
        if self.menu.value != section:
            self.menu.value = section  # the observer comes back here with the same section
            return
        self.view.value = self._render(section)

    def _ipython_display_(self) -> None:
        rerun_note.show(self.widget, self.what)
