"""medialit: weigh the evidence in an article, claim by claim.

The helper package of the media-literacy notebook series. Start with::

    import medialit
    case = medialit.load_case()              # the case study: article, claims, levels, answer key
    article = medialit.load_article()        # the case study's article, with its claims table
    taxonomy = medialit.load_taxonomy()      # the evidence levels; help(medialit.EvidenceLevel)
    claims = medialit.data.load("claims")    # any data set by name, as a DataFrame
    medialit.name_box()                      # the learner's name, typed once for the whole series
    medialit.ClaimTagger(name="Ana")         # tag claims by evidence level (saved on every click)
    medialit.ask("04.1")                     # an exercise as a widget: answer, Check, feedback (saved)
    medialit.show_the_key(["C001", "C002"])  # the key behind a button: nothing is computed until it is pressed
    medialit.assess("90.1")                  # a task of the before/after assessment: answer, hand in, score yourself
    medialit.ClaimTagger(case=medialit.load_case("data/cases/my-case"), name="Ana")   # any case pack
    medialit.my_article()                    # your own article: paste it, press a button, tag it
    medialit.ClassView("/srv/medialit-inbox")  # the teacher's live view of the class's hand-ins (or a platform's zip)

The names in ``medialit.__all__`` are the public API: what lessons, exercises and teachers call. Everything else
(the submodules not listed there) is internal and may change. ``SIGNAL_CATEGORIES`` is the signal lexicon's
categories (boosters, hedges, vague sources, ...), each with its label and what it tells a reader.

Importing medialit has no side effects: it reads no file, sets no plotting option and imports none of its
submodules (nor pandas, matplotlib or ipywidgets) until a name is first used; then only the module that defines it.
"""

# Each public name is loaded from its module on first use (PEP 562); type checkers and IDEs read the imports below.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from . import answer_key, charts, data, feedback
    from .accessible import data_table_html, describe_counts, describe_sections, table_html
    from .agreement import cohen_kappa, fleiss_kappa, krippendorff_alpha
    from .answer_key import acceptable_levels, compare_with_key, key_for, load_answer_key
    from .article import Article, Claim
    from .ask import ask
    from .assess import assess, assessment_text, hand_in_answers
    from .case import CaseStudy, case_from_text
    from .charts import bar_style, plot_level_counts, plot_levels_by_section, plot_pass_moves
    from .class_charts import plot_class_levels, plot_most_disputed, plot_section_agreement
    from .class_stats import ClassResults
    from .classroom import analyse_class, merge_submissions
    from .classview import ClassView
    from .data import load_article, load_case, load_taxonomy
    from .errors import (
        ArticleError,
        DataFileError,
        HandInError,
        InboxError,
        MedialitError,
        NotTaggableError,
        NotTaggedError,
        ProgressFileError,
        SubmissionError,
        UnknownClaimError,
        UnknownLevelError,
    )
    from .feedback import check
    from .handin import hand_in
    from .hub import nbgitpuller_link
    from .identity import name_box
    from .inbox import configured_inbox
    from .key import AnswerKey
    from .lesson_controls import Reveal, SectionPicker, reveal_chart, reveal_class_view, show_the_key
    from .lexicon import CATEGORIES as SIGNAL_CATEGORIES
    from .own_article import OwnArticle, my_article
    from .passes import Pass
    from .paths import home as work_folder
    from .progress import export_submission, open_session
    from .reading_help import evidence_pack, gloss
    from .segment import split_sentences
    from .session import TaggingSession
    from .signal_views import highlight_html, plot_signals_by_level, plot_signals_by_section, signal_legend_html, signals_by_level
    from .signals import claim_signals, find_signals, signals_per_claim, signals_per_section
    from .tagger import ClaimTagger
    from .taxonomy import EvidenceLevel, Taxonomy

__all__ = [
    # the case study: its article and claims
    "data", "CaseStudy", "load_case", "case_from_text", "Article", "Claim", "load_article", "split_sentences",
    # the evidence levels and the answer key
    "EvidenceLevel", "Taxonomy", "load_taxonomy",
    "answer_key", "AnswerKey", "load_answer_key", "key_for", "acceptable_levels", "compare_with_key",
    # the learner: a name typed once, a work folder
    "name_box", "work_folder",
    # tagging: state, saving, the widget, charts
    "TaggingSession", "Pass", "open_session", "export_submission", "ClaimTagger",
    "charts", "bar_style", "plot_level_counts", "plot_levels_by_section", "plot_pass_moves",
    # the lessons without code: the key (or a chart, or the class view) behind a button, a section menu, reading help
    "Reveal", "show_the_key", "reveal_chart", "reveal_class_view", "SectionPicker", "gloss", "evidence_pack",
    # the learner's own article (lessons 08-09): paste it, and every view follows
    "OwnArticle", "my_article",
    # words that signal support
    "SIGNAL_CATEGORIES", "find_signals", "claim_signals", "signals_per_claim", "signals_per_section", "signals_by_level",
    "highlight_html", "signal_legend_html", "plot_signals_by_level", "plot_signals_by_section",
    # exercises
    "feedback", "check", "ask",
    # the before/after assessment
    "assess", "assessment_text", "hand_in_answers",
    # the classroom
    "merge_submissions", "analyse_class", "ClassResults", "ClassView", "krippendorff_alpha", "fleiss_kappa", "cohen_kappa",
    "plot_class_levels", "plot_most_disputed", "plot_section_agreement",
    # accessibility and delivery
    "describe_counts", "describe_sections", "data_table_html", "table_html", "nbgitpuller_link", "configured_inbox",
    "hand_in",
    # errors
    "MedialitError", "DataFileError", "ArticleError", "UnknownClaimError", "UnknownLevelError", "NotTaggableError",
    "NotTaggedError", "ProgressFileError", "SubmissionError", "HandInError", "InboxError",
]

