"""End to end in headless Chromium: `govsim serve` and the report, as policy staff use them.

Uses Debian's chromium through Playwright (no browser download) with every request that
leaves the machine blocked; where either is missing the tests skip and say why. One server
and one browser for the module.
"""

import io
import math
import re
import socket
import subprocess
import sys
import time
from contextlib import redirect_stdout

import pandas as pd
import pytest

import sim
from sim.app.brief import read_number
from sim.app.headless import ARGS, CHROMIUM, ServerDidNotStart, serve, stop, wait_drawn
from sim.app.report import write_report
from sim.experiments.spec import load_experiment
from sim.experiments.sweep import run_sweep

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (Debian: apt-get install chromium)"
)
HOUSEHOLDS = 3000  # paper_paths runs the default community

TABS = {
    "en": ["Brief", "Compare", "Explore", "Live model"],
    "zh": ["简报", "情景比较", "参数探索", "实时模型"],
}
# Latin words allowed on a Chinese page: file formats, the other language's name, the
# results folders' names (proper names on disk)
ALLOWED = {"CSV", "Excel", "TOML", "PDF", "PNG", "English", "paper", "paths", "zz", "damaged"}


@pytest.fixture(scope="module")
def results_root(tmp_path_factory):
    """paper_paths as `make demo` runs it, with fewer replications and weeks."""
    root = tmp_path_factory.mktemp("results")
    spec = load_experiment("experiments/paper_paths.toml").with_overrides(replications=3, steps=20)
    run_sweep(spec, root / "paper_paths", progress=False)
    return root


@pytest.fixture(scope="module")
def server(results_root):
    try:
        process, url = serve(results_root, timeout=120, capture=True)
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))
    yield url
    stop(process)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def offline_page(browser, width=1400, height=1000, errors=None):
    """A page in a fresh context where nothing may leave this machine."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )

    def route(r):
        url = r.request.url
        local = url.startswith(("file:", "data:", "blob:")) or "://127.0.0.1" in url
        r.continue_() if local else (errors is not None and errors.append(url), r.abort())

    context.route("**/*", route)
    page = context.new_page()
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def open_app(browser, server, lang="en", **kwargs):
    page = offline_page(browser, **kwargs)
    page.goto(server, timeout=90_000)
    page.get_by_role("tab", name="Brief").wait_for(timeout=90_000)
    if lang == "zh":
        page.get_by_role("button", name="中文").click()
        page.get_by_role("tab", name="简报").wait_for(timeout=30_000)
    return page


def summarize_differences(folder) -> dict:
    """`govsim summarize`'s paired differences: (scenario, metric label) -> value."""
    from sim.cli.main import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["summarize", str(folder)]) == 0
    section = out.getvalue().split("Paired difference against the reference")[1]
    lines = [line for line in section.splitlines()[2:] if line.strip()]
    header = re.split(r"\s{2,}", lines[0].strip())
    table = {}
    for line in lines[2:]:
        if line.startswith("  ") and ": against " in line:
            break
        cells = re.split(r"\s{2,}", line.strip())
        for scenario, cell in zip(header, cells[1:], strict=True):
            table[(scenario, cells[0])] = float(cell.split(" ±")[0].replace(",", ""))
    return table


def test_brief_is_the_first_page_and_its_numbers_are_summarizes(results_root, server, browser):
    errors = []
    page = open_app(browser, server, errors=errors)
    wait_drawn(page, at_least=2)
    assert page.get_by_role("tab", name="Brief", selected=True).count() == 1
    spans = page.evaluate(
        "Array.from(document.querySelectorAll('.govsim-num')).map(s => [s.dataset.point,"
        " s.dataset.metric, s.dataset.stat, s.dataset.sign, s.textContent])"
    )
    summary = summarize_differences(results_root / "paper_paths")
    results = sim.load_results(results_root / "paper_paths")
    scenario = {p.point: p.scenario for p in results.manifest.points}
    checked = 0
    for point, metric, stat, sign, text in spans:
        if stat != "difference" or point is None:
            continue
        shown = read_number(text) * int(sign or 1)
        decimals = len(text.split(".")[1]) if "." in text else 0
        if metric == "cost_per_household_year":
            weekly = summary[(scenario[int(point)], "Weekly cost")]
            expected, tol = weekly * 1000 * 52 / HOUSEHOLDS, 0.5 + 0.05 * 1000 * 52 / HOUSEHOLDS
        else:
            expected = summary[(scenario[int(point)], sim.METRICS[metric].label("en"))]
            tol = 0.5 * 10**-decimals + 0.0005
        assert math.isclose(shown, expected, abs_tol=tol + 1e-9), (point, metric, text, expected)
        checked += 1
    assert checked >= 15  # the outcome and cost of every scenario, and the age groups
    text = page.inner_text("body")
    assert "Key findings" in text and "95% interval" in text and "CNY more per household" in text
    assert "higher is better" in text
    assert errors == []


