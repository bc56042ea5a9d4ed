"""Calibration against the targets of MODEL.md section 10 (`govsim calibrate`).

1. **History matching** in waves. Wave 1 draws worlds (Latin hypercube) over the plausible
   ranges of the coefficients named in the targets file's `[calibrate] vary`; each world
   runs the target scenarios on paired seeds through the sweep machinery (parallel, stored in
   DIR/wave-K, resumable). A world is *accepted* when every target's implausibility
   |model − target| / half-width of its tolerance is at most `cutoff` (3). The next wave
   draws within the accepted worlds' ranges. The last wave's accepted worlds are the
   **ensemble** (DIR/ensemble.parquet), usable as `ensemble = ...` in an experiment file.
2. **Best fit**: Optuna's TPE over the last wave's ranges, minimizing the sum of squared
   implausibilities, with its study in DIR/optuna.db (SQLite), so a killed calibration
   resumes where it stopped. DIR/best.toml is a coefficients file for `--coefficients`.

DIR/fit.csv and the printed table give each target: its value, the default model, the best
fit, and the ensemble's 5-95% range. DIR/calibration.json records what was done.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import GovsimError
from sim.experiments.design import Task, paired_seeds
from sim.experiments.execute import execute
from sim.experiments.files import atomic_write_bytes, atomic_write_json, atomic_write_parquet
from sim.experiments.provenance import model_fingerprint
from sim.experiments.spec import ExperimentSpec
from sim.experiments.targets import Targets, population_statistics
from sim.experiments.worlds import Uncertainty, world_values
from sim.model.simulate import final_quarter
from sim.parameters import load_scenario

CUTOFF = 3.0  # implausibility: accepted within 3 half-widths (Pukelsheim's three-sigma rule)
PLAN_FILE = "calibration.json"


class CalibrationError(GovsimError):
    """A calibration that cannot start or resume as asked."""


@dataclass(frozen=True)
class Plan:
    targets: Targets
    vary: tuple[Uncertainty, ...]
    waves: int = 3
    worlds: int = 48  # worlds per wave
    seeds: int = 2
    n_households: int = 1000
    trials: int = 24  # best-fit trials
    master_seed: int = 2026

    def digest(self) -> str:
        """What decides the numbers: the targets and the plan (not where the file lives)."""
        data = {
            "targets": [t.__dict__ for t in self.targets.targets],
            "vary": [u.to_dict() for u in self.vary],
            **{k: getattr(self, k) for k in ("waves", "worlds", "seeds", "n_households")},
            "trials": self.trials,
            "master_seed": self.master_seed,
            "steps": self.targets.steps,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[
            :16
        ]


def load_plan(
    path: str | Path,
    *,
    waves: int | None = None,
    worlds: int | None = None,
    seeds: int | None = None,
    trials: int | None = None,
    n_households: int | None = None,
) -> Plan:
    """The targets file and its [calibrate] table (options given here override it)."""
    from sim.experiments.targets import TargetsError, load_targets
    from sim.experiments.worlds import read_uncertainties
    from sim.parameters.tomlfile import where

    targets = load_targets(path)
    table = dict(targets.calibrate)

    def fail(key, message):
        raise TargetsError(f"{where(Path(path), targets.text, key)}: {message}")

    allowed = ("waves", "worlds", "seeds", "n_households", "trials", "vary")
    for key in table:
        if key not in allowed:
            from sim.parameters.validation import unknown_name_message

            fail(key, unknown_name_message(key, allowed, "key in [calibrate]"))
    vary = table.get("vary")
    if not isinstance(vary, list) or not vary or not all(isinstance(v, str) for v in vary):
        fail("vary", "[calibrate] needs 'vary': a list of the coefficients to calibrate")
    uncertainties = read_uncertainties({name: "plausible" for name in vary}, fail)
    settings = {
        "waves": (waves, 1, 20),
        "worlds": (worlds, 4, 10_000),
        "seeds": (seeds, 1, 100),
        "trials": (trials, 1, 10_000),
        "n_households": (n_households, 50, 500_000),
    }
    values = {}
    for key, (given, low, high) in settings.items():
        value = given if given is not None else table.get(key, getattr(Plan, key))
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            fail(key, f"'{key}' must be a whole number from {low} to {high:,}")
        values[key] = value
    return Plan(targets, uncertainties, **values)


# ------------------------------------------------------------------ evaluating worlds


def metric_scenarios(plan: Plan) -> list[str]:
    return sorted({t.scenario for t in plan.targets.targets if t.kind == "metric"})


def wave_spec(plan: Plan, wave: int, ranges: tuple[Uncertainty, ...]) -> ExperimentSpec:
    """A wave as an experiment: the target scenarios in `plan.worlds` worlds over `ranges`."""
    metrics = tuple(sorted({t.quantity for t in plan.targets.targets if t.kind == "metric"}))
    scenarios = tuple(
        load_scenario(name, n_households=plan.n_households, steps=plan.targets.steps)
        for name in metric_scenarios(plan)
    )
    return ExperimentSpec(
        name=f"calibration-wave-{wave}",
        scenarios=scenarios,
        replications=plan.seeds,
        master_seed=plan.master_seed + wave,
        metrics=metrics,
        uncertainties=ranges,
        worlds=plan.worlds,
        reference=scenarios[0].name,
    )


def wave_values(plan: Plan, results) -> pd.DataFrame:
    """One row per world: its draws and the model's value of every target."""
    from sim.experiments.analysis import done_runs

    runs = done_runs(results)
    rows = []
    for world in sorted({p.world for p in results.manifest.points}):
        points = [p for p in results.manifest.points if p.world == world]
        draws = points[0].uncertain
        row = {"world": world, **draws}
        for t in plan.targets.targets:
            if t.kind == "metric":
                point = next(p.point for p in points if p.scenario == t.scenario)
                row[t.name] = float(runs.loc[runs["point"] == point, t.quantity].mean())
        rows.append(row)
    frame = pd.DataFrame(rows)
    return add_fixed_targets(plan, frame)


