"""Means, intervals and paired differences across replications (pure functions on DataFrames)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from sim.model.simulate import QUARTER


def mean_interval(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and its t-interval over replications; NaNs ignored; (mean, nan, nan) for one value."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    if x.size < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return mean, mean - half, mean + half


def final_quarter_by_run(weekly: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Mean of each metric over each run's last 13 weeks; one row per run (keys identify runs)."""
    last = weekly["step"] > weekly.groupby(keys)["step"].transform("max") - QUARTER
    return weekly[last].drop(columns="step").groupby(keys, sort=False).mean().reset_index()


# ------------------------------------------------------------------ on a results folder


def done_runs(results) -> pd.DataFrame:
    """The runs that finished (failed ones carry no metrics)."""
    runs = results.runs
    return runs[runs["status"] == "done"] if "status" in runs else runs


def _metrics(results, metrics) -> list[str]:
    return list(metrics) if metrics else results.metrics


def point_summary(results, metrics=None, level: float = 0.95) -> pd.DataFrame:
    """Per design point and metric: replications, mean and interval of final-quarter values."""
    points = results.points
    runs = done_runs(results)
    rows = []
    for point in points.itertuples(index=False):
        part = runs[runs["point"] == point.point]
        for metric in _metrics(results, metrics):
            values = part.get(metric, [])
            mean, low, high = mean_interval(values, level)
            rows.append(
                {
                    "point": point.point,
                    "scenario": point.scenario,
                    "label": point.label,
                    "metric": metric,
                    "n": int(np.isfinite(np.asarray(values, float)).sum()),
                    "mean": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)


def reference_point(results) -> dict[int, int]:
    """Which point each point is compared with (paired on seeds).

    Against the reference scenario at the same factor values when it has such a point;
    otherwise (its own scenario, or levels only it has) against the first point of its own
    scenario — except in sampled designs, where only the first kind makes sense.
    """
    experiment = results.manifest["experiment"]
    sampled = experiment["design"] in ("lhs", "sobol", "morris")
    reference = experiment["reference"]
    points = results.manifest["points"]
    key = {(p["scenario"], json_key(p["factors"])): p["point"] for p in points}
    first = {}
    for p in points:
        first.setdefault(p["scenario"], p["point"])
    out = {}
    for p in points:
        ref = key.get((reference, json_key(p["factors"])))
        if ref is None or p["scenario"] == reference:
            ref = None if sampled else first[p["scenario"]]
        if ref is not None and ref != p["point"]:
            out[p["point"]] = ref
    return out


def json_key(factors: dict) -> str:
    return repr(sorted(factors.items()))


def paired_vs_reference(results, metrics=None, level: float = 0.95) -> pd.DataFrame:
    """Per point and metric: mean difference to its reference point over shared seeds."""
    runs = done_runs(results)
    labels = dict(zip(results.points["point"], results.points["label"], strict=True))
    scenarios = dict(zip(results.points["point"], results.points["scenario"], strict=True))
    rows = []
    for point, ref in reference_point(results).items():
        a = runs[runs["point"] == point].set_index("seed")
        b = runs[runs["point"] == ref].set_index("seed")
        for metric in _metrics(results, metrics):
            diff = (a[metric] - b[metric]).dropna() if metric in a else pd.Series(dtype=float)
            mean, low, high = mean_interval(diff, level)
            rows.append(
                {
                    "point": point,
                    "scenario": scenarios[point],
                    "label": labels[point],
                    "reference": labels[ref],
                    "metric": metric,
                    "n": int(diff.size),
                    "difference": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)


def sensitivity(results, metrics=None, level: float = 0.95) -> pd.DataFrame:
    """Sensitivity of each metric to each factor, per scenario.

    sobol: first-order and total indices (S1, ST) with their intervals (SALib);
    morris: mu* with its interval and sigma (SALib); lhs: Spearman rank correlation with a
    Fisher-z interval. The response of a point is its mean over replications.
    """
    experiment = results.manifest["experiment"]
    design = experiment["design"]
    if design not in ("sobol", "morris", "lhs"):
        return pd.DataFrame()
    factors = list(experiment["factors"])
    problem = {
        "num_vars": len(factors),
        "names": [f["name"] for f in factors],
        "bounds": [f["range"] for f in factors],
    }
    runs = done_runs(results)
    rows = []
    for scenario in dict.fromkeys(p["scenario"] for p in results.manifest["points"]):
        pts = [p for p in results.manifest["points"] if p["scenario"] == scenario]
        ids = [p["point"] for p in pts]
        x = np.array([p["sample"] for p in pts], dtype=float)
        means = runs[runs["point"].isin(ids)].groupby("point")[_metrics(results, metrics)].mean()
        for metric in _metrics(results, metrics):
            y = means[metric].reindex(ids).to_numpy(dtype=float)
            if not np.isfinite(y).all():
                continue  # incomplete sweep or an undefined metric: no indices
            for factor, index, value, low, high in _indices(
                design, problem, x, y, level, experiment
            ):
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


def _indices(design, problem, x, y, level, experiment):
    names = problem["names"]
    seed = experiment["master_seed"] % 2**32
    if np.ptp(y) == 0:
        for name in names:
            yield name, "constant", 0.0, 0.0, 0.0
        return
    if design == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=False, conf_level=level, seed=seed)
        for i, name in enumerate(names):
            for index in ("S1", "ST"):
                value, conf = float(si[index][i]), float(si[f"{index}_conf"][i])
                yield name, index, value, value - conf, value + conf
    elif design == "morris":
        from SALib.analyze import morris

        si = morris.analyze(
            problem, x, y, conf_level=level, num_levels=experiment["levels"], seed=seed
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
