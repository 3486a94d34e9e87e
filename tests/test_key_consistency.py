"""The answer key agrees with itself, with the signal labels, with its sources and with the lessons.

The series teaches learners to weigh evidence consistently; its own key must pass the same test. Each rule below
is one a careful reviewer applied by hand (issue 15):

* **One construction, one treatment.** Sentences built the same way ("Research should ...", "X is crucial",
  "JTTFs play a critical role ...") get the same level, or every one of them is marked debatable with the same
  alternatives. The groups are listed in ``CONSTRUCTIONS`` with the reason they belong together; where a phrase is a
  reliable marker, every keyed claim that contains it must be in the group.
* **One rule for named sources** (``data/taxonomy.csv``): the text must say who or what vouches for the claim.
  Naming what the claim is about is not enough.
* **Signals are the gold labels**: the key's ``signals`` column lists the categories of the hand-labelled spans in
  ``data/signals_gold.csv`` inside each claim (``medialit.find_signals`` where the gold has none there).
* **Every source a reason points to is listed in docs/sources.md and was opened**, and no reason calls something
  contested without citing who contests it.
* **What a lesson calls arguable, the key marks debatable.**
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import medialit
from medialit import answer_key, data
from medialit.answer_key import acceptable_levels, key_for, reason_quotes

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "docs" / "sources.md"


@pytest.fixture(scope="module")
def key() -> pd.DataFrame:
    return answer_key.load_answer_key()


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    claims = data.load("claims")
    return dict(zip(claims["claim_id"], claims["text"]))


# --- one construction, one treatment ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Construction:
    """Claims built the same way. ``level``: the key level each gets (None: levels may differ, all debatable);
    ``also``: levels the construction itself makes defensible, so every member accepts them; ``marker``: a phrase
    that reliably signals the construction (every keyed claim containing it must be a member)."""

    name: str
    members: tuple[str, ...]
    why: str
    level: str | None
    also: frozenset[str] = frozenset()
    marker: str | None = None


CONSTRUCTIONS = [
    Construction("research should", ("C025", "C028", "C033", "C036", "C039", "C042", "C045"),
                 "each says what research ought to do: a recommendation no evidence could settle",
                 "not_a_claim", marker=r"\b(?:studies|research|inquiry|analysis) should\b"),
    Construction("is crucial / essential", ("C029", "C038", "C041", "C047", "C061", "C076"),
                 "each judges what matters ('is crucial', 'is essential'): a value judgment, not a report",
                 "not_a_claim", marker=r"\bis (?:crucial|essential|an essential aspect)\b"),
    Construction("plays a critical role", ("C006", "C049", "C065", "C078", "C080"),
                 "each states that JTTFs have a role (checkable) in words that also judge its weight ('pivotal', "
                 "'critical', 'main role', 'contribute to the safeguarding'), so the gate is arguable",
                 "bare_assertion", frozenset({"not_a_claim"}),
                 marker=r"\b(?:play|plays|played) a (?:critical|pivotal|crucial|key|vital) role\b"),
    Construction("the article describes itself", ("C007", "C021", "C048"),
                 "each is about the text ('This note', 'I offer a scientific comment', 'This scientific comment'), "
                 "and each carries a checkable label or premise ('scientific', 'Iran’s spies')",
                 "not_a_claim", frozenset({"bare_assertion"}),
                 marker=r"\b(?:This note|This scientific comment|I offer a scientific comment)\b"),
    Construction("judgment with a hidden premise", ("C007", "C019", "C046"),
                 "lesson 02 (section 4) pulls a checkable premise out of each judgment: read for the premise, each "
                 "is the author's word",
                 "not_a_claim", frozenset({"bare_assertion"}), marker=r"\b(?:warrants|demands) (?:rigorous )?scientific\b"),
    Construction("what espionage is", ("C013", "C035", "C055"),
                 "each says in general terms what espionage or counterintelligence is or does: it reads as a "
                 "definition and as a generalisation the author alone vouches for",
                 None, frozenset({"not_a_claim", "bare_assertion"}),
                 marker=r"^(?:Espionage (?:involves|often relies)|Counterintelligence efforts aim)\b"),
    Construction("the border is a ... region", ("C012", "C023"),
                 "each characterises the border ('a dynamic region', 'a critical geopolitical region') with no "
                 "source, partly as a judgment",
                 "bare_assertion", frozenset({"not_a_claim"}), marker=r"^The U\.S\.-Mexico border is a\b"),
    Construction("the named body is the subject", ("C005", "C006", "C051", "C054", "C057", "C060", "C065", "C067",
                                                   "C070", "C073", "C075", "C078", "C080", "C081", "C084"),
                 "each names who the sentence is about (the JTTFs, the author) and nothing that vouches for it",
                 "bare_assertion", marker=r"^(?:The FBI’s )?(?:JTTFs|Joint Terrorism Task Forces)\b"),
    Construction("names what the claim is about", ("C009", "C057", "C073", "C083", "C086"),
                 "each names an outside body or document that took part in what it reports (recipients, partner "
                 "agencies, universities, a book) and could confirm it, but not as the source that vouches",
                 "bare_assertion", frozenset({"named_source"}), marker=r"\bsuch as the Department\b"),
    Construction("first-hand account", ("C008", "C009"),
                 "the author's own experience ('I had field research', 'I shared my point'): the taxonomy counts it "
                 "as the author's word", "bare_assertion", marker=r"\bI (?:had|shared|was)\b"),
    Construction("nobody in particular", ("C014", "C063", "C064"),
                 "'who exactly?' has no answer: 'concerns have arisen', 'reports have emerged', 'have raised "
                 "concerns'", "vague_attribution",
                 marker=r"\b(?:concerns have arisen|reports have emerged|have raised concerns)\b"),
    Construction("the repeated list", ("C052", "C068"),
                 "the same sentence twice ('This includes monitoring communications, conducting surveillance')",
                 "bare_assertion", marker=r"^This includes monitoring communications"),
]


@pytest.mark.parametrize("group", CONSTRUCTIONS, ids=lambda g: g.name)
def test_the_same_construction_gets_the_same_level_or_is_debatable(group):
    levels = {claim_id: key_for(claim_id).level for claim_id in group.members}
    for claim_id in group.members:
        accepted = acceptable_levels(claim_id)
        if group.level is not None:
            assert levels[claim_id] == group.level, f"{claim_id} ({group.why}): keyed {levels[claim_id]}, not {group.level}"
        missing = (group.also | set(levels.values())) - accepted
        assert not missing, f"{claim_id} ({group.why}): does not accept {sorted(missing)}, as the others in '{group.name}' do"


@pytest.mark.parametrize("group", [g for g in CONSTRUCTIONS if g.marker], ids=lambda g: g.name)
def test_every_claim_with_the_marker_is_in_its_construction(group, key, texts):
    marked = {claim_id for claim_id in key["claim_id"] if re.search(group.marker, texts[claim_id])}
    assert marked, f"the marker of '{group.name}' matches nothing: {group.marker!r}"
    assert marked <= set(group.members), f"{sorted(marked - set(group.members))} contain the marker of '{group.name}'"


def test_construction_members_are_keyed_statements(key):
    keyed = set(key["claim_id"])
    for group in CONSTRUCTIONS:
        assert set(group.members) <= keyed, group.name


# --- one rule for named sources ----------------------------------------------------------------------------------

ATTRIBUTION = re.compile(r"\baccording to\b|\b(?:said|says|told|stated|states|wrote|writes|reported)\b|\bcited\b", re.I)


def test_named_source_only_where_the_text_says_who_vouches(key, texts):
    # The taxonomy's rule: the text names who or what the claim comes from. A named subject is not a source.
    unsourced = [c for c in key.loc[key["level"] == "named_source", "claim_id"] if not ATTRIBUTION.search(texts[c])]
    assert not unsourced, f"{unsourced} are keyed named_source, but their text says nobody vouches for them"


def test_the_rule_is_stated_once_in_the_taxonomy_and_the_codebook():
    level = medialit.load_taxonomy()["named_source"]
    assert "vouches" in level.description and "about" in level.description, level.description
    assert "vouches" in level.question, level.question
    codebook = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert level.description in " ".join(codebook.split()), "data/README.md should quote the taxonomy's named_source rule"


# --- signals are the gold labels ---------------------------------------------------------------------------------

def _expected_signals(claims: pd.DataFrame) -> dict[str, set[str]]:
    gold = pd.read_csv(data.path("signals_gold.csv"), keep_default_na=False)
    found = medialit.find_signals(data.load("article"))
    expected = {}
    for row in claims.itertuples():
        inside = gold[(gold["start"] >= row.start) & (gold["end"] <= row.end)]
        if inside.empty:  # the gold is silent here: the matcher's reading stands in
            inside = found[(found["start"] >= row.start) & (found["end"] <= row.end)]
        expected[row.claim_id] = set(inside["category"])
    return expected


def test_the_signals_column_equals_the_gold_labels(key):
    claims = data.load("claims")
    expected = _expected_signals(claims[claims["claim_id"].isin(key["claim_id"])])
    wrong = {
        row.claim_id: (sorted(set(filter(None, row.signals.split(";")))), sorted(expected[row.claim_id]))
        for row in key.itertuples()
        if set(filter(None, row.signals.split(";"))) != expected[row.claim_id]
    }
    assert not wrong, "key signals (key, gold): " + "; ".join(f"{c} {k} vs {g}" for c, (k, g) in wrong.items())


# --- every cited source is listed and was opened -----------------------------------------------------------------

JTTF_PAGE = "https://www.fbi.gov/investigate/terrorism/joint-terrorism-task-forces"
CITATIONS = [  # how a reason names a source -> the address(es) in docs/sources.md it means
    (r"Arbabsiar", ["https://www.justice.gov/opa/speech/attorney-general-holder-holds-national-security-enforcement-press-conference"]),
    (r"FBI[’']s (?:own )?JTTF page|FBI[’']s own page\b", [JTTF_PAGE]),
    (r"FBI[’']s own pages", ["https://www.fbi.gov/investigate/terrorism", "https://www.fbi.gov/investigate/counterintelligence"]),
    (r"FBI[’']s own description", ["https://inside-the-fbi.transistor.fm/episodes/joint-terrorism-task-forces/transcript",
                                   "https://www2.fbi.gov/page2/dec04/jttf120114.htm"]),
    (r"House .{0,40}subcommittee|A Line in the Sand", ["https://www.hsdl.org/?abstract&did=725796"]),
]
POINTS_OUTSIDE = re.compile(r"lateral reading|FBI[’']s (?:own|JTTF)|Justice Department|Arbabsiar|\bHouse\b|podcast|Wikipedia", re.I)
CONTESTED = re.compile(r"\b(?:contested|disputed|controversial|debunked)\b", re.I)


def _unquoted(reason: str) -> str:
    """The reason without the claim's own words, so a quoted 'reports have emerged' is not read as a citation."""
    for passage in reason_quotes(reason):
        reason = reason.replace(f'"{passage}"', "")
    return reason


