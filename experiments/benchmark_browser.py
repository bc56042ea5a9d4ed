"""Benchmark the browser (prints figures, asserts nothing). Needs Debian's chromium.

    python experiments/benchmark_browser.py [RESULTS_ROOT] [--repeat 3] [--steps 20]

Starts `govsim serve RESULTS_ROOT` (default results/, where `make demo` puts paper_paths),
then in headless Chromium measures (1) from page load to the first chart drawn on Compare
and (2) the live model's time per step at the default community size: click Step and wait
for the week counter and the redrawn charts. The model's own share of a step is printed
beside it.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sim

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def serve(root: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli.main", "serve", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(180):
        try:
            urllib.request.urlopen(url, timeout=2)
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("govsim serve did not start")


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path("results"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no chromium: apt-get install chromium")
    process, url = serve(args.root)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            loads = []
            for _ in range(args.repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                start = time.perf_counter()
                page.goto(url, timeout=120_000)
                page.get_by_role("tab", name="Compare").click()
                page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=120_000)
                loads.append(time.perf_counter() - start)
                page.close()
            print(
                f"page load to first Compare chart ({args.root}): median "
                f"{statistics.median(loads):.2f} s over {args.repeat} loads "
                f"(min {min(loads):.2f}, max {max(loads):.2f})"
            )

            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url, timeout=120_000)
            page.locator(".js-plotly-plot").nth(1).wait_for(timeout=120_000)
            step = page.get_by_role("button", name="Step", exact=True)
            start = time.perf_counter()
            for week in range(1, args.steps + 1):
                step.click()
                page.get_by_text(f"Time: {week}.0", exact=True).wait_for(timeout=60_000)
                page.wait_for_function(
                    f"document.querySelectorAll('.js-plotly-plot')[1].data[0].x.length == {week}",
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
        f"live model, default community (3,000 households): {per_step * 1e3:.0f} ms per step "
        f"in the browser (click to redrawn charts), of which the model itself "
        f"{model_step * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
