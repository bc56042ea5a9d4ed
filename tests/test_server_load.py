"""`govsim serve` with several browser sessions at once: every session draws every chart.

Headless Debian chromium through Playwright (no browser download); skipped where either is
missing. Three sessions at once run in `make test`; ten (`slow`, a couple of minutes on two
cores) with GOVSIM_LOAD_TESTS=1. For memory under many visits see
experiments/benchmark_server.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import urllib.request

import pytest

from sim.app.headless import ARGS, CHROMIUM, ServerDidNotStart, serve, stop
from sim.experiments.spec import load_experiment
from sim.experiments.sweep import run_sweep

pytest.importorskip("playwright.async_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine")
SWEEP = """
[experiment]
scenarios = ["baseline", "tech_empowerment", "combined"]
replications = 2
master_seed = 9
steps = 14
[fixed]
n_households = 200
"""
COMPARE_CHARTS = 4  # time series, final quarter, age groups, differences
DRAWN = (
    "Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".filter(x => x.querySelector('.main-svg') && x.data && x.data.length > 0).length"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("load")
    spec = root.parent / "load.toml"
    spec.write_text(SWEEP, encoding="utf-8")
    run_sweep(load_experiment(spec), root / "load", progress=False)
    try:
        process, url = serve(root, timeout=120, capture=True)
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
    yield url
    stop(process)


async def _session(browser, url: str, timeout_s: float) -> int:
    """Open the app in a context of its own, wait for the live charts, go to Compare and
    return how many of its charts show data."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        await page.goto(url, timeout=timeout_s * 1000)
        await page.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
            timeout=timeout_s * 1000,
        )
        await page.get_by_role("tab", name="Compare").click()
        await page.get_by_text("Results folder").wait_for(timeout=timeout_s * 1000)
        with contextlib.suppress(Exception):  # counted below
            await page.wait_for_function(f"({DRAWN}) >= {COMPARE_CHARTS}", timeout=timeout_s * 1000)
        return await page.evaluate(DRAWN)
    finally:
        await context.close()


def _sessions_at_once(url: str, n: int, timeout_s: float) -> list[int]:
    from playwright.async_api import async_playwright

    async def run():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                return await asyncio.gather(*(_session(browser, url, timeout_s) for _ in range(n)))
            finally:
                await browser.close()

    return asyncio.run(run())


def test_plotly_widget_code_is_a_cacheable_file(server):
    """Charts name Plotly's widget code by URL instead of carrying 5 MB each."""
    with urllib.request.urlopen(server + "_govsim/plotly-widget.js", timeout=30) as response:
        assert response.headers["Content-Type"].startswith("text/javascript")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "max-age" in response.headers["Cache-Control"]
        assert len(response.read()) > 1_000_000


def test_three_sessions_at_once_draw_every_chart(server):
    assert _sessions_at_once(server, 3, timeout_s=150) == [COMPARE_CHARTS] * 3


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("GOVSIM_LOAD_TESTS"), reason="a few minutes: set GOVSIM_LOAD_TESTS=1"
)
def test_ten_sessions_at_once_draw_every_chart(server):
    assert _sessions_at_once(server, 10, timeout_s=300) == [COMPARE_CHARTS] * 10
