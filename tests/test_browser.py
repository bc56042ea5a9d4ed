"""End to end in headless Chromium: `govsim serve` and the report, as policy staff use them.

Uses Debian's chromium (which .ci/run installs) through Playwright, with no browser download;
where either is missing the tests skip and say why.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from sim.app.report import write_report
from sim.experiments.spec import load_experiment
from sim.experiments.sweep import run_sweep

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (Debian: apt-get install chromium)"
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

SWEEP = """
[experiment]
title_en = "Browser test"
title_zh = "浏览器测试"
scenarios = ["baseline", "tech_empowerment", "combined"]
replications = 3
master_seed = 4
steps = 20
[fixed]
n_households = 300
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def results_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("results")
    spec = root.parent / "browser.toml"
    spec.write_text(SWEEP, encoding="utf-8")
    run_sweep(load_experiment(spec), root / "browser_test", progress=False)
    return root


@pytest.fixture(scope="module")
def server(results_root):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli.main", "serve", str(results_root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"govsim serve did not start: {process.stdout.read()}")
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def plot_trace_names(page, index: int) -> list[str]:
    return page.evaluate(
        "i => Array.from(document.querySelectorAll('.js-plotly-plot'))[i].data"
        ".filter(t => t.showlegend !== false).map(t => t.name)",
        index,
    )


def test_serve_prints_its_address_and_refuses_a_busy_port(results_root):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "sim.cli.main", "serve", str(results_root), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert out.returncode == 2 and "in use" in out.stderr and "Traceback" not in out.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "sim.cli.main", "serve", str(results_root / "nope")],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_language_live_model_and_compare(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server, timeout=90_000)
    page.get_by_role("tab", name="Live model").wait_for(timeout=90_000)

    # the language switch changes every label, the parameter inputs included
    page.get_by_role("button", name="中文").click()
    page.get_by_role("tab", name="实时模型").wait_for(timeout=30_000)
    page.get_by_text("[4.1] 数字化水平", exact=True).wait_for(timeout=30_000)
    page.get_by_role("button", name="English").click()
    page.get_by_role("tab", name="Live model").wait_for(timeout=30_000)

    # the live model: its grid and metrics charts, an input moved, a week stepped
    page.locator(".js-plotly-plot").nth(1).wait_for(timeout=60_000)
    assert plot_trace_names(page, 0) == ["Satisfaction", "blocks", "grid workers"]
    slider = page.locator(".v-slider").filter(has=page.locator("input")).nth(2)  # digitization
    slider.locator(".v-slider__thumb-container").focus()
    thumb = page.locator(".v-slider__thumb-container").nth(2)
    before = float(thumb.get_attribute("aria-valuenow"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(  # the input moved
        "v => parseFloat(document.querySelectorAll('.v-slider__thumb-container')[2]"
        ".getAttribute('aria-valuenow')) > v",
        arg=before,
        timeout=30_000,
    )
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("Time: 1.0").wait_for(timeout=30_000)
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text("Time: 2.0").wait_for(timeout=30_000)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 2 && "
        "document.querySelectorAll('.js-plotly-plot')[1].data[0].x.length"
        " == 2",
        timeout=30_000,
    )

    # compare two scenarios: time series with bands, bars, age breakdown, differences
    page.get_by_role("tab", name="Compare").click()
    page.get_by_text("Results folder").wait_for(timeout=60_000)
    page.locator(".v-select").nth(1).click()  # the scenario picker: keep two of three
    page.get_by_role("option", name="Technology empowerment").click()
    page.keyboard.press("Escape")
    page.wait_for_function(  # every chart redrawn for the two chosen scenarios
        "() => { const p = document.querySelectorAll('.js-plotly-plot');"
        " if (p.length < 4) return false;"
        " const legend = i => p[i].data.filter(t => t.showlegend !== false).length;"
        " return p[0].data.filter(t => t.mode === 'lines').length === 2"
        " && legend(1) === 2 && legend(3) === 1; }",
        timeout=90_000,
    )
    assert plot_trace_names(page, 0) == ["Baseline (status quo)", "All three paths combined"]
    bands = page.evaluate(
        "document.querySelectorAll('.js-plotly-plot')[0].data"
        ".filter(t => t.fill === 'toself').length"
    )
    assert bands == 2
    assert plot_trace_names(page, 2) == ["Elderly (60+)", "Under 60"]
    assert plot_trace_names(page, 3) == ["All three paths combined"]
    assert page.get_by_text("Parameters that differ").count() == 1
    assert page.locator("table.govsim-table td", has_text="Digitization").count() == 1
    page.close()


def test_a_damaged_folder_shows_a_message_and_the_app_keeps_running(results_root, server, browser):
    damaged = results_root / "zz_damaged"
    damaged.mkdir(exist_ok=True)
    (damaged / "manifest.json").write_text('{"kind": "govsim-sweep", "format": 0}')
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server, timeout=90_000)
    page.get_by_role("tab", name="Compare").click()
    page.get_by_text("Results folder").wait_for(timeout=60_000)
    page.locator(".v-select").first.click()
    page.get_by_role("option", name="zz_damaged").click()
    page.get_by_text("format 0").wait_for(timeout=30_000)
    assert page.get_by_text("Traceback").count() == 0
    page.locator(".v-select").first.click()
    page.get_by_role("option", name="browser_test").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    page.close()


def test_report_opens_offline_with_its_charts(results_root, browser, tmp_path):
    path = write_report(results_root / "browser_test", tmp_path / "report.html", "zh")
    context = browser.new_context(offline=True)
    requested = []
    context.route(
        "**/*",
        lambda route: (
            (requested.append(route.request.url), route.abort())
            if not route.request.url.startswith("file:")
            else route.continue_()
        ),
    )
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5", timeout=30_000
    )
    assert page.evaluate("typeof Plotly") == "object"
    assert plot_trace_names(page, 0) == ["基线(现状)", "科技赋能", "三条路径结合"]
    assert page.get_by_text("汇总:最后一季度均值与95%区间").count() == 1
    assert requested == []  # nothing needed the network
    context.close()


def test_time_to_first_compare_chart_is_printed(server, browser, capsys):
    """Not an assertion on speed: prints the figure for the closing note."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    start = time.perf_counter()
    page.goto(server, timeout=90_000)
    page.get_by_role("tab", name="Compare").click()
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=90_000)
    with capsys.disabled():
        print(
            f"\n[browser] page load to first Compare chart: {time.perf_counter() - start:.2f} s"
            f" ({os.cpu_count()} cores)"
        )
    page.close()
