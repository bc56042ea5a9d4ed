"""Screenshots of every page of the browser app, in English and Chinese (PNG).

    python experiments/screenshots.py [RESULTS_ROOT] [--out DIR] [--widths 1400,375]

Starts `govsim serve RESULTS_ROOT` (default results/, where `make demo` puts paper_paths),
opens each tab in headless Chromium (Debian's chromium, network blocked) in each language
and at each width, waits until every chart is drawn and writes
DIR/<tab>-<lang>-<width>.png (default DIR: RESULTS_ROOT/screenshots). Also writes the
report of the first results folder in both languages and screenshots it. Chinese needs a
CJK font on the machine (Debian: fonts-noto-cjk), or it shows as boxes.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from sim.app.headless import ARGS, block_network, serve, wait_drawn

TABS = {
    "en": ["Brief", "Compare", "Explore", "Live model"],
    "zh": ["简报", "情景比较", "参数探索", "实时模型"],
}
SLUGS = ["brief", "compare", "explore", "live"]


# Solara scrolls its content inside a container, so a "full page" screenshot stops at the
# window: make the window as tall as the content first.
CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight, ...Array.from(
  document.querySelectorAll('*')).filter(e => ['auto', 'scroll'].includes(
  getComputedStyle(e).overflowY)).map(e => e.scrollHeight + e.getBoundingClientRect().top))"""


def whole_page(page, width: int, path: Path) -> None:
    height = int(page.evaluate(CONTENT_HEIGHT)) + 40
    page.set_viewport_size({"width": width, "height": min(max(height, 600), 12_000)})
    time.sleep(0.8)
    wait_drawn(page, at_least=0)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def pick_folder(page, name: str) -> None:
    """Choose a results folder in the page's folder picker (the first select)."""
    page.locator(".v-select").first.click()
    page.get_by_role("option", name=name, exact=True).click()
    time.sleep(1.5)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from sim.app import data
    from sim.app.report import write_report
    from sim.experiments.store import load_results

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("results"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--widths", default="1400,375")
    parser.add_argument("--langs", default="en,zh")
    args = parser.parse_args()
    out = (args.out or args.root / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no chromium: apt-get install chromium")
    widths = [int(w) for w in args.widths.split(",")]
    folders = data.discover(args.root)
    names = [f.name for f in folders if not f.error]
    first = "paper_paths" if "paper_paths" in names else names[0] if names else None
    explorable = next(
        (f.name for f in folders if not f.error and data.explore_kind(load_results(f.path))),
        None,
    )
    langs = args.langs.split(",")
    process, url = serve(args.root)
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for width in widths:
                for lang in langs:
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    block_network(context)
                    page = context.new_page()
                    page.goto(url, timeout=120_000)
                    page.get_by_role("tab", name=TABS["en"][0]).wait_for(timeout=120_000)
                    if lang == "zh":
                        page.get_by_role("button", name="中文").click()
                        page.get_by_role("tab", name=TABS["zh"][0]).wait_for(timeout=60_000)
                    for name, slug in zip(TABS[lang], SLUGS, strict=True):
                        page.get_by_role("tab", name=name).click()
                        time.sleep(1.5)
                        if slug == "explore" and explorable:  # a grid or sensitivity sweep
                            pick_folder(page, explorable)
                        wait_drawn(page, at_least=0 if slug == "explore" else 1)
                        if slug == "live":
                            page.get_by_role(
                                "button", name="One week" if lang == "en" else "前进一周"
                            ).click()
                            time.sleep(1.0)
                            wait_drawn(page)
                        path = out / f"{slug}-{lang}-{width}.png"
                        whole_page(page, width, path)
                        written.append(path)
                    context.close()
            if first:
                for lang in langs:
                    report = write_report(args.root / first, out / f"report-{lang}.html", lang)
                    context = browser.new_context(viewport={"width": 1200, "height": 900})
                    block_network(context)
                    page = context.new_page()
                    page.goto(report.as_uri())
                    page.wait_for_function(
                        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4",
                        timeout=60_000,
                    )
                    time.sleep(1.0)
                    path = out / f"report-{lang}.png"
                    page.screenshot(path=str(path), full_page=True)
                    written.append(path)
                    context.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    for path in written:
        print(path)


if __name__ == "__main__":
    main()
