"""medialit: weigh the evidence in an article, claim by claim.

The helper package of the media-literacy notebook series. Start with::

    import medialit
    article = medialit.load_article()        # the case study, with its claims table
    taxonomy = medialit.load_taxonomy()      # the evidence levels; help(medialit.EvidenceLevel)
    claims = medialit.data.load("claims")    # any data set by name, as a DataFrame

Importing medialit has no side effects: it reads no file and sets no plotting option until you ask.
"""

from . import data
from .article import Article, Claim
from .errors import (
    ArticleError,
    DataFileError,
    MedialitError,
    ProgressFileError,
    SubmissionError,
    UnknownClaimError,
    UnknownLevelError,
)
from .data import load_article, load_taxonomy
from .segment import split_sentences
from .taxonomy import EvidenceLevel, Taxonomy
from . import feedback
from .feedback import check

from .accessible import data_table_html, describe_counts, describe_sections
from .hub import nbgitpuller_link
from .lexicon import CATEGORIES as SIGNAL_CATEGORIES
from .signals import find_signals, signals_per_claim, signals_per_section
from .signal_views import highlight_html, plot_signals_by_level, plot_signals_by_section, signal_legend_html, signals_by_level
from . import charts
from .progress import export_submission, open_session
from .session import TaggingSession
from .tagger import ClaimTagger

__all__ = [
    "TaggingSession",
    "ClaimTagger",
    "open_session",
    "export_submission",
    "charts",
    "SIGNAL_CATEGORIES",
    "find_signals",
    "signals_per_claim",
    "signals_per_section",
    "signals_by_level",
    "highlight_html",
    "signal_legend_html",
    "plot_signals_by_level",
    "plot_signals_by_section",
    "describe_counts",
    "describe_sections",
    "data_table_html",
    "nbgitpuller_link",
    "data",
    "feedback",
    "check",
    "Article",
    "Claim",
    "EvidenceLevel",
    "Taxonomy",
    "load_article",
    "load_taxonomy",
    "split_sentences",
    "MedialitError",
    "DataFileError",
    "ArticleError",
    "UnknownClaimError",
    "UnknownLevelError",
    "ProgressFileError",
    "SubmissionError",
]

# the classroom (issue 7): merge a class's submissions, agreement, the class against the key
from .agreement import cohen_kappa, fleiss_kappa, krippendorff_alpha
from .class_stats import ClassResults, analyse_class
from .classroom import merge_submissions

__all__ += ["merge_submissions", "analyse_class", "ClassResults", "krippendorff_alpha", "fleiss_kappa", "cohen_kappa"]
