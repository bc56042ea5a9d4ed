"""The weekly observation: every metric of sim.model.metrics, computed from the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model.codes import AgeGroup, Channel
from sim.model.metrics import METRIC_NAMES
from sim.model.rules import gini

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den > 0 else float("nan")


class GroupMeans:
    """Means over fixed resident groups by dot products (no copies of the big columns)."""

    def __init__(self, age_group: np.ndarray, literacy: np.ndarray, can_use: float):
        groups = {
            "all": np.ones(age_group.size),
            "youth": age_group == AgeGroup.YOUTH,
            "middle": age_group == AgeGroup.MIDDLE,
            "elderly": age_group == AgeGroup.ELDERLY,
            "nonelderly": age_group != AgeGroup.ELDERLY,
            "low_literacy": literacy < can_use,
            "high_literacy": literacy >= can_use,
        }
        self.weights = {k: np.asarray(v, dtype=float) for k, v in groups.items()}
        self.sizes = {k: float(v.sum()) for k, v in self.weights.items()}
        self.by_age = [age_group == group for group in AgeGroup]  # bool masks, in code order

    def mean(self, values: np.ndarray, group: str = "all") -> float:
        return _ratio(np.dot(values, self.weights[group]), self.sizes[group])

    def shares(self, mask: np.ndarray) -> dict[str, float]:
        """The share of each age-based group with `mask` (bool per resident): a count by age
        group instead of a dot product per group (whole counts: the same numbers)."""
        youth, middle, elderly = (np.count_nonzero(mask & group) for group in self.by_age)
        counts = {
            "all": youth + middle + elderly,
            "youth": youth,
            "middle": middle,
            "elderly": elderly,
            "nonelderly": youth + middle,
        }
        return {group: _ratio(count, self.sizes[group]) for group, count in counts.items()}

    def share_all(self, mask: np.ndarray) -> float:
        """shares(mask)["all"] (the age groups count everyone once: the same count)."""
        return _ratio(np.count_nonzero(mask), self.sizes["all"])


def observe(model: CommunityModel) -> dict[str, float]:
    """All metrics for the week just finished; NaN where a metric is undefined."""
    r, g, t, c = model.residents, model.groups, model.week, model.cal
    cases, week = model.cases, model.cases.week
    n_households = model.params["n_households"]
    sat = r.satisfaction
    out = {
        "satisfaction_mean": g.mean(sat),
        "satisfaction_elderly": g.mean(sat, "elderly"),
        "satisfaction_nonelderly": g.mean(sat, "nonelderly"),
    }
    out["satisfaction_gap"] = out["satisfaction_nonelderly"] - out["satisfaction_elderly"]
    out["satisfaction_gini"] = gini(sat)
    out["satisfaction_low_literacy"] = g.mean(sat, "low_literacy")
    out["satisfaction_high_literacy"] = g.mean(sat, "high_literacy")
    satisfied = (sat >= c.satisfied_threshold).astype(float)
    out["satisfied_share"] = g.mean(satisfied)
    out["satisfied_share_elderly"] = g.mean(satisfied, "elderly")
    out["trust_mean"] = g.mean(r.trust)
    out.update(_participation(model))

    reports = week.reports  # age group x channel counts of needs reported this week
    online_col, any_channel = reports[:, Channel.ONLINE], reports[:, Channel.ONLINE :]
    out["online_share"] = _ratio(online_col.sum(), any_channel.sum())
    out["requests_per_resident_year"] = _ratio(52.0 * any_channel.sum(), r.n)
    due, met, unreported = cases.counts(t)
    out["unreported_share"] = _ratio(unreported, due.sum())
    out["needs_met_rate"] = _ratio(met.sum(), due.sum())
    out["needs_met_elderly"] = _ratio(met[1], due[1])
    out["needs_met_nonelderly"] = _ratio(met[0], due[0])
    out["mean_resolution_weeks"] = _ratio(week.resolution_weeks, week.closed)
    out["backlog_cases"] = float(cases.backlog())
    out["backlog"] = 1000.0 * cases.backlog() / n_households
    out["platform_quality"] = model.government.platform_quality
    out["facility_quality"] = model.government.facility_quality
    out["worker_utilization"] = _ratio(week.worker_handled, week.worker_places)
    out["org_utilization"] = _ratio(week.org_taken, week.org_places)
    out["volunteer_hours"] = _ratio(1000.0 * model.governance.volunteer_hours, r.n)
    out["cost"] = model.government.spending
    out["cost_per_household_year"] = 1000.0 * 52 * model.government.spending / n_households
    for group in AgeGroup:
        name = group.name.lower()
        out[f"online_share_{name}"] = _ratio(online_col[group], any_channel[group].sum())
    return {name: out[name] for name in METRIC_NAMES}


def _participation(model: CommunityModel) -> dict[str, float]:
    """Activity and governance participation: recent (4 weeks) and over a year."""
    r, g = model.residents, model.groups
    attended = model.recently(r.last_attended)
    offline_recent = model.recently(r.last_offline_act)
    online_recent = model.recently(r.last_online_act)
    offline, online = g.shares(offline_recent), g.shares(online_recent)
    year = 52
    offline_year = model.recently(r.last_offline_act, year)
    governed_year = offline_year | model.recently(r.last_online_act, year)
    around = model.neighbour_share(attended, influence=1.0)
    # (compress: the same elements as around[mask], several times faster at large sizes)
    missed = ~attended
    others = around.compress(missed).mean() if missed.any() else 0.0
    went = attended.any()
    clustering = (
        float(around.compress(attended).mean() / others - 1) if went and others > 0 else np.nan
    )
    participation = g.shares(attended)
    offline_reach = g.shares(offline_year)
    acted = offline_recent | online_recent
    out = {
        "participation_clustering": clustering,
        "participation_rate": participation["all"],
        "participation_elderly": participation["elderly"],
        "participation_nonelderly": participation["nonelderly"],
        "governance_participation_rate": g.share_all(acted),
        "participation_reach_year": g.share_all(model.recently(r.last_attended, year)),
        "governance_reach_year": g.share_all(governed_year),
        "offline_reach_year": offline_reach["all"],
        "offline_reach_year_youth": offline_reach["youth"],
        "offline_reach_year_elderly": offline_reach["elderly"],
    }
    for group in AgeGroup:
        name = group.name.lower()
        out[f"governance_offline_{name}"] = offline[name]
        out[f"governance_online_{name}"] = online[name]
    return out
