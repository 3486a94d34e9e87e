"""medialit: weigh the evidence in an article, claim by claim.

The helper package of the media-literacy notebook series. Start with::

    import medialit
    case = medialit.load_case()              # the case study: article, claims, levels, answer key
    article = medialit.load_article()        # the case study's article, with its claims table
    taxonomy = medialit.load_taxonomy()      # the evidence levels; help(medialit.EvidenceLevel)
    claims = medialit.data.load("claims")    # any data set by name, as a DataFrame
    medialit.ClaimTagger(name="Ana")         # tag claims by evidence level (saved on every click)
    medialit.ask("04.1")                     # an exercise as a widget: answer, Check, feedback (saved)
    medialit.assess("90.1")                  # a task of the before/after assessment: answer, hand in, score yourself
    medialit.ClaimTagger(case=medialit.load_case("data/cases/my-case"), name="Ana")   # any case pack
    medialit.my_article()                    # your own article: paste it, press a button, tag it
    medialit.ClassView("/srv/medialit-inbox")  # the teacher's live view of the class's hand-ins (or a platform's zip)

Importing medialit has no side effects: it reads no file and sets no plotting option until you ask.
"""

from . import answer_key, charts, data, feedback
from .accessible import data_table_html, describe_counts, describe_sections
from .agreement import cohen_kappa, fleiss_kappa, krippendorff_alpha
from .answer_key import acceptable_levels, compare_with_key, key_for, load_answer_key
from .article import Article, Claim
from .ask import ask
from .assess import assess, assessment_text
from .case import CaseStudy, case_from_text
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
from .key import AnswerKey
from .lexicon import CATEGORIES as SIGNAL_CATEGORIES
from .own_article import OwnArticle, my_article
from .passes import Pass
from .progress import export_submission, open_session
from .segment import split_sentences
from .session import TaggingSession
from .signal_views import highlight_html, plot_signals_by_level, plot_signals_by_section, signal_legend_html, signals_by_level
from .signals import find_signals, signals_per_claim, signals_per_section
from .tagger import ClaimTagger
from .taxonomy import EvidenceLevel, Taxonomy

__all__ = [
    # the case study: its article and claims
    "data", "CaseStudy", "load_case", "case_from_text", "Article", "Claim", "load_article", "split_sentences",
    # the evidence levels and the answer key
    "EvidenceLevel", "Taxonomy", "load_taxonomy",
    "answer_key", "AnswerKey", "load_answer_key", "key_for", "acceptable_levels", "compare_with_key",
    # tagging: state, saving, the widget, charts
    "TaggingSession", "Pass", "open_session", "export_submission", "ClaimTagger", "charts",
    # the learner's own article (lessons 08-09): paste it, and every view follows
    "OwnArticle", "my_article",
    # words that signal support
    "SIGNAL_CATEGORIES", "find_signals", "signals_per_claim", "signals_per_section", "signals_by_level",
    "highlight_html", "signal_legend_html", "plot_signals_by_level", "plot_signals_by_section",
    # exercises
    "feedback", "check", "ask",
    # the before/after assessment
    "assess", "assessment_text",
    # the classroom
    "merge_submissions", "analyse_class", "ClassResults", "ClassView", "krippendorff_alpha", "fleiss_kappa", "cohen_kappa",
    # accessibility and delivery
    "describe_counts", "describe_sections", "data_table_html", "nbgitpuller_link",
    "hand_in",
    # errors
    "MedialitError", "DataFileError", "ArticleError", "UnknownClaimError", "UnknownLevelError", "NotTaggableError",
    "NotTaggedError", "ProgressFileError", "SubmissionError", "HandInError", "InboxError",
]
