"""Means, intervals, paired differences, references and labels: the one analysis layer.

Pure functions on DataFrames and a `Results`; the command line, the browser and the report
all call these, so a number means the same thing wherever it is shown.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from scipy import stats

from sim.errors import ResultsError
from sim.experiments.manifest import point_label
from sim.model.simulate import QUARTER

# ------------------------------------------------------------------ intervals


def half_width(std, n, level: float = 0.95):
    """Half-width of the t-interval of a mean (vectorized); NaN where n < 2."""
    n = np.asarray(n, dtype=float)
    dof = np.maximum(n - 1, 1)
    half = (
        stats.t.ppf(0.5 + level / 2, dof) * np.asarray(std, dtype=float) / np.sqrt(np.maximum(n, 1))
    )
    return np.where(n > 1, half, np.nan)


def mean_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and its t-interval over replications; NaNs ignored; (mean, nan, nan) for one value."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    if x.size < 2:
        return mean, float("nan"), float("nan")
    half = float(half_width(x.std(ddof=1), x.size, level))
    return mean, mean - half, mean + half


def final_quarter_by_run(weekly: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Mean of each metric over each run's last 13 weeks (sim.final_quarter, per run)."""
    last = weekly.groupby(keys, sort=False).tail(QUARTER)
    return last.drop(columns="step").groupby(keys, sort=False).mean().reset_index()


# ------------------------------------------------------------------ points and labels


def done_runs(results) -> pd.DataFrame:
    """The runs that finished (failed ones carry no metrics)."""
    runs = results.runs
    return runs[runs["status"] == "done"] if "status" in runs else runs


def point_names(results, lang: str | None = None) -> dict[int, str]:
    """What to call each point: its scenario (the id, or its title in `lang`) and factors.

    Names are unique: points that would share one (a sampled integer factor rounded to the
    same value, two scenarios with one title) get their point number added."""
    experiment = results.experiment
    names = {}
    for p in results.manifest.points:
        info = experiment.scenario(p.scenario)
        name = info.title(lang) if (lang and info) else p.scenario
        names[p.point] = point_label(name, p.factors) + (
            f" | world {p.world}" if p.world is not None else ""
        )
    counts = Counter(names.values())
    return {
        point: f"{name} (point {point})" if counts[name] > 1 else name
        for point, name in names.items()
    }


def _metrics(results, metrics) -> list[str]:
    return list(metrics) if metrics else results.metrics


