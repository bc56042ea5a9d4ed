"""Benchmark the browser (prints figures, asserts nothing). Needs Debian's chromium.

    python experiments/benchmark_browser.py [RESULTS_ROOT] [--repeat 3] [--steps 20]

Starts `govsim serve RESULTS_ROOT` (default results/, where `make demo` puts paper_paths),
then in headless Chromium with the network blocked measures:

1. page load to the first chart drawn (the Brief page, the first page with results) and to
   every chart of the page drawn;
2. a tab switch to Compare until all its charts are drawn;
3. a metric change on Compare until the weekly chart is redrawn;
4. the live model's time per week at the default community size: click "One week" and
   wait for the week counter and the redrawn charts (the model's own share beside it).

The targets of the browser issue: first chart under 3 s, a metric change under 1 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path

from sim.app.headless import ARGS, block_network, serve, wait_drawn


def first_chart_ms(page) -> None:
    page.locator(".govsim-chart .js-plotly-plot .main-svg").first.wait_for(timeout=120_000)


def main() -> None:
    from playwright.sync_api import sync_playwright

    import sim

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("results"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no chromium: apt-get install chromium")
    process, url = serve(args.root)
    first, full, switch, change = [], [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            for _ in range(args.repeat):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                block_network(context)
                page = context.new_page()
                start = time.perf_counter()
                page.goto(url, timeout=120_000)
                first_chart_ms(page)
                first.append(time.perf_counter() - start)
                wait_drawn(page)
                full.append(time.perf_counter() - start)

                start = time.perf_counter()
                page.get_by_role("tab", name="Compare").click()
                page.wait_for_function(
                    "document.querySelectorAll('.govsim-chart').length >= 4", timeout=120_000
                )
                wait_drawn(page)
                switch.append(time.perf_counter() - start)

                before = page.evaluate(
                    "document.querySelector('.govsim-chart .js-plotly-plot').layout.title.text"
                )
                page.locator(".v-select").filter(has_text="Metric").click()
                start = time.perf_counter()
                page.get_by_role("option", name="Needs met in time", exact=True).click()
                page.wait_for_function(
                    "t => { const p = document.querySelector('.govsim-chart .js-plotly-plot');"
                    " return p && p.layout.title.text !== t; }",
                    arg=before,
                    timeout=60_000,
                )
                change.append(time.perf_counter() - start)
                context.close()

            def show(name, values):
                print(
                    f"{name}: median {statistics.median(values):.2f} s over {len(values)} "
                    f"(min {min(values):.2f}, max {max(values):.2f})"
                )

            print(f"results root {args.root}, {args.repeat} fresh pages:")
            show("page load to first chart (Brief)", first)
            show("page load to every Brief chart", full)
            show("tab switch to Compare, all charts drawn", switch)
            show("metric change on Compare, weekly chart redrawn", change)

            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            block_network(context)
            page = context.new_page()
            page.goto(url, timeout=120_000)
            page.get_by_role("tab", name="Live model").click()
            step = page.get_by_role("button", name="One week")
            step.wait_for(timeout=120_000)
            wait_drawn(page)
            start = time.perf_counter()
            for week in range(1, args.steps + 1):
                step.click()
                page.get_by_text(f"Week {week} of", exact=False).wait_for(timeout=60_000)
                page.wait_for_function(
                    "w => { const p = document.querySelectorAll('.govsim-chart .js-plotly-plot');"
                    " return p.length >= 2 && p[1].data[0].x.length == w; }",
                    arg=week,
                    timeout=60_000,
                )
            per_step = (time.perf_counter() - start) / args.steps
            browser.close()
    finally:
        process.terminate()
    model = sim.CommunityModel(sim.load_scenario("baseline"), rng=1)
    start = time.perf_counter()
    model.run_for(args.steps)
    model_step = (time.perf_counter() - start) / args.steps
    print(
        f"live model, default community (3,000 households): {per_step * 1e3:.0f} ms per week "
        f"in the browser (click to redrawn charts), of which the model itself "
        f"{model_step * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
