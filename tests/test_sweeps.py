"""Experiment files, designs, executors and the results store."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.errors import GovsimError
from sim.experiments import analysis
from sim.experiments.design import design_points, paired_seeds, tasks
from sim.experiments.spec import ExperimentError, load_experiment
from sim.experiments.store import MANIFEST, SweepLock, load_results
from sim.experiments.sweep import run_sweep

ROOT = Path(__file__).resolve().parent.parent
GOVSIM = [sys.executable, "-m", "sim.cli.main"]
SMALL = "[fixed]\nn_households = 200\n"


def experiment(tmp_path, body, name="exp.toml"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def govsim(*args, **kwargs):
    return subprocess.run([*GOVSIM, *args], capture_output=True, text=True, timeout=300, **kwargs)


def comparable(results):
    """Run and time-series tables without the wall-clock column."""
    return results.runs.drop(columns="seconds"), results.timeseries


# ------------------------------------------------------------------ designs


def test_grid_crosses_scenarios_and_levels(tmp_path):
    spec = load_experiment(
        experiment(
            tmp_path,
            """
[experiment]
scenarios = ["baseline", "combined"]
replications = 3
[factors]
digitization = [0.2, 0.8]
event_variety = { range = [1, 7], levels = 3 }
""",
        )
    )
    points = design_points(spec)
    assert len(points) == 2 * 2 * 3
    assert {p.factors["event_variety"] for p in points} == {1, 4, 7}
    assert points[0].scenario == "baseline" and points[-1].scenario == "combined"
    assert points[-1].params["digitization"] == 0.8 and points[-1].params["social_orgs"] == 10
    assert len(tasks(spec, points)) == 36


def test_oat_moves_one_factor_at_a_time_from_each_scenario(tmp_path):
    spec = load_experiment(
        experiment(
            tmp_path,
            """
[experiment]
design = "oat"
scenarios = ["baseline", "tech_empowerment"]
[factors]
digitization = [0.3, 0.5, 0.8]
social_orgs = [2, 10]
""",
        )
    )
    points = design_points(spec)
    base = [p for p in points if p.scenario == "baseline"]
    # baseline centre: digitization 0.3, social_orgs 2 -> + 2 digitization levels + 1 orgs level
    assert [p.factors for p in base] == [
        {"digitization": 0.3, "social_orgs": 2},
        {"digitization": 0.5, "social_orgs": 2},
        {"digitization": 0.8, "social_orgs": 2},
        {"digitization": 0.3, "social_orgs": 10},
    ]
    tech = [p for p in points if p.scenario == "tech_empowerment"]
    assert tech[0].factors == {"digitization": 0.8, "social_orgs": 2} and len(tech) == 4


@pytest.mark.parametrize(
    ("design", "samples", "expected"),
    [("lhs", 10, 10), ("sobol", 8, 8 * (2 + 2)), ("morris", 5, 5 * 3)],
)
def test_sampled_designs_have_salibs_number_of_points(tmp_path, design, samples, expected):
    spec = load_experiment(
        experiment(
            tmp_path,
            f"""
[experiment]
design = "{design}"
samples = {samples}
[factors]
digitization = {{ range = [0.1, 0.9] }}
social_orgs = {{ range = [0, 20] }}
""",
        )
    )
    points = design_points(spec)
    assert len(points) == expected
    assert all(isinstance(p.factors["social_orgs"], int) for p in points)
    assert all(0.1 <= p.factors["digitization"] <= 0.9 for p in points)
    again = design_points(load_experiment(spec.source))
    assert [p.factors for p in again] == [p.factors for p in points]  # same file, same points


def test_every_point_runs_on_the_same_seeds(tmp_path):
    spec = load_experiment(
        experiment(
            tmp_path,
            """
