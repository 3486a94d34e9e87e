"""Your own article, chosen without typing code: paste it (or pick a ``.txt`` file) and press *Use this article*.

>>> my_article()                # the box, the file picker, the button and what is in use now: a widget, shown by a notebook   # doctest: +SKIP
>>> my_article().tagger()       # a tagger on your article; it switches when you choose another: a widget, shown by a notebook   # doctest: +SKIP

:func:`my_article` is the kernel's one :class:`OwnArticle`: every cell that calls it works on the same article, so a
cell pasted into and a cell showing the tagger stay together, and any cell run again on its own after a restart
works (the new kernel's one opens the article saved last).

Lessons 08 and 09 are built on it. Until a learner chooses an article, the made-up :data:`EXAMPLE` is in use, so
every step has something to show. An article the learner uses is saved in their work folder
(``~/medialit-work/articles/<case id>.txt``), so the next lesson opens it again (the newest saved one) with the
learner's tags, which the tagger keeps in a progress file of their own for that article
(:func:`medialit.progress.progress_path`).

Every view it makes follows the article in use and the learner's tags, without running a cell again:
:meth:`OwnArticle.claims_view` (how the article was cut), :meth:`~OwnArticle.signals_view` (the words that signal),
:meth:`~OwnArticle.tagger` (first or lateral pass), :meth:`~OwnArticle.weakest_claims` (what to check first) and
:meth:`~OwnArticle.moves_view` (how checking moved the levels). Learner text is escaped before it becomes HTML;
callbacks never print: what happens is said in the widget.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Callable

import ipywidgets as widgets

from . import atomic, charts, paths, progress
from .accessible import data_table_html
from .article import MAX_ARTICLE_BYTES
from .case import CaseStudy, case_from_text
from .errors import ArticleError, DataFileError, MedialitError
from .signal_views import highlight_html, plot_signals_by_section, signal_legend_html
from .signals import signals_per_claim, signals_per_section
from .session import TaggingSession
from .tagger import ClaimTagger

__all__ = ["EXAMPLE", "ARTICLES", "WEAK_LEVELS", "OwnArticle", "my_article"]

ARTICLES = "articles"  # the folder of the learner's own articles, in their work folder
WEAK_LEVELS = ("bare_assertion", "vague_attribution")  # the factual claims an article supports least
STATEMENTS = ("sentence", "bio")

#: A made-up opinion piece (no such town, author or report exists), in use until a learner chooses an article.
EXAMPLE = """Why Larkfield Needs Its Library Open on Sundays
By Sam Ortega

The problem

The Larkfield town library closes every Sunday, and that is a mistake. According to the library's 2025 annual report, 41 percent of visits happen on Saturdays, more than on any other day. Experts say that weekend opening hours matter most for families with young children.

I visited on three Saturdays in May and counted queues of more than twenty people at the door before opening time. Some residents have reportedly complained that the building is too crowded on weekends.

The fix

Opening on Sundays would undoubtedly solve the problem. It may also attract new readers who work during the week. The council should fund Sunday opening in next year's budget."""


def _figure_html(figure, alt: str) -> str:
    png = base64.b64encode(charts.render_png(figure)).decode("ascii")
    return (f"<figure style='margin:0.3em 0'><img src='data:image/png;base64,{png}' alt='{html.escape(alt, quote=True)}' "
            f"style='max-width:100%;height:auto'><figcaption>{html.escape(alt)}</figcaption></figure>")


