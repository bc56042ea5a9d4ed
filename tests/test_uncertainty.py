"""Coefficients as uncertainties (issue 9) and the claims checked where they must hold (issue
10): worlds in a sweep, the across-worlds summary, calibration (small, resumable), PRIM boxes,
`govsim validate` on a small claims file and `govsim discover`, and their bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sim
from sim.cli.main import main
from sim.experiments import validation
from sim.experiments.analysis import sensitivity
from sim.experiments.claims import Arm, Condition, load_claims, load_world_uncertainties
from sim.experiments.discover import MIN_POINTS, describe, find_boxes
from sim.experiments.robust import across_worlds
from sim.experiments.spec import load_experiment
from sim.experiments.store import load_results
from sim.experiments.sweep import run_sweep
from sim.experiments.validate import arm_run
from sim.experiments.worlds import draw_worlds
from sim.model.calibration import DEFAULT_CALIBRATION
from sim.parameters import load_scenario

WORLDS_SWEEP = """
[experiment]
scenarios = ["baseline", "combined"]
replications = 2
worlds = 4
steps = 20
metrics = ["satisfaction_mean", "needs_met_rate", "satisfied_share"]
[fixed]
n_households = 200
warmup_weeks = 10
[uncertainties]
worker_capacity = "plausible"
need_rate_health = "plausible"
elderly_share = { range = [0.15, 0.35] }
"""


@pytest.fixture(scope="module")
def worlds_sweep(tmp_path_factory):
    root = tmp_path_factory.mktemp("worlds")
    spec = root / "w.toml"
    spec.write_text(WORLDS_SWEEP, encoding="utf-8")
    run_sweep(load_experiment(spec), root / "out", progress=False)
    return load_results(root / "out")


def test_worlds_cross_policies_on_shared_seeds_and_values(worlds_sweep):
    runs = worlds_sweep.runs
    assert sorted(runs["world"].unique()) == [0, 1, 2, 3]
    for _, world in runs.groupby("world"):
        # every policy meets every world with the same coefficient values and the same seeds
        assert world["worker_capacity"].nunique() == 1
        seeds = world.groupby("scenario")["seed"].apply(lambda s: tuple(sorted(s)))
        assert seeds.nunique() == 1
    # the worlds differ, and what they differ in changes the outcome
    assert runs["worker_capacity"].nunique() == 4
    base = runs[runs.scenario == "baseline"].groupby("world")["needs_met_rate"].mean()
    assert base.nunique() == 4


def test_across_worlds_keeps_seed_noise_apart_from_world_spread(worlds_sweep):
    table = across_worlds(worlds_sweep)
    row = table[table.metric == "needs_met_rate"].iloc[0]
    assert row["worlds"] == 4
    assert row["p5"] <= row["median"] <= row["p95"]
    assert 0 <= row["win_rate"] <= 1
    assert row["seed_half_width"] > 0  # a different number from the world range


def test_summarize_prints_the_across_worlds_table(worlds_sweep, capsys):
    assert main(["summarize", str(worlds_sweep.folder)]) == 0
    out = capsys.readouterr().out
    assert "plausible worlds" in out and "5–95% of worlds" in out and "better / worse in" in out


def test_coefficients_are_public_and_files_of_them_load(tmp_path):
    assert "worker_capacity" in sim.COEFFICIENTS
    path = tmp_path / "c.toml"
    path.write_text("[coefficients]\nworker_capacity = 30.0\n", encoding="utf-8")
    assert sim.load_coefficients(path) == {"worker_capacity": 30.0}
    path.write_text("[coefficients]\nworker_capacty = 30.0\n", encoding="utf-8")
    with pytest.raises(sim.GovsimError, match="worker_capacity"):
        sim.load_coefficients(path)


def test_a_coefficient_set_in_a_run_changes_the_outcome():
    low = sim.simulate({"n_households": 200, "steps": 20, "warmup_weeks": 10}, seed=3)
    high = sim.simulate(
        {"n_households": 200, "steps": 20, "warmup_weeks": 10, "worker_capacity": 60.0}, seed=3
    )
    assert high["needs_met_rate"].iloc[-13:].mean() > low["needs_met_rate"].iloc[-13:].mean()


# ------------------------------------------------------------------ calibration

CALIBRATE = ["--households", "200", "--waves", "1", "--runs-per-wave", "6", "--seeds", "1"]


def test_calibration_small_writes_an_ensemble_and_a_best_fit_and_resumes(tmp_path, capsys):
    out = tmp_path / "cal"
    assert main(["calibrate", *CALIBRATE, "--trials", "2", "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "best fit" in printed and "ensemble" in printed
    for name in ("ensemble.parquet", "best.toml", "fit.csv", "optuna.db", "calibration.json"):
        assert (out / name).is_file(), name
    best = sim.load_coefficients(out / "best.toml")  # a calibration result is a coefficients file
    assert best and set(best) <= set(sim.COEFFICIENTS)
    ensemble = pd.read_parquet(out / "ensemble.parquet")
    assert len(ensemble) >= 1 and set(best) <= set(ensemble.columns)
    before = load_results(out / "wave-1").runs
    # resuming a finished calibration runs nothing again and gives the same best fit
    assert (
        main(["calibrate", *CALIBRATE, "--trials", "2", "--out", str(out), "--resume", "--quiet"])
        == 0
    )
    assert sim.load_coefficients(out / "best.toml") == best
    # the same runs, not run again (a re-run would take other seconds)
    pd.testing.assert_frame_equal(load_results(out / "wave-1").runs, before)
    # a calibration of another version of the model is not resumed: a message, nothing lost
    record = out / "calibration.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    unrecorded = {k: v for k, v in data.items() if k != "model_fingerprint"}  # before they were
    for other in ({**data, "model_fingerprint": "another"}, unrecorded):
        record.write_text(json.dumps(other), encoding="utf-8")
        kept = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".lock"}
        capsys.readouterr()
        again = ["calibrate", *CALIBRATE, "--trials", "2", "--out", str(out), "--resume", "--quiet"]
        assert main(again) == 2
        err = capsys.readouterr().err
        assert "another version of the model" in err and "Traceback" not in err
        assert kept == {
            p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != ".lock"
        }


def test_calibration_refuses_a_folder_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["calibrate", *CALIBRATE, "--trials", "2", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(out) in err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_calibration_bad_targets_file_is_a_message(tmp_path, capsys):
    bad = tmp_path / "t.toml"
    bad.write_text("[target.x]\nmetric = 'no_such_metric'\ninterval = [0, 1]\n", encoding="utf-8")
    assert main(["calibrate", str(bad), "--check"]) == 2
    err = capsys.readouterr().err
    assert "no_such_metric" in err and "Traceback" not in err


# ------------------------------------------------------------------ PRIM


def test_prim_recovers_a_planted_box():
    rng = np.random.default_rng(7)
    x = pd.DataFrame(
        {"a": rng.uniform(0, 1, 400), "b": rng.uniform(0, 1, 400), "c": rng.uniform(0, 1, 400)}
    )
    y = (x.a > 0.7) & (x.b < 0.3)
    boxes = find_boxes(x, y)
    assert boxes
    limits = boxes[0].limits
    assert set(limits) == {"a", "b"}  # c is irrelevant and left unrestricted
    assert abs(limits["a"][0] - 0.7) < 0.08 and abs(limits["b"][1] - 0.3) < 0.08
    assert boxes[0].density > 0.8 and boxes[0].coverage > 0.7
    spans = {c: (float(x[c].min()), float(x[c].max())) for c in x}
    sentence = describe(boxes[0], spans, what="fails", cases_word="failures", total_word="worlds")
    assert sentence.startswith("fails when") and "a >" in sentence and "b <" in sentence


def test_prim_says_nothing_about_a_handful_of_worlds():
    rng = np.random.default_rng(1)
    x = pd.DataFrame({"a": rng.uniform(0, 1, MIN_POINTS - 1)})
    assert find_boxes(x, x.a > 0.5) == []


def test_discover_over_a_worlds_sweep(worlds_sweep, capsys):
    assert (
        main(["discover", str(worlds_sweep.folder), "--metric", "needs_met_rate", "--below", "0.5"])
        == 0
    )
    assert capsys.readouterr().out.strip()


def test_discover_bad_input_is_a_message(worlds_sweep, capsys):
    folder = str(worlds_sweep.folder)
    assert main(["discover", folder, "--metric", "needs_met_rat", "--below", "0.5"]) == 2
    assert "needs_met_rate" in capsys.readouterr().err  # the closest name is suggested
    assert main(["discover", folder, "--metric", "needs_met_rate", "--below", "7"]) == 2
    assert "range" in capsys.readouterr().err


# ------------------------------------------------------------------ validate

CLAIMS = """
[worlds]
uncertainties = ["worker_capacity"]