[experiment]
scenarios = ["baseline", "combined"]
replications = 4
master_seed = 99
""",
        )
    )
    runs = tasks(spec, design_points(spec))
    by_point = {}
    for t in runs:
        by_point.setdefault(t.point, []).append(t.seed)
    assert by_point[0] == by_point[1] == paired_seeds(99, 4)
    assert len(set(by_point[0])) == 4 and paired_seeds(98, 4) != paired_seeds(99, 4)


def test_shipped_experiments_load_with_their_designs():
    paths = load_experiment(ROOT / "experiments" / "paper_paths.toml")
    assert [s.name for s in paths.scenarios] == [
        "baseline",
        "tech_empowerment",
        "refined_services",
        "personalized_needs",
        "combined",
        "digital_only",
        "combined_equal_cost",
    ]
    assert paths.replications == 30
    grid = load_experiment(ROOT / "experiments" / "digitization_x_variety.toml")
    assert len(design_points(grid)) == 25 and grid.replications == 10
    screen = load_experiment(ROOT / "experiments" / "sensitivity.toml")
    levers = {
        p.name for p in sim.PARAMETERS.values() if p.path in ("technology", "services", "culture")
    } | {"budget"}
    assert screen.design in ("morris", "sobol") and {f.name for f in screen.factors} == levers


# ------------------------------------------------------------------ bad experiment files


@pytest.mark.parametrize(
    ("body", "pattern"),
    [
        ("[experiment]\ndesign = 'factorial'\n", r"line 2: design 'factorial' is not known"),
        ("[experiment]\nreplications = 0\n", r"line 2: 'replications' = 0 .*from 1"),
        (
            "[experiment]\nscenarios = ['baseline', 'combnied']\n",
            r"line 2: scenario 'combnied'.*did you mean 'combined'",
        ),
        ("[experiment]\nmetrics = ['satisfaction_mena']\n", r"did you mean 'satisfaction_mean'"),
        (
            "[experiment]\n[factors]\ndigitisation = [0.1]\n",
            r"line 3: in \[factors\]: unknown parameter or coefficient 'digitisation'; did",
        ),
        ("[experiment]\n[factors]\ndigitization = [0.1, 1.5]\n", r"line 3: .*from 0 to 1"),
        (
            "[experiment]\ndesign = 'sobol'\nsamples = 10\n"
            "[factors]\ndigitization = {range=[0,1]}\n",
            r"power of 2",
        ),
        (
            "[experiment]\ndesign = 'lhs'\n[factors]\ndigitization = {range=[0,1]}\n",
            r"needs 'samples'",
        ),
        (
            "[experiment]\ndesign = 'lhs'\nsamples = 4\n[factors]\ndigitization = [0.1, 0.2]\n",
            r"samples factors from a 'range'",
        ),
        (
            "[experiment]\n[factors]\nsocial_orgs = { range = [0, 50], levels = 3 }\n",
            r"within an integer from 0 to 30",
        ),
        ("[experiment]\nreplicates = 3\n", r"did you mean 'replications'"),
        ("[experiment]\n[fixed]\nelderly_share = 0.9\n", r"line 3: in \[fixed\].*from 0 to 0.6"),
        ("[experimnt]\n", r"unknown table 'experimnt'; did you mean 'experiment'"),
        ("[experiment]\nsteps = [\n", r"not valid TOML"),
    ],
)
def test_bad_experiment_files_name_file_line_and_what_is_allowed(tmp_path, body, pattern):
    path = experiment(tmp_path, body)
    with pytest.raises(ExperimentError, match=pattern) as info:
        load_experiment(path)
    assert str(path) in str(info.value)


def test_bad_experiment_file_on_the_command_line_exits_2(tmp_path):
    path = experiment(tmp_path, "[experiment]\ndesign = 'factorial'\n")
    result = govsim("sweep", str(path), "--out", str(tmp_path / "r"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "design 'factorial'" in result.stderr and not (tmp_path / "r").exists()


# ------------------------------------------------------------------ running and storing


PAIRED = (
    """
