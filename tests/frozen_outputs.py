"""Frozen outputs of the signal finder, the highlighter and the segmenter, to prove a rewrite changes nothing.

The tables in ``tests/fixtures/expected/`` were written by this script from the code *before* the signal finder
was made linear and before the title rule changed (commit c90beb4). Tests compare today's output against them.
Regenerate only when a change of output is intended, and say so in the commit::

    .venv/bin/python tests/frozen_outputs.py
"""

from __future__ import annotations

import html
import io
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "fixtures" / "expected"
SIGNAL_FIELDS = ["scope", "start", "end", "category", "match", "entry"]
MARK_FIELDS = ["start", "end", "category", "cues"]
_MARK = re.compile(r'<mark [^>]*data-category="([^"]+)"[^>]*>(.*?)<sup[^>]*>([A-Z]+)</sup><span[^>]*>[^<]*</span></mark>', re.DOTALL)


def articles() -> dict[str, tuple[str, pd.DataFrame]]:
    """The two articles the tests know well: name -> (text, claims table)."""
    from medialit import Article, data

    second = Article.from_file(HERE / "fixtures" / "second_article.txt")
    return {"case_study": (data.load("article"), data.load("claims")), "second_article": (second.text, second.claims)}


def signal_rows(text: str, claims: pd.DataFrame) -> pd.DataFrame:
    """``find_signals`` on the whole text (scope ``article``) and on every claim's text (scope = its ID)."""
    from medialit.signals import claim_signals, find_signals

    whole = find_signals(text)
    whole.insert(0, "scope", "article")
    per_claim = claim_signals(claims).drop(columns="section").rename(columns={"claim_id": "scope"})
    return pd.concat([whole, per_claim], ignore_index=True)[SIGNAL_FIELDS]


def mark_rows(markup: str) -> pd.DataFrame:
    """The marks of ``highlight_html`` output as offsets into the visible text: start, end, category, cue letters."""
    body = re.sub(r"^<div[^>]*>|</div>$", "", markup)
    rows, visible, position = [], 0, 0
    for m in _MARK.finditer(body):
        visible += len(html.unescape(body[position : m.start()]))
        words = html.unescape(m.group(2))
        rows.append((visible, visible + len(words), m.group(1), m.group(3)))
        visible += len(words)
        position = m.end()
    return pd.DataFrame(rows, columns=MARK_FIELDS)


def read_expected(name: str) -> pd.DataFrame:
    return pd.read_csv(EXPECTED / name, dtype=str, keep_default_na=False)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as it reads back from CSV (every cell a string), so it compares equal to a committed table."""
    return pd.read_csv(io.StringIO(frame.to_csv(index=False)), dtype=str, keep_default_na=False)


def main() -> None:
    from medialit.signal_views import highlight_html

    EXPECTED.mkdir(parents=True, exist_ok=True)
    for name, (text, claims) in articles().items():
        signal_rows(text, claims).to_csv(EXPECTED / f"{name}_signals.csv", index=False)
        mark_rows(highlight_html(text)).to_csv(EXPECTED / f"{name}_marks.csv", index=False)
    _, second_claims = articles()["second_article"]
    second_claims.to_csv(EXPECTED / "second_article_claims.csv", index=False)
    print(f"wrote {sorted(p.name for p in EXPECTED.iterdir())}", file=sys.stderr)


if __name__ == "__main__":
    main()
