"""The learner's name, typed once: a small box in lesson 00 that every later lesson's tagger and hand-in rely on.

>>> box = NameBox()                      # a widget, shown by a notebook (the last line of a cell)   # doctest: +SKIP

What a learner sees: "Your name or pseudonym", a text field and a *Save* button, and one line saying which name the
lessons use now. *Save* checks the name the way a note is checked (:func:`medialit.paths.name_problem`: not empty,
not too long, no broken characters, not the placeholder "me") and saves it in the work folder
(:func:`medialit.paths.save_name`), and carries the tags made before a name was saved (under "me") over to it
(:mod:`medialit.unnamed_work`), saying how many; a name that cannot be saved is refused with the reason, and the name saved
before stays. On a JupyterHub there is nothing to type: the box says you are signed in as the hub user, and that
name is used (:func:`medialit.paths.default_learner`).

The box is state apart from view: :meth:`NameBox.save` is what the button does, and the tests call it the way a
learner clicks. Callbacks never print; what happened is shown in the box. After a kernel restart the cell says
"run this cell again" (:mod:`medialit.rerun_note`).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from . import paths, rerun_note, unnamed_work
from .errors import InvalidTextError

__all__ = ["NameBox", "name_box", "current_name"]

WHAT = "the box for your name"
RUN_AGAIN = " Run the tagger's cell again (lesson 03 on) to see them."


def current_name() -> str:
    """The name the lessons use now (the hub user, else the saved name), or "" when there is none yet."""
    return paths.hub_user() or paths.saved_name()


class NameBox:
    """"Your name or pseudonym" with *Save*; on a JupyterHub, the hub user instead. ``widget`` is the box itself."""

    def __init__(self):
        self.hub_user = paths.hub_user()
        self.field = widgets.Text(value=paths.saved_name(), description="Your name or pseudonym", placeholder="as your teacher knows you",
                                  style={"description_width": "initial"}, layout=widgets.Layout(width="auto", max_width="30em"))
        self.save_button = widgets.Button(description="Save", tooltip="Save this name: every lesson will use it", layout=widgets.Layout(width="auto"))
        self.save_button.on_click(lambda _: self.save())
        self.status = widgets.HTML()
        self.status.add_class("medialit-name-status")
        if self.hub_user:
            parts = [self.status]
            self._say(f"You are signed in as <strong>{html.escape(self.hub_user)}</strong> on this JupyterHub. Every lesson uses "
                      "that name for your tags and your hand-in: there is nothing to type.")
        else:
            parts = [widgets.HBox([self.field, self.save_button], layout=widgets.Layout(flex_flow="row wrap")), self.status]
            self._say_current()
        self.widget = widgets.VBox(parts)
        self.widget.add_class("medialit-name")

    def save(self) -> bool:
        """What *Save* does: save the name in the field, or say why it cannot be saved. True if it was saved."""
        if self.hub_user:
            return False
        try:
            paths.save_name(self.field.value)
        except InvalidTextError as problem:
            self._say(f"<strong>Not saved.</strong> {html.escape(str(problem))} {self._current_words()}")
            return False
        except OSError as problem:
            self._say(f"<strong>Not saved:</strong> {html.escape(str(paths.name_path()))} could not be written ({html.escape(problem.strerror or str(problem))}). "
                      "Ask your teacher; until then, type your name where a lesson asks for it.")
            return False
        self.field.value = name = paths.saved_name()
        self._say(f"<strong>Saved.</strong> Every lesson now uses <strong>{html.escape(name)}</strong> for your tags and "
                  f"for what you hand in. You can change it here at any time.{html.escape(unnamed_work.carry_over_words(name, then=RUN_AGAIN))}")
        return True

    def _current_words(self) -> str:
        name = paths.saved_name()
        if name:
            return f"The lessons still use <strong>{html.escape(name)}</strong>."
        return f"No name is saved yet, so your tags are kept under “{paths.PLACEHOLDER}” until you save one."

    def _say_current(self) -> None:
        name = paths.saved_name()
        if name:
            self._say(f"The lessons use <strong>{html.escape(name)}</strong>. To change it, type another name and press <strong>Save</strong>.")
        else:
            self._say(f"No name is saved yet, so your tags are kept under “{paths.PLACEHOLDER}”. Type your name or a pseudonym your "
                      "teacher knows, then press <strong>Save</strong>.")

    def _say(self, words: str) -> None:
        self.status.value = f"<p style='margin:0.3em 0' role='status'>{words}</p>"

    def _ipython_display_(self) -> None:
        rerun_note.show(self.widget, WHAT)


def name_box() -> NameBox:
    """The name box: make it the last line of a cell."""
    return NameBox()
