"""Benchmark `govsim serve` under load (prints figures; exit status 1 if a session stayed
blank or memory missed the target). Needs Debian's chromium and Playwright (no download).

    python experiments/benchmark_server.py [--sessions 10] [--visits 80]
                                           [--leave vanish|tab] [--cull 1m]

1. Makes a small results folder (3 scenarios x 3 seeds, 300 households, 20 weeks) in a
   temporary folder and starts `govsim serve` on it.
2. Opens SESSIONS browser sessions at once (each its own browser context, so its own
   server session) and checks that each renders its charts: the live model's two charts,
   then the Compare tab's charts (time series, final quarter, age groups, differences).
3. Makes VISITS page visits, one after another. `--leave vanish` (the default, the worst
   case): each visit's browser context is closed abruptly, as a killed browser or a laptop
   put to sleep leaves, so no goodbye reaches the server and its session waits to be culled.
   `--leave tab`: each visit closes its tab as a person does, which tells the server.
4. Reports the server's resident memory (RSS) at each stage, and again once idle sessions
   have been culled (`--cull`, default the one `govsim serve` sets).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil

from sim.app.headless import ARGS, CHROMIUM, ServerDidNotStart, serve

SWEEP = """
[experiment]
title_en = "Server benchmark"
scenarios = ["baseline", "tech_empowerment", "combined"]
replications = 3
master_seed = 11
steps = 20
[fixed]
n_households = 300
"""
TARGET_MB = 600
LIVE_CHARTS = 2  # the live model: households grid and metrics
COMPARE_CHARTS = 4  # time series, final quarter, age groups, differences
DRAWN = (
    "Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".filter(x => x.querySelector('.main-svg') && x.data && x.data.length > 0).length"
)


def make_results(root: Path) -> None:
    from sim.experiments.spec import load_experiment
    from sim.experiments.sweep import run_sweep

    spec = root.parent / "benchmark.toml"
    spec.write_text(SWEEP, encoding="utf-8")
    run_sweep(load_experiment(spec), root / "benchmark", progress=False)


def rss_mb(pid: int) -> float:
    """Resident memory of the server and any processes it started, in MB."""
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


async def charts_drawn(page, n: int, timeout: float) -> int:
    """Wait until at least `n` Plotly charts are drawn; return how many are."""
    await page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}",
        timeout=timeout * 1000,
    )
    return await page.evaluate("document.querySelectorAll('.js-plotly-plot').length")


async def one_session(browser, url: str, timeout: float) -> dict:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    console: list[str] = []
    page.on("console", lambda m: m.type in ("error", "warning") and console.append(m.text[:160]))
    page.on("pageerror", lambda e: console.append(f"page error: {str(e)[:160]}"))
    start = time.perf_counter()
    out = {"live": 0, "compare": 0, "error": None}
    try:
        await page.goto(url, timeout=timeout * 1000)
        out["live"] = await charts_drawn(page, LIVE_CHARTS, timeout)
        out["live_s"] = time.perf_counter() - start
        await page.get_by_role("tab", name="Compare").click(timeout=timeout * 1000)
        await page.get_by_text("Results folder").wait_for(timeout=timeout * 1000)
        await page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot').length >= {COMPARE_CHARTS}",
            timeout=timeout * 1000,
        )
        deadline = time.perf_counter() + timeout
        while True:  # a chart counts once it shows data (an empty one is a blank chart)
            out["compare"] = await page.evaluate(DRAWN)
            if out["compare"] >= COMPARE_CHARTS or time.perf_counter() > deadline:
                break
            await asyncio.sleep(1)
        out["compare_s"] = time.perf_counter() - start
        if out["compare"] < COMPARE_CHARTS:
            raise TimeoutError(f"only {out['compare']} of the Compare charts show data")
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        try:
            drawn = await page.evaluate("document.querySelectorAll('.js-plotly-plot').length")
            text = await page.evaluate("document.body.innerText.slice(0, 80)")
        except Exception:  # noqa: BLE001
            drawn, text = "?", "?"
        out["error"] = (
            f"{type(exc).__name__}: {str(exc).splitlines()[0]}; {drawn} charts on the page "
            f"({text!r}); console: {' | '.join(console[-3:]) or 'nothing'}"
        )
    return {"context": context, **out}


async def visit(browser, url: str, timeout: float, leave: str) -> float:
    """Open the app, wait for its first charts, leave (closing the tab, or vanishing)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout * 1000)
        await charts_drawn(page, LIVE_CHARTS, timeout)
        if leave == "tab":
            await page.close(run_before_unload=True)  # the page says goodbye to the server
            await asyncio.sleep(0.5)
    finally:
        await context.close()  # vanish: no beforeunload, the server hears nothing
    return time.perf_counter() - start