def _source_rows() -> dict[str, str]:
    from test_sources import links_in

    rows = {}
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            for link in links_in(line.split("|")[1]):
                rows[link] = line
    return rows


def opened(row: str) -> bool:
    """A source row counts as opened when it says what was checked, and when, and never 'not opened'."""
    lowered = row.lower()
    return "checked" in lowered and "not opened" not in lowered and re.search(r"\b20\d\d-\d\d-\d\d\b", row) is not None


def test_every_source_a_reason_points_to_is_listed_and_was_opened(key):
    rows, problems = _source_rows(), []
    for row in key.itertuples():
        reason = _unquoted(row.reason)
        cited = [url for pattern, urls in CITATIONS if re.search(pattern, reason) for url in urls]
        if POINTS_OUTSIDE.search(reason) and not cited:
            problems.append(f"{row.claim_id} points outside the article without a source this test knows: {reason!r}")
        for url in cited:
            if url not in rows:
                problems.append(f"{row.claim_id} cites {url}, which docs/sources.md does not list")
            elif not opened(rows[url]):
                problems.append(f"{row.claim_id} cites {url}, which docs/sources.md does not mark as opened (checked, with a date)")
    assert not problems, "\n".join(problems)


def test_no_reason_calls_a_point_contested_without_a_source(key):
    for row in key.itertuples():
        reason = _unquoted(row.reason)
        if CONTESTED.search(reason):
            assert any(re.search(pattern, reason) for pattern, _ in CITATIONS), f"{row.claim_id}: who contests it? {reason!r}"