def chinese_words(page) -> set[str]:
    """Latin words a Chinese reader would see: page text, chart text, toolbar tooltips."""
    texts = page.evaluate(
        "() => [document.body.innerText,"
        " ...Array.from(document.querySelectorAll('svg text')).map(t => t.textContent),"
        " ...Array.from(document.querySelectorAll('[data-title]')).map(e => e.dataset.title),"
        " ...Array.from(document.querySelectorAll('input[placeholder]')).map(e => e.placeholder)]"
    )
    allowed = {w.lower() for w in ALLOWED}
    return {w for w in re.findall(r"[A-Za-z]{2,}", " ".join(texts)) if w.lower() not in allowed}


def test_every_page_is_chinese_in_chinese(server, browser):
    errors = []
    page = open_app(browser, server, "zh", errors=errors)
    for name in TABS["zh"]:
        page.get_by_role("tab", name=name).click()
        time.sleep(1.0)
        wait_drawn(page, at_least=0 if name == "参数探索" else 1)
        if name == "实时模型":
            page.get_by_role("button", name="前进一周").click()
            page.get_by_text("第 1 周", exact=False).wait_for(timeout=30_000)
            page.locator(".v-expansion-panel-header").first.click()  # open a settings group
            page.get_by_text("数字化水平", exact=False).first.wait_for(timeout=30_000)
        words = chinese_words(page)
        assert not words, f"untranslated on {name}: {sorted(words)}"
    for gone in ("Controls", "Use Threads", "Render Interval", "Time:", "PAGE"):
        assert page.get_by_text(gone).count() == 0
    assert errors == []
    page.context.close()


def test_downloads_open_with_pandas(server, browser, tmp_path):
    page = open_app(browser, server)
    wait_drawn(page, at_least=2)
    with page.expect_download() as got:
        page.get_by_role("button", name="Comparison (CSV)").click()
    csv = pd.read_csv(got.value.path())
    assert {"Unit", "Better when", "Mean", "Change", "metric_id"} <= set(csv.columns)
    assert "Digitization (level 0–1)" in csv.columns  # the parameters of every row's scenario
    with page.expect_download() as got:
        page.get_by_role("button", name="Comparison (Excel)").click()
    book = pd.read_excel(got.value.path(), sheet_name=None)
    assert {"Outcomes", "Changes", "Cost-effectiveness", "Parameters"} <= set(book)
    page.get_by_role("tab", name="Compare").click()
    wait_drawn(page, at_least=4)
    with page.expect_download() as got:
        page.get_by_role("button", name=re.compile(r"Parameters of .* \(TOML\)")).click()
    path = tmp_path / "scenario.toml"
    got.value.save_as(path)
    assert sim.load_scenario(path)["n_households"] == HOUSEHOLDS
    page.context.close()


SHARE = (
    "() => Array.from(document.querySelectorAll('.modebar-btn'))"
    ".map(b => [b.dataset.title || '', b.getAttribute('href') || ''])"
)


def no_upload_buttons(page) -> None:
    buttons = page.evaluate(SHARE)
    assert buttons, "no toolbar found"
    for title, href in buttons:
        assert not re.search(r"share|cloud|chart studio|edit in|plotly", title, re.I), title
        assert not href, href


def test_no_share_or_cloud_button_in_app_or_report(results_root, server, browser, tmp_path):
    page = open_app(browser, server)
    wait_drawn(page, at_least=2)
    no_upload_buttons(page)
    page.context.close()
    report = write_report(results_root / "paper_paths", tmp_path / "report.html", "zh")
    requested = []
    page = offline_page(browser, errors=requested)
    page.goto(report.as_uri())
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 8", timeout=60_000
    )
    no_upload_buttons(page)
    names = page.evaluate("document.querySelectorAll('.js-plotly-plot')[0].data.map(t => t.name)")
    assert "三条路径结合" in names  # the cost-effectiveness chart comes first
    assert page.get_by_text("主要结论").count() == 1
    # all Chinese before the provenance table (package names, fingerprints), but for the
    # results folder's path
    text = page.inner_text("body").split("数据来源")[0]
    text = text.replace(str(results_root / "paper_paths"), "")
    words = {
        w
        for w in re.findall(r"[A-Za-z]{2,}", text)
        if w.lower() not in {a.lower() for a in ALLOWED}
    }
    assert not words, sorted(words)
    assert requested == []  # nothing needed the network, nothing failed
    page.context.close()