[claim.small_grids]
title_en = "Smaller grids meet more needs"
title_zh = "缩小网格可解决更多需求"
statement_en = "Fewer households per worker raise needs met."
statement_zh = "每名网格员负责的户数越少,需求解决率越高。"
scope = "all"
reference = { scenario = "baseline", set = { warmup_weeks = 10 } }

[claim.small_grids.arms]
large = { set = { households_per_worker = 800 } }
small = { set = { households_per_worker = 200 } }

[[claim.small_grids.test]]
name = "needs_met_rises"
effect = "small.needs_met_rate - large.needs_met_rate"
direction = "increase"

[claim.wrong_way]
title_en = "A claim that is false"
title_zh = "一个错误的论断"
statement_en = "Fewer households per worker lower needs met."
statement_zh = "每名网格员负责的户数越少,需求解决率越低。"
scope = "all"
reference = { scenario = "baseline", set = { warmup_weeks = 10 } }

[claim.wrong_way.arms]
large = { set = { households_per_worker = 800 } }
small = { set = { households_per_worker = 200 } }

[[claim.wrong_way.test]]
name = "needs_met_falls"
effect = "small.needs_met_rate - large.needs_met_rate"
direction = "decrease"
"""

TINY = validation.Settings(
    seeds=3,
    condition_seeds=2,
    sizes=(200,),
    horizons=(30,),
    scenarios=False,
    worlds=3,
    world_seeds=3,
    world_max_seeds=3,
    world_households=200,
    world_steps=30,
)


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    path = tmp_path_factory.mktemp("claims") / "claims.toml"
    path.write_text(CLAIMS, encoding="utf-8")
    claims = load_claims(path)
    worlds = draw_worlds(load_world_uncertainties(path), TINY.worlds, TINY.master_seed)
    return validation.validate(claims, worlds, TINY)


def test_validate_holds_where_true_and_reverses_where_false(validated):
    by_name = {r.claim.name: r for r in validated}
    good, bad = by_name["small_grids"], by_name["wrong_way"]
    assert good.at_reference and not good.reversed_at_reference
    assert bad.reversed_at_reference and not bad.passes
    # a world where workers have time to spare may show no detectable effect with two seeds
    assert "reversed" not in good.world_outcomes and good.world_outcomes.count("holds") >= 2
    assert "holds" not in bad.world_outcomes and bad.world_outcomes.count("reversed") >= 2
    counts = bad.tests_in_worlds()["needs_met_falls"]
    assert counts["holds"] == 0 and counts["reversed"] == bad.world_outcomes.count("reversed")
    assert good.boxes == [] and bad.boxes == []  # three worlds are too few for PRIM


def test_validate_resumes_from_its_folder_with_the_same_verdicts(
    validated, tmp_path_factory, monkeypatch
):
    """Finished runs are kept in DIR/runs.jsonl: a validation killed mid-write (its last line
    cut short) runs only what is missing, and the verdicts are those of an uninterrupted run."""
    from sim.experiments import validate as engine
    from sim.experiments.validation_cache import FILE

    folder = tmp_path_factory.mktemp("resume")
    path = folder / "claims.toml"
    path.write_text(CLAIMS, encoding="utf-8")
    claims = load_claims(path)
    worlds = draw_worlds(load_world_uncertainties(path), TINY.worlds, TINY.master_seed)
    first = validation.validate(claims, worlds, TINY, folder=folder)
    lines = (folder / FILE).read_text().splitlines()
    (folder / FILE).write_text("\n".join(lines[:-3]) + "\n" + lines[-3][:40])  # a kill
    ran = []
    real = engine.execute
    monkeypatch.setattr(
        engine, "execute", lambda tasks, **kw: ran.extend(tasks) or real(tasks, **kw)
    )
    account = {}
    again = validation.validate(claims, worlds, TINY, folder=folder, account=account)
    assert len(ran) == 3  # the line cut short and the two lost after it
    assert account["runs"] == len(lines) and account["cpu_seconds"] > 0  # kept runs count too
    for a, b, c in zip(validated, first, again, strict=True):
        assert [v.as_dict() for v in a.verdicts] == [v.as_dict() for v in b.verdicts]
        assert [v.as_dict() for v in b.verdicts] == [v.as_dict() for v in c.verdicts]
        assert b.world_outcomes == c.world_outcomes
    ran.clear()
    validation.validate(claims, worlds, TINY, folder=folder)
    assert ran == []  # everything known: nothing runs


def test_validate_reruns_what_a_change_to_the_model_made_stale(tmp_path, monkeypatch):
    """Cached runs are keyed by the model's fingerprint: after a change to its rules,
    nothing cached is reused (and the old lines stay in the file)."""
    from sim.experiments import validate as engine
    from sim.experiments import validation_cache
    from sim.experiments.validation_cache import FILE

    path = tmp_path / "claims.toml"
    path.write_text(CLAIMS, encoding="utf-8")
    claims = load_claims(path)[:1]
    worlds = draw_worlds(load_world_uncertainties(path), TINY.worlds, TINY.master_seed)
    validation.validate(claims, worlds, TINY, folder=tmp_path)
    before = (tmp_path / FILE).read_text()
    ran = []
    real = engine.execute
    monkeypatch.setattr(
        engine, "execute", lambda tasks, **kw: ran.extend(tasks) or real(tasks, **kw)
    )
    monkeypatch.setattr(validation_cache, "model_fingerprint", lambda: "another model")
    validation.validate(claims, worlds, TINY, folder=tmp_path)
    assert len(ran) == len(before.splitlines())  # every run again
    assert (tmp_path / FILE).read_text().startswith(before)


def test_validate_writes_json_and_markdown_with_both_kinds_of_uncertainty(validated):
    data = validation.as_json(validated, TINY, "1 coefficient")
    json.dumps(data)  # plain data
    claim = data["claims"][1]
    reversed_worlds = validated[1].world_outcomes.count("reversed")
    assert claim["worlds"]["share_reversed"] == reversed_worlds / 3 and claim["worlds"]["n"] == 3
    text = validation.markdown(validated, TINY, "govsim validate")
    assert "over seeds (chance)" in text and "plausible worlds" in text
    assert f"reversed in {reversed_worlds}" in text
    assert f"| needs_met_falls | 0 | {3 - reversed_worlds} | {reversed_worlds} |" in text


def test_each_claim_runs_the_seeds_its_power_needs():
    from sim.experiments.power import seeds_for

    # a large effect over a small spread needs the fewest; a small one needs more, capped
    assert seeds_for(0.10, 0.01, 0.005, low=4, high=16) == 4
    assert seeds_for(0.02, 0.02, 0.005, low=4, high=16) == 13
    assert seeds_for(0.02, 0.20, 0.005, low=4, high=16) == 16
    assert seeds_for(0.004, 0.001, 0.005, low=4, high=16) == 16  # below min_effect: the most
    spreads = [seeds_for(0.02, sd, 0.005, low=2, high=40) for sd in (0.005, 0.01, 0.02, 0.03)]
    assert spreads == sorted(spreads) and spreads[0] < spreads[-1]  # more spread, more seeds
    wider = replace(TINY, world_max_seeds=6)
    # the reference verdicts at the worlds' size and horizon decide; others do not
    ref = [v for r in _fake_results() for v in r]
    seeds = validation.seeds_in_worlds(_fake_claims(), ref, wider)
    assert seeds == {"big": wider.world_seeds, "small": 6}


def test_a_world_that_cannot_tell_is_looked_at_again_with_more_seeds(monkeypatch):
    """Sequential seeds: world 0 shows the effect on 4 seeds and stops; world 1 needs 8;
    world 2 never shows it (16, the most); every look spends a third of the 5% error."""
    from sim.experiments.validate import Verdict

    assert validation.looks(4, 16) == [4, 8, 16]
    assert validation.looks(10, 16) == [10, 16] and validation.looks(16, 16) == [16]
    calls = []

    def fake_run_claims(claims, conditions, *, seeds, level, **_):
        calls.append((seeds, level, sorted(c.world for c in conditions["c"])))
        needs = {0: 4, 1: 8, 2: 99}
        verdict = {True: "holds", False: "no effect"}
        return [
            Verdict("c", "t", x, 0.1, 0, 0, seeds, verdict[seeds >= needs[x.world]])
            for x in conditions["c"]
        ]

    monkeypatch.setattr(validation, "run_claims", fake_run_claims)
    claim = _fake_claims()[0]
    claim.name = "c"
    settings = replace(TINY, world_seeds=4, world_max_seeds=16)
    found = validation.sequential_worlds([claim], [{}, {}, {}], settings, 4, None, {})
    level = pytest.approx(1 - 0.05 / 3)
    assert calls == [(4, level, [0, 1, 2]), (8, level, [1, 2]), (16, level, [2])]
    assert [(v.condition.world, v.n, v.verdict) for v in found] == [
        (0, 4, "holds"), (1, 8, "holds"), (2, 16, "no effect")
    ]  # fmt: skip
    result = validation.ClaimResult(claim, [], found, world_seeds=4)
    assert result.world_seeds_text == "4–16"


def _fake_claims():
    from types import SimpleNamespace as NS

    test = NS(name="t", min_effect=0.005, either=())
    return [NS(name="big", tests=[test]), NS(name="small", tests=[test])]


def _fake_results():
    from sim.experiments.claims import Condition
    from sim.experiments.validate import Verdict

    at = Condition("big", "reference", 200, 30)
    far = Condition("small", "reference", 3000, 30)
    return [
        [Verdict("big", "t", at, 0.2, 0.1, 0.3, 30, "holds", 0.01)],
        [
            Verdict("small", "t", at, 0.02, 0.01, 0.03, 30, "holds", 0.05),
            Verdict("small", "t", far, 0.2, 0.1, 0.3, 30, "holds", 0.01),
        ],
    ]


TARGETS = """
[settings]
n_households = 200
seeds = 1
steps = 20

