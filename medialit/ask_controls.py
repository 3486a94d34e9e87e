"""The controls a reading-track exercise is answered with: one small, reusable control per kind of answer.

Every control has the same small protocol, so :class:`medialit.ask.Ask` can hold any of them:

* ``widget``: the ipywidgets box to show;
* ``value``: the learner's answer in the form ``medialit.check`` takes (text, or a list of texts), or None;
* ``value = saved``: put a saved answer back (values the control does not offer are ignored);
* ``label``: what the control asks the learner to do, in words (shown above it, and read by screen readers).

Every part is a native button, checkbox or text field with a text label, so Tab reaches it and Enter or Space works
it. A chosen button says so in its own text (``✓``), never by colour alone. :func:`control_for` picks the control
for an exercise (superintendent's ``controls/buttongroup.py`` is the model for :class:`ButtonGroup`).

>>> group = ButtonGroup([("claim", "A factual claim"), ("not a claim", "Not a factual claim")])
>>> group.buttons["claim"].click()
>>> group.value, group.buttons["claim"].description
('claim', '✓ A factual claim')
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from .answers import normalise
from .exercise_bank import Exercise
from .feedback import GATE_CHOICES

__all__ = ["CHECK", "ButtonGroup", "CheckboxList", "WordPicker", "TextAnswer", "control_for"]

CHECK = "✓ "
SELECTED = "medialit-selected"


class ButtonGroup:
    """A row of buttons, one per ``(value, label)`` option. A click chooses that option; with ``multiple=True``
    a click turns it on or off. ``tooltips`` (value -> text) explain each option; listeners added with
    :meth:`on_change` are called with the new value after every click."""

    def __init__(self, options: list[tuple[str, str]], *, multiple: bool = False, tooltips: dict[str, str] | None = None, label: str = "Choose one:"):
        self.multiple = multiple
        self.label = label
        self._labels = dict(options)
        self._chosen: list[str] = []
        self._listeners: list[Callable[[Any], object]] = []
        self.buttons: dict[str, widgets.Button] = {}
        for value, text in options:
            button = widgets.Button(description=text, tooltip=(tooltips or {}).get(value, ""), layout=widgets.Layout(width="auto", height="auto"))
            button.add_class("medialit-option")
            button.on_click(lambda _, value=value: self.press(value))
            self.buttons[value] = button
        self.widget = widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(flex_flow="row wrap"))

    def on_change(self, listener: Callable[[Any], object]) -> None:
        self._listeners.append(listener)

    def press(self, value: str) -> None:
        """What a click on ``value``'s button does."""
        if not self.multiple:
            self._chosen = [value]
        elif value in self._chosen:
            self._chosen.remove(value)
        else:
            self._chosen.append(value)
        self._redraw()
        for listener in self._listeners:
            listener(self.value)

    @property
    def value(self):
        if self.multiple:
            return [value for value in self.buttons if value in self._chosen]  # in the order shown
        return self._chosen[0] if self._chosen else None

    @value.setter
    def value(self, saved) -> None:
        wanted = saved if isinstance(saved, list) else [saved]
        self._chosen = [value for value in self.buttons if value in wanted][: None if self.multiple else 1]
        self._redraw()

    def _redraw(self) -> None:
        for value, button in self.buttons.items():
            chosen = value in self._chosen
            button.description = (CHECK if chosen else "") + self._labels[value]
            (button.add_class if chosen else button.remove_class)(SELECTED)


class CheckboxList:
    """One checkbox per ``(value, label)`` option, one under the other (labels wrap); ``value`` lists the ticked."""

    def __init__(self, options: list[tuple[str, str]], *, label: str = "Pick every one that applies:"):
        self.label = label
        self.boxes = {value: widgets.Checkbox(value=False, description=text, indent=False, layout=widgets.Layout(width="auto", height="auto")) for value, text in options}
        for box in self.boxes.values():
            box.add_class("medialit-option")
        self.widget = widgets.VBox(list(self.boxes.values()))

    @property
    def value(self) -> list[str]:
        return [value for value, box in self.boxes.items() if box.value]

    @value.setter
    def value(self, saved) -> None:
        wanted = set(saved) if isinstance(saved, list) else set()
        for value, box in self.boxes.items():
            box.value = value in wanted