class OwnArticle:
    """The learner's own article: a paste box, a file picker and *Use this article*; views that follow it.

    ``folder`` is where chosen articles are saved (default: ``articles`` in the learner's work folder); ``name``
    the learner whose tags the views and taggers use (default: the name set once, or the hub user).
    """

    def __init__(self, *, folder: str | Path | None = None, name: str | None = None):
        self.folder = Path(folder) if folder is not None else paths.home() / ARTICLES
        self.name = name
        self._listeners: list[Callable[[], None]] = []
        self._session: TaggingSession | None = None
        self.case, self.origin = self._start()
        self.text = widgets.Textarea(description="Your article", placeholder="Paste the article here: the title on the first line, the byline (By ...) on the second, then the paragraphs",
                                     rows=8, layout=widgets.Layout(width="95%"), style={"description_width": "initial"})
        self.picker = widgets.FileUpload(accept=".txt,text/plain", multiple=False, description="Or pick a .txt file", layout=widgets.Layout(width="auto"))
        self.use_button = widgets.Button(description="Use this article", tooltip="Cut the article in the box into claims and use it in every step below", layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.picker.observe(lambda change: self._picked(change["new"]), names="value")
        self.use_button.on_click(lambda _: self.use_text(self.text.value))
        self.widget = widgets.VBox([self.text, widgets.HBox([self.use_button, self.picker], layout=widgets.Layout(flex_flow="row wrap")), self.status])
        self.widget.add_class("medialit-own-article")
        self._say(self._in_use())

    # ---- choosing the article ----
    def _start(self) -> tuple[CaseStudy, str]:
        """The newest article saved in the folder that can still be read, else the made-up example."""
        saved = sorted(self.folder.glob("*.txt"), key=lambda p: p.stat().st_mtime, reverse=True) if self.folder.is_dir() else []
        for path in saved:
            try:
                return case_from_text(path.read_text(encoding="utf-8")), path.name
            except (OSError, UnicodeDecodeError, MedialitError):
                continue  # a damaged or foreign file is skipped, never deleted
        return case_from_text(EXAMPLE), ""

    def use_text(self, text: str) -> bool:
        """What *Use this article* does: cut ``text`` into claims, save it, and switch every view to it.

        Returns False, and changes nothing, when the text cannot be used (empty, too long, not an article); the
        status line says why and what to do.
        """
        if not text.strip():
            self._say("The box is empty: paste your article's text into it first, then press Use this article.")
            return False
        try:
            case = case_from_text(text)
        except (ArticleError, DataFileError) as error:
            self._say(f"Not used: {error}")
            return False
        saved = ""
        try:
            atomic.write_text(self.folder / f"{case.id}.txt", text)
        except OSError as error:
            saved = f" It could not be saved for the next lesson ({error.strerror or error}); keep a copy yourself."
        self.case, self.origin, self._session = case, f"{case.id}.txt", None
        self._say(self._in_use() + saved)
        for listener in list(self._listeners):
            listener()
        return True

    def _picked(self, files) -> None:
        if not files:
            return
        upload = files[0]
        if len(upload["content"]) > MAX_ARTICLE_BYTES:
            self._say(f"{upload['name']} is larger than {MAX_ARTICLE_BYTES:,} bytes, too long for an article: pick the article's own text, or paste it into the box.")
            return
        try:
            self.text.value = bytes(upload["content"]).decode("utf-8")
        except UnicodeDecodeError:
            self._say(f"{upload['name']} is not plain text (UTF-8): save the article as a .txt file, or paste it into the box.")
            return
        self._say(f"Read {upload['name']} into the box: press Use this article to use it.")

    def _in_use(self) -> str:
        statements = int(self.case.claims["kind"].isin(STATEMENTS).sum())
        what = "the made-up example (paste your own article above)" if not self.origin else "your article"
        return f"In use: {what}, “{self.case.title}”: {statements} statements in {len(self.case.sections)} section(s)."

    def _say(self, words: str) -> None:
        self.status.value = f"<p style='margin:0.3em 0'>{html.escape(words)}</p>"

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after the learner chooses another article."""
        self._listeners.append(listener)

    @property
    def session(self):
        """The learner's tags on the article in use (opened once per article, saved on every change)."""
        if self._session is None:
            self._session = progress.open_session(self.name, case=self.case)
        return self._session

    def _follow(self, view: widgets.Widget, draw: Callable[[], None], name: str, *, tags: bool = False) -> widgets.Widget:
        """Draw ``view`` now, again after another article is chosen, and (``tags``) after every change of a tag.

        ``name`` gives the view a stable CSS class, ``medialit-own-<name>``."""
        view.add_class(f"medialit-own-{name}")
        def redraw_on_tags() -> None:
            if tags:
                self.session.on_change(lambda _: draw())

        def switch() -> None:
            draw()
            redraw_on_tags()

        self.on_change(switch)
        draw()
        redraw_on_tags()
        return view

    # ---- views that follow the article ----
    def claims_view(self) -> widgets.HTML:
        """How the article was cut: one row per unit (ID, section, kind, text)."""
        view = widgets.HTML()
        def draw() -> None:
            table = self.case.claims[["claim_id", "section", "kind", "text"]].set_index("claim_id")
            view.value = data_table_html(table, f"How “{self.case.title}” was cut: {len(table)} units", summary="Show how it was cut, unit by unit")
        return self._follow(view, draw, "claims")

    def signals_view(self) -> widgets.HTML:
        """The statements with their signal words marked, a chart of signals by section, and the same as a table."""
        view = widgets.HTML()
        def draw() -> None:
            claims = self.case.claims
            statements = claims[claims["kind"].isin(STATEMENTS)]
            figure = charts.new_figure(width=9, height=0.7 * len(self.case.sections) + 1.8)
            plot_signals_by_section(claims, figure.subplots())
            counts = signals_per_section(claims)
            alt = "Signals by section: " + "; ".join(f"{section}: " + ", ".join(f"{int(n)} {c}" for c, n in row.items() if c != "claims" and n) for section, row in counts.iterrows()) + "."
            view.value = (signal_legend_html() + highlight_html("\n\n".join(statements["text"])) + _figure_html(figure, alt)
                          + data_table_html(counts, "Signals in each section"))
        return self._follow(view, draw, "signals")

    def tagger(self, pass_: str = "first") -> widgets.VBox:
        """A :class:`~medialit.tagger.ClaimTagger` on the article in use (``pass_``: ``"first"`` or ``"lateral"``)."""
        box = widgets.VBox()
        def draw() -> None:
            box.children = [ClaimTagger(self.session, pass_=pass_).widget]
        return self._follow(box, draw, "tagger")

    def weakest_claims(self) -> widgets.HTML:
        """The factual claims tagged at the weakest levels, with the boosters and vague sources in each: what to check first."""
        view = widgets.HTML()
        def draw() -> None:
            tags = self.session.to_frame()
            weak = tags[tags["level"].isin(WEAK_LEVELS)] if len(tags) else tags
            if weak.empty:
                view.value = "<p>No claim tagged <em>the author's word only</em> or <em>vague attribution</em> yet: tag some in the tagger (lesson 08), and this list fills in.</p>"
                return
            signals = signals_per_claim(self.case.claims).reindex(weak["claim_id"])
            table = weak.set_index("claim_id")[["level", "text"]].join(signals[["booster", "vague_attribution", "specific"]].fillna(0).astype(int))
            table = table.sort_values(["booster", "vague_attribution"], ascending=False)
            labels = {level.key: level.label for level in self.case.taxonomy}
            view.value = data_table_html(table.assign(level=table["level"].map(labels)), "Your weakest claims, the most confidently worded first (boosters, vague sources, specifics)")
        return self._follow(view, draw, "weakest", tags=True)

    def moves_view(self) -> widgets.HTML:
        """How checking moved the claims: first pass (○) to second pass (●), as a chart and in words."""
        view = widgets.HTML()
        def draw() -> None:
            moves = self.session.compare_passes()
            if moves.empty:
                view.value = "<p>No second-pass tags yet: choose a level in the tagger's second pass, and the chart appears here.</p>"
                return
            figure = charts.new_figure(width=9, height=0.5 * len(moves) + 1.6)
            charts.plot_pass_moves(moves, figure.subplots(), taxonomy=self.case.taxonomy, title="How checking other sources moved your claims")
            label = {level.key: level.label for level in self.case.taxonomy}
            words = " ".join(f"{row.claim_id}: {label.get(row.first, 'not tagged')} → {label[row.lateral]} ({row.change})." for row in moves.itertuples())
            view.value = _figure_html(figure, words)
        return self._follow(view, draw, "moves", tags=True)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


_kernels_own: dict[tuple[str, str | None], OwnArticle] = {}


def my_article(*, folder: str | Path | None = None, name: str | None = None) -> OwnArticle:
    """The learner's own article in this kernel: made on the first call (opening the article saved last, if any),
    and the same :class:`OwnArticle` on every later call, so all the cells of a lesson follow one article."""
    where = (str(Path(folder) if folder is not None else paths.home() / ARTICLES), name)
    if where not in _kernels_own:
        _kernels_own[where] = OwnArticle(folder=folder, name=name)
    return _kernels_own[where]