def test_narrow_screen_reaches_every_tab(server, browser):
    page = open_app(browser, server, width=375, height=800)
    wait_drawn(page, at_least=2)
    for name, ready in zip(
        TABS["en"],
        ["Key findings", "Parameters that differ", "Explore needs", "One week"],
        strict=True,
    ):
        tab = page.get_by_role("tab", name=name)
        tab.scroll_into_view_if_needed()
        tab.click()
        page.get_by_text(ready, exact=False).first.wait_for(timeout=60_000)
        width = page.evaluate("document.querySelector('.govsim-page').scrollWidth")
        assert width <= 380, f"{name} is {width} px wide at 375 px"
    # the busy bar (shown after 300 ms of server work) is on the page and goes idle
    page.wait_for_function(
        "document.getElementById('govsim-busy').className === ''", timeout=30_000
    )
    page.context.close()


def test_live_page_for_people(server, browser):
    errors = []
    page = open_app(browser, server, errors=errors)
    page.get_by_role("tab", name="Live model").click()
    page.get_by_text("Week 0 of 104").wait_for(timeout=60_000)
    wait_drawn(page, at_least=2)
    assert page.get_by_text("Digitization: 0.30 (level 0–1)").count() == 0  # groups closed
    page.locator(".v-expansion-panel-header", has_text="Technology").click()
    page.get_by_text("Digitization:").wait_for(timeout=30_000)
    assert "0.30 (level 0–1)" in page.inner_text(".govsim-live-controls")
    page.get_by_role("button", name="One week").click()
    page.get_by_text("Week 1 of 104").wait_for(timeout=30_000)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=30_000)
    page.wait_for_function(
        "() => /Week ([3-9]|\\d\\d+) of/.test(document.body.innerText)", timeout=60_000
    )
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)
    # move a slider: the change waits for "Apply and restart", then the run starts over
    page.locator(".govsim-live-controls .v-slider__thumb-container").first.focus()
    page.keyboard.press("ArrowRight")
    page.get_by_role("button", name="Apply and restart").wait_for(timeout=30_000)
    # the label follows the server's round trip, which takes a while on a loaded machine
    page.locator(".govsim-live-controls").get_by_text("0.35 (level 0–1)").wait_for(timeout=30_000)
    page.get_by_role("button", name="Apply and restart").click()
    page.get_by_text("Week 0 of 104").wait_for(timeout=30_000)
    page.get_by_role("button", name="One week").click()
    page.get_by_role("button", name="One week").click()
    page.get_by_text("Week 2 of 104").wait_for(timeout=30_000)
    page.wait_for_function(
        "document.querySelectorAll('.govsim-chart .js-plotly-plot')[1].data[0].x.length == 2",
        timeout=30_000,
    )
    traces = page.evaluate(
        "document.querySelectorAll('.govsim-chart .js-plotly-plot')[0].data.map(t => t.name)"
    )
    assert traces == ["Satisfaction", "grid blocks", "grid workers"]
    for gone in ("Use Threads", "Render Interval", "Time:"):
        assert page.get_by_text(gone).count() == 0
    assert errors == []
    page.context.close()


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


def test_a_damaged_folder_shows_a_message_and_the_app_keeps_running(results_root, server, browser):
    damaged = results_root / "zz_damaged"
    damaged.mkdir(exist_ok=True)
    (damaged / "manifest.json").write_text('{"kind": "govsim-sweep", "format": 0}')
    page = open_app(browser, server)
    page.locator(".v-select", has_text="Results folder").click()
    page.get_by_role("option", name="zz_damaged").click()
    page.get_by_text("format 0").wait_for(timeout=30_000)
    assert page.get_by_text("Traceback").count() == 0
    page.locator(".v-select", has_text="Results folder").click()
    page.get_by_role("option", name="paper_paths").click()
    wait_drawn(page, at_least=2)
    page.context.close()
