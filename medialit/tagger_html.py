"""The HTML the tagger shows: the claim in its context, and the comparison with the answer key.

Pure functions of a session (no widgets), so they are easy to test and to reuse. Every piece of article, note or
key text goes through ``html.escape`` before it becomes HTML.
"""

from __future__ import annotations

import html

from . import answer_key
from .session import TaggingSession

VERDICT_SENTENCES = {
    "matches the key": "Same as the key.",
    "defensible": "The key accepts your level too.",
    "differs": "Different from the key: read its reason, then decide whether to change yours.",
}

__all__ = ["LIGHT", "claim_card_html", "comparison_html"]

LIGHT = "#595959"  # lighter than the claim, still 7:1 contrast on white


def claim_card_html(session: TaggingSession, claim_id: str | None, pass_: str = "first") -> str:
    """The claim, large, with its section, its place in the section, the units before and after it in lighter
    text, and the learner's level in words (with a ✓), plus the first-pass level when tagging the lateral pass."""
    if claim_id is None:
        return "<p>No claims match this filter.</p>"
    record = session.claim(claim_id)
    ids = session.claim_ids(record.section, pass_=pass_)
    before, after = session.context(claim_id)
    light = f"color:{LIGHT};font-size:0.95em;margin:0.3em 0"
    parts = [
        f"<div style='color:{LIGHT}'>Section: <b>{html.escape(record.section)}</b> · {html.escape(claim_id)} · claim {ids.index(claim_id) + 1} of {len(ids)} in this section</div>",
        f"<p style='{light}'>{html.escape(before)}</p>" if before else "",
        f"<p style='font-size:1.35em;line-height:1.45;margin:0.4em 0;padding-left:0.6em;border-left:4px solid #333'>{html.escape(record.text)}</p>",
        f"<p style='{light}'>{html.escape(after)}</p>" if after else "",
    ]
    chosen = session.level_of(claim_id, pass_)
    label = session.taxonomy[chosen].label if chosen else None
    parts.append(f"<div>Your level: <b>✓ {html.escape(label)}</b></div>" if label else "<div>Your level: <i>not tagged yet</i></div>")
    if pass_ == "lateral":
        first = session.level_of(claim_id, "first")
        parts.append(f"<div style='color:{LIGHT}'>First pass: {html.escape(session.taxonomy[first].label) if first else 'not tagged'}</div>")
    return "<div>" + "".join(parts) + "</div>"


def comparison_html(session: TaggingSession, claim_id: str | None, key_row, pass_: str = "first") -> str:
    """The answer key's verdict beside the learner's level: same, also accepted, or different, with the reason.

    ``key_row`` is the claim's row of ``load_answer_key()`` (level, defensible, confidence, reason) or None.
    Nothing of the key is shown before the learner has tagged the claim.
    """
    chosen = session.level_of(claim_id, pass_) if claim_id else None
    if chosen is None:
        return "<p>Tag this claim first; then you can compare.</p>"
    if key_row is None:
        return "<p><b>No key for this claim.</b> Discuss it with your class or teacher.</p>"
    defensible = [k.strip() for k in str(key_row.defensible).split(";") if k.strip()]
    verdict = VERDICT_SENTENCES[answer_key.verdict(chosen, key_row.level, defensible)]
    others = [level.label for level in session.taxonomy if level.key in defensible]  # in the taxonomy's order
    also = f"; also defensible: {html.escape(', '.join(others))}" if others else ""
    return (
        "<div style='border:1px solid #767676;padding:0.4em 0.6em;margin:0.3em 0'>"
        f"<div><b>{html.escape(verdict)}</b></div>"
        f"<div>The key: <b>{html.escape(session.taxonomy[key_row.level].label)}</b> ({html.escape(str(key_row.confidence))}){also}</div>"
        f"<div>Why: {html.escape(str(key_row.reason))}</div></div>"
    )
