"""Render the series, with outputs, to static HTML pages: for reading on a phone or printing a handout.

:func:`export_series` runs every lesson in a fresh kernel (with a throwaway ``MEDIALIT_HOME``, so nobody's real
progress is read or changed), then writes one page per notebook and an ``index.html`` that links them all.

The pages work offline and carry no scripts: nbconvert's JupyterLab template without its require.js, MathJax,
Mermaid or widget loaders (all of which come from a CDN). Output HTML is passed through an allow-list sanitiser
(bleach), so a ``<script>`` in article or learner text can never run; plain-text outputs are escaped by nbconvert.
An interactive widget has no static form, so the page says where to use it instead.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import bleach
import jinja2
from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExecutePreprocessor, Preprocessor

__all__ = ["Page", "export_series", "render_notebook", "notebook_title", "index_html", "SAFE_TAGS"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SCRIPT_TYPES = ("application/javascript", "text/javascript", "application/vnd.jupyter.widget-state+json")
SAFE_TAGS = sorted({
    *bleach.ALLOWED_TAGS, "p", "div", "span", "pre", "code", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
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
# so they are kept, property by property; anything that could fetch from the network (url(), @import) is dropped.
SAFE_CSS = sorted({*ALLOWED_CSS_PROPERTIES, "background", "border", "border-left", "border-bottom", "border-radius",
                   "padding", "margin", "position", "clip", "max-width", "text-decoration-thickness",
                   "text-underline-offset"})


class _OfflineCSS(CSSSanitizer):
    """bleach's CSS filter, first dropping any declaration that names a URL."""

    def sanitize_css(self, style: str) -> str:
        kept = ";".join(d for d in style.split(";") if not re.search(r"url\(|@import|expression\(", d, re.IGNORECASE))
        return super().sanitize_css(kept)


_CSS = _OfflineCSS(allowed_css_properties=SAFE_CSS)


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """bleach's attribute filter: listed attributes only, and images only from embedded data (nothing fetched)."""
    if name in SAFE_ATTRIBUTES["*"]:
        return True
    if name not in SAFE_ATTRIBUTES.get(tag, []):
        return False
    if name == "src":
        return value.startswith("data:image/")
    return not value.strip().lower().startswith("data:")


def _clean(markup: str) -> str:
    return bleach.clean(markup, tags=SAFE_TAGS, attributes=_allowed_attribute, protocols=["http", "https", "mailto", "data"],
                        strip=True, css_sanitizer=_CSS)


class StaticOutputs(Preprocessor):
    """Make outputs safe and meaningful without a kernel: sanitise HTML, drop scripts, explain widgets."""

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
            for mimetype in ("text/html", "text/markdown"):
                if mimetype in data:
                    text = data[mimetype]
                    data[mimetype] = _clean("".join(text) if isinstance(text, list) else text)
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


def index_html(pages: list[Page], heading: str = "Weighing the evidence") -> str:
    """The contents page: every lesson as a link, grouped by folder; every text HTML-escaped."""
    sections = []
    for section in dict.fromkeys(page.section for page in pages):
        items = "\n".join(
            f'<li><a href="{html.escape(page.target.as_posix(), quote=True)}">{html.escape(page.title)}</a>'
            + (f' <span class="failed">(did not finish running: {html.escape(page.error)})</span>' if page.error else "")
            + "</li>"
            for page in pages if page.section == section)
        sections.append(f"<section>\n<h2>{html.escape(section)}</h2>\n<ol>\n{items}\n</ol>\n</section>")
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