def point_summary(results, metrics=None, level: float = 0.95, lang=None) -> pd.DataFrame:
    """Per design point and metric: replications, mean and interval of final-quarter values."""
    runs = done_runs(results)
    labels = point_names(results, lang)
    rows = []
    for point in results.manifest.points:
        part = runs[runs["point"] == point.point]
        for metric in _metrics(results, metrics):
            values = part.get(metric, [])
            mean, low, high = mean_interval(values, level)
            rows.append(
                {
                    "point": point.point,
                    "scenario": point.scenario,
                    "label": labels[point.point],
                    "metric": metric,
                    "n": int(np.isfinite(np.asarray(values, float)).sum()),
                    "mean": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ references


def reference_point(results) -> dict[int, int]:
    """Which point each point is compared with (paired on seeds).

    Against the reference scenario at the same factor values (in the same world) when it has
    such a point; otherwise (its own scenario, or levels only it has) against the first point
    of its own scenario in that world — except in sampled designs, where only the first kind
    makes sense.
    """
    experiment = results.experiment
    points = results.manifest.points
    key = {(p.scenario, _factor_key(p.factors), p.world): p.point for p in points}
    first: dict[tuple, int] = {}
    for p in points:
        first.setdefault((p.scenario, p.world), p.point)
    out = {}
    for p in points:
        ref = key.get((experiment.reference, _factor_key(p.factors), p.world))
        if ref is None or p.scenario == experiment.reference:
            ref = None if experiment.sampled else first[(p.scenario, p.world)]
        if ref is not None and ref != p.point:
            out[p.point] = ref
    return out


def reference_among(results, chosen: list[int]) -> int:
    """Of the chosen points, the one to compare the others with: the sweep's reference
    scenario (without factors) if chosen, else the first chosen point."""
    for p in results.manifest.points:
        if p.scenario == results.experiment.reference and p.point in chosen and not p.factors:
            return p.point
    return chosen[0]


def _factor_key(factors: dict) -> str:
    return repr(sorted(factors.items()))


# ------------------------------------------------------------------ paired differences

DIFFERENCE_COLUMNS = [
    "point",
    "scenario",
    "label",
    "reference",
    "metric",
    "n",
    "difference",
    "low",
    "high",
]


def paired_differences(
    results, pairs: dict[int, int], metrics=None, level: float = 0.95, lang=None
) -> pd.DataFrame:
    """Per (point -> reference point) pair and metric: mean difference over shared seeds."""
    runs = done_runs(results)
    labels = point_names(results, lang)
    by_point = {p: part.set_index("seed") for p, part in runs.groupby("point")}
    empty = pd.DataFrame(columns=["seed"]).set_index("seed")
    rows = []
    for point, ref in pairs.items():
        a, b = by_point.get(point, empty), by_point.get(ref, empty)
        for metric in _metrics(results, metrics):
            both = metric in a and metric in b
            diff = (a[metric] - b[metric]).dropna() if both else pd.Series(dtype=float)
            mean, low, high = mean_interval(diff, level)
            rows.append(
                {
                    "point": point,
                    "scenario": results.manifest.point(point).scenario,
                    "label": labels[point],
                    "reference": labels[ref],
                    "metric": metric,
                    "n": int(diff.size),
                    "difference": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def paired_vs_reference(results, metrics=None, level: float = 0.95, lang=None) -> pd.DataFrame:
    """Per point and metric: mean difference to its reference point over shared seeds."""
    return paired_differences(results, reference_point(results), metrics, level, lang)


# ------------------------------------------------------------------ sensitivity


def sensitivity(results, metrics=None, level: float = 0.95) -> pd.DataFrame:
    """Sensitivity of each metric to each factor, per scenario.

    sobol: first-order and total indices (S1, ST) with their intervals (SALib);
    morris: mu* with its interval and sigma (SALib); lhs: Spearman rank correlation with a
    Fisher-z interval. The response of a point is its mean over replications.
    """
    experiment = results.experiment
    if not experiment.sampled:
        return pd.DataFrame()
    problem = {
        "num_vars": len(experiment.factors),
        "names": experiment.factor_names,
        "bounds": [list(f.range) for f in experiment.factors],
    }
    runs = done_runs(results)
    rows = []
    for scenario in dict.fromkeys(p.scenario for p in results.manifest.points):
        pts = [p for p in results.manifest.points if p.scenario == scenario]
        ids = [p.point for p in pts]
        x = np.array([p.sample for p in pts], dtype=float)
        means = runs[runs["point"].isin(ids)].groupby("point")[_metrics(results, metrics)].mean()
        for metric in _metrics(results, metrics):
            y = means[metric].reindex(ids).to_numpy(dtype=float)
            if not np.isfinite(y).all():
                continue  # incomplete sweep or an undefined metric: no indices
            try:
                indices = list(_indices(problem, x, y, level, experiment))
            except (ValueError, IndexError, ZeroDivisionError, FloatingPointError) as exc:
                raise ResultsError(
                    f"cannot compute {experiment.design} indices for {scenario}: the design "
                    f"points in {results.folder}/manifest.json do not form a complete "
                    f"{experiment.design} sample ({exc})"
                ) from None
            for factor, index, value, low, high in indices:
                rows.append(
                    {
                        "scenario": scenario,
                        "metric": metric,
                        "factor": factor,
                        "index": index,
                        "value": value,
                        "low": low,
                        "high": high,
                    }
                )
    return pd.DataFrame(rows)


def _indices(problem, x, y, level, experiment):
    names = problem["names"]
    seed = experiment.master_seed % 2**32
    if np.ptp(y) == 0:
        for name in names:
            yield name, "constant", 0.0, 0.0, 0.0
        return
    if experiment.design == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=False, conf_level=level, seed=seed)
        for i, name in enumerate(names):
            for index in ("S1", "ST"):
                value, conf = float(si[index][i]), float(si[f"{index}_conf"][i])
                yield name, index, value, value - conf, value + conf
    elif experiment.design == "morris":
        from SALib.analyze import morris

        si = morris.analyze(
            problem, x, y, conf_level=level, num_levels=experiment.levels, seed=seed
        )
        for i, name in enumerate(names):
            value, conf = float(si["mu_star"][i]), float(si["mu_star_conf"][i])
            yield name, "mu_star", value, value - conf, value + conf
            yield name, "sigma", float(si["sigma"][i]), float("nan"), float("nan")
    else:
        z = stats.norm.ppf(0.5 + level / 2) / np.sqrt(max(len(y) - 3, 1))
        for i, name in enumerate(names):
            rho = float(stats.spearmanr(x[:, i], y).statistic)
            r = np.clip(rho, -0.999999, 0.999999)
            yield (
                name,
                "spearman",
                rho,
                float(np.tanh(np.arctanh(r) - z)),
                float(np.tanh(np.arctanh(r) + z)),
            )
