"""Render the series, with outputs, to static HTML pages: for reading on a phone or printing a handout.

:func:`export_series` runs every lesson in a fresh kernel (with a throwaway ``MEDIALIT_HOME``, so nobody's real
progress is read or changed), then writes one page per notebook and an ``index.html`` that links them all.

The pages work offline and carry no scripts: nbconvert's JupyterLab template without its require.js, MathJax,
Mermaid or widget loaders (all of which come from a CDN). All HTML from a notebook — markdown cells (an edited
lesson may hold raw HTML), HTML and markdown outputs, raw cells — goes through :func:`sanitise_html`, an
allow-list sanitiser (`nh3 <https://nh3.readthedocs.io>`_, bindings to the Rust crate ammonia), so a
``<script>``, an ``<iframe>``, a ``<meta http-equiv="refresh">``, an ``onerror=`` or a ``javascript:`` link can
never run; plain-text outputs are escaped by nbconvert. An interactive widget has no static form, so the page
says where to use it instead.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import nbformat
import nh3
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor, Preprocessor

from .safe_text import without_bidi_controls

__all__ = ["Page", "export_series", "render_notebook", "notebook_title", "index_html", "sanitise_html", "SAFE_TAGS"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SCRIPT_TYPES = ("application/javascript", "text/javascript", "application/vnd.jupyter.widget-state+json")
SAFE_TAGS = sorted({
    "a", "abbr", "acronym", "b", "blockquote", "code", "em", "i", "li", "ol", "strong", "ul", "p", "div", "span", "pre", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "details", "summary", "figure", "figcaption",
    "img", "mark", "small", "sub", "sup", "dl", "dt", "dd",
})
SAFE_ATTRIBUTES = {"*": ["class", "id", "title", "lang", "aria-label", "aria-describedby", "aria-hidden", "role", "style"],
                   "a": ["href", "title"], "img": ["src", "alt", "width", "height"],
                   "th": ["scope", "colspan", "rowspan"], "td": ["colspan", "rowspan"]}
WIDGET_NOTE = ('<p class="medialit-widget-note"><strong>Interactive part.</strong> This step is a widget: open the '
               'notebook in JupyterLab, Notebook 7 or on Binder to use it.</p>')

# A link to another notebook of the series (relative, no scheme) should open its page.
_NOTEBOOK_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#?]+)\.ipynb([#?][^"]*)?"', re.IGNORECASE)

# nbconvert's JupyterLab page minus everything fetched from a CDN, plus a link back to the index.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style>
.medialit-nav { font: 1rem/1.5 system-ui, sans-serif; padding: .5rem 1rem; }
.medialit-nav a { color: #0b4f8a; }
.medialit-widget-note { border-left: 4px solid #0072B2; padding: .25rem .75rem; background: #f3f8fc; }
@media print { .medialit-nav { display: none; } }
</style>{%- endblock extra_css -%}
{%- block body_header -%}{{ super() }}
<nav class="medialit-nav" aria-label="Series"><a href="{{ resources.medialit_index_href }}">&larr; All lessons</a></nav>
{%- endblock body_header -%}
"""


@dataclass
class Page:
    """One rendered notebook: where it came from, where it went, its title, and any execution error."""

    source: Path
    target: Path
    title: str
    section: str
    error: str = field(default="")


# Inline styles carry meaning in some outputs (signal highlights: tint, underline style, screen-reader-only text),
# so they are kept, property by property; a declaration that could fetch from the network is dropped.
SAFE_CSS = sorted({
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color", "border-left-color",
    "border-right-color", "border-top-color", "clear", "color", "cursor", "direction", "display", "elevation", "float",
    "font", "font-family", "font-size", "font-style", "font-variant", "font-weight", "height", "letter-spacing",
    "line-height", "overflow", "pause", "pause-after", "pause-before", "pitch", "pitch-range", "richness", "speak",
    "speak-header", "speak-numeral", "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration",
    "text-indent", "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space", "width",
    "background", "border", "border-left", "border-bottom", "border-radius", "padding", "margin", "position", "clip",
    "max-width", "text-decoration-thickness", "text-underline-offset",
})
# CSS functions that only compute a value; any other (url(), image-set(), expression(), ...) may fetch something.
_CSS_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "calc", "min", "max", "clamp", "rect"}
_CSS_FUNCTION = re.compile(r"([-a-z0-9_]*)\s*\(", re.IGNORECASE)


def _offline_style(style: str) -> str:
    """The declarations of a ``style`` attribute that cannot fetch anything: no ``url(``, no ``@import``, no escapes."""
    def offline(declaration: str) -> bool:
        return "\\" not in declaration and "@" not in declaration and all(
            name.lower() in _CSS_FUNCTIONS for name in _CSS_FUNCTION.findall(declaration))

    return ";".join(d for d in style.split(";") if d.strip() and offline(d))


