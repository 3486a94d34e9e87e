"""Text equivalents for charts: captions that say what the chart shows, and an escaped data table a click away."""

from __future__ import annotations

import doctest
from html.parser import HTMLParser

import pandas as pd

import medialit.accessible
from medialit.accessible import (counts_table, data_table, data_table_html, describe_counts, describe_sections,
                                 level_counts, table_html)

HOSTILE = "<script>alert(1)</script>"


class _Parsed(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _tags(levels):
    return pd.DataFrame({"claim_id": [f"C{i:03d}" for i in range(1, len(levels) + 1)], "level": levels})


def test_caption_names_the_chart_the_total_and_the_levels_most_frequent_first():
    text = describe_counts(_tags(["named_source", "bare_assertion", "bare_assertion", None]), total=86)
    assert text.startswith("Bar chart of claims by evidence level: 3 of 86 claims tagged.")
    assert text.index("The author's word only (2)") < text.index("Named source, not yet checked (1)")
    assert "None yet:" in text and "Corroborated" in text.split("None yet:")[1]


def test_caption_before_any_tag_and_for_one_claim():
    assert describe_counts(_tags([])).endswith("0 claims tagged. Nothing to show yet.")
    assert "1 claim tagged." in describe_counts(_tags(["corroborated"]))


def test_ties_keep_taxonomy_order():
    text = describe_counts(pd.Series({"corroborated": 2, "contradicted": 2}))
    assert "Most often: Contradicted by better sources (2). Then: Corroborated (2)." in text


def test_section_caption_gives_each_section_its_count_and_top_level():
    table = pd.DataFrame({"vague_attribution": [2, 0], "named_source": [1, 0], "not yet tagged": [1, 4]},
                         index=["Introduction", "The border"])
    text = describe_sections(table)
    assert "Introduction: 3 of 4 tagged, most often Vague attribution (2)" in text
    assert "The border: 0 of 4 tagged." in text


def test_counts_table_uses_labels_in_taxonomy_order():
    table = counts_table(_tags(["corroborated", "not_a_claim", "corroborated"]))
    assert list(table.index[:2]) == ["Not a factual claim", "Contradicted by better sources"]
    assert table.loc["Corroborated", "Claims"] == 2 and int(table["Claims"].sum()) == 3
    assert list(level_counts(_tags(["corroborated"])).index)[-1] == "corroborated"


def test_table_is_accessible_markup_and_escapes_every_text():
    frame = pd.DataFrame({HOSTILE: [HOSTILE]}, index=pd.Index([HOSTILE], name=HOSTILE))
    markup = table_html(frame, caption=HOSTILE)
    parsed = _Parsed(markup)
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names and names[:2] == ["table", "caption"]
    assert [attrs.get("scope") for tag, attrs in parsed.tags if tag == "th"] == ["col", "col", "row"]
    # caption, corner, column header, row header and cell: all five arrive as text, none as markup
    assert "".join(parsed.text).count(HOSTILE) == 5 and markup.count("&lt;script&gt;") == 5


def test_data_table_is_a_closed_disclosure_with_a_summary():
    markup = data_table_html(counts_table(_tags(["corroborated"])), "Claims at each level")
    parsed = _Parsed(markup)
    assert [tag for tag, _ in parsed.tags][:2] == ["details", "summary"]
    assert "open" not in parsed.tags[0][1]
    assert "Show the data as a table" in parsed.text


def test_widget_holds_the_same_markup():
    table = counts_table(_tags(["corroborated"]))
    widget = data_table(table, "Claims at each level")
    assert widget.value == data_table_html(table, "Claims at each level")
    assert "medialit-data" in widget._dom_classes


def test_module_examples_run():
    assert doctest.testmod(medialit.accessible).failed == 0
