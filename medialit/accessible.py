"""Text equivalents for charts: a short caption that says what a chart shows, and its data one click away.

A learner who cannot see the chart (a screen-reader user, someone printing in black and white, a phone in the sun)
gets the same information in words and in a table. Every chart in the series should come with both::

    from medialit.accessible import describe_counts, data_table_html
    caption = describe_counts(session.to_frame())          # one or two sentences, plain words
    image.tooltip = caption                                 # the chart image's accessible name (its title)
    table.value = data_table_html(count_levels(frame), "Claims at each evidence level")

:func:`data_table_html` returns a native ``<details>`` element: it opens with Enter or Space from the keyboard,
screen readers announce it as a disclosure, and it needs no script. Every piece of text is HTML-escaped, so
article or learner text can never become markup. :func:`data_table` wraps it in an ``ipywidgets.HTML``.
"""

from __future__ import annotations

import html

import pandas as pd

from . import series
from .taxonomy import Taxonomy

__all__ = ["describe_counts", "describe_sections", "table_html", "data_table_html", "data_table", "level_counts",
           "counts_table"]


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    """The levels to describe: those given (a case's), else the series' own."""
    return taxonomy if taxonomy is not None else series.taxonomy()


def level_counts(data: pd.DataFrame | pd.Series, taxonomy: Taxonomy | None = None, column: str = "level") -> pd.Series:
    """Counts per level key in taxonomy order, from a tags frame (a ``level`` column) or a Series of counts."""
    tax = _taxonomy(taxonomy)
    if isinstance(data, pd.DataFrame):
        counts = tax.count(data[column] if len(data) else ())  # the one count of levels (Taxonomy.count)
        return pd.Series(list(counts.values()), index=list(counts), dtype=int)
    return data.reindex(tax.keys, fill_value=0).fillna(0).astype(int)


def counts_table(data: pd.DataFrame | pd.Series, taxonomy: Taxonomy | None = None) -> pd.DataFrame:
    """The numbers behind a level-count chart, for people: one row per level label, a ``Claims`` column."""
    tax = _taxonomy(taxonomy)
    counts = level_counts(data, tax)
    return pd.DataFrame({"Claims": counts.to_numpy()}, index=pd.Index([tax[key].label for key in counts.index], name="Evidence level"))


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun if n == 1 else noun + 's'}"


def describe_counts(data: pd.DataFrame | pd.Series, taxonomy: Taxonomy | None = None, total: int | None = None,
                    chart: str = "Bar chart of claims by evidence level") -> str:
    """One short paragraph saying what a level-count chart shows, most frequent level first.

    ``data`` is a tags frame or a Series of counts per level; ``total`` (e.g. 86 claims) adds "n of N tagged".

    >>> import pandas as pd
    >>> describe_counts(pd.Series({"bare_assertion": 3, "named_source": 1}), total=86)  # doctest: +NORMALIZE_WHITESPACE
    "Bar chart of claims by evidence level: 4 of 86 claims tagged. Most often: The author's word only (3).
    Then: Named source, not yet checked (1). None yet: Not a factual claim, Contradicted by better sources,
    Vague attribution, Traceable to a primary record, Corroborated."
    """
    tax = _taxonomy(taxonomy)
    counts = level_counts(data, tax)
    tagged = int(counts.sum())
    head = f"{chart}: {tagged} of {_plural(total, 'claim')} tagged." if total is not None else f"{chart}: {_plural(tagged, 'claim')} tagged."
    if tagged == 0:
        return head + " Nothing to show yet."
    ranked = sorted(((int(n), i, key) for i, (key, n) in enumerate(counts.items()) if n), key=lambda t: (-t[0], t[1]))
    words = [f"{tax[key].label} ({n})" for n, _, key in ranked]
    parts = [head, f"Most often: {words[0]}."]
    if len(words) > 1:
        parts.append(f"Then: {', '.join(words[1:])}.")
    empty = [tax[key].label for key, n in counts.items() if not n]
    if empty:
        parts.append(f"None yet: {', '.join(empty)}.")
    return " ".join(parts)


def describe_sections(table: pd.DataFrame, taxonomy: Taxonomy | None = None,
                      chart: str = "Stacked bar chart, one bar per section") -> str:
    """What a by-section stacked chart shows: for each section, how many are tagged and its most frequent level.

    ``table`` has one row per section and one column per level key; any other column (such as
    ``"not yet tagged"``) counts as untagged.
    """
    tax = _taxonomy(taxonomy)
    level_columns = [key for key in tax.keys if key in table.columns]
    sentences = []
    for section, row in table.iterrows():
        tagged = int(row[level_columns].sum())
        total = int(row.sum())
        text = f"{section}: {tagged} of {total} tagged"
        if tagged:
            top = max(level_columns, key=lambda key: (int(row[key]), -tax.keys.index(key)))
            text += f", most often {tax[top].label} ({int(row[top])})"
        sentences.append(text)
    return f"{chart}. " + "; ".join(sentences) + "." if sentences else f"{chart}: no sections to show."


def table_html(frame: pd.DataFrame | pd.Series, caption: str, index_label: str | None = None) -> str:
    """An accessible HTML table: a caption, column headers with ``scope="col"``, row headers with ``scope="row"``.

    Every cell, header and the caption are HTML-escaped.
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(name=frame.name if frame.name is not None else "count")
    esc = lambda value: html.escape(str(value), quote=True)  # noqa: E731
    corner = esc(index_label if index_label is not None else (frame.index.name or ""))
    head = "".join(f'<th scope="col">{esc(column)}</th>' for column in frame.columns)
    rows = "\n".join(
        f'<tr><th scope="row">{esc(index)}</th>' + "".join(f"<td>{esc(value)}</td>" for value in row) + "</tr>"
        for index, row in zip(frame.index, frame.itertuples(index=False)))
    return (f'<table class="medialit-data-table">\n<caption>{esc(caption)}</caption>\n'
            f'<thead><tr><th scope="col">{corner}</th>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>')


def data_table_html(frame: pd.DataFrame | pd.Series, caption: str, summary: str = "Show the data as a table",
                    index_label: str | None = None) -> str:
    """The table inside a closed ``<details>`` disclosure: the chart's data, one click (or Enter) away."""
    return (f'<details class="medialit-data"><summary>{html.escape(summary)}</summary>\n'
            f"{table_html(frame, caption, index_label)}\n</details>")


def data_table(frame: pd.DataFrame | pd.Series, caption: str, summary: str = "Show the data as a table",
               index_label: str | None = None):
    """An ``ipywidgets.HTML`` holding :func:`data_table_html`; update it with ``widget.value = data_table_html(...)``."""
    import ipywidgets

    widget = ipywidgets.HTML(value=data_table_html(frame, caption, summary, index_label))
    widget.add_class("medialit-data")
    return widget