def add_fixed_targets(plan: Plan, frame: pd.DataFrame) -> pd.DataFrame:
    """Statistic, parameter and coefficient targets of each world (no runs needed)."""
    from sim.model.calibration import with_coefficients

    for index, row in frame.iterrows():
        draws = {u.name: row[u.name] for u in plan.vary}
        _, coefficients = world_values(draws)
        cal = with_coefficients(coefficients)
        stats = population_statistics(plan.targets, cal)
        for t in plan.targets.targets:
            if t.kind == "statistic":
                frame.loc[index, t.name] = stats[t.quantity]
            elif t.kind == "parameter":
                frame.loc[index, t.name] = float(load_scenario(t.scenario)[t.quantity])
            elif t.kind == "coefficient":
                value = getattr(cal, t.quantity)
                frame.loc[index, t.name] = float(value[t.index] if t.index is not None else value)
    return frame


def implausibility(plan: Plan, frame: pd.DataFrame) -> pd.Series:
    """Per world, the largest implausibility over the targets."""
    each = pd.DataFrame(
        {t.name: [t.implausibility(x) for x in frame[t.name]] for t in plan.targets.targets}
    )
    return each.max(axis=1)


def refine(vary: tuple[Uncertainty, ...], accepted: pd.DataFrame) -> tuple[Uncertainty, ...]:
    """The ranges of the accepted worlds, widened by a tenth, within the previous ranges."""
    out = []
    for u in vary:
        low, high = float(accepted[u.name].min()), float(accepted[u.name].max())
        pad = 0.1 * (u.high - u.low)
        low, high = max(u.low, low - pad), min(u.high, high + pad)
        out.append(replace(u, low=low, high=high) if high > low else u)
    return tuple(out)


# ------------------------------------------------------------------ the calibration


