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


def summarize(runs: pd.DataFrame, by: str, metrics: list[str], level: float = 0.95) -> pd.DataFrame:
    """Per group and metric: n, mean, low, high (interval over replications)."""
    rows = []
    for group, part in runs.groupby(by, sort=False):
        for metric in metrics:
            mean, low, high = mean_interval(part[metric], level)
            rows.append(
                {
                    by: group,
                    "metric": metric,
                    "n": int(part[metric].notna().sum()),
                    "mean": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)


def paired_differences(
    runs: pd.DataFrame,
    by: str,
    reference,
    metrics: list[str],
    pair_on: str = "seed",
    level: float = 0.95,
) -> pd.DataFrame:
    """Per group and metric, the mean difference to `reference` over runs sharing a seed."""
    ref = runs[runs[by] == reference].set_index(pair_on)
    rows = []
    for group, part in runs.groupby(by, sort=False):
        if group == reference:
            continue
        joined = part.set_index(pair_on)[metrics].join(ref[metrics], rsuffix="__ref", how="inner")
        for metric in metrics:
            mean, low, high = mean_interval(joined[metric] - joined[f"{metric}__ref"], level)
            rows.append(
                {
                    by: group,
                    "metric": metric,
                    "n": len(joined),
                    "difference": mean,
                    "low": low,
                    "high": high,
                }
            )
    return pd.DataFrame(rows)
