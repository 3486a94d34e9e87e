"""The HTML the tagger shows: the claim in its context, and the comparison with the answer key.

Pure functions of one pass of a session (:class:`~medialit.passes.Pass`, no widgets), so they are easy to test
and to reuse. Every piece of article, note or key text goes through ``html.escape`` before it becomes HTML.
"""

from __future__ import annotations

import html

from .key import KeyEntry, verdict
from .passes import Pass

VERDICT_SENTENCES = {
    "matches the key": "Same as the key.",
    "defensible": "The key accepts your level too.",
    "differs": "Different from the key: read its reason, then decide whether to change yours.",
}

__all__ = ["LIGHT", "claim_card_html", "comparison_html"]

LIGHT = "#595959"  # lighter than the claim, still 7:1 contrast on white


def claim_card_html(tagging: Pass, claim_id: str | None) -> str:
    """The claim, large, with its section, its place in the section, the units before and after it in lighter
    text, and the learner's level in words (with a ✓), plus the first-pass level when tagging the lateral pass."""
    if claim_id is None:
        return "<p>No claims match this filter.</p>"
    session = tagging.session
    record = session.claim(claim_id)
    ids = tagging.claim_ids(record.section)
    before, after = session.context(claim_id)
    light = f"color:{LIGHT};font-size:0.95em;margin:0.3em 0"
    parts = [
        f"<div style='color:{LIGHT}'>Section: <b>{html.escape(record.section)}</b> · {html.escape(claim_id)} · claim {ids.index(claim_id) + 1} of {len(ids)} in this section</div>",
        f"<p style='{light}'>{html.escape(before)}</p>" if before else "",
        f"<p style='font-size:1.35em;line-height:1.45;margin:0.4em 0;padding-left:0.6em;border-left:4px solid #333'>{html.escape(record.text)}</p>",
        f"<p style='{light}'>{html.escape(after)}</p>" if after else "",
    ]
    chosen = tagging.level_of(claim_id)
    label = session.taxonomy[chosen].label if chosen else None
    parts.append(f"<div>Your level: <b>✓ {html.escape(label)}</b></div>" if label else "<div>Your level: <i>not tagged yet</i></div>")
    if tagging is session.lateral:
        first = session.first.level_of(claim_id)
        parts.append(f"<div style='color:{LIGHT}'>First pass: {html.escape(session.taxonomy[first].label) if first else 'not tagged'}</div>")
    return "<div>" + "".join(parts) + "</div>"


def comparison_html(tagging: Pass, claim_id: str | None, entry: KeyEntry | None) -> str:
    """The answer key's verdict beside the learner's level: same, also accepted, or different, with the reason.

    ``entry`` is the key's entry for the claim (``case.key.get(claim_id)``) or None. Nothing of the key is shown
    before the learner has tagged the claim.
    """
    chosen = tagging.level_of(claim_id) if claim_id else None
    if chosen is None:
        return "<p>Tag this claim first; then you can compare.</p>"
    if entry is None:
        return "<p><b>No key for this claim.</b> Discuss it with your class or teacher.</p>"
    taxonomy = tagging.session.taxonomy
    sentence = VERDICT_SENTENCES[verdict(chosen, entry.level, entry.defensible)]
    others = [level.label for level in taxonomy if level.key in entry.defensible]  # in the taxonomy's order
    also = f"; also defensible: {html.escape(', '.join(others))}" if others else ""
    return (
        "<div style='border:1px solid #767676;padding:0.4em 0.6em;margin:0.3em 0'>"
        f"<div><b>{html.escape(sentence)}</b></div>"
        f"<div>The key: <b>{html.escape(taxonomy[entry.level].label)}</b> ({html.escape(entry.confidence)}){also}</div>"
        f"<div>Why: {html.escape(entry.reason)}</div></div>"
    )