def history_matching(plan: Plan, folder: Path, *, workers, scheduler, resume, progress):
    """Run the waves; returns (ensemble frame, final ranges, all waves' frames)."""
    from sim.experiments.store import load_results
    from sim.experiments.sweep import run_sweep

    ranges, frames = plan.vary, []
    for wave in range(1, plan.waves + 1):
        spec = wave_spec(plan, wave, ranges)
        out = folder / f"wave-{wave}"
        run_sweep(spec, out, workers=workers, scheduler=scheduler, resume=True, progress=progress)
        frame = wave_values(plan, load_results(out))
        frame["implausibility"] = implausibility(plan, frame)
        frame["wave"] = wave
        frames.append(frame)
        accepted = frame[frame["implausibility"] <= CUTOFF]
        if accepted.empty:  # keep the closest tenth so the next wave still narrows
            accepted = frame.nsmallest(max(2, len(frame) // 10), "implausibility")
        if wave < plan.waves:
            ranges = refine(ranges, accepted)
    ensemble = frames[-1][frames[-1]["implausibility"] <= CUTOFF]
    return ensemble, ranges, frames


def best_fit(plan: Plan, folder: Path, ranges, *, workers, scheduler) -> dict[str, float]:
    """Optuna (TPE, seeded) over `ranges`, resumable from DIR/optuna.db; the best draws."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = f"sqlite:///{(folder / 'optuna.db').resolve()}"
    sampler = optuna.samplers.TPESampler(seed=plan.master_seed)
    study = optuna.create_study(
        study_name="best-fit", storage=storage, sampler=sampler, load_if_exists=True
    )
    done = len([t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE])
    batch = max(1, workers)
    while done < plan.trials:
        trials = [study.ask() for _ in range(min(batch, plan.trials - done))]
        draws = [{u.name: t.suggest_float(u.name, u.low, u.high) for u in ranges} for t in trials]
        frame = evaluate_draws(plan, draws, workers=workers, scheduler=scheduler)
        for trial, (_, row) in zip(trials, frame.iterrows(), strict=True):
            score = sum(t.implausibility(row[t.name]) ** 2 for t in plan.targets.targets)
            study.tell(trial, score if np.isfinite(score) else 1e9)
        done += len(trials)
    return dict(study.best_params)


def evaluate_draws(plan: Plan, draws: list[dict], *, workers=1, scheduler=None) -> pd.DataFrame:
    """The target values of worlds given by their draws (runs through the executors)."""
    scenarios = metric_scenarios(plan)
    metrics = tuple(sorted({t.quantity for t in plan.targets.targets if t.kind == "metric"}))
    seeds = paired_seeds(plan.master_seed, plan.seeds)
    tasks = []
    for i, world in enumerate(draws):
        params, coefficients = world_values(world)
        for j, name in enumerate(scenarios):
            scenario = load_scenario(name, n_households=plan.n_households, steps=plan.targets.steps)
            for r, seed in enumerate(seeds):
                tasks.append(
                    Task(
                        f"w{i}-s{j}-r{r}",
                        i * len(scenarios) + j,
                        r,
                        seed,
                        {**dict(scenario), **params},
                        metrics,
                        coefficients,
                    )
                )
    finals: dict[int, list] = {}
    for result in execute(tasks, workers=workers, scheduler=scheduler):
        if result.status == "done":
            finals.setdefault(result.point, []).append(final_quarter(result.weekly))
    rows = []
    for i, world in enumerate(draws):
        row = dict(world)
        for t in plan.targets.targets:
            if t.kind == "metric":
                point = i * len(scenarios) + scenarios.index(t.scenario)
                values = [f[t.quantity] for f in finals.get(point, [])]
                row[t.name] = float(np.nanmean(values)) if values else float("nan")
        rows.append(row)
    return add_fixed_targets(plan, pd.DataFrame(rows))


def calibrate(
    plan: Plan,
    folder: str | Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    progress: bool = True,
) -> dict:
    """The whole calibration into `folder`; returns the summary written to calibration.json."""
    folder = Path(folder)
    _open_folder(folder, plan, resume)
    ensemble, ranges, frames = history_matching(
        plan, folder, workers=workers, scheduler=scheduler, resume=resume, progress=progress
    )
    atomic_write_parquet(folder / "ensemble.parquet", ensemble.reset_index(drop=True))
    best = best_fit(plan, folder, ranges, workers=workers, scheduler=scheduler)
    _, best_coefficients = world_values(best)
    atomic_write_bytes(folder / "best.toml", coefficients_toml(best_coefficients).encode())
    fit = fit_table(plan, best, ensemble, workers=workers, scheduler=scheduler)
    atomic_write_bytes(folder / "fit.csv", fit.to_csv(index=False).encode("utf-8"))
    summary = {
        "digest": plan.digest(),
        "model_fingerprint": model_fingerprint(),
        "targets": plan.targets.source,
        "waves": [
            {
                "wave": int(f["wave"].iloc[0]),
                "worlds": len(f),
                "accepted": int((f["implausibility"] <= CUTOFF).sum()),
            }
            for f in frames
        ],  # fmt: skip
        "ranges": [u.to_dict() for u in ranges],
        "best": best,
        "status": "complete",
    }
    atomic_write_json(folder / PLAN_FILE, summary)
    return summary


def _open_folder(folder: Path, plan: Plan, resume: bool) -> None:
    from sim.fileio import path_kind, read_json

    kind = path_kind(folder)
    if kind not in ("missing", "folder"):
        raise CalibrationError(f"--out {folder} is a file; give a folder for the calibration")
    record = folder / PLAN_FILE
    if kind == "folder" and any(folder.iterdir()):
        if not record.exists():
            raise CalibrationError(
                f"folder {folder} is not empty and holds no calibration; choose a new --out"
            )
        if not resume:
            raise CalibrationError(
                f"folder {folder} holds a calibration; use --resume to finish it, or a new --out"
            )
        old = read_json(record, "calibration record", CalibrationError)
        if not isinstance(old, dict) or old.get("digest") != plan.digest():
            raise CalibrationError(
                f"folder {folder} holds a calibration of other targets or settings; "
                "an unchanged targets file and the same options are needed to resume"
            )
        made_by = old.get("model_fingerprint")  # missing: written before fingerprints
        if made_by != model_fingerprint():
            raise CalibrationError(
                f"folder {folder} holds a calibration of another version of the model (its "
                f"rules or NumPy changed since: fingerprint {made_by or 'not recorded'}); its "
                "trials and new ones would not be comparable: start a new --out"
            )
        return
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_json(
        record,
        {"digest": plan.digest(), "model_fingerprint": model_fingerprint(), "status": "running"},
    )


def coefficients_toml(values: dict) -> str:
    lines = ["# The best-fit coefficients of `govsim calibrate` (use with --coefficients).", ""]
    lines.append("[coefficients]")
    for name, value in values.items():
        shown = (
            "[" + ", ".join(_toml_value(v) for v in value) + "]"
            if isinstance(value, tuple)
            else _toml_value(value)
        )
        lines.append(f"{name} = {shown}")
    return "\n".join(lines) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(int(value)) if isinstance(value, int) else repr(float(value))


def fit_table(plan: Plan, best: dict, ensemble: pd.DataFrame, *, workers, scheduler):
    """Each target: its value, the default model, the best fit, the ensemble's 5-95%."""
    from sim.experiments.targets import model_values

    default = model_values(plan.targets, workers=workers, scheduler=scheduler, seeds=plan.seeds)
    fitted = evaluate_draws(plan, [best], workers=workers, scheduler=scheduler).iloc[0]
    rows = []
    for t in plan.targets.targets:
        values = ensemble[t.name] if t.name in ensemble else pd.Series(dtype=float)
        rows.append(
            {
                "target": t.name,
                "title": t.title_en,
                "low": t.low,
                "high": t.high,
                "default": default[t.name],
                "best_fit": float(fitted[t.name]),
                "ensemble_p5": float(np.percentile(values, 5)) if len(values) else np.nan,
                "ensemble_p95": float(np.percentile(values, 95)) if len(values) else np.nan,
            }
        )
    return pd.DataFrame(rows)
