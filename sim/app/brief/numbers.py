"""The Brief's numbers: everything it says, computed once per choice of scenarios,
reference and outcome (`compute` -> `BriefNumbers`), and the tables behind its charts
(cost-effectiveness with a budget, the view of residents aged 60+ against those under 60).

Pure functions over a `Results` (no drawing, no wording, no Solara), used by the Brief page,
the report and the downloads, so the same numbers appear wherever they are shown. Cost is
compared per household per year (`with_household_cost`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.app.brief.effects import Effect, effects, paired_series
from sim.app.i18n import metric_better
from sim.experiments import analysis

COST = "cost_per_household_year"
WEEKS_PER_YEAR = 52
AGE_MEASURES = {  # the elderly view: measure -> (aged 60+, under 60)
    "satisfaction": ("satisfaction_elderly", "satisfaction_nonelderly"),
    "needs_met": ("needs_met_elderly", "needs_met_nonelderly"),
    "participation": ("participation_elderly", "participation_nonelderly"),
}
DEFAULT_OUTCOME = "satisfaction_elderly"
GAP = "satisfaction_gap"


# ------------------------------------------------------------------ cost per household


def with_household_cost(results):
    """`results` whose runs and weekly series carry `cost_per_household_year` (CNY per
    household per year).

    Model 2 writes it; for older folders it is `cost` (thousand CNY per week for the
    whole community) x 1000 x 52 / the point's `n_households`.
    """
    runs = results.runs
    if COST in runs.columns and runs[COST].notna().any():
        return results
    if "cost" not in runs.columns:
        return results
    households = {p.point: p.parameters.get("n_households") for p in results.manifest.points}

    def add(frame: pd.DataFrame) -> pd.DataFrame:
        if "cost" not in frame.columns or "point" not in frame.columns:
            return frame
        n = frame["point"].map(households).astype(float)
        return frame.assign(**{COST: frame["cost"] * 1000 * WEEKS_PER_YEAR / n})

    return dataclasses.replace(results, runs=add(runs), timeseries=add(results.timeseries))


def weekly_budget(per_household_year: float, households: int) -> float:
    """A budget in CNY per household per year as thousand CNY per week for the community."""
    return per_household_year * households / WEEKS_PER_YEAR / 1000


# ------------------------------------------------------------------ the brief


@dataclass
class BriefNumbers:
    """Everything the Brief says, computed once per choice of points, reference, outcome."""

    results: object
    chosen: list[int]
    reference: int
    outcome: str
    labels: dict[int, str]
    effects: list[Effect]

    def get(self, point: int, metric: str) -> Effect | None:
        return next((e for e in self.effects if e.point == point and e.metric == metric), None)

    @property
    def others(self) -> list[int]:
        return [p for p in self.chosen if p != self.reference]


def brief_metrics(results, outcome: str) -> list[str]:
    wanted = [outcome, COST, GAP, "satisfied_share", "satisfaction_mean"]
    wanted += [m for pair in AGE_MEASURES.values() for m in pair]
    return [m for m in dict.fromkeys(wanted) if m in results.runs.columns]


def compute(results, chosen: list[int], reference: int, outcome: str, lang="en"):
    """The Brief's numbers: `results` should come through `with_household_cost`."""
    from sim.app.data import point_titles

    labels = point_titles(results, lang)
    found = effects(results, chosen, reference, brief_metrics(results, outcome), lang)
    found = [dataclasses.replace(e, label=labels[e.point]) for e in found]
    return BriefNumbers(results, list(chosen), reference, outcome, labels, found)


def outcome_choices(results) -> list[str]:
    """Metrics a Brief can be about: those kept that have a better direction."""
    from sim.model import METRIC_NAMES

    kept = [m for m in METRIC_NAMES if m in results.metrics]
    return [m for m in kept if metric_better(m) != 0 and m != "cost"]


def improvements(b: BriefNumbers) -> list[Effect]:
    """The chosen scenarios' effects on the outcome that improve it, the best first."""
    gains = [e for p in b.others if (e := b.get(p, b.outcome)) is not None and e.improves]
    better = metric_better(b.outcome) or 1
    gains.sort(key=lambda e: -better * e.value)
    return gains


def added_cost(b: BriefNumbers, point: int) -> float:
    """The point's added cost in CNY per household per year (NaN when unknown)."""
    e = b.get(point, COST)
    return e.value if e is not None else float("nan")


def per_yuan(b: BriefNumbers, gains: list[Effect]):
    """The improving scenario with the largest gain per 100 CNY per household per year of
    added cost (per shared seed, then the mean and its interval); None when none costs
    clearly more than the reference."""
    best = None
    for e in gains:
        cost = b.get(e.point, COST)
        if cost is None or not (math.isfinite(cost.low) and cost.low > 0):
            continue
        gain = paired_series(b.results, e.point, b.reference, b.outcome)
        spend = paired_series(b.results, e.point, b.reference, COST)
        both = pd.concat([gain, spend], axis=1, keys=["g", "c"]).dropna()
        both = both[both["c"] > 0]
        if both.empty:
            continue
        ratio = 100 * both["g"] / both["c"]
        mean, low, high = analysis.mean_interval(ratio)
        score = (metric_better(b.outcome) or 1) * mean
        if best is None or score > best[0]:
            best = (score, e.point, mean, low, high)
    return None if best is None else best[1:]


# ------------------------------------------------------------------ tables for charts


def cost_effectiveness(b: BriefNumbers, budget: float = 0.0) -> pd.DataFrame:
    """Per chosen point: gain in the outcome and added cost per household per year, with
    intervals, and whether the budget pays for it (the reference sits at 0, 0)."""
    rows = []
    for p in b.chosen:
        if p == b.reference:
            rows.append(
                {
                    "point": p,
                    "label": b.labels[p],
                    "reference": True,
                    "gain": 0.0,
                    "gain_low": np.nan,
                    "gain_high": np.nan,
                    "cost": 0.0,
                    "cost_low": np.nan,
                    "cost_high": np.nan,
                    "within_budget": True,
                }
            )
            continue
        g, c = b.get(p, b.outcome), b.get(p, COST)
        if g is None:
            continue
        cost = c.value if c is not None else np.nan
        rows.append(
            {
                "point": p,
                "label": b.labels[p],
                "reference": False,
                "gain": g.value,
                "gain_low": g.low,
                "gain_high": g.high,
                "cost": cost,
                "cost_low": c.low if c is not None else np.nan,
                "cost_high": c.high if c is not None else np.nan,
                "within_budget": not (budget and budget > 0) or bool(cost <= budget),
            }
        )
    columns = [
        "point",
        "label",
        "reference",
        "gain",
        "gain_low",
        "gain_high",
        "cost",
        "cost_low",
        "cost_high",
        "within_budget",
    ]
    return pd.DataFrame(rows, columns=columns)


def elderly_view(b: BriefNumbers) -> pd.DataFrame:
    """Per chosen point (not the reference), measure and age group: the paired change."""
    rows = []
    for p in b.others:
        for measure, pair in AGE_MEASURES.items():
            for group, metric in zip(("elderly", "nonelderly"), pair, strict=True):
                e = b.get(p, metric)
                if e is None:
                    continue
                rows.append(
                    {
                        "point": p,
                        "label": b.labels[p],
                        "measure": measure,
                        "group": group,
                        "metric": metric,
                        "difference": e.value,
                        "low": e.low,
                        "high": e.high,
                        "n": e.n,
                    }
                )
    columns = ["point", "label", "measure", "group", "metric", "difference", "low", "high", "n"]
    return pd.DataFrame(rows, columns=columns)