[experiment]
scenarios = ["baseline", "combined"]
replications = 3
master_seed = 5
steps = 16
metrics = ["satisfaction_mean", "participation_rate", "needs_met_rate", "backlog"]
"""
    + SMALL
)


def test_serial_processes_and_local_dask_give_identical_numbers(tmp_path):
    spec = load_experiment(experiment(tmp_path, PAIRED))
    run_sweep(spec, tmp_path / "serial", progress=False)
    run_sweep(spec, tmp_path / "pool", workers=2, progress=False)
    run_sweep(spec, tmp_path / "dask", workers=2, scheduler="local", progress=False)
    serial = comparable(load_results(tmp_path / "serial"))
    for other in ("pool", "dask"):
        for a, b in zip(serial, comparable(load_results(tmp_path / other)), strict=True):
            pd.testing.assert_frame_equal(a, b)
    # and the numbers are the model's: a run equals sim.simulate on its point and seed
    results = load_results(tmp_path / "serial")
    row = results.runs.iloc[4]
    point = results.manifest.point(row["point"])
    frame = sim.simulate(
        sim.Scenario.from_dict({"parameters": point.parameters}), seed=int(row["seed"])
    )
    assert row["backlog"] == pytest.approx(frame["backlog"].tail(13).mean())


def test_manifest_describes_every_run(tmp_path):
    spec = load_experiment(experiment(tmp_path, PAIRED))
    run_sweep(spec, tmp_path / "r", progress=False)
    manifest = json.loads((tmp_path / "r" / MANIFEST).read_text())
    assert manifest["spec_hash"] == spec.spec_hash() and manifest["master_seed"] == 5
    assert manifest["status"] == "complete" and manifest["finished"]
    assert manifest["provenance"]["packages"]["numpy"] and manifest["code_version"]
    assert len(manifest["runs"]) == 6 and {r["status"] for r in manifest["runs"]} == {"done"}
    assert manifest["seeds"] == paired_seeds(5, 3)
    assert [p["parameters"]["social_orgs"] for p in manifest["points"]] == [2, 10]
    assert all(p["parameters"]["n_households"] == 200 for p in manifest["points"])
    results = load_results(tmp_path / "r")
    assert results.complete and results.counts == {"done": 6, "failed": 0, "pending": 0}
    assert len(results.timeseries) == 6 * 16
    assert list(results.runs["run"]) == sorted(results.runs["run"])


def test_a_run_that_raises_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    import sim.experiments.execute as execute

    bad_seed = paired_seeds(5, 3)[1]
    real = execute.simulate

    def flaky(scenario, *, seed, steps=None, calibration=None, engine="fast"):
        if seed == bad_seed and scenario["social_orgs"] == 10:
            raise RuntimeError("organizations on strike")
        return real(scenario, seed=seed, steps=steps, calibration=calibration, engine=engine)

    monkeypatch.setattr(execute, "simulate", flaky)
    spec = load_experiment(experiment(tmp_path, PAIRED))
    report = run_sweep(spec, tmp_path / "r", progress=False)
    assert report.ran == 6 and [run for run, _ in report.failed] == ["p00001-r0001"]
    results = load_results(tmp_path / "r")
    assert results.counts == {"done": 5, "failed": 1, "pending": 0}
    assert results.manifest.status == "complete with failures"
    failed = results.runs[results.runs["status"] == "failed"]
    assert len(failed) == 1 and "organizations on strike" in failed["error"].iloc[0]
    assert np.isnan(failed["satisfaction_mean"].iloc[0])
    # resuming retries it; now it works, and the folder ends complete
    monkeypatch.setattr(execute, "simulate", real)
    report = run_sweep(spec, tmp_path / "r", resume=True, progress=False)
    assert report.ran == 1 and not report.failed
    assert load_results(tmp_path / "r").manifest.status == "complete"


def test_killed_sweep_resumes_to_identical_numbers(tmp_path):
    body = """