[target.needs_met]
title_en = "Needs met"
title_zh = "需求解决率"
metric = "needs_met_rate"
scenario = "baseline"
interval = [{low}, {high}]
source = "a test"
"""


def test_worlds_are_screened_by_the_calibration_targets(tmp_path):
    from sim.experiments.plausible import screen_worlds

    uncertain = load_world_uncertainties(_claims_file(tmp_path))
    loose, tight = tmp_path / "loose.toml", tmp_path / "tight.toml"
    loose.write_text(TARGETS.format(low=0.0, high=1.0), encoding="utf-8")
    tight.write_text(TARGETS.format(low=2.0, high=3.0), encoding="utf-8")
    common = {"n_households": 200, "seeds": 1, "max_batches": 2}
    kept = screen_worlds(uncertain, 2, 7, targets_path=loose, **common)
    assert kept.kept == draw_worlds(uncertain, 2, 7)  # every draw allowed: the first n
    assert kept.as_dict()["candidates"] == 2 and kept.rejected_by == {}
    none = screen_worlds(uncertain, 2, 7, targets_path=tight, **common)
    assert none.kept == [] and none.as_dict()["candidates"] == 4  # two batches, then stop
    assert none.rejected_by == {"needs_met": 4}
    from sim.cli.validate import target_titles, worlds_note

    assert "needs_met 4" in worlds_note(none, "1 coefficient", 0)
    titles = target_titles(tight)  # by their titles, in the reader's language
    assert "Needs met (needs_met) 4" in worlds_note(none, "1 coefficient", 0, "en", titles)
    assert "需求解决率 4" in worlds_note(none, "1 个系数", 0, "zh", titles)
    assert "未按校准目标筛选" in worlds_note(None, "1 个系数", 3, "zh")


def _claims_file(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(CLAIMS, encoding="utf-8")
    return path


def test_validate_bad_cutoff_is_a_message(tmp_path, capsys):
    out = tmp_path / "out"
    claims = _claims_file(tmp_path)
    with pytest.raises(SystemExit) as stop:  # argparse's own exit
        main(["validate", str(claims), "--quick", "--cutoff", "0", "--out", str(out)])
    assert stop.value.code == 2
    assert "above 0" in capsys.readouterr().err and not out.exists()
    missing = str(tmp_path / "none.toml")
    assert main(["validate", str(claims), "--quick", "--targets", missing, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "none.toml" in err and "Traceback" not in err and not out.exists()


def test_more_worlds_mean_a_tighter_share():
    assert validation.wilson(30, 30)[1] > validation.wilson(3, 3)[1]
    quick = replace(TINY, worlds=40)
    assert quick.worlds == 40


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("[claim.x]\ntitle_en = 'x'\n", "claim"),
        (CLAIMS.replace("small.needs_met_rate", "small.needs_met_rat"), "needs_met_rat"),
        (CLAIMS.replace('direction = "increase"', 'direction = "up"'), "direction"),
        (
            CLAIMS.replace(
                'uncertainties = ["worker_capacity"]', 'uncertainties = ["worker_capacty"]'
            ),
            "worker_capacity",
        ),
        ("not toml [", "TOML"),
        (
            CLAIMS.replace(
                'name = "needs_met_rises"', 'name = "needs_met_rises"\nwhere = "small.backlg > 1"'
            ),
            "backlg",
        ),
        (
            CLAIMS.replace(
                'name = "needs_met_rises"', 'name = "needs_met_rises"\nwhere = "small.backlog"'
            ),
            "'where' compares",
        ),
        (
            CLAIMS.replace(
                'name = "needs_met_rises"', 'name = "needs_met_rises"\nwhere = "mid.backlog > 1"'
            ),
            "mid",
        ),
        (
            CLAIMS.replace(
                "small = { set = { households_per_worker = 200 } }",
                "small = { shift = { worker_capacty = 1 } }",
            ),
            "worker_capacity",
        ),
        (
            CLAIMS.replace(
                "small = { set = { households_per_worker = 200 } }",
                "small = { shift = { need_rate_health = 0.1 } }",
            ),
            "one number",
        ),
        (
            CLAIMS.replace(
                "small = { set = { households_per_worker = 200 } }",
                'small = { shift = { worker_capacity = "more" } }',
            ),
            "must be a number",
        ),
        (
            CLAIMS.replace(
                "small = { set = { households_per_worker = 200 } }",
                "small = { coefficients = { worker_capacity = 40 }, "
                "shift = { worker_capacity = 5 } }",
            ),
            "one of the two",
        ),
        *[
            (
                CLAIMS.replace("small = { set = { households_per_worker = 200 } }", arm),
                f"'{key}' must be a table",
            )
            for key, arm in [
                ("shift", "small = { shift = 1.5 }"),
                ("coefficients", "small = { coefficients = 3 }"),
                ("set", "small = { set = 2 }"),
            ]
        ],
    ],
)
def test_validate_bad_claims_file_is_a_message(tmp_path, capsys, text, phrase):
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["validate", str(path), "--quick", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err
    assert not out.exists()  # nothing is written before the file is known to be good


def test_a_shifted_coefficient_moves_from_its_value_in_each_world(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(
        CLAIMS.replace(
            "small = { set = { households_per_worker = 200 } }",
            "small = { shift = { worker_capacity = 5 } }",
        ),
        encoding="utf-8",
    )
    claim = load_claims(path)[0]
    at_reference = Condition(claim.name, "reference", 1000, 104)
    in_world = replace(at_reference, world=0, draws=(("worker_capacity", 40.0),))
    default = DEFAULT_CALIBRATION.worker_capacity
    assert arm_run(claim, claim.arms["small"], at_reference)[1]["worker_capacity"] == default + 5
    assert arm_run(claim, claim.arms["small"], in_world)[1]["worker_capacity"] == 45.0
    assert "worker_capacity" not in arm_run(claim, claim.arms["large"], at_reference)[1]


def test_an_arm_moves_its_lever_without_the_scenarios_budget():
    shipped = load_claims(Path(__file__).resolve().parent.parent / "experiments" / "claims.toml")
    claim = next(c for c in shipped if c.name == "equal_cost")
    at_budgeted = Condition(claim.name, "combined_equal_cost", 1000, 104)
    lever = Arm("o10", set={"social_orgs": 10})
    assert arm_run(claim, lever, at_budgeted)[0]["budget"] == 0  # no budget: the lever itself
    held = Arm("held", set={"social_orgs": 10}, budget_of="combined_equal_cost")
    budget = load_scenario("combined_equal_cost")["budget"]
    assert budget > 0 and arm_run(claim, held, at_budgeted)[0]["budget"] == budget
    assert arm_run(claim, claim.arms["together"], at_budgeted)[0]["budget"] == budget


def test_validate_missing_claims_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "none.toml"), "--quick"]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.parametrize("lang, words", [("en", "Reversed in"), ("zh", "方向相反")])
def test_validation_page_in_both_languages(validated, lang, words):
    from sim.app.validation_page import validation_page

    page = validation_page(validated, TINY, lang, "govsim validate")
    assert words in page and "<table" in page
    assert {"en": "Scope:", "zh": "适用范围:"}[lang] in page  # in words (sim.app.condition_words)
    assert validated[0].claim.title(lang) in page


# ------------------------------------------------------------------ sensitivity over coefficients

COEFFICIENT_MORRIS = """
[experiment]
design = "morris"
samples = 2
levels = 4
scenarios = ["baseline"]
replications = 1
steps = 20
metrics = ["needs_met_rate"]
[fixed]
n_households = 200
warmup_weeks = 10
[factors]
worker_capacity = "plausible"
need_rate_health = { range = [0.8, 1.2] }
offline_contact_by_age = "plausible"
"""


def test_coefficients_vary_in_a_sampled_design(tmp_path, capsys):
    from sim.experiments.design import design_points

    path = tmp_path / "m.toml"
    path.write_text(COEFFICIENT_MORRIS, encoding="utf-8")
    spec = load_experiment(path)
    points = design_points(spec)
    assert len(points) == 2 * 4
    for p in points:
        assert "worker_capacity" not in p.params  # a coefficient, not a parameter
        assert p.coefficients["worker_capacity"] == p.factors["worker_capacity"]
        assert isinstance(p.coefficients["offline_contact_by_age"], tuple)  # scaled as a world
    run_sweep(spec, tmp_path / "out", progress=False)
    assert main(["summarize", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "worker_capacity" in out and "mu_star" in out
    indices = sensitivity(load_results(tmp_path / "out"))
    mu = indices[indices["index"] == "mu_star"].set_index("factor")["value"]
    assert mu["worker_capacity"] > 0  # capacity moves needs met


def test_the_shipped_coefficient_sensitivity_covers_every_coefficient():
    spec = load_experiment("experiments/coefficient_sensitivity.toml")
    assert {f.name for f in spec.factors} == set(sim.COEFFICIENTS)


@pytest.mark.parametrize(
    "factors, phrase",
    [
        ("worker_capacity = { range = [-5, 10] }", "worker_capacity"),
        ('worker_capacty = "plausible"', "worker_capacity"),
        ('"*" = "all"', "plausible"),
    ],
)
def test_bad_coefficient_factors_are_messages(tmp_path, capsys, factors, phrase):
    path = tmp_path / "m.toml"
    text = COEFFICIENT_MORRIS.split("[factors]")[0] + "[factors]\n" + factors + "\n"
    path.write_text(text, encoding="utf-8")
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_coefficient_in_a_grid_design_is_refused(tmp_path, capsys):
    path = tmp_path / "g.toml"
    path.write_text(
        "[experiment]\nscenarios = ['baseline']\n[factors]\nworker_capacity = [30, 40]\n",
        encoding="utf-8",
    )
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "sampled design" in capsys.readouterr().err


def test_a_negligible_difference_is_neither_a_win_nor_a_loss(worlds_sweep):
    from sim.experiments.robust import negligible

    table = across_worlds(worlds_sweep)
    assert (table["win_rate"] + table["loss_rate"] <= 1).all()
    assert negligible("needs_met_rate") == 0.005 and negligible("cost") == 0.0


def test_discover_one_policy_at_a_time(worlds_sweep, capsys):
    folder = str(worlds_sweep.folder)
    args = ["discover", folder, "--metric", "needs_met_rate", "--worse-than", "baseline"]
    assert main([*args, "--scenario", "combined"]) == 0
    assert "of 4 worlds" in capsys.readouterr().out  # combined's four worlds, not pooled
    assert main([*args, "--scenario", "combind"]) == 2
    assert "combined" in capsys.readouterr().err


def test_a_box_must_be_denser_than_everywhere_and_simple():
    from sim.experiments.discover import MAX_DIMS

    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.uniform(0, 1, (300, 20)), columns=[f"c{i}" for i in range(20)])
    assert find_boxes(x, rng.uniform(size=300) < 0.3) == []  # no region in pure noise
    y = (x.c0 > 0.6) & (x.c1 > 0.5) & (x.c2 < 0.7) & (x.c3 > 0.2)
    boxes = find_boxes(x, y)
    assert boxes and all(len(b.limits) <= MAX_DIMS for b in boxes)


def test_worlds_give_the_same_numbers_on_every_executor(tmp_path):
    text = WORLDS_SWEEP.replace("worlds = 4", "worlds = 3").replace("steps = 20", "steps = 12")
    path = tmp_path / "w.toml"
    path.write_text(text, encoding="utf-8")
    spec = load_experiment(path)
    run_sweep(spec, tmp_path / "serial", progress=False)
    run_sweep(spec, tmp_path / "pool", workers=2, progress=False)
    run_sweep(spec, tmp_path / "dask", workers=2, scheduler="local", progress=False)

    def numbers(folder):
        runs = load_results(folder).runs
        return runs.drop(columns=["seconds"]).sort_values("run").reset_index(drop=True)

    serial = numbers(tmp_path / "serial")
    for other in ("pool", "dask"):
        pd.testing.assert_frame_equal(serial, numbers(tmp_path / other))


@pytest.mark.slow
def test_a_killed_calibration_resumes_to_the_same_result(tmp_path):
    """Killed mid-wave like a machine going down, then `--resume`: the same ensemble and
    best fit as a calibration that ran through."""
    import os
    import signal
    import subprocess
    import sys
    import time

    cli = [sys.executable, "-m", "sim.cli.main", "calibrate", *CALIBRATE, "--trials", "2"]
    whole = tmp_path / "whole"
    assert (
        subprocess.run([*cli, "--out", str(whole), "--quiet"], capture_output=True).returncode == 0
    )
    cut = tmp_path / "cut"
    process = subprocess.Popen(
        [*cli, "--out", str(cut), "--quiet", "--workers", "2"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(list((cut / "wave-1" / "parts" / "runs").glob("*.parquet"))) < 2:
        assert time.monotonic() < deadline and process.poll() is None, "ended too soon"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    resumed = subprocess.run([*cli, "--out", str(cut), "--resume", "--quiet"], capture_output=True)
    assert resumed.returncode == 0, resumed.stderr
    assert sim.load_coefficients(cut / "best.toml") == sim.load_coefficients(whole / "best.toml")
    pd.testing.assert_frame_equal(
        pd.read_parquet(cut / "ensemble.parquet"), pd.read_parquet(whole / "ensemble.parquet")
    )


@pytest.mark.parametrize("lang, words", [("en", "tests hold"), ("zh", "项成立")])
def test_validate_terminal_table_in_both_languages(validated, lang, words):
    from sim.cli.validate import summary_table

    table = summary_table(validated, lang)
    text = table.to_string()
    assert words in text and validated[0].claim.title(lang) in text
    if lang == "zh":
        assert "falls short" not in text and "tests hold" not in text and "结论" in table.columns


def test_a_test_applies_only_where_its_condition_holds(tmp_path):
    """`where` is judged on the arms' means at each condition: false there, the test is "not
    applicable" and does not count against the claim in that world; true, it is judged."""
    from sim.experiments.validate import verdicts

    text = CLAIMS.replace(
        'name = "needs_met_rises"', 'name = "needs_met_rises"\nwhere = "large.backlog >= 5"'
    )
    claim = load_claims(_write(tmp_path, text))[0]
    assert claim.tests[0].where == "large.backlog >= 5"
    assert ("large", "backlog", "final") in claim.tests[0].terms()  # its metric is run
    rises = np.array([0.2, 0.3, 0.25])
    values = {
        ("small", "needs_met_rate", "final"): 0.5 + rises,
        ("large", "needs_met_rate", "final"): np.full(3, 0.5),
    }
    for backlog, expected in (
        (np.array([1.0, 2.0, 3.0]), "not applicable"),
        (np.full(3, 9.0), "holds"),
    ):
        values[("large", "backlog", "final")] = backlog
        condition = Condition(claim.name, "reference", 200, 30, 0)
        (v,) = verdicts(claim, condition, values)
        assert v.verdict == expected and v.effect == pytest.approx(0.25)
        assert validation.world_outcome([v], 0) == "holds"
    values[("small", "needs_met_rate", "final")] = 0.5 - rises  # the wrong way, and applicable
    (v,) = verdicts(claim, Condition(claim.name, "reference", 200, 30, 0), values)
    assert v.verdict == "reversed" and validation.world_outcome([v], 0) == "reversed"


