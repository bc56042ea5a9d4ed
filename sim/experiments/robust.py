"""Comparisons across worlds: how a policy fares against the reference when the model's
uncertain coefficients vary, kept apart from the seed intervals.

For each policy (a scenario at its factor values) and metric: in every world, the mean paired
difference from the reference over the shared seeds; across worlds, the median of those
differences, their 5-95% range, the **win rate** — the share of worlds in which the policy
does better than the reference (in the metric's better direction; for a metric with no
better direction, higher) by more than a negligible amount — and the **loss rate**, the share
where it does worse by more than that (the rest: no meaningful difference). On 0–1 scales
an effect under 0.005 is negligible, as in the claims (`min_effect`). Next to them, the
typical seed interval within one world (the median half-width of the worlds' 95%
intervals), so the two kinds of uncertainty are never confused.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.experiments.analysis import paired_vs_reference, reference_point
from sim.experiments.manifest import point_label
from sim.model import METRICS
from sim.model.metrics import NEGLIGIBLE_EFFECT, on_unit_scale

COLUMNS = [
    "policy",
    "scenario",
    "reference",
    "metric",
    "worlds",
    "median",
    "p5",
    "p95",
    "win_rate",
    "loss_rate",
    "seed_half_width",
]


def negligible(metric: str) -> float:
    """The smallest difference that counts: NEGLIGIBLE_EFFECT on a 0–1 scale, else any."""
    return NEGLIGIBLE_EFFECT if on_unit_scale(metric) else 0.0


def has_worlds(results) -> bool:
    return any(p.world is not None for p in results.manifest.points)


def across_worlds(results, metrics=None, lang: str | None = None) -> pd.DataFrame:
    """Per policy and metric: median paired difference across worlds, 5-95% range, win rate,
    and the median seed half-width within a world."""
    if not has_worlds(results):
        return pd.DataFrame(columns=COLUMNS)
    diff = paired_vs_reference(results, metrics, lang=lang)
    points = {p.point: p for p in results.manifest.points}
    refs = reference_point(results)
    diff = diff.assign(
        policy=[policy_name(results, points[p], lang) for p in diff["point"]],
        reference=[policy_name(results, points[refs[p]], lang) for p in diff["point"]],
        half=(diff["high"] - diff["low"]) / 2,
    )
    rows = []
    for (policy, metric), part in diff.groupby(["policy", "metric"], sort=False):
        values = part["difference"].dropna().to_numpy()
        if not values.size:
            continue
        better = METRICS[metric].better or 1
        rows.append(
            {
                "policy": policy,
                "scenario": part["scenario"].iloc[0],
                "reference": part["reference"].iloc[0],
                "metric": metric,
                "worlds": int(values.size),
                "median": float(np.median(values)),
                "p5": float(np.percentile(values, 5)),
                "p95": float(np.percentile(values, 95)),
                "win_rate": float(np.mean(values * better > negligible(metric))),
                "loss_rate": float(np.mean(values * better < -negligible(metric))),
                "seed_half_width": float(np.nanmedian(part["half"]))
                if part["half"].notna().any()
                else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def policy_name(results, point, lang: str | None = None) -> str:
    """A policy's name: its scenario (id, or title in `lang`) and factor values, no world."""
    info = results.experiment.scenario(point.scenario)
    name = info.title(lang) if (lang and info) else point.scenario
    return point_label(name, point.factors)