[experiment]
scenarios = ["baseline", "combined"]
replications = 16
master_seed = 17
steps = 40
metrics = ["satisfaction_mean", "participation_rate", "backlog"]
[fixed]
n_households = 1500
"""
    path = experiment(tmp_path, body)
    assert (
        govsim(
            "sweep", str(path), "--out", str(tmp_path / "whole"), "--workers", "2", "--quiet"
        ).returncode
        == 0
    )
    cut = tmp_path / "cut"
    process = subprocess.Popen(
        [*GOVSIM, "sweep", str(path), "--out", str(cut), "--workers", "2", "--quiet"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(list((cut / "parts" / "runs").glob("*.parquet"))) < 5:
        assert time.monotonic() < deadline and process.poll() is None, "sweep ended too soon"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # like a machine going down: no clean-up at all
    process.wait()
    partial = load_results(cut)
    assert 5 <= partial.counts["done"] < 32 and partial.manifest.status == "interrupted"
    result = govsim("sweep", str(path), "--out", str(cut), "--workers", "2", "--resume", "--quiet")
    assert result.returncode == 0, result.stderr
    resumed = load_results(cut)
    assert resumed.counts == {"done": 32, "failed": 0, "pending": 0}
    assert resumed.runs["run"].is_unique
    assert not resumed.timeseries.duplicated(["run", "step"]).any()
    for a, b in zip(comparable(load_results(tmp_path / "whole")), comparable(resumed), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert len(resumed.manifest.sessions) == 2


def test_a_folder_in_use_is_refused(tmp_path):
    path = experiment(tmp_path, PAIRED)
    folder = tmp_path / "busy"
    folder.mkdir()
    lock = SweepLock(folder)
    lock.acquire()  # another sweep holds it
    try:
        result = govsim("sweep", str(path), "--out", str(folder), "--resume")
    finally:
        lock.release()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        "being written by another sweep" in result.stderr and f"pid {os.getpid()}" in result.stderr
    )


def test_an_existing_sweep_is_not_overwritten_and_resume_needs_the_same_spec(tmp_path):
    path = experiment(tmp_path, PAIRED)
    folder = tmp_path / "r"
    assert govsim("sweep", str(path), "--out", str(folder), "--quiet").returncode == 0
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    again = govsim("sweep", str(path), "--out", str(folder))
    assert again.returncode == 2 and "--resume" in again.stderr
    changed = govsim("sweep", str(path), "--out", str(folder), "--resume", "--replications", "5")
    assert changed.returncode == 2 and "different experiment" in changed.stderr
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
    assert after == before


def test_resume_refuses_a_folder_made_by_another_version_of_the_model(tmp_path):
    """Runs of two versions of the rules are not comparable: resuming must not mix them
    (nor pass an old folder off as current), and nothing is touched."""
    path = experiment(tmp_path, PAIRED)
    folder = tmp_path / "r"
    assert govsim("sweep", str(path), "--out", str(folder), "--quiet").returncode == 0
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["provenance"]["model_fingerprint"]
    for other in ("0123456789abcdef", None):  # None: a folder from before fingerprints
        data["provenance"]["model_fingerprint"] = other
        manifest.write_text(json.dumps(data), encoding="utf-8")
        before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
        again = govsim("sweep", str(path), "--out", str(folder), "--resume")
        assert again.returncode == 2 and "another version of the model" in again.stderr
        assert "Traceback" not in again.stderr and len(again.stderr.strip().splitlines()) == 1
        after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != ".lock"}
        assert after == before


def test_make_demo_sets_aside_a_folder_made_by_another_version_of_the_model(tmp_path):
    """`make demo` after a change to the model: the old folder is kept under another name,
    byte for byte, and a new sweep runs; a current folder is resumed, not set aside."""
    path = experiment(tmp_path, PAIRED)
    folder = tmp_path / "r"
    demo = ("sweep", str(path), "--out", str(folder), "--resume", "--set-aside-other-model")
    assert govsim(*demo, "--quiet").returncode == 0
    resumed = govsim(*demo, "--quiet")
    assert resumed.returncode == 0 and "kept as" not in resumed.stdout
    assert not list(tmp_path.glob("r.model-*"))
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["provenance"]["model_fingerprint"] = "0123456789abcdef"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    (tmp_path / "r.model-0123456789abcdef").mkdir()  # taken: the next free name is used
    again = govsim(*demo, "--quiet")
    assert again.returncode == 0, again.stderr
    kept = tmp_path / "r.model-0123456789abcdef-2"
    assert f"kept as {kept}" in again.stdout
    after = {p.relative_to(kept): p.read_bytes() for p in kept.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k.name != ".lock"} == {
        k: v for k, v in before.items() if k.name != ".lock"
    }
    fresh = json.loads(manifest.read_text(encoding="utf-8"))
    assert fresh["status"] == "complete" and fresh["provenance"]["model_fingerprint"] != (
        "0123456789abcdef"
    )


def test_overrides_for_quick_trials(tmp_path):
    path = experiment(tmp_path, PAIRED)
    result = govsim(
        "sweep",
        str(path),
        "--out",
        str(tmp_path / "r"),
        "--replications",
        "2",
        "--steps",
        "6",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    results = load_results(tmp_path / "r")
    assert len(results.runs) == 4 and results.timeseries["step"].max() == 6


# ------------------------------------------------------------------ reading and analysis


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "does not exist"),
        (lambda d: d, "not a govsim results folder"),
        (lambda d: _manifest(d, {"kind": "govsim-sweep", "format": 0}), "format 0"),
    ],
)
def test_unreadable_results_folders_get_a_clear_message(tmp_path, make, message):
    folder = make(tmp_path)
    with pytest.raises(GovsimError, match=message):
        load_results(folder)
    result = govsim("summarize", str(folder))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def _manifest(folder, data):
    (folder / MANIFEST).write_text(json.dumps(data))
    return folder


def test_summaries_and_paired_differences(tmp_path):
    spec = load_experiment(experiment(tmp_path, PAIRED))
    run_sweep(spec, tmp_path / "r", progress=False)
    results = load_results(tmp_path / "r")
    summary = analysis.point_summary(results)
    row = summary[(summary["point"] == 1) & (summary["metric"] == "backlog")].iloc[0]
    values = results.runs.loc[results.runs["point"] == 1, "backlog"]
    assert row["mean"] == pytest.approx(values.mean()) and row["n"] == 3
    assert row["low"] < row["mean"] < row["high"]
    diffs = analysis.paired_vs_reference(results)
    d = diffs[diffs["metric"] == "backlog"].iloc[0]
    by_seed = results.runs.pivot(index="seed", columns="point", values="backlog")
    assert d["difference"] == pytest.approx((by_seed[1] - by_seed[0]).mean())
    assert d["reference"] == "baseline"
    out = govsim("summarize", str(tmp_path / "r"), "--lang", "zh")
    assert out.returncode == 0 and "满意度" in out.stdout and "±" in out.stdout


def test_sensitivity_indices_for_sobol_and_morris(tmp_path):
    for design, samples in (("sobol", 8), ("morris", 4)):
        spec = load_experiment(
            experiment(
                tmp_path,
                f"""
[experiment]
design = "{design}"
samples = {samples}
replications = 1
steps = 14
metrics = ["participation_rate", "needs_met_rate"]
[factors]
events_per_week = {{ range = [0, 24] }}
worker_training = {{ range = [0.0, 1.0] }}
"""
                + SMALL,
                f"{design}.toml",
            )
        )
        run_sweep(spec, tmp_path / design, progress=False)
        indices = analysis.sensitivity(load_results(tmp_path / design))
        participation = indices[indices["metric"] == "participation_rate"]
        main = "ST" if design == "sobol" else "mu_star"
        value = participation[participation["index"] == main].set_index("factor")["value"]
        assert value["events_per_week"] > value["worker_training"]  # events drive attendance
        out = govsim("summarize", str(tmp_path / design))
        assert out.returncode == 0 and "Sensitivity" in out.stdout and main in out.stdout


def test_an_unreachable_scheduler_is_reported_before_anything_is_written(tmp_path):
    path = experiment(tmp_path, PAIRED)
    result = govsim(
        "sweep", str(path), "--out", str(tmp_path / "r"), "--scheduler", "nonsense://nowhere"
    )
    assert result.returncode == 2 and "cannot reach the Dask scheduler" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "r").exists()