def _allowed_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: images only from embedded data (nothing fetched), no ``data:`` links, offline styles."""
    if name == "src":
        return value if value.startswith("data:image/") else None
    if name == "href":
        return None if value.strip().lower().startswith("data:") else value
    if name == "style":
        return _offline_style(value) or None
    return value


def sanitise_html(markup: str | bytes) -> str:
    """``markup`` with only the tags, attributes, link schemes and style properties of the allow-lists above.

    ``<script>`` and ``<style>`` are removed with their content; any other tag not allowed is removed and its
    text kept. Links keep ``http``, ``https``, ``mailto`` and relative targets; images must be embedded
    (``data:image/...``).
    """
    markup = markup.decode("utf-8") if isinstance(markup, bytes) else str(markup)
    attributes = {tag: set(names) for tag, names in SAFE_ATTRIBUTES.items()}
    return nh3.clean(markup, tags=set(SAFE_TAGS), clean_content_tags={"script", "style"}, attributes=attributes,
                     attribute_filter=_allowed_attribute, url_schemes={"http", "https", "mailto", "data"},
                     filter_style_properties=set(SAFE_CSS))


class StaticOutputs(Preprocessor):
    """Make outputs meaningful without a kernel: drop scripts, explain widgets (the template sanitises the HTML)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is None:
                continue
            if WIDGET_VIEW in data:
                data.clear()
                data["text/html"] = WIDGET_NOTE
                continue
            for mimetype in SCRIPT_TYPES:
                data.pop(mimetype, None)
        return cell, resources


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first ``# `` heading of the first markdown cell, as plain text (not yet HTML-escaped)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    return fallback


@contextmanager
def _kernel_environment(home: Path):
    """Run kernels with a throwaway learner folder and inline charts, then restore the caller's environment."""
    saved = {name: os.environ.get(name) for name in ("MEDIALIT_HOME", "MPLBACKEND")}
    os.environ["MEDIALIT_HOME"] = str(home)
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(template_name="lab", extra_loaders=[jinja2.DictLoader({"medialit_page.html.j2": _TEMPLATE})])
    exporter.template_file = "medialit_page.html.j2"
    exporter.embed_images = True
    exporter.sanitize_html = True  # markdown cells, HTML and markdown outputs all go through clean_html ...
    exporter.filters = {"clean_html": sanitise_html}  # ... which is ours: nbconvert's own uses the deprecated bleach
    exporter.register_preprocessor(StaticOutputs(), enabled=True)
    return exporter


def render_notebook(source: Path, target: Path, index_href: str = "index.html", execute: bool = True,
                    timeout: int = 600) -> str:
    """Execute ``source`` (if asked) and write it as a static page to ``target``. Returns the notebook's title.

    Raises nbclient's ``CellExecutionError`` (naming the cell) if a cell fails; nothing is written then.
    """
    notebook = nbformat.read(source, as_version=4)
    if execute:
        with tempfile.TemporaryDirectory(prefix="medialit-html-") as home, _kernel_environment(Path(home)):
            runner = ExecutePreprocessor(timeout=timeout, kernel_name="python3", store_widget_state=False)
            runner.preprocess(notebook, {"metadata": {"path": str(source.parent)}})
    body, _ = _exporter().from_notebook_node(notebook, resources={"medialit_index_href": index_href})
    body = _NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', body)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return notebook_title(notebook, source.stem)


def _isolated(text: str) -> str:
    """Text from a notebook as HTML: escaped, without bidirectional controls, in ``<bdi>`` so its direction stays inside."""
    return f"<bdi>{html.escape(without_bidi_controls(text))}</bdi>"


def index_html(pages: list[Page], heading: str = "Weighing the evidence") -> str:
    """The contents page: every lesson as a link, grouped by folder; every text HTML-escaped."""
    sections = []
    for section in dict.fromkeys(page.section for page in pages):
        items = "\n".join(
            f'<li><a href="{html.escape(page.target.as_posix(), quote=True)}">{_isolated(page.title)}</a>'
            + (f' <span class="failed">(did not finish running: {_isolated(page.error)})</span>' if page.error else "")
            + "</li>"
            for page in pages if page.section == section)
        sections.append(f"<section>\n<h2>{_isolated(section)}</h2>\n<ol>\n{items}\n</ol>\n</section>")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(heading)}</title>
<style>
body {{ font: 1.05rem/1.6 system-ui, sans-serif; max-width: 42rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; }}
a {{ color: #0b4f8a; }} a:focus-visible {{ outline: 3px solid #0b4f8a; outline-offset: 2px; }}
li {{ margin: .4rem 0; }} .failed {{ color: #8a1c00; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(heading)}</h1>
<p>The notebook series as static pages, with the outputs of a fresh run. To tag claims yourself, open the notebooks
in JupyterLab.</p>
{chr(10).join(sections)}
</main>
</body>
</html>
"""


SECTIONS = {"notebooks": "Lessons", "solutions": "Exercises with worked answers"}


def export_series(project: Path, out: Path, folders: tuple[str, ...] = ("notebooks",), execute: bool = True) -> list[Page]:
    """Render every ``NN-*.ipynb`` in ``folders`` of ``project`` into ``out`` and write ``out/index.html``."""
    pages = []
    for folder in folders:
        for source in sorted((project / folder).glob("[0-9][0-9]-*.ipynb")):
            relative = Path(folder) / f"{source.stem}.html"
            page = Page(source, relative, source.stem, SECTIONS.get(folder, folder))
            try:
                page.title = render_notebook(source, out / relative, index_href="../index.html", execute=execute)
            except Exception as exc:  # one broken lesson must not stop the handout of the others
                page.error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
            pages.append(page)
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(index_html(pages), encoding="utf-8")
    return pages
