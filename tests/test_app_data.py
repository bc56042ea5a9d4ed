"""The data functions behind every chart of the browser and the report, tested directly."""

import copy
import json

import numpy as np
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
    assert metrics == list(sim.MAIN_METRICS)
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
    assert figure.data[0].type == "heatmap"


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
    assert [trace.name for trace in figure.data] == ["Satisfaction", "blocks", "grid workers"]


def test_figures_carry_the_expected_traces(paths):
    chosen = [0, 2]
    band = data.timeseries_band(paths, chosen, "participation_rate", "zh")
    figure = charts.timeseries_figure(band, "participation_rate", "zh")
    assert [tr.name for tr in figure.data if tr.mode == "lines"] == ["基线(现状)", "三条路径结合"]
    assert "活动参与率" in figure.layout.title.text
    final = charts.final_figure(
        data.final_outcomes(paths, chosen, ["satisfaction_mean", "backlog"])
    )
    assert len(final.data) == 4 and {tr.error_y.visible for tr in final.data} == {True}
    diff = charts.difference_figure(data.differences(paths, chosen, ["backlog"]))
    assert [tr.name for tr in diff.data] == ["All three paths combined"]


def test_every_text_exists_in_both_languages():
    for key, pair in TEXT.items():
        assert len(pair) == len(LANGS) and all(pair), key
    assert t("partial", "zh", done=1, total=2, failed=0, status="running").startswith("该批次")


def test_report_is_self_contained_and_bilingual(paths, tmp_path):
    page = build_report(paths, "zh")
    assert page.startswith("<!DOCTYPE html>") and "三个情景" in page and "数据来源" in page
    assert "Plotly" in page and page.count('class="plotly-graph-div"') >= 5
    assert 'src="http' not in page and "cdn" not in page.split("<script")[0]
    english = build_report(paths, "en")
    assert "Summary: final-quarter mean and 95% interval" in english
    assert paths.manifest.spec_hash in english and "Technology empowerment" in english
    out = write_report(paths.folder, tmp_path / "r.html", "en")
    assert out.read_text(encoding="utf-8").count("<html") == 1


def test_report_command(paths, tmp_path):
    from sim.cli.main import main

    assert (
        main(["report", str(paths.folder), "--lang", "zh", "--out", str(tmp_path / "x.html")]) == 0
    )
    assert (tmp_path / "x.html").stat().st_size > 1_000_000  # Plotly is inside
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert main(["report", str(paths.folder), "--out", str(tmp_path / "no" / "x.html")]) == 2


def test_damaged_tables_give_a_message_in_the_app(root, tmp_path):
    from sim.app import main as app

    broken = tmp_path / "root"
    broken.mkdir()
    (broken / "bad").mkdir()
    (broken / "bad" / MANIFEST).write_text("{not json")
    original = app.ROOT
    app.ROOT = broken
    try:
        results, message = app._load("bad")
    finally:
        app.ROOT = original
    assert results is None and "cannot read" in message


def test_model_params_come_from_the_registry_grouped_by_path():
    from sim.app.main import PATH_ORDER, model_params

    params = model_params({}, "zh")
    names = [k for k in params if k in sim.PARAMETERS]
    assert set(names) == set(sim.PARAMETERS)
    paths = [sim.PARAMETERS[n].path for n in names]
    assert paths == sorted(paths, key=PATH_ORDER.index)  # grouped, in path order
    assert params["digitization"]["label"].startswith("[4.1]")
    assert params["responsive_government"]["type"] == "Checkbox"
    assert params["base"] == "baseline"