def test_a_test_with_its_own_scope_applies_only_at_the_named_scenarios_within_it(tmp_path):
    from sim.experiments.validate import verdicts

    text = CLAIMS.replace(
        'name = "needs_met_rises"',
        'name = "needs_met_rises"\nscope = "households_per_worker >= 600"',
    )
    claim = load_claims(_write(tmp_path, text))[0]
    values = {
        ("small", "needs_met_rate", "final"): np.array([0.7, 0.8, 0.75]),
        ("large", "needs_met_rate", "final"): np.full(3, 0.5),
    }
    judged = {
        base: verdicts(claim, Condition(claim.name, base, 200, 30), values)[0].verdict
        for base in ("reference", "digital_only", "baseline")  # 600 and 500 households each
    }
    assert judged == {"reference": "holds", "digital_only": "holds", "baseline": "not applicable"}
    for scope in ("grid >= 1", "households_per_worker / assisted_access >= 3000"):  # 0 at one
        bad = CLAIMS.replace(
            'name = "needs_met_rises"', f'name = "needs_met_rises"\nscope = "{scope}"'
        )
        assert main(["validate", str(_write(tmp_path, bad)), "--quick"]) == 2
    reference_only = text.replace('scope = "all"', 'scope = "reference"', 1)
    for arm in ("large", "small"):
        reference_only = reference_only.replace(
            f"{arm} = {{ set", f'{arm} = {{ scenario = "baseline", set'
        )
    assert main(["validate", str(_write(tmp_path, reference_only)), "--quick"]) == 2


def _write(tmp_path, text):
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_quick_says_what_it_judges_in_both_languages():
    from sim.cli.validate import _quick_note

    en, zh = (_quick_note(validation.QUICK, lang) for lang in ("en", "zh"))
    assert "6 worlds" in en and "reverses at its reference point" in en
    assert "6 个世界" in zh and "参照点" in zh


def test_validate_takes_the_seeds_at_named_scenarios_from_the_line():
    from sim.cli.main import build_parser
    from sim.cli.validate import settings_from

    parse = build_parser().parse_args
    assert (
        settings_from(parse(["validate"])).condition_seeds == validation.Settings().condition_seeds
    )
    given = settings_from(parse(["validate", "--scenario-seeds", "30", "--seeds", "12"]))
    assert (given.condition_seeds, given.seeds) == (30, 12)
    assert settings_from(parse(["validate", "--quick", "--worlds", "3"])).worlds == 3