async def run(args, url: str, pid: int) -> int:
    from playwright.async_api import async_playwright

    figures = {"after start": rss_mb(pid)}
    failures = 0
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        start = time.perf_counter()
        sessions = await asyncio.gather(
            *(one_session(browser, url, args.timeout) for _ in range(args.sessions))
        )
        took = time.perf_counter() - start
        rendered = [
            s for s in sessions if s["live"] >= LIVE_CHARTS and s["compare"] >= COMPARE_CHARTS
        ]
        failures += len(sessions) - len(rendered)
        print(
            f"{args.sessions} concurrent sessions: {len(rendered)} rendered all their charts "
            f"(live model {LIVE_CHARTS}, Compare {COMPARE_CHARTS}) in {took:.1f} s"
        )
        for i, s in enumerate(sessions):
            if s["error"]:
                print(f"  session {i}: {s['error']}")
        if rendered:
            print(
                "  time to live charts: "
                f"{min(s['live_s'] for s in rendered):.1f}-{max(s['live_s'] for s in rendered):.1f}"
                " s; to Compare charts: "
                f"{min(s['compare_s'] for s in rendered):.1f}-"
                f"{max(s['compare_s'] for s in rendered):.1f} s"
            )
        figures[f"with {args.sessions} sessions open"] = rss_mb(pid)
        for s in sessions:
            await s["context"].close()

        times = []
        for i in range(args.visits):
            try:
                times.append(await visit(browser, url, args.timeout, args.leave))
            except Exception as exc:  # noqa: BLE001
                failures += 1
                print(f"  visit {i}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            if (i + 1) % 20 == 0:
                figures[f"after {i + 1} visits"] = rss_mb(pid)
        await browser.close()
    if times:
        print(
            f"{len(times)} page visits (leaving: {args.leave}): "
            f"{sum(times) / len(times):.1f} s each on average "
            f"({max(times):.1f} s at most)"
        )
    after = rss_mb(pid)
    figures[f"after {args.visits} visits"] = after
    if args.wait:
        time.sleep(args.wait)
        figures[f"{args.wait:.0f} s later (idle sessions culled)"] = rss_mb(pid)
    print(f"\nserver memory (RSS, {os.cpu_count()} cores):")
    for what, mb in figures.items():
        print(f"  {what:<36} {mb:7.0f} MB")
    peak = max(figures.values())
    print(
        f"highest {peak:.0f} MB; target under {TARGET_MB} MB: "
        f"{'met' if peak < TARGET_MB else 'MISSED'}"
    )
    return 1 if failures or peak >= TARGET_MB else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--visits", type=int, default=80)
    parser.add_argument(
        "--leave",
        choices=("vanish", "tab"),
        default="vanish",
        help="how a visit ends: its browser vanishes (default) or its tab is closed",
    )
    parser.add_argument(
        "--cull", default=None, help="idle-session timeout (default: govsim serve's)"
    )
    parser.add_argument(
        "--wait", type=float, default=90, help="seconds to wait for culling at the end"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds per page")
    args = parser.parse_args()
    if CHROMIUM is None:
        raise SystemExit("no chromium: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="govsim-bench-"))
    try:
        root = folder / "results"
        make_results(root)
        env = {"SOLARA_KERNEL_CULL_TIMEOUT": args.cull} if args.cull else None
        try:
            process, url = serve(root, env=env)
        except ServerDidNotStart as exc:
            raise SystemExit(str(exc)) from None
        try:
            return asyncio.run(run(args, url, process.pid))
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