# Where each public name lives: its module, or "module.name" where the public name differs from the module's own.
# The public submodules are their own entry. tests/test_public_api.py keeps this, __all__ and the imports above in step.
_SUBMODULES = ("data", "answer_key", "charts", "feedback")
_SOURCES = {name: name for name in _SUBMODULES} | {
    name: module
    for module, names in {
        "accessible": "data_table_html describe_counts describe_sections table_html",
        "agreement": "cohen_kappa fleiss_kappa krippendorff_alpha",
        "answer_key": "acceptable_levels compare_with_key key_for load_answer_key",
        "article": "Article Claim",
        "ask": "ask",
        "assess": "assess assessment_text hand_in_answers",
        "case": "CaseStudy case_from_text",
        "charts": "bar_style plot_level_counts plot_levels_by_section plot_pass_moves",
        "class_charts": "plot_class_levels plot_most_disputed plot_section_agreement",
        "class_stats": "ClassResults",
        "classroom": "analyse_class merge_submissions",
        "classview": "ClassView",
        "data": "load_article load_case load_taxonomy",
        "errors": "ArticleError DataFileError HandInError InboxError MedialitError NotTaggableError NotTaggedError "
                  "ProgressFileError SubmissionError UnknownClaimError UnknownLevelError",
        "feedback": "check",
        "handin": "hand_in",
        "hub": "nbgitpuller_link",
        "identity": "name_box",
        "inbox": "configured_inbox",
        "key": "AnswerKey",
        "lesson_controls": "Reveal SectionPicker reveal_chart reveal_class_view show_the_key",
        "own_article": "OwnArticle my_article",
        "passes": "Pass",
        "progress": "export_submission open_session",
        "reading_help": "evidence_pack gloss",
        "segment": "split_sentences",
        "session": "TaggingSession",
        "signal_views": "highlight_html plot_signals_by_level plot_signals_by_section signal_legend_html signals_by_level",
        "signals": "claim_signals find_signals signals_per_claim signals_per_section",
        "tagger": "ClaimTagger",
        "taxonomy": "EvidenceLevel Taxonomy",
    }.items()
    for name in names.split()
} | {"SIGNAL_CATEGORIES": "lexicon.CATEGORIES", "work_folder": "paths.home"}

if not TYPE_CHECKING:  # for type checkers the imports above define every name, and a typo stays an error

    def __getattr__(name: str):
        """Load a public name from its module on first use, and keep it (PEP 562)."""
        import importlib

        source = _SOURCES.get(name)
        if source is None:
            if not name.startswith("_"):  # an internal module by its old path (`medialit.progress`): code written
                try:  # when `import medialit` loaded every module keeps working
                    return importlib.import_module(f"{__name__}.{name}")
                except ModuleNotFoundError as error:
                    if error.name != f"{__name__}.{name}":
                        raise
            raise AttributeError(f"module 'medialit' has no attribute {name!r}; the public names are in medialit.__all__")
        module_name, _, attribute = source.partition(".")
        module = importlib.import_module(f"{__name__}.{module_name}")
        value = module if name in _SUBMODULES else getattr(module, attribute or name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        """The public names beside what is loaded already, so tab completion and help() see them all."""
        return sorted(set(globals()) | set(__all__))

    import sys as _sys
    import types as _types

    class _Package(_types.ModuleType):
        """medialit itself: importing the submodule ``medialit.ask`` never hides the function ``medialit.ask``.

        Python sets a package's attribute to each submodule it imports; ``ask`` and ``assess`` are both a module
        and the function it defines, and the function is the public one, whichever is imported first.
        """

        def __setattr__(self, name: str, value: object) -> None:
            if isinstance(value, _types.ModuleType) and name in _SOURCES and name not in _SUBMODULES:
                return
            super().__setattr__(name, value)

    _sys.modules[__name__].__class__ = _Package
    del _sys
