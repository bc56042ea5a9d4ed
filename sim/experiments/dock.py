"""Docking: two engines of one model compared distributionally (the engine behind `govsim dock`).

Axtell, Axelrod, Epstein & Cohen (1996): two implementations of one model "dock" when their
outputs are statistically indistinguishable. The engines draw different random numbers, so
runs are not paired: for every named scenario and public metric, each engine's final-quarter
means over the same number of seeds are compared as two independent samples (Welch).

For each metric: both means, the difference (second engine minus first) and its 95% interval,
the standardized difference (over the pooled SD), and a verdict from two one-sided tests
(TOST, 5% each) at an equivalence margin:

- **equivalent**: the 90% interval of the difference lies within plus or minus the margin;
- **different**: not equivalent, and the difference is significant at a family-wise 5%
  (Welch's test, Holm-adjusted over all pairs; the CI test fails on it);
- **inconclusive**: neither (more seeds would decide).

The margin is 0.01 on a 0–1 scale (the paper reports shares to two decimals, and it is
below every claim's smallest meaningful effect on a share but one, 0.005, so engines that
agree within it agree on the claims' signs); on any other unit, 5% of the first engine's
mean (at least 0.01 of the unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from sim.experiments.analysis import final_quarter_by_run
from sim.experiments.design import Task, paired_seeds
from sim.experiments.execute import execute
from sim.model import METRIC_NAMES
from sim.model.metrics import on_unit_scale
from sim.parameters import available_scenarios, load_scenario

SHARE_MARGIN = 0.01
RELATIVE_MARGIN = 0.05
FAMILY_ALPHA = 0.05
COLUMNS = [
    "scenario",
    "metric",
    "mean_a",
    "mean_b",
    "difference",
    "low",
    "high",
    "standardized",
    "margin",
    "verdict",
]


@dataclass(frozen=True)
class DockSettings:
    engines: tuple[str, str] = ("fast", "reference")
    seeds: int = 20
    households: int = 300
    steps: int | None = None  # None: each scenario's own horizon
    scenarios: tuple[str, ...] = field(default_factory=lambda: tuple(available_scenarios()))
    metrics: tuple[str, ...] = tuple(METRIC_NAMES)
    master_seed: int = 20261127


def dock_tasks(settings: DockSettings) -> list[Task]:
    """Every scenario on its seeds under both engines; each engine has its own seeds, so the
    two samples are independent even when an engine is docked against itself (an A/A check)."""
    tasks = []
    for point, name in enumerate(settings.scenarios):
        params = dict(load_scenario(name))
        params["n_households"] = settings.households
        if settings.steps is not None:
            params["steps"] = settings.steps
        coefficients = dict(load_scenario(name).coefficients)
        for side, engine in enumerate(settings.engines):
            seeds = paired_seeds(settings.master_seed + side, settings.seeds)
            for replication, seed in enumerate(seeds):
                tasks.append(
                    Task(
                        run=f"{name}-{side}-{replication}",
                        point=point,
                        replication=replication,
                        seed=seed,
                        params=params,
                        metrics=settings.metrics,
                        coefficients=coefficients,
                        engine=engine,
                    )
                )
    return tasks


def run_docking(
    settings: DockSettings, *, workers: int = 1, scheduler: str | None = None, progress=None
) -> pd.DataFrame:
    """Run both engines and compare them: one row per scenario and metric (`COLUMNS`)."""
    tasks = dock_tasks(settings)
    frames = []
    for done, result in enumerate(execute(tasks, workers=workers, scheduler=scheduler), 1):
        if result.status != "done":
            raise RuntimeError(f"docking run {result.run} failed:\n{result.error}")
        side = int(result.run.split("-")[-2])
        weekly = result.weekly.assign(
            scenario=settings.scenarios[result.point], side=side, run=result.run
        )
        frames.append(weekly)
        if progress is not None:
            progress(done, len(tasks))
    means = final_quarter_by_run(pd.concat(frames), ["scenario", "side", "run"])
    return compare(means, settings)


def compare(means: pd.DataFrame, settings: DockSettings) -> pd.DataFrame:
    """Rows of `COLUMNS` from per-run final-quarter means (columns scenario, side 0 or 1,
    metrics). A non-equivalence counts as significant at a family-wise 5% (Holm, over all
    scenario-metric pairs), so that 300 comparisons do not produce ~15 "differences" by
    chance alone."""
    rows = []
    for scenario in settings.scenarios:
        part = means[means["scenario"] == scenario]
        for metric in settings.metrics:
            x = part.loc[part["side"] == 0, metric].to_numpy(dtype=float)
            y = part.loc[part["side"] == 1, metric].to_numpy(dtype=float)
            rows.append({"scenario": scenario, "metric": metric, **two_samples(x, y, metric)})
    table = pd.DataFrame(rows, columns=[*COLUMNS, "p_value"])
    table["p_holm"] = holm(table["p_value"].to_numpy(dtype=float))
    unsure = (table["verdict"] == "different") & ~(table["p_holm"] < FAMILY_ALPHA)
    table.loc[unsure, "verdict"] = "inconclusive"
    return table


def holm(p: np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values (NaN stays NaN)."""
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    order = ok[np.argsort(p[ok])]
    m = len(order)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        out[i] = running
    return out


def margin_for(metric: str, mean_a: float) -> float:
    if on_unit_scale(metric):
        return SHARE_MARGIN
    return max(RELATIVE_MARGIN * abs(mean_a), 0.01) if np.isfinite(mean_a) else 0.01


def two_samples(x: np.ndarray, y: np.ndarray, metric: str) -> dict:
    """Welch difference y - x, its 95% interval, standardized difference, TOST verdict."""
    x, y = x[np.isfinite(x)], y[np.isfinite(y)]
    mean_a = float(x.mean()) if x.size else float("nan")
    mean_b = float(y.mean()) if y.size else float("nan")
    margin = margin_for(metric, mean_a)
    out = {"mean_a": mean_a, "mean_b": mean_b, "difference": mean_b - mean_a, "margin": margin}
    if x.size < 2 or y.size < 2:
        return {**out, "low": np.nan, "high": np.nan, "standardized": np.nan,
                "verdict": "inconclusive", "p_value": np.nan}  # fmt: skip
    va, vb = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
    se = float(np.sqrt(va + vb))
    pooled = float(np.sqrt((x.var(ddof=1) + y.var(ddof=1)) / 2))
    diff = out["difference"]
    if se == 0:  # both engines constant: equal or not, with certainty
        same = abs(diff) <= margin
        verdict = "equivalent" if same else "different"
        return {**out, "low": diff, "high": diff, "standardized": 0.0 if diff == 0 else np.inf,
                "verdict": verdict, "p_value": 1.0 if same else 0.0}  # fmt: skip
    dof = (va + vb) ** 2 / (va**2 / (x.size - 1) + vb**2 / (y.size - 1))
    half95 = float(stats.t.ppf(0.975, dof)) * se
    half90 = float(stats.t.ppf(0.95, dof)) * se
    if abs(diff) + half90 < margin:
        verdict = "equivalent"
    elif abs(diff) > half95:
        verdict = "different"
    else:
        verdict = "inconclusive"
    return {
        **out,
        "low": diff - half95,
        "high": diff + half95,
        "standardized": diff / pooled if pooled > 0 else np.nan,
        "verdict": verdict,
        "p_value": float(2 * stats.t.sf(abs(diff) / se, dof)),
    }


def summary(table: pd.DataFrame) -> dict[str, int]:
    counts = table["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in ("equivalent", "inconclusive", "different")}
