"""What a widget cell says when its widget cannot be shown: "run this cell again", never a bare error.

A notebook saves a widget's output as a pointer to a live object in the kernel (ipywidgets 8). After the kernel
restarts, or when the notebook is opened again another day, that object is gone. JupyterLab 4 and Notebook 7 then
show "Loading widget..." where the widget was, and "Error displaying widget: model not found" once the widget manager
has restored its state (``jupyterlab_widgets``' renderer; seen in JupyterLab 4.6 and Notebook 7.6: with no widget state
saved in the notebook, as in this series, "Loading widget..." stays). A learner cannot tell what went wrong. Nothing in the saved output can change that text, so a widget the series shows
comes with a second output just above it, a short note::

    ↻ No box below, only "Loading widget..." or "Error displaying widget"? Run this cell again to show the tagger:
      click the cell, then press Shift+Enter.

The note is plain HTML (saved with the notebook, shown whatever the kernel's state). While the widget is live the
note hides itself: its style rule, ``:has()``, hides a note in an output area that also holds a live medialit widget
(:data:`LIVE_CLASS`). Where the rule does not apply (a notebook the browser does not trust strips styles; another
front end) the note stays visible and is still true. The widget's own ``text/plain`` says the same, for front ends
without widgets (a static HTML page, a code host).

>>> bundle = text_only("the tagger")
>>> bundle["text/plain"]
'Run this cell again (Shift+Enter) to show the tagger.'

:func:`show` displays the note and then the widget; a widget class calls it from ``_ipython_display_``.
"""

from __future__ import annotations

import html

__all__ = ["LIVE_CLASS", "NOTE_CLASS", "note_html", "note_bundle", "text_only", "widget_bundle", "show"]

LIVE_CLASS = "medialit-live"   # every medialit widget a lesson shows carries it while it is live
NOTE_CLASS = "medialit-rerun"
# Hide the note in an output area (JupyterLab 4, Notebook 7) that also shows a live medialit widget.
_STYLE = (f"<style>.jp-OutputArea:has(.{LIVE_CLASS}) .{NOTE_CLASS} {{display: none}}"
          f" .{NOTE_CLASS} {{margin: 0.2em 0; padding: 0.2em 0.5em; border-left: 4px solid #0B4F8A; font-size: 0.95em}}</style>")


def rerun_text(what: str) -> str:
    """The plain words: what to press to show ``what``."""
    return f"Run this cell again (Shift+Enter) to show {what}."


def note_html(what: str) -> str:
    """The note shown above a widget: what to do if the widget is not there."""
    words = (f"↻ No box below, only “Loading widget...” or “Error displaying widget”? Run this cell again to show "
             f"{html.escape(what)}: click the cell, then press Shift+Enter.")
    return f"{_STYLE}<div class='{NOTE_CLASS}' role='note'>{words}</div>"


def note_bundle(what: str) -> dict[str, str]:
    """The note as a display bundle (HTML, with its text for plain front ends)."""
    return {"text/html": note_html(what), "text/plain": rerun_text(what)}


def text_only(what: str) -> dict[str, str]:
    """What a front end without widgets shows for the widget itself."""
    return {"text/plain": rerun_text(what)}


def widget_bundle(widget, what: str, **kwargs) -> dict:
    """``widget``'s own display bundle with ``text/plain`` saying what to do instead of ``VBox(children=...)``."""
    widget.add_class(LIVE_CLASS)
    bundle = dict(widget._repr_mimebundle_(**kwargs))
    bundle.update(text_only(what))
    return bundle


def show(widget, what: str) -> None:
    """Display the note, then ``widget`` (an ipywidgets widget), as two outputs of the running cell."""
    from IPython.display import display

    display(note_bundle(what), raw=True)
    display(widget_bundle(widget, what), raw=True)