def test_the_opened_check_can_tell_opened_from_not():
    assert opened("| X: <https://a.example> | primary | checked 2026-11-25: it says so | 06 |")
    assert not opened("| X: <https://a.example> | primary | what it says. Not opened by the project's search tool | 06 |")
    assert not opened("| X: <https://a.example> | primary | checked: no date | 06 |")


# --- what a lesson calls arguable, the key marks debatable --------------------------------------------------------

ARGUABLE = re.compile(r"\bdebatable\b|reasonably disagree|careful readers? (?:could|can|would|disagree)|\barguable\b|\bpremise\b", re.I)
CLAIM_ID = re.compile(r"\bC\d{3}\b")


def _prose_blocks() -> list[tuple[str, str]]:
    """(place, text) for every paragraph, list item and table row of the lessons, solutions and the guide."""
    pieces = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                pieces.append((f"{path.relative_to(ROOT)} cell {number}", cell.source))
    pieces.append(("docs/instructor-guide.md", (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")))
    blocks = []
    for place, text in pieces:
        for paragraph in re.split(r"\n\s*\n", text):
            for block in re.split(r"\n(?=\s*(?:[-*] |\d+\. |\|))", paragraph):
                blocks.append((place, block))
    return blocks


def test_claims_a_lesson_calls_arguable_are_debatable_in_the_key(key):
    keyed = set(key["claim_id"])
    called_arguable = [(place, claim_id, block) for place, block in _prose_blocks() if ARGUABLE.search(block)
                       for claim_id in CLAIM_ID.findall(block) if claim_id in keyed]
    assert called_arguable, "the scan found no arguable claim in the lessons: has the wording changed?"
    clear_cut = [f"{place} treats {claim_id} as arguable, but the key is clear-cut: {block.strip()[:120]!r}"
                 for place, claim_id, block in called_arguable if not key_for(claim_id).is_debatable]
    assert not clear_cut, "\n".join(clear_cut)


def test_the_worked_second_pass_never_reads_silence_as_contradiction():
    notebook = nbformat.read(ROOT / "notebooks" / "06-find-better-coverage.ipynb", as_version=4)
    source = next(cell.source for cell in notebook.cells if cell.cell_type == "code" and "second_pass = {" in cell.source)
    assignment = next(node for node in ast.walk(ast.parse(source))
                      if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "second_pass")
    second_pass = ast.literal_eval(assignment.value)
    assert second_pass, "lesson 06 has no worked second pass"
    for claim_id, (level, note) in second_pass.items():
        if level == "contradicted":  # a better source must say otherwise; a page that is silent does not
            assert re.search(r"\b(?:says|states|shows|finds|found)\b.*\b(?:not|no|never)\b|disagree", note, re.I), f"{claim_id}: {note!r}"
            assert not re.search(r"\bsilent\b|do(?:es)? not (?:say|mention)", note, re.I), f"{claim_id}: {note!r}"
