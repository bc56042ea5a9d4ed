"""Effects: what a chosen scenario changes against the reference, paired on shared seeds.

An `Effect` is the mean paired difference of one metric (point minus reference) with its 95%
t-interval (`sim.experiments.analysis`), the reference's own mean, and whether the change is
up, down, too small to matter or unclear. An effect smaller than `NEGLIGIBLE` on a 0–1
metric (1% of the reference's mean on other scales) is "no meaningful effect" and gets no
direction.

Across-worlds robustness: when `runs` has a `world` column (sampled model assumptions),
`worlds_summary` gives each effect's win rate and 5–95% range across worlds. Without one it
is empty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from sim.app.i18n import NEGLIGIBLE, is_scale, metric_better
from sim.experiments import analysis
from sim.experiments.robust import negligible


@dataclass(frozen=True)
class Effect:
    """A paired difference (point minus reference) of one metric, with its 95% interval,
    the reference's own mean, and optionally its spread across plausible worlds."""

    point: int
    label: str
    metric: str
    value: float
    low: float
    high: float
    n: int
    reference_mean: float = float("nan")
    win_share: float = float("nan")  # share of worlds where the point is better
    worlds: int = 0
    world_low: float = float("nan")  # 5% quantile across worlds
    world_high: float = float("nan")  # 95% quantile across worlds

    @property
    def half(self) -> float:
        return (self.high - self.low) / 2

    @property
    def kind(self) -> str:
        """'up', 'down', 'none' (too small to matter), 'unclear' (interval spans zero),
        'unknown' (no value)."""
        if not math.isfinite(self.value):
            return "unknown"
        small = NEGLIGIBLE if is_scale(self.metric) else 0.01 * abs(self.reference_mean)
        if abs(self.value) < small:  # a NaN reference mean gives no threshold
            return "none"
        if math.isfinite(self.low) and self.low <= 0 <= self.high:
            return "unclear"
        return "up" if self.value > 0 else "down"

    @property
    def improves(self) -> bool:
        better = metric_better(self.metric)
        return self.kind in ("up", "down") and better * self.value > 0


def pair_map(chosen: list[int], reference: int) -> dict[int, int]:
    return {p: reference for p in chosen if p != reference}


def effects(results, chosen: list[int], reference: int, metrics: list[str], lang="en"):
    """Effects of every chosen point against `reference` on `metrics` (those it has)."""
    have = [m for m in metrics if m in results.runs.columns]
    pairs = pair_map(chosen, reference)
    if not pairs or not have:
        return []
    diffs = analysis.paired_differences(results, pairs, have, lang=lang)
    runs = analysis.done_runs(results)
    ref_runs = runs[runs["point"] == reference]
    ref_means = {m: float(ref_runs[m].mean()) for m in have}
    worlds = worlds_summary(results, pairs, have)
    out = []
    for row in diffs.itertuples(index=False):
        extra = {}
        if not worlds.empty:
            hit = worlds[(worlds["point"] == row.point) & (worlds["metric"] == row.metric)]
            if len(hit):
                w = hit.iloc[0]
                extra = {
                    "win_share": float(w["win_share"]),
                    "worlds": int(w["worlds"]),
                    "world_low": float(w["low"]),
                    "world_high": float(w["high"]),
                }
        out.append(
            Effect(
                point=int(row.point),
                label=row.label,
                metric=row.metric,
                value=float(row.difference),
                low=float(row.low),
                high=float(row.high),
                n=int(row.n),
                reference_mean=ref_means[row.metric],
                **extra,
            )
        )
    return out


def worlds_summary(results, pairs: dict[int, int], metrics: list[str]) -> pd.DataFrame:
    """Across plausible worlds (a `world` column in runs): per pair and metric, the number of
    worlds, the share where the point beats its reference (in the metric's better direction,
    by more than a negligible amount, as `summarize`'s win rate) and the 5–95% range of the
    per-world mean difference. Empty without worlds."""
    columns = ["point", "metric", "worlds", "win_share", "low", "median", "high"]
    runs = analysis.done_runs(results)
    if "world" not in runs.columns or runs["world"].nunique() < 2:
        return pd.DataFrame(columns=columns)
    rows = []
    keyed = runs.set_index(["world", "seed"])
    for point, ref in pairs.items():
        a = keyed[keyed["point"] == point]
        b = keyed[keyed["point"] == ref]
        for metric in metrics:
            if metric not in runs.columns:
                continue
            diff = (a[metric] - b[metric]).dropna()
            per_world = diff.groupby(level="world").mean()
            if per_world.size < 2:
                continue
            better = metric_better(metric)
            margin = negligible(metric)  # as summarize's win rate: a negligible gain is no win
            win = float((per_world * better > margin).mean()) if better else float("nan")
            rows.append(
                {
                    "point": point,
                    "metric": metric,
                    "worlds": int(per_world.size),
                    "win_share": win,
                    "low": float(per_world.quantile(0.05)),
                    "median": float(per_world.median()),
                    "high": float(per_world.quantile(0.95)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def paired_series(results, point: int, reference: int, metric: str) -> pd.Series:
    """Per shared seed (and world), the point's value minus the reference's."""
    wide = _wide_runs(results, metric)
    if point not in wide.columns or reference not in wide.columns:
        return pd.Series(dtype=float)
    return (wide[point] - wide[reference]).dropna()


_WIDE: dict = {}


def _wide_runs(results, metric: str) -> pd.DataFrame:
    """A metric's finished runs with one column per point, rows per (world and) seed;
    remembered for the last few results objects (a sweep's tables do not change)."""
    key = (id(results.runs), metric)
    kept = _WIDE.get(key)
    if kept is None or kept[0] is not results.runs:  # the same table, not a reused id
        runs = analysis.done_runs(results)
        keys = ["world", "seed"] if "world" in runs.columns else ["seed"]
        if len(_WIDE) > 64:
            _WIDE.clear()
        wide = runs.pivot_table(index=keys, columns="point", values=metric, dropna=False)
        kept = _WIDE[key] = (results.runs, wide)
    return kept[1]
