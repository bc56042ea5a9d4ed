"""Step 8: every public metric (sim.model.metrics, same names and meaning), read from the
agents one by one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.codes import AgeGroup, Channel
from sim.model.metrics import METRIC_NAMES
from sim.model.rules import gini

if TYPE_CHECKING:
    from sim.reference.model import ReferenceModel

YEAR = 52


def ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den > 0 else float("nan")


def mean_over(people: list, value) -> float:
    return ratio(sum(value(r) for r in people), len(people))


def observe(model: ReferenceModel) -> dict[str, float]:
    """All metrics for the week just finished; NaN where a metric is undefined."""
    c, register = model.cal, model.register
    people = list(model.people)
    groups = {
        "elderly": [r for r in people if r.elderly],
        "nonelderly": [r for r in people if not r.elderly],
        "youth": [r for r in people if r.age_group == AgeGroup.YOUTH],
        "middle": [r for r in people if r.age_group == AgeGroup.MIDDLE],
    }
    out = {
        "satisfaction_mean": mean_over(people, lambda r: r.satisfaction),
        "satisfaction_elderly": mean_over(groups["elderly"], lambda r: r.satisfaction),
        "satisfaction_nonelderly": mean_over(groups["nonelderly"], lambda r: r.satisfaction),
        "satisfaction_gini": gini([r.satisfaction for r in people]),
        "satisfaction_low_literacy": mean_over(
            [r for r in people if r.literacy < c.can_use_threshold], lambda r: r.satisfaction
        ),
        "satisfaction_high_literacy": mean_over(
            [r for r in people if r.literacy >= c.can_use_threshold], lambda r: r.satisfaction
        ),
        "satisfied_share": mean_over(people, lambda r: r.satisfaction >= c.satisfied_threshold),
        "satisfied_share_elderly": mean_over(
            groups["elderly"], lambda r: r.satisfaction >= c.satisfied_threshold
        ),
        "trust_mean": mean_over(people, lambda r: r.trust),
    }
    out["satisfaction_gap"] = out["satisfaction_nonelderly"] - out["satisfaction_elderly"]
    out.update(participation(people, groups))
    out.update(casework(model, people))
    for group in AgeGroup:
        reports = model.register.week.reports
        online = reports[group, Channel.ONLINE]
        every = sum(reports[group, ch] for ch in Channel if ch != Channel.UNREPORTED)
        out[f"online_share_{group.name.lower()}"] = ratio(online, every)
    n_households = model.params["n_households"]
    backlog = register.backlog()
    out["backlog_cases"] = float(backlog)
    out["backlog"] = 1000.0 * backlog / n_households
    out["platform_quality"] = model.government.platform_quality
    out["facility_quality"] = model.government.facility_quality
    out["volunteer_hours"] = ratio(1000.0 * model.volunteer_hours, len(people))
    out["cost"] = model.government.spending
    out["cost_per_household_year"] = 1000.0 * YEAR * model.government.spending / n_households
    return {name: float(out[name]) for name in METRIC_NAMES}


def casework(model: ReferenceModel, people: list) -> dict[str, float]:
    """Reports, needs met, resolution and utilization this week."""
    register, week = model.register, model.register.week
    online = sum(n for (_, ch), n in week.reports.items() if ch == Channel.ONLINE)
    reported = sum(n for (_, ch), n in week.reports.items() if ch != Channel.UNREPORTED)
    due, met, unreported = register.counts(model.week)
    return {
        "online_share": ratio(online, reported),
        "requests_per_resident_year": ratio(YEAR * reported, len(people)),
        "unreported_share": ratio(unreported, sum(due)),
        "needs_met_rate": ratio(sum(met), sum(due)),
        "needs_met_elderly": ratio(met[1], due[1]),
        "needs_met_nonelderly": ratio(met[0], due[0]),
        "mean_resolution_weeks": ratio(week.resolution_weeks, week.closed),
        "worker_utilization": ratio(week.worker_handled, week.worker_places),
        "org_utilization": ratio(week.org_taken, week.org_places),
    }


def participation(people: list, groups: dict) -> dict[str, float]:
    """Activity and governance participation: recent (4 weeks) and over a year; how much
    participants' neighbours take part more than non-participants'."""
    went = [r for r in people if r.recently(r.last_attended)]
    stayed = [r for r in people if not r.recently(r.last_attended)]

    def around(r) -> float:
        return r.neighbour_share_recent("last_attended", influence=1.0)

    others = mean_over(stayed, around) if stayed else 0.0
    clustering = mean_over(went, around) / others - 1 if went and others > 0 else float("nan")
    offline_year = lambda r: r.recently(r.last_offline_act, YEAR)  # noqa: E731
    out = {
        "participation_clustering": clustering,
        "participation_rate": ratio(len(went), len(people)),
        "participation_elderly": mean_over(
            groups["elderly"], lambda r: r.recently(r.last_attended)
        ),
        "participation_nonelderly": mean_over(
            groups["nonelderly"], lambda r: r.recently(r.last_attended)
        ),
        "governance_participation_rate": mean_over(
            people, lambda r: r.recently(r.last_offline_act) or r.recently(r.last_online_act)
        ),
        "participation_reach_year": mean_over(people, lambda r: r.recently(r.last_attended, YEAR)),
        "governance_reach_year": mean_over(
            people, lambda r: offline_year(r) or r.recently(r.last_online_act, YEAR)
        ),
        "offline_reach_year": mean_over(people, offline_year),
        "offline_reach_year_youth": mean_over(groups["youth"], offline_year),
        "offline_reach_year_elderly": mean_over(groups["elderly"], offline_year),
    }
    for group in AgeGroup:
        name = group.name.lower()
        out[f"governance_offline_{name}"] = mean_over(
            groups[name], lambda r: r.recently(r.last_offline_act)
        )
        out[f"governance_online_{name}"] = mean_over(
            groups[name], lambda r: r.recently(r.last_online_act)
        )
    return out
