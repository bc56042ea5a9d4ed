"""`govsim dock`: the statistics of docking, an A/A check of the fast engine against itself,
and (in test_reference.py) the fast engine against the reference engine."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sim.cli.main import main
from sim.experiments import dock
from sim.experiments.docking_report import markdown


def verdict(x, y, metric="satisfaction_mean"):
    return dock.two_samples(np.asarray(x, float), np.asarray(y, float), metric)["verdict"]


def test_two_samples_equivalent_different_and_inconclusive():
    rng = np.random.default_rng(5)
    same = rng.normal(0.5, 0.005, 40), rng.normal(0.5, 0.005, 40)
    assert verdict(*same) == "equivalent"
    apart = rng.normal(0.5, 0.005, 40), rng.normal(0.53, 0.005, 40)
    assert verdict(*apart) == "different"
    noisy = rng.normal(0.5, 0.05, 4), rng.normal(0.5, 0.05, 4)
    assert verdict(*noisy) == "inconclusive"


def test_margin_is_a_hundredth_on_shares_and_five_percent_elsewhere():
    assert dock.margin_for("needs_met_rate", 0.4) == 0.01
    assert dock.margin_for("mean_resolution_weeks", 4.0) == pytest.approx(0.2)
    assert dock.margin_for("cost", 0.0) == 0.01


def test_constant_samples_are_judged_with_certainty():
    assert verdict([0.3] * 5, [0.3] * 5) == "equivalent"
    assert verdict([0.3] * 5, [0.5] * 5) == "different"


def test_holm_adjusts_like_the_textbook():
    p = np.array([0.01, 0.04, 0.03, np.nan, 0.005])
    adjusted = dock.holm(p)
    assert adjusted[4] == pytest.approx(0.02)  # 4 * 0.005
    assert adjusted[0] == pytest.approx(0.03)  # 3 * 0.01
    assert adjusted[2] == pytest.approx(0.06)  # 2 * 0.03
    assert adjusted[1] == pytest.approx(0.06)  # max(0.06, 1 * 0.04)
    assert np.isnan(adjusted[3])


def test_a_chance_difference_among_many_pairs_is_not_called_different():
    """One nominally significant pair among many (p ~ 0.01) is inconclusive after Holm."""
    rng = np.random.default_rng(1)
    rows = []
    for i in range(40):
        for side in (0, 1):
            for run in range(6):
                rows.append({"scenario": f"s{i}", "side": side, "run": run,
                             "satisfaction_mean": rng.normal(0.5, 0.02)})  # fmt: skip
    import pandas as pd

    means = pd.DataFrame(rows)
    settings = dock.DockSettings(
        engines=("fast", "fast"),
        scenarios=tuple(f"s{i}" for i in range(40)),
        metrics=("satisfaction_mean",),
    )
    table = dock.compare(means, settings)
    assert (table["p_value"] < 0.05).any()  # chance alone makes some look significant ...
    assert not (table["verdict"] == "different").any()  # ... but not as a family


def test_fast_engine_docks_with_itself(tmp_path, capsys):
    """An A/A check: the same engine on two sets of seeds is never significantly different,
    and the Markdown and JSON hold every scenario-metric pair."""
    out, md = tmp_path / "dock", tmp_path / "DOCKING.md"
    status = main(
        ["dock", "--engines", "fast", "fast", "--seeds", "4", "--households", "150",
         "--steps", "13", "--scenarios", "baseline", "combined", "--out", str(out),
         "--markdown", str(md)]
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "baseline" in printed and "equivalent" in printed
    data = json.loads((out / "docking.json").read_text())
    assert len(data["rows"]) == 2 * len(dock.DockSettings().metrics)
    assert data["command"].startswith("govsim dock")
    text = md.read_text()
    assert "## combined" in text and "| satisfaction_mean |" in text


def test_markdown_states_the_margin_and_the_command():
    import pandas as pd

    row = {"scenario": "baseline", "metric": "backlog", "mean_a": 3.0, "mean_b": 3.1,
           "difference": 0.1, "low": -0.1, "high": 0.3, "standardized": 0.2, "margin": 0.15,
           "verdict": "inconclusive"}  # fmt: skip
    text = markdown(pd.DataFrame([row]), dock.DockSettings(), "govsim dock --seeds 9")
    assert "`govsim dock --seeds 9`" in text and "0.01 on a 0–1 scale" in text
    assert "| backlog | 3.0000 | 3.1000 |" in text


@pytest.mark.parametrize(
    "argv, phrase",
    [
        (["--engines", "fast", "turbo"], "unknown engine 'turbo'"),
        (["--scenarios", "basline"], "did you mean 'baseline'"),
        (["--metrics", "needs_met"], "unknown metric 'needs_met'"),
        (["--households", "0"], "n_households"),
        (["--seeds", "0"], "expected 1 or more"),
    ],
)
def test_dock_bad_input_is_a_message(tmp_path, capsys, argv, phrase):
    out = tmp_path / "dock"
    try:
        status = main(["dock", *argv, "--out", str(out)])
    except SystemExit as exc:  # argparse's own errors
        status = exc.code
    assert status == 2
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err
    assert not out.exists()


def test_fast_and_reference_engines_dock_on_the_main_metrics():
    """The CI docking: a few seeds on a small community, the main metrics of three scenarios
    that exercise every path; fails on a significant non-equivalence (Holm, family-wise 5%).
    The full table is docs/DOCKING.md (`govsim dock`)."""
    from sim.model import MAIN_METRICS

    settings = dock.DockSettings(
        engines=("fast", "reference"),
        seeds=6,
        households=150,
        steps=13,
        scenarios=("baseline", "combined", "digital_only"),
        metrics=tuple(MAIN_METRICS),
    )
    table = dock.run_docking(settings)
    different = table[table["verdict"] == "different"]
    assert different.empty, different.to_string()
    shares = table[table["margin"] == dock.SHARE_MARGIN]
    assert (shares["difference"].abs() < 0.05).all(), shares.to_string()
