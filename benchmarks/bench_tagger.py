"""How fast the tagger answers a learner: from a tag to the new chart, in the kernel and in a real browser.

* In the kernel, for the whole article: a click on a level button (tag, save the progress file, redraw the widget
  and its chart) against one bare render of the same chart drawn afresh (the floor). Target: at most 1.5x the
  floor and under 50 ms.
* In a real browser (JupyterLab + Debian's Chromium, reusing tests/lab_harness.py): a click on a level button until
  the new chart image is decoded on screen, against the round trip of a do-nothing button (the kernel echoes a
  counter into a label) in the same page. Target: under 300 ms median. Skipped, with the reason, when Chromium
  is missing.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from timing import median_seconds, report

ROOT = Path(__file__).resolve().parent.parent


def _harness():
    """tests/lab_harness.py, loaded by path (tests/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("medialit_browser_harness", ROOT / "tests" / "lab_harness.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _kernel_figures() -> bool:
    import medialit
    from medialit import charts, progress
    from medialit.session import TaggingSession
    from medialit.tagger import ClaimTagger

    article, taxonomy = medialit.load_article(), medialit.load_taxonomy()
    folder = Path(tempfile.mkdtemp(prefix="medialit-bench-"))
    try:
        in_memory = TaggingSession(article, taxonomy)
        saving = progress.open_session("bench", path=folder / "bench.json", article=article, taxonomy=taxonomy)
        ids = in_memory.claim_ids()
        for session in (in_memory, saving):
            for i, claim_id in enumerate(ids[::2]):  # half the article tagged, as midway through the lesson
                session.tag(claim_id, taxonomy.keys[i % len(taxonomy)])
        taggers = [ClaimTagger(in_memory, answer_key=None), ClaimTagger(saving, answer_key=None)]
        frame = in_memory.to_frame(all_claims=True)

        # The floor: the same two charts, same size, drawn afresh on an existing figure and encoded.
        live = taggers[0].chart.figure
        figure = charts.new_figure(live.get_figwidth(), live.get_figheight(), int(live.dpi))
        left, right = figure.subplots(1, 2, width_ratios=[1, 1.15])
        charts.plot_level_counts(frame, left, taxonomy)
        charts.plot_levels_by_section(frame, right, taxonomy, sections=in_memory.sections)
        charts.render_png(figure)
        figure.set_layout_engine("none")  # laid out once, as the live chart is; the floor is drawing alone
        floor = median_seconds(lambda: charts.render_png(figure))

        def clicking(tagger: ClaimTagger):
            state = {"i": 0}

            def click_a_level() -> None:  # walk the whole article, clicking a level on each claim in turn
                state["i"] += 1
                tagger.current = ids[state["i"] % len(ids)]
                tagger.level_buttons[taxonomy.keys[state["i"] % len(taxonomy)]].click()

            return click_a_level

        chart_only = median_seconds(clicking(taggers[0]), repeat=31)
        with_save = median_seconds(clicking(taggers[1]), repeat=31)
        assert saving.progress().tagged > len(ids) // 2 and json_ok(folder / "bench.json")
        ok = report("kernel: click a level -> new chart PNG", chart_only, "one bare render of the chart", floor, limit=1.5, budget_ms=50)
        report("  the same, saving the progress file too", with_save, "one bare render of the chart", floor)
        return ok
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def json_ok(path: Path) -> bool:
    from medialit import tagfile

    return bool(tagfile.read(path).tags)


BENCH_NOTEBOOK = [
    "import ipywidgets as widgets\nimport medialit\nfrom medialit.tagger import ClaimTagger",
    "tagger = ClaimTagger(medialit.TaggingSession(medialit.load_case()), answer_key=None)\ntagger",
    (
        "echo = widgets.Label('0')\nnoop = widgets.Button(description='Do nothing')\nnoop.add_class('bench-noop')\n"
        "echo.add_class('bench-echo')\nnoop.on_click(lambda _: setattr(echo, 'value', str(int(echo.value) + 1)))\n"
        "widgets.HBox([noop, echo])"
    ),
]

# Click, then wait in the page for the target to change: the chart's src (and the new image decoded), or the label.
TIME_CLICK = """async ([button, target, kind]) => {
    const el = document.querySelector(target);
    const look = () => kind === 'img' ? el.querySelector('img').src : el.textContent;
    const before = look();
    const start = performance.now();
    const changed = new Promise(resolve => {
        const observer = new MutationObserver(() => { if (look() !== before) { observer.disconnect(); resolve(); } });
        observer.observe(el, {attributes: true, childList: true, subtree: true, characterData: true});
    });
    document.querySelector(button).click();
    await changed;
    if (kind === 'img') { await el.querySelector('img').decode(); }
    return performance.now() - start;
}"""


def _browser_figures() -> bool:
    import nbformat

    harness = _harness()
    if not harness.CHROMIUM.exists():
        print(f"browser: skipped ({harness.CHROMIUM} not found; install Debian's chromium to measure it)")
        return True
    folder = Path(tempfile.mkdtemp(prefix="medialit-bench-nb-"))
    try:
        notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}})
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in BENCH_NOTEBOOK]
        path = folder / "bench-tagger.ipynb"
        nbformat.write(notebook, path)
        with harness.jupyter_server(notebooks=[path]) as server, harness.chromium() as browser:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            lab = harness.LabPage(page, server)
            lab.open_notebook(path.name)
            lab.run_all()
            page.locator(".medialit-tagger .medialit-chart img").wait_for()
            page.locator(".bench-noop").wait_for()
            buttons = [".medialit-level-bare_assertion", ".medialit-level-named_source"]

            def times(button_for, target: str, kind: str, repeat: int = 15, warmup: int = 3) -> list[float]:
                found = []
                for i in range(warmup + repeat):
                    ms = page.evaluate(TIME_CLICK, [button_for(i), target, kind])
                    if i >= warmup:
                        found.append(ms / 1000)
                return sorted(found)

            noop = times(lambda i: ".bench-noop", ".bench-echo", "text")
            tag = times(lambda i: buttons[i % 2], ".medialit-tagger .medialit-chart", "img")
        return report("browser: click a level -> new chart shown", tag[len(tag) // 2], "do-nothing button round trip", noop[len(noop) // 2], budget_ms=300)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> bool:
    ok = _kernel_figures()
    ok &= _browser_figures()
    return ok


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(0 if main() else 1)
