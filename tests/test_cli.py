"""`govsim` from the outside: output, files, and bad input (exit status 2, no traceback)."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim.cli.main import main

GOVSIM = [sys.executable, "-m", "sim.cli.main"]
QUICK = ["--set", "n_households=200", "--steps", "14"]


def govsim(*args, cwd=None):
    return subprocess.run([*GOVSIM, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "govsim"
    out = subprocess.run([script, "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "run" in out.stdout


def test_run_prints_final_quarter_means_of_the_main_metrics(capsys):
    assert main(["run", "baseline", *QUICK]) == 0
    out = capsys.readouterr().out
    for metric in sim.MAIN_METRICS:
        assert sim.METRICS[metric].label_en in out
    assert "last 13 weeks" in out and "seed 1" in out


def test_run_compares_scenarios_with_intervals_in_chinese(capsys):
    assert main(["run", "baseline", "combined", *QUICK, "--seeds", "3", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "三条路径结合" in out and "满意度" in out and "±" in out and "3 seeds" in out


def test_run_writes_weekly_tables_and_parameters(tmp_path):
    out_dir = tmp_path / "run"
    assert (
        main(
            [
                "run",
                "tech_empowerment",
                *QUICK,
                "--set",
                "social_orgs=7",
                "--seed",
                "5",
                "--out",
                str(out_dir),
            ]
        )
        == 0
    )
    parquet = pd.read_parquet(out_dir / "weekly.parquet")
    csv = pd.read_csv(out_dir / "weekly.csv")
    assert len(parquet) == len(csv) == 14
    assert list(parquet.columns[:3]) == ["scenario", "seed", "step"]
    expected = sim.simulate(
        sim.load_scenario("tech_empowerment", n_households=200, social_orgs=7, steps=14), seed=5
    )
    pd.testing.assert_frame_equal(parquet.drop(columns=["scenario", "seed"]), expected)
    params = json.loads((out_dir / "parameters.json").read_text(encoding="utf-8"))
    resolved = params["scenarios"]["tech_empowerment"]
    assert resolved["parameters"]["social_orgs"] == 7 and resolved["parameters"]["steps"] == 14
    assert params["seeds"] == [5] and params["provenance"]["packages"]["mesa"].startswith("3.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "basline"], "unknown scenario 'basline'; did you mean 'baseline'"),
        (["run", "baseline", "--set", "digitisation=0.5"], "did you mean 'digitization'"),
        (["run", "baseline", "--set", "digitization=2"], "from 0 to 1"),
        (["run", "baseline", "--set", "digitization=lots"], "not a number"),
        (["run", "baseline", "--set", "digitization"], "NAME=VALUE"),
        (["run", "baseline", "--steps", "0"], "expected 1 or more"),
        (["run", "baseline", "--steps", "2000"], "from 1 to 1040"),
        (["run", "baseline", "baseline"], "named twice"),
        (["run", "missing/file.toml"], "does not exist"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(args, message):
    result = govsim(*args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_scenario_file_names_file_and_line(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[parameters]\nsocial_orgs = 4\nhouseholds_per_workr = 300\n")
    result = govsim("run", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}, line 3" in result.stderr and "households_per_worker" in result.stderr


def test_bad_input_leaves_earlier_output_untouched(tmp_path):
    out_dir = tmp_path / "kept"
    assert govsim("run", "baseline", *QUICK, "--out", str(out_dir)).returncode == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    result = govsim("run", "baseline", *QUICK, "--set", "elderly_share=0.9", "--out", str(out_dir))
    assert result.returncode == 2
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "taken"
    target.write_text("precious")
    result = govsim("run", "baseline", *QUICK, "--out", str(target))
    assert result.returncode == 2 and "is a file" in result.stderr
    assert target.read_text() == "precious"


def test_listings(capsys):
    for command in ("scenarios", "params", "metrics"):
        assert main([command, "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "科技赋能" in out and "数字化水平" in out and "需求按时解决率" in out