class WordPicker:
    """One toggle button per word of a sentence, in order; ``value`` lists the words picked (compared the way
    ``medialit.check`` compares words: any case, without the punctuation around them)."""

    def __init__(self, sentence: str, *, label: str = "Pick every word that applies (press a word again to un-pick it):"):
        self.label = label
        tokens = sentence.split()
        self._words = {str(index): normalise(token) for index, token in enumerate(tokens)}
        self.group = ButtonGroup([(str(index), token) for index, token in enumerate(tokens)], multiple=True)
        self.buttons = self.group.buttons
        self.widget = self.group.widget

    @property
    def value(self) -> list[str]:
        picked = [self._words[index] for index in self.group.value]
        return list(dict.fromkeys(word for word in picked if word))

    @value.setter
    def value(self, saved) -> None:
        wanted = {normalise(word) for word in saved} if isinstance(saved, list) else set()
        self.group.value = [index for index, word in self._words.items() if word in wanted]


class TextAnswer:
    """A text field: one line for a short answer or a number, several lines (``lines > 1``) for a written one."""

    def __init__(self, *, label: str, placeholder: str = "", lines: int = 1):
        self.label = label
        make = widgets.Textarea if lines > 1 else widgets.Text
        options = {"rows": lines} if lines > 1 else {}
        self.field = make(description="Your answer", placeholder=placeholder, layout=widgets.Layout(width="95%"), style={"description_width": "initial"}, **options)
        self.widget = self.field

    @property
    def value(self) -> str:
        return self.field.value

    @value.setter
    def value(self, saved) -> None:
        self.field.value = saved if isinstance(saved, str) else str(saved) if isinstance(saved, (int, float)) else ""


def control_for(item: Exercise, claim_text: Callable[[str], str], taxonomy) -> ButtonGroup | CheckboxList | WordPicker | TextAnswer:
    """The control that answers ``item``; ``claim_text(claim_id)`` gives a claim's words, ``taxonomy`` the levels."""
    spec = item.spec
    if item.kind == "level" and spec.get("gate"):
        question = taxonomy["not_a_claim"].question
        return ButtonGroup(GATE_CHOICES, tooltips=dict.fromkeys(dict(GATE_CHOICES), question), label="Choose one:")
    if item.kind == "level":
        return ButtonGroup([(level.key, level.label) for level in taxonomy], tooltips={level.key: level.question for level in taxonomy},
                           label="Choose a level (point at a level to see the question it asks):")
    if item.kind == "choice":
        return ButtonGroup([(option, option) for option in item.option_values()], label="Choose one:")
    if item.kind == "set" and "words_of" in spec:
        return WordPicker(claim_text(spec["words_of"]))
    if item.kind == "set":
        options = [(str(o[0]), str(o[1])) if isinstance(o, list) else (str(o), str(o)) for o in spec["options"]]
        if spec.get("items") == "claims":
            options = [(value, f"{value} · {claim_text(value)}") for value, _ in options]
        return CheckboxList(options)
    if item.kind == "number":
        return TextAnswer(label="Type a number:", placeholder="a number, e.g. 0.25 or 25%")
    if item.kind == "text":
        return TextAnswer(label="Type a short answer:", placeholder="a word or a few words")
    if item.kind == "rubric":
        least = spec.get("min_words", 15)
        return TextAnswer(label=f"Write your answer (at least {least} words):", placeholder="Your answer, in full sentences", lines=6)
    raise ValueError(f"exercise {item.id} ({item.kind!r}) has no reading-track control")
