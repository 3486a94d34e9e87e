"""`make html`: static pages with outputs, escaped, offline, and an index that links every lesson."""

from __future__ import annotations

import os
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from medialit.cli import main
from medialit.html_export import export_series, index_html, Page, sanitise_html

HOSTILE = "<script>alert(1)</script>"
# An edited lesson: raw HTML in a markdown cell is passed through by markdown, so it must be sanitised too.
HOSTILE_MARKDOWN = """## Edited by someone

<script>document.title = 'ran'</script>
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<img src="x" onerror="alert(2)"> <img src="data:image/png;base64,iVBORw0KGgo=" alt="embedded">
[click me](javascript:alert(3)) and [a lesson](01-second.ipynb)
<iframe src="https://evil.example/frame"></iframe>
<span style="color: #B00; background: url(https://evil.example/bg.png)">kept red</span>
"""


class _Tags(HTMLParser):
    """Every start tag with its attributes, so assertions look at real markup rather than substrings."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _write(path, title, *code):
    notebook = new_notebook(cells=[new_markdown_cell(f"# {title}\n\nSee [the next lesson](01-second.ipynb).")]
                            + [new_code_cell(source) for source in code])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = tmp_path_factory.mktemp("project")
    _write(project / "notebooks" / "00-first.ipynb", "First <b>&</b> lesson",
           f"print({HOSTILE!r})",
           f"from IPython.display import HTML, display\ndisplay(HTML({HOSTILE!r} + '<b onclick=\"steal()\">bold</b>'"
           " + '<img src=\"https://tracker.example/p.png\" alt=\"x\">'"
           " + '<mark style=\"background:#FFEEBB;text-decoration:underline dotted\">kept</mark>'"
           " + '<b style=\"background:url(https://tracker.example/b.png);color:#000\">no fetch</b>'))",
           "import ipywidgets\nipywidgets.Button(description='Tag')",
           "import os\nprint('home=' + os.environ['MEDIALIT_HOME'])")
    _write(project / "notebooks" / "01-second.ipynb", "Second lesson", "1 / 0")
    edited = nbformat.read(project / "notebooks" / "00-first.ipynb", as_version=4)
    edited.cells.insert(1, new_markdown_cell(HOSTILE_MARKDOWN))
    nbformat.write(edited, project / "notebooks" / "00-first.ipynb")
    _write(project / "notebooks" / "scratch.ipynb", "Not a lesson", "1")
    out = tmp_path_factory.mktemp("site")
    pages = export_series(project, out)
    return out, pages


def test_every_page_and_the_index_exist(site):
    out, pages = site
    assert [p.target.as_posix() for p in pages] == ["notebooks/00-first.html", "notebooks/01-second.html"]
    assert (out / "notebooks" / "00-first.html").is_file() and (out / "index.html").is_file()


def test_hostile_output_text_is_escaped_never_run(site):
    out, _ = site
    page = (out / "notebooks" / "00-first.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the printed string, shown as text
    tags = _Tags(page).tags
    assert [t for t, _ in tags if t == "script"] == []  # none from outputs, none from a CDN
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert not any(attrs.get("src", "").startswith("http") for _, attrs in tags)


def test_markdown_cells_are_sanitised_too(site):
    out, _ = site
    page = (out / "notebooks" / "00-first.html").read_text(encoding="utf-8")
    tags = _Tags(page).tags
    assert "kept red" in page and "Edited by someone" in page  # the cell is shown ...
    assert [t for t, _ in tags if t in ("script", "iframe")] == []  # ... without what would run or load
    assert not any(t == "meta" and "http-equiv" in attrs for t, attrs in tags)
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    hrefs = [attrs.get("href") or "" for t, attrs in tags if t == "a"]
    assert "01-second.html" in hrefs and not any(h.lower().startswith("javascript:") for h in hrefs)
    assert "evil.example" not in page and "document.title" not in page
    sources = [attrs.get("src") for t, attrs in tags if t == "img" and attrs.get("src")]
    assert sources and all(src.startswith("data:image/") for src in sources)
    assert any("color:#B00" in (attrs.get("style") or "").replace(" ", "") for _, attrs in tags)


@pytest.mark.parametrize(("markup", "kept", "gone"), [
    ('<b style="color:red;background-image:image-set(\'https://x.example/a.png\' 1x)">t</b>', "color:red", "x.example"),
    ('<b style="color:red;background:u\\72l(https://x.example/a.png)">t</b>', "color:red", "x.example"),
    ('<b style="color:rgb(1, 2, 3)">t</b>', "rgb(1, 2, 3)", "url("),
    ('<a href="data:text/html,hi">t</a><a href="#part">u</a>', 'href="#part"', "data:text"),
    ('<svg><script>alert(1)</script></svg><object data="x"></object>t', "t", "alert"),
])
def test_sanitise_html_keeps_styles_that_cannot_fetch(markup, kept, gone):
    clean = sanitise_html(markup)
    assert kept in clean and gone not in clean


def test_no_module_imports_bleach():
    """bleach is deprecated (2023); nh3 replaced it. nbconvert may still import it for itself."""
    import ast
    from pathlib import Path

    import medialit

    for module in Path(medialit.__file__).parent.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
        imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [name for name in imported if name.split(".")[0] == "bleach"], module


def test_inline_styles_keep_meaning_but_never_fetch(site):
    out, _ = site
    styles = [attrs.get("style", "") for _, attrs in _Tags((out / "notebooks" / "00-first.html").read_text(encoding="utf-8")).tags]
    assert any("background:#FFEEBB" in style and "underline dotted" in style for style in styles)
    assert not any("tracker.example" in style or "url(" in style for style in styles)


def test_pages_need_no_network(site):
    out, _ = site
    page = (out / "notebooks" / "00-first.html").read_text(encoding="utf-8")
    for cdn in ("cdnjs", "unpkg", "jsdelivr", "require.js", "MathJax.js"):
        assert cdn not in page
    assert not any(tag == "link" and attrs.get("href", "").startswith("http") for tag, attrs in _Tags(page).tags)


def test_widgets_are_explained_and_links_point_at_pages(site):
    out, _ = site
    page = (out / "notebooks" / "00-first.html").read_text(encoding="utf-8")
    assert "medialit-widget-note" in page and "widget-view+json" not in page
    hrefs = [attrs.get("href") for tag, attrs in _Tags(page).tags if tag == "a"]
    assert "01-second.html" in hrefs and "../index.html" in hrefs


def test_lessons_run_with_a_throwaway_learner_folder(site):
    out, _ = site
    page = (out / "notebooks" / "00-first.html").read_text(encoding="utf-8")
    kernel_home = page.split("home=", 1)[1].split("<", 1)[0].strip()
    assert kernel_home and kernel_home != os.environ["MEDIALIT_HOME"]
    assert not os.path.exists(kernel_home)  # removed after the run


def test_index_links_every_lesson_with_escaped_titles(site):
    out, _ = site
    index = (out / "index.html").read_text(encoding="utf-8")
    links = {attrs["href"] for tag, attrs in _Tags(index).tags if tag == "a"}
    assert links == {"notebooks/00-first.html", "notebooks/01-second.html"}
    assert "First &lt;b&gt;&amp;&lt;/b&gt; lesson" in index and "<b>&</b>" not in index
    assert '<html lang="en">' in index


def test_a_failing_lesson_is_reported_and_the_rest_still_render(site):
    out, pages = site
    second = pages[1]
    assert "ZeroDivisionError" in second.error and not pages[0].error
    assert "did not finish running" in (out / "index.html").read_text(encoding="utf-8")


def test_index_html_escapes_hrefs_too(tmp_path):
    page = Page(tmp_path / "x.ipynb", tmp_path.joinpath('a"onmouseover="x.html').relative_to(tmp_path), "t", "Lessons")
    text = index_html([page])
    assert 'href="a&quot;onmouseover=&quot;x.html"' in text


def test_index_isolates_titles_and_drops_bidirectional_controls(tmp_path):
    page = Page(tmp_path / "x.ipynb", tmp_path.joinpath("x.html").relative_to(tmp_path), "Lesson \u202eeno", "Lessons",
                error="Error \u2067\u05e9\u05dc\u05d5\u05dd\u2069")
    text = index_html([page])
    assert not set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") & set(text)
    assert "<bdi>Lesson eno</bdi>" in text and "<bdi>Error \u05e9\u05dc\u05d5\u05dd</bdi>" in text


def test_command_refuses_a_file_as_the_output_folder(tmp_path, capsys):
    (tmp_path / "site").write_text("a teacher's notes", encoding="utf-8")
    assert main(["html", "--out", str(tmp_path / "site"), "--no-execute", "--project", str(tmp_path)]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert (tmp_path / "site").read_text(encoding="utf-8") == "a teacher's notes"


def test_command_renders_without_executing(tmp_path, capsys):
    project = tmp_path / "project"
    _write(project / "notebooks" / "00-only.ipynb", "Only", "print('never run')")
    assert main(["html", "--out", str(tmp_path / "site"), "--no-execute", "--project", str(project)]) == 0
    assert "1 of 1 pages written" in capsys.readouterr().out
    page = (tmp_path / "site" / "notebooks" / "00-only.html").read_text(encoding="utf-8")
    classes = [attrs.get("class", "") for _, attrs in _Tags(page).tags]
    assert any("jp-InputArea" in c for c in classes)  # the code is shown ...
    assert not any("jp-OutputArea-output" in c for c in classes)  # ... and nothing ran to make an output
