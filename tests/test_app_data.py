"""The data functions behind every chart of the browser and the report, tested directly."""

import copy
import dataclasses
import html
import json
import re

import numpy as np
import pandas as pd
import pytest

import sim
from sim.app import charts, data
from sim.app.i18n import LANGS, TEXT, t
from sim.app.report import build_report, write_report
from sim.errors import GovsimError
from sim.experiments.spec import load_experiment
from sim.experiments.store import MANIFEST, load_results
from sim.experiments.sweep import run_sweep

SWEEP = """
[experiment]
title_en = "Three scenarios"
title_zh = "三个情景"
scenarios = ["baseline", "tech_empowerment", "combined"]
replications = 3
master_seed = 8
steps = 20
[fixed]
n_households = 300
"""

GRID = """
[experiment]
replications = 2
steps = 14
metrics = ["satisfaction_mean", "participation_rate"]
[fixed]
n_households = 200
[factors]
digitization = [0.1, 0.9]
event_variety = [1, 4, 8]
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    """A results root with a complete sweep, a grid sweep and a damaged folder."""
    base = tmp_path_factory.mktemp("results")
    for name, body in (("paths", SWEEP), ("grid", GRID)):
        spec_file = base / f"{name}.toml"
        spec_file.write_text(body, encoding="utf-8")
        run_sweep(load_experiment(spec_file), base / name, progress=False)
        spec_file.unlink()
    (base / "old").mkdir()
    (base / "old" / MANIFEST).write_text(json.dumps({"kind": "govsim-sweep", "format": 0}))
    (base / "notes").mkdir()  # not a sweep: ignored
    return base


@pytest.fixture(scope="module")
def paths(root):
    return load_results(root / "paths")


def test_discover_lists_sweeps_under_the_root_only(root, tmp_path):
    found = {f.name: f for f in data.discover(root)}
    assert set(found) == {"paths", "grid", "old"}
    assert found["paths"].status == "complete" and found["old"].error
    assert "format 0" in found["old"].error
    assert [f.name for f in data.discover(root / "paths")] == ["."]  # a sweep folder itself
    assert data.discover(tmp_path / "missing") == []
    # a symlink leading out of the root is not followed
    (root / "escape").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / MANIFEST).write_text("{}")
    try:
        assert "escape/outside" not in {f.name for f in data.discover(root)}
    finally:
        (root / "escape").unlink()


def test_open_folder_reads_only_listed_names(root):
    assert data.open_folder(root, "paths").counts["done"] == 9
    for name in ("../paths", "/etc", "nowhere"):
        with pytest.raises(GovsimError, match="no results folder named"):
            data.open_folder(root, name)
    with pytest.raises(GovsimError, match="format 0"):
        data.open_folder(root, "old")


def test_point_names_follow_the_language(paths):
    assert data.point_names(paths, "en")[2] == "All three paths combined"
    assert data.point_names(paths, "zh")[2] == "三条路径结合"


def test_timeseries_band_is_the_mean_and_t_interval_per_week(paths):
    band = data.timeseries_band(paths, [2, 0], "satisfaction_mean")
    assert list(dict.fromkeys(band["point"])) == [2, 0]  # in the chosen order
    week = band[(band["point"] == 2) & (band["step"] == 10)].iloc[0]
    values = paths.timeseries.query("point == 2 and step == 10")["satisfaction_mean"]
    assert week["mean"] == pytest.approx(values.mean()) and week["n"] == 3
    half = 4.302653 * values.std(ddof=1) / np.sqrt(3)  # t(0.975, 2)
    assert week["high"] - week["mean"] == pytest.approx(half, rel=1e-5)


def test_final_outcomes_age_breakdown_and_differences(paths):
    metrics = data.compare_metrics(paths)
    per_household = ["cost_per_household_year" if m == "cost" else m for m in sim.MAIN_METRICS]
    assert metrics == list(dict.fromkeys(per_household))
    final = data.final_outcomes(paths, [0, 1], metrics)
    row = final[(final["point"] == 1) & (final["metric"] == "needs_met_rate")].iloc[0]
    runs = paths.runs[paths.runs["point"] == 1]["needs_met_rate"]
    assert row["mean"] == pytest.approx(runs.mean())
    age = data.age_breakdown(paths, [0, 1])
    assert set(age["measure"]) == {"satisfaction", "participation", "needs_met"}
    assert set(age["group"]) == {"elderly", "nonelderly"} and len(age) == 12
    diff = data.differences(paths, [1, 0, 2], ["backlog"])
    assert set(diff["point"]) == {1, 2} and set(diff["reference"]) == {"Baseline (status quo)"}
    by_seed = paths.runs.pivot(index="seed", columns="point", values="backlog")
    assert diff.set_index("point").loc[2, "difference"] == pytest.approx(
        (by_seed[2] - by_seed[0]).mean()
    )


def test_parameter_differences_lists_only_what_differs(paths):
    table = data.parameter_differences(paths, [0, 1])
    assert set(table["parameter"]) == {
        "digitization",
        "platform_maintenance",
        "procedure_simplicity",
        "data_integration",
        "assisted_access",
    }
    assert list(table.columns[2:]) == ["Baseline (status quo)", "Technology empowerment"]
    assert data.parameter_differences(paths, [0, 0]).empty


def test_heatmap_over_two_factors(root):
    grid = load_results(root / "grid")
    assert data.explore_kind(grid) == "heatmap"
    table = data.heatmap(grid, "participation_rate", "event_variety", "digitization")
    assert table.shape == (2, 3) and list(table.columns) == [1, 4, 8]
    cell = grid.runs.query("digitization == 0.9 and event_variety == 4")["participation_rate"]
    assert table.loc[0.9, 4] == pytest.approx(cell.mean())
    figure = charts.heatmap_figure(table, "participation_rate", "event_variety", "digitization")
    assert figure["data"][0]["type"] == "heatmap"
    assert "(level 0–1)" in figure["layout"]["yaxis"]["title"]["text"]  # units on axes


def test_incomplete_and_scenario_only_sweeps(paths):
    assert data.explore_kind(paths) is None
    assert data.progress_note(paths) is None
    manifest = copy.deepcopy(paths.manifest)
    manifest.runs[0].status = "pending"
    partial = type(paths)(paths.folder, manifest, paths.runs, paths.timeseries)
    assert data.progress_note(partial)["total"] == 9


def test_live_model_grid_values_outlines_and_workers():
    model = sim.CommunityModel(n_households=300, households_per_worker=100, rng=3)
    model.run_for(6)
    grid = data.household_values(model, "satisfaction")
    assert grid.shape == (model.layout.height, model.layout.width)
    cell = model.resident_cell[0]
    same = model.resident_cell == cell
    y, x = divmod(cell, model.layout.width)
    assert grid[y, x] == pytest.approx(model.residents.satisfaction[same].mean())
    assert np.isnan(grid).sum() == model.layout.width * model.layout.height - 300
    participating = data.household_values(model, "participating")
    assert np.nanmax(participating) <= 1
    xs, ys = data.block_outlines(model.layout.cell_block)
    blocks = model.layout.cell_block
    edges = (blocks[:, 1:] != blocks[:, :-1]).sum() + (blocks[1:] != blocks[:-1]).sum()
    assert len(xs) == len(ys) == 3 * edges
    wx, wy = data.worker_positions(model)
    assert len(wx) == model.layout.n_blocks == 3
    figure = charts.grid_figure(grid, (xs, ys), (wx, wy), "Satisfaction")
    assert [trace["name"] for trace in figure["data"]] == [
        "Satisfaction",
        "grid blocks",
        "grid workers",
    ]
    assert figure["data"][0]["colorscale"] == "Cividis"  # colour-blind safe, not red-green


def test_figures_carry_the_expected_traces(paths):
    chosen = [0, 2]
    band = data.timeseries_band(paths, chosen, "participation_rate", "zh")
    figure = charts.timeseries_figure(band, "participation_rate", "zh")
    lines = [tr["name"] for tr in figure["data"] if tr.get("mode") == "lines"]
    assert lines == ["基线(现状)", "三条路径结合"]
    assert "活动参与率" in figure["layout"]["title"]["text"]
    assert "越高越好" in figure["layout"]["yaxis"]["title"]["text"]  # the better direction
    final = charts.final_figure(
        data.final_outcomes(paths, chosen, ["satisfaction_mean", "backlog"])
    )
    assert len(final["data"]) == 4 and {tr["error_y"]["visible"] for tr in final["data"]} == {True}
    assert "cases per 1,000<br>households, lower is" in final["layout"]["annotations"][1]["text"]
    diff = charts.difference_figure(data.differences(paths, chosen, ["backlog"]))
    assert [tr["name"] for tr in diff["data"]] == ["All three paths combined"]
    json.loads(charts.to_json(final))  # NaN-free JSON


def test_colours_are_fixed_per_scenario_whatever_is_chosen(paths):
    colours = data.colours(paths)
    assert colours[0] == data.SCENARIO_COLOURS["baseline"]
    assert colours[2] == data.SCENARIO_COLOURS["combined"]
    by_label = data.colours_by_label(paths, "en")
    one = charts.final_figure(
        data.final_outcomes(paths, [2, 0], ["satisfaction_mean"]), colours=by_label
    )
    other = charts.final_figure(
        data.final_outcomes(paths, [1, 2], ["satisfaction_mean"]), colours=by_label
    )
    colour = {tr["name"]: tr["marker"]["color"] for tr in one["data"] + other["data"]}
    assert colour["All three paths combined"] == data.SCENARIO_COLOURS["combined"]
    assert len(set(colour.values())) == 3


def test_plot_toolbar_uploads_nothing_and_speaks_chinese():
    config = charts.plot_config("zh")
    assert config["displaylogo"] is False and config["showLink"] is False
    assert {"sendDataToCloud", "editInChartStudio"} <= set(config["modeBarButtonsToRemove"])
    assert config["locale"] == "zh-CN"
    assert config["locales"]["zh-CN"]["dictionary"]["Download plot as a PNG"] == "下载图片(PNG)"
    assert "locale" not in charts.plot_config("en")


def test_every_text_exists_in_both_languages():
    for key, pair in TEXT.items():
        assert len(pair) == len(LANGS) and all(pair), key
        words = LATIN.findall(_without_allowed(re.sub(r"\{\w+\}", "", pair[1])))
        assert not words, (key, pair[1])
    assert t("partial", "zh", done=1, total=2, failed=0, status="running").startswith("该批次")


LATIN = re.compile(r"[A-Za-z]{2,}")
ALLOWED = ("CSV", "Excel", "TOML", "PDF", "PNG", "English", "make demo", "Plotly.js")


def _without_allowed(text: str) -> str:
    for word in ALLOWED:
        text = text.replace(word, "")
    return text


def test_registries_units_and_help_have_chinese():
    from sim.app.i18n import UNITS, metric_help, metric_unit, parameter_unit

    for name, meta in sim.METRICS.items():
        assert meta.unit in UNITS, f"unit {meta.unit!r} of {name} has no Chinese"
        assert metric_help(name, "zh"), f"metric {name} has no Chinese help"
        assert not LATIN.findall(metric_unit(name, "zh")), name
    for name, meta in sim.PARAMETERS.items():
        assert meta.unit in UNITS, f"unit {meta.unit!r} of {name} has no Chinese"
        assert not LATIN.findall(parameter_unit(name, "zh")), name


def test_report_is_a_self_contained_briefing_in_both_languages(paths, tmp_path):
    page = build_report(paths, "zh")
    assert page.startswith("<!DOCTYPE html>") and "三个情景" in page and "数据来源" in page
    assert "Plotly" in page and page.count('class="govsim-figure"') >= 6
    assert 'src="http' not in page and "cdn" not in page.split("<script")[0]
    text = visible_text(page)
    assert text.index("主要结论") < text.index("最后一个季度的结果")  # findings first
    # every word is Chinese, but for the folder's path and the provenance's identifiers
    # (code version, fingerprint, package names) at the end
    words = LATIN.findall(
        _without_allowed(text.split("数据来源")[0].replace(str(paths.folder), ""))
    )
    assert not words, sorted(set(words))
    english = build_report(paths, "en")
    assert "Key findings" in english and "Outcomes in the last quarter" in english
    assert paths.manifest.spec_hash in english and "Technology empowerment" in english
    assert "sendDataToCloud" in english  # named only to be removed from the toolbar
    out = write_report(paths.folder, tmp_path / "r.html", "en")
    assert out.read_text(encoding="utf-8").count("<html") == 1


def visible_text(page: str) -> str:
    """The words of an HTML page a reader sees (no scripts, styles or tags)."""
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_report_command(paths, tmp_path):
    from sim.cli.main import main

    assert (
        main(["report", str(paths.folder), "--lang", "zh", "--out", str(tmp_path / "x.html")]) == 0
    )
    assert (tmp_path / "x.html").stat().st_size > 1_000_000  # Plotly is inside
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert main(["report", str(paths.folder), "--out", str(tmp_path / "no" / "x.html")]) == 2


def test_damaged_tables_give_a_message_in_the_app(root, tmp_path):
    from sim.app import shared, state

    broken = tmp_path / "root"
    broken.mkdir()
    (broken / "bad").mkdir()
    (broken / "bad" / MANIFEST).write_text("{not json")
    original = state.ROOT
    state.ROOT = broken
    try:
        results, message = shared._load("bad")
    finally:
        state.ROOT = original
    assert results is None and "Cannot read" in message


def test_live_inputs_come_from_the_registry_and_build_a_model():
    from sim.app import page_live

    values = page_live.scenario_values("tech_empowerment")
    assert set(values) == set(sim.PARAMETERS) | {page_live.SEED}
    model, frame = page_live.build({**values, "n_households": 400, "steps": 3})
    assert (
        frame.week == 0
        and frame.steps == 3
        and set(frame.grids)
        == {
            "satisfaction",
            "participating",
            "trust",
        }
    )
    model.step()
    assert page_live.snapshot(model).metrics.shape[0] == 1
    assert page_live._value_text("digitization", 0.8, "zh") == "0.80\uff08水平 0–1\uff09"
    assert page_live._value_text("n_households", 3000, "en") == "3,000 households"
    assert page_live.build({**values, "n_households": 10**6})[0].params["n_households"] == (
        page_live.LIVE_MAX_HOUSEHOLDS
    )


# ------------------------------------------------------------------ the brief


def test_cost_per_household_year_from_weekly_cost(paths):
    from sim.app import brief

    with_cost = brief.with_household_cost(paths)
    runs = with_cost.runs
    assert runs[brief.COST].to_numpy() == pytest.approx(
        (runs["cost"] * 1000 * 52 / 300).to_numpy()  # the sweep's 300 households
    )
    assert brief.with_household_cost(with_cost) is with_cost  # kept when present
    assert brief.weekly_budget(52, 3000) == pytest.approx(3.0)


def test_brief_numbers_are_the_paired_differences(paths):
    from sim.app import brief
    from sim.experiments import analysis

    results = brief.with_household_cost(paths)
    numbers = brief.compute(results, [0, 1, 2], 0, "satisfaction_elderly")
    expected = analysis.paired_differences(
        results, {1: 0, 2: 0}, ["satisfaction_elderly", brief.COST]
    ).set_index(["point", "metric"])
    for point in (1, 2):
        for metric in ("satisfaction_elderly", brief.COST):
            effect = numbers.get(point, metric)
            row = expected.loc[(point, metric)]
            assert (effect.value, effect.low, effect.high) == pytest.approx(
                (row["difference"], row["low"], row["high"])
            )
    table = brief.cost_effectiveness(numbers, budget=1.0)
    assert list(table["reference"]) == [True, False, False]
    assert table.loc[table["point"] == 2, "within_budget"].item() is (
        numbers.get(2, brief.COST).value <= 1.0
    )
    old = brief.elderly_view(numbers)
    assert set(old["measure"]) == {"satisfaction", "needs_met", "participation"}
    assert set(old["group"]) == {"elderly", "nonelderly"} and len(old) == 12


def effect(value, low, high, metric="satisfaction_elderly", **extra):
    from sim.app.brief import Effect

    return Effect(1, "Combined", metric, value, low, high, 30, reference_mean=0.5, **extra)


def test_sentences_say_direction_units_interval_and_cue():
    from sim.app.brief import Writer

    en, zh = Writer("en"), Writer("zh")
    up = en.effect(effect(0.0881, 0.0852, 0.0910))
    assert up == (
        "raises “Satisfaction, elderly” (0–1, higher is better) by 0.088 "
        "(better; 95% interval 0.085 to 0.091)"
    )
    assert zh.effect(effect(0.0881, 0.0852, 0.0910)).startswith("使“老年人满意度”")
    down = en.effect(
        effect(45.2, 40.1, 50.3, metric="backlog")
        if False
        else effect(-45.2, -50.3, -40.1, metric="backlog")
    )
    assert down.startswith(
        "lowers “Backlog” (cases per 1,000 households, lower is better) by 45 cases"
    )
    assert "better; 95% interval 40 to 50" in down
    # under 0.005 on a 0–1 scale: no direction, no cue
    none = en.effect(effect(0.003, 0.001, 0.005))
    assert none.startswith("has no meaningful effect on") and "better" not in none.split(")")[1]
    unclear = en.effect(effect(0.02, -0.01, 0.05))
    assert "interval includes no change" in unclear and "(better" not in unclear
    cost = en.cost(effect(393.4, 380.2, 406.9, metric="cost_per_household_year"))
    assert cost == "for 393 CNY more per household per year (95% interval 380 to 407)"
    same = en.cost(effect(0.2, -3.0, 3.4, metric="cost_per_household_year"))
    assert same.startswith("at no clear change in cost")


def test_numbers_are_rounded_by_their_uncertainty():
    from sim.app.brief import decimals, number, read_number

    assert decimals(0.0881, 0.003) == 3 and decimals(0.09, 0.01) == 2
    assert decimals(393.4, 13.3, scale=False) == 0 and decimals(3.7, 0.07, scale=False) == 2
    assert number(-0.0144, 3) == "−0.014" and number(0.0881, 3, signed=True) == "+0.088"
    assert number(-0.0001, 3) == "0.000" and number(1234.5, 0) == "1,234"
    assert read_number("−1,234.5") == -1234.5


def test_across_worlds_clause_appears_only_with_worlds(paths):
    from sim.app import brief

    results = brief.with_household_cost(paths)
    plain = brief.compute(results, [0, 2], 0, "satisfaction_elderly")
    assert brief.worlds_summary(results, {2: 0}, ["satisfaction_elderly"]).empty
    assert "plausible worlds" not in " ".join(brief.scenario_sentences(plain))
    # the same runs seen as two worlds (the second shifted): win rate and range appear
    runs = results.runs
    other = runs.assign(
        satisfaction_elderly=runs["satisfaction_elderly"] - 0.5 * (runs["point"] == 2)
    )
    worlds = pd.concat([runs.assign(world=0), other.assign(world=1)], ignore_index=True)
    two = dataclasses.replace(results, runs=worlds)
    summary = brief.worlds_summary(two, {2: 0}, ["satisfaction_elderly"]).iloc[0]
    assert summary["worlds"] == 2 and summary["win_share"] == 0.5
    numbers = brief.compute(two, [0, 2], 0, "satisfaction_elderly")
    sentence = brief.scenario_sentences(numbers)[0]
    assert "better in 50% of 2 plausible worlds (5–95% range across worlds" in sentence
    assert "95% interval" in sentence  # the seed interval stays, labelled apart


def test_key_findings_answer_the_question(paths):
    from sim.app import brief

    results = brief.with_household_cost(paths)
    numbers = brief.compute(results, [0, 1, 2], 0, "satisfaction_elderly", "en")
    findings = brief.key_findings(numbers, 0, "en")
    assert findings[0].startswith("Which path helps most on “Satisfaction, elderly”")
    best = max((1, 2), key=lambda p: numbers.get(p, "satisfaction_elderly").value)
    assert findings[1].startswith(f"{numbers.labels[best]} does most")
    tight = brief.key_findings(numbers, 0.01, "en")
    assert any("Within an extra" in s or "fits within" in s for s in tight)
    html_findings = brief.key_findings(numbers, 0, "zh", as_html=True)
    assert 'class="govsim-num"' in html_findings[1] and 'data-stat="difference"' in html_findings[1]


# ------------------------------------------------------------------ downloads


def test_comparison_downloads_open_with_pandas(paths, tmp_path):
    import io

    from sim.app import exports

    tables = exports.comparison_tables(paths, [0, 1, 2], 0, "zh")
    csv = pd.read_csv(io.BytesIO(exports.comparison_csv(tables, "zh")))
    assert {"单位", "评价方向", "metric_id", "均值", "变化"} <= set(csv.columns)
    assert "数字化水平(水平 0–1)".replace("(", "\uff08").replace(")", "\uff09") in csv.columns
    row = csv[(csv["metric_id"] == "backlog") & (csv["scenario_id"] == "combined")].iloc[0]
    assert row["单位"] == "件/千户" and row["评价方向"] == "越低越好"
    book = pd.read_excel(io.BytesIO(exports.comparison_xlsx(tables, "zh")), sheet_name=None)
    assert list(book) == ["说明", "结果", "变化", "成本效益", "分年龄", "逐周", "参数"]
    assert len(book["参数"]) == len(sim.PARAMETERS)
    mean = book["结果"].query("metric_id == 'needs_met_rate' and scenario_id == 'baseline'")
    runs = paths.runs.query("point == 0")["needs_met_rate"]
    assert mean["均值"].item() == pytest.approx(runs.mean())


def test_scenario_toml_runs(paths, tmp_path):
    from sim.app import exports

    path = tmp_path / "point.toml"
    path.write_text(exports.point_toml(paths, 1), encoding="utf-8")
    scenario = sim.load_scenario(path)
    assert scenario.title_zh == "科技赋能"
    for name, value in paths.manifest.point(1).parameters.items():
        assert scenario[name] == value, name
    frame = sim.simulate(scenario.replace(steps=2), seed=1)
    assert len(frame) == 2


def test_brief_of_a_grid_sweep_without_cost(root):
    from sim.app import brief, exports

    grid = brief.with_household_cost(load_results(root / "grid"))
    assert brief.COST not in grid.runs.columns  # the sweep kept no cost
    chosen = data.default_selection(grid)
    reference = data.reference_for(grid, chosen)
    outcome = brief.outcome_choices(grid)[0]
    numbers = brief.compute(grid, chosen, reference, outcome, "zh")
    sentences = brief.scenario_sentences(numbers, "zh")
    assert len(sentences) == len(chosen) - 1 and not any("元" in s for s in sentences)
    assert "数字化水平 0.9" in numbers.labels[chosen[-1]] or "活动种类" in numbers.labels[1]
    table = brief.cost_effectiveness(numbers)
    charts.cost_effectiveness_figure(table, outcome, "x", 0, "zh")  # draws without cost
    assert brief.elderly_view(numbers).empty
    assert not exports.comparison_tables(grid, chosen, reference, "en", outcome)["summary"].empty


def test_chinese_titles_break_after_punctuation_not_inside_a_word():
    from sim.app.charts.layout import wrap_title
    from sim.app.i18n import t

    lines = wrap_title(t("grid", "zh"), 44).split("<br>")
    assert lines[-1].endswith("网格员") and all("网格员" in x or "员" not in x for x in lines)
    assert lines[0].endswith("\uff0c")  # after a comma, not between characters
    plain = wrap_title("一二三四五六七八九十" * 3, 20).split("<br>")
    assert plain == ["一二三四五六七八九十"] * 3  # no punctuation: between characters
    assert wrap_title("short", 44) == "short"
