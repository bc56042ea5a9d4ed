"""Model 2: warm-up, a horizon-free long run, scale invariance, a load that bends without
breaking, budgets, and the implementation checks of MODEL.md section 9 (true by
construction, so tested as properties, never cited as evidence)."""

import dataclasses
import os

import numpy as np
import pandas as pd
import pytest

import sim
from sim.experiments.analysis import mean_interval
from sim.model import costs
from sim.model.calibration import DEFAULT_CALIBRATION as C
from sim.model.calibration import with_coefficients
from sim.model.codes import AgeGroup, Channel
from sim.parameters import available_scenarios

SHARES = [m for m in sim.METRIC_NAMES if sim.METRICS[m].unit in ("share 0–1", "0–1")]


def finals(name, seeds, **params):
    scenario = sim.load_scenario(name, **params)
    return pd.DataFrame([sim.final_quarter(sim.simulate(scenario, seed=s)) for s in seeds])


# ------------------------------------------------------------------ warm-up


def test_scenarios_share_the_warmed_up_community():
    """The warm-up runs under the status quo on its own streams: paired scenarios start week
    1 from the same community, and metrics count from week 1 (steps <= 0 on request)."""
    a = sim.CommunityModel(sim.load_scenario("baseline", n_households=300, steps=2), rng=5)
    b = sim.CommunityModel(sim.load_scenario("combined", n_households=300, steps=2), rng=5)
    np.testing.assert_array_equal(a.residents.satisfaction, b.residents.satisfaction)
    np.testing.assert_array_equal(a.residents.last_attended, b.residents.last_attended)
    assert a.levers["households_per_worker"] == 500 and b.levers["households_per_worker"] == 300
    warm = sim.CommunityModel(
        sim.load_scenario("baseline", n_households=300, steps=3, warmup_weeks=5),
        rng=1,
        record_warmup=True,
    )
    warm.run_for(3)
    assert warm.metrics_frame()["step"].tolist() == [-4, -3, -2, -1, 0, 1, 2, 3]
    assert sim.simulate(sim.load_scenario("baseline", n_households=300, steps=3), seed=1)[
        "step"
    ].tolist() == [1, 2, 3]


def test_the_long_run_is_stationary_for_every_named_scenario():
    """By the last quarter of 260 weeks the main metrics no longer drift: its mean differs
    from the quarter two before by less than 0.01 (95% interval within ±0.025)."""
    seeds = range(1, 13)
    main = [m for m in sim.MAIN_METRICS if m in SHARES]
    for name in available_scenarios():
        scenario = sim.load_scenario(name, n_households=1000, steps=260)
        drift = []
        for seed in seeds:
            frame = sim.simulate(scenario, seed=seed).set_index("step")
            drift.append(frame.loc[248:260, main].mean() - frame.loc[222:234, main].mean())
        drift = pd.DataFrame(drift)
        for metric in main:
            mean, low, high = mean_interval(drift[metric])
            assert abs(mean) <= 0.01 and low >= -0.025 and high <= 0.025, (name, metric, mean)


# ------------------------------------------------------------------ scale


def _final_quarter(task):
    name, seed, n = task
    return sim.final_quarter(sim.simulate(sim.load_scenario(name, n_households=n), seed=seed))


def _apart(small: pd.DataFrame, large: pd.DataFrame, within: float) -> list[str]:
    """Metrics whose paired difference (large - small, same seeds, 95% interval) is not
    within ±`within`."""
    out = []
    for metric in small.columns:
        both = np.isfinite(small[metric]) & np.isfinite(large[metric])
        if both.sum() < 2:
            continue
        mean, low, high = mean_interval(large[metric][both] - small[metric][both])
        if not (-within <= low and high <= within):
            out.append(f"{metric}: {mean:+.4f} [{low:+.4f}, {high:+.4f}]")
    return out


@pytest.mark.parametrize("name", ["baseline", "combined"])
def test_same_policy_same_shares_at_another_size_quick(name):
    """Quick variant: the main shares at 1,000 and 3,000 households within 0.03."""
    seeds = range(1, 9)
    small = finals(name, seeds, n_households=1000).mean()
    large = finals(name, seeds, n_households=3000).mean()
    main = [m for m in sim.MAIN_METRICS if m in SHARES]
    far = {m: round(large[m] - small[m], 4) for m in main if abs(large[m] - small[m]) > 0.03}
    assert not far, far


@pytest.mark.slow
@pytest.mark.parametrize("name", available_scenarios())
def test_same_policy_same_shares_at_1000_and_10000_households(name):
    """Every share metric within 0.02 at 1,000 and 10,000 households (paired seeds, 95%
    interval), but organizations' utilization, within 0.03 (measured: +0.015 [+0.009, +0.023]
    in combined_equal_cost). Pairing works because community-level draws (the organizations, the
    programme) come first in their streams, so one seed gives both sizes the same ones."""
    from concurrent.futures import ProcessPoolExecutor

    seeds = range(1, 61)
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        small, large = (
            pd.DataFrame(pool.map(_final_quarter, [(name, s, n) for s in seeds]))
            for n in (1000, 10_000)
        )
    shares = [m for m in SHARES if m != "org_utilization"]
    bad = _apart(small[shares], large[shares], 0.02)
    assert not bad, bad
    # organizations' places are a loss system: each serves two categories, and a small
    # community's weekly cases of those categories vary more around its places, so it uses
    # fewer of them (an economy of scale, ODD 7.4); bounded, not claimed away
    bad = _apart(small[["org_utilization"]], large[["org_utilization"]], 0.03)
    assert not bad, bad


def test_staffing_is_exact_so_grid_size_acts_smoothly():
    """600 and 800 households per worker differ at any size (workers are not whole)."""
    for n in (600, 1000):
        fte = {
            h: sim.CommunityModel(
                n_households=n, households_per_worker=h, rng=1
            ).workforce.fte.sum()
            for h in (600, 800)
        }
        assert fte[600] == pytest.approx(n / 600) and fte[800] == pytest.approx(n / 800)


# ------------------------------------------------------------------ load


def _scaled_needs(factor: float):
    c = C
    return dataclasses.replace(
        c,
        need_rate_public_affairs=c.need_rate_public_affairs * factor,
        need_rate_elderly_care=tuple(x * factor for x in c.need_rate_elderly_care),
        need_rate_health=tuple(x * factor for x in c.need_rate_health),
        need_rate_child_care=c.need_rate_child_care * factor,
        need_rate_skills=tuple(x * factor for x in c.need_rate_skills),
    )


def test_the_status_quo_bends_under_load_without_collapsing():
    """x0.7 and x1.3 on need rates or on worker capacity move needs met smoothly."""
    scenario = sim.load_scenario("baseline", n_households=1000)
    seeds = range(1, 7)

    def met(calibration):
        runs = [sim.simulate(scenario, seed=s, calibration=calibration) for s in seeds]
        return np.mean([sim.final_quarter(f)["needs_met_rate"] for f in runs])

    default = met(C)
    for calibration in (
        _scaled_needs(1.3),
        dataclasses.replace(C, worker_capacity=C.worker_capacity * 0.7),
    ):
        assert met(calibration) >= 0.6 * default
    more, less = met(_scaled_needs(1.3)), met(_scaled_needs(0.7))
    assert less >= more  # more load, fewer needs met


# ------------------------------------------------------------------ budget


def test_a_budget_scales_the_discretionary_levers_until_they_fit():
    combined = dict(sim.load_scenario("combined"))
    fixed, discretionary = costs.planned(combined, C)
    in_force, share = costs.within_budget({**combined, "budget": fixed + discretionary / 2}, C)
    assert share == pytest.approx(0.5)
    assert in_force["events_per_week"] == pytest.approx(combined["events_per_week"] / 2)
    assert in_force["households_per_worker"] == combined["households_per_worker"]  # fixed
    assert costs.planned_total({**combined, "budget": fixed + discretionary / 2}, C) == (
        pytest.approx(fixed + discretionary / 2)
    )
    unlimited, share = costs.within_budget({**combined, "budget": 0.0}, C)
    assert share == 1.0 and unlimited == combined


def test_the_equal_cost_scenario_is_current():
    from sim.docs import EQUAL_COST, equal_cost_scenario

    assert EQUAL_COST.read_text(encoding="utf-8") == equal_cost_scenario(), (
        "run `python -m sim.docs --equal-cost`"
    )


# ------------------------------------------------------------------ implementation checks


def test_platform_and_venues_age_without_upkeep_and_hold_with_it():
    for maintenance, falls in ((0.0, True), (1.0, False)):
        model = sim.CommunityModel(
            n_households=200, digitization=0.8, platform_maintenance=maintenance,
            facility_level=0.8, facility_maintenance=maintenance, warmup_weeks=0, rng=1,
        )  # fmt: skip
        q0, f0 = model.government.platform_quality, model.government.facility_quality
        model.run_for(52)
        assert (model.government.platform_quality < q0) == falls
        assert (model.government.facility_quality < f0) == falls


def test_offline_acts_rise_and_online_acts_fall_with_age_at_equal_trust_and_efficacy():
    model = sim.CommunityModel(n_households=2000, digitization=0.8, rng=2, warmup_weeks=0)
    r = model.residents
    trust, efficacy = np.full(r.n, 0.5), np.full(r.n, 0.5)
    offline = sim.model.rules.offline_act_probability(
        np.asarray(C.offline_by_age)[r.age_group], trust, efficacy, 0.0, 0.5,
        intercept=C.offline_intercept, w_trust=C.gov_trust, w_efficacy=C.gov_efficacy,
        w_neighbours=C.gov_neighbours, w_facility=C.offline_facility,
    )  # fmt: skip
    online = sim.model.rules.online_act_probability(
        model.platform(), model.ability, trust, efficacy, 0.0,
        intercept=C.online_intercept, w_trust=C.gov_trust, w_efficacy=C.gov_efficacy,
        w_neighbours=C.gov_neighbours,
    )  # fmt: skip
    by_age = [(offline[r.age_group == g].mean(), online[r.age_group == g].mean()) for g in AgeGroup]
    assert by_age[0][0] < by_age[1][0] < by_age[2][0]
    assert by_age[0][1] > by_age[1][1] > by_age[2][1]


def test_no_platform_no_online_reports_and_no_events_no_participation():
    frame = sim.simulate(
        sim.load_scenario(
            "baseline", n_households=300, digitization=0.0, events_per_week=0, warmup_weeks=0,
            steps=20,
        ),
        seed=3,
    )  # fmt: skip
    assert (frame["online_share"].fillna(0) == 0).all()
    assert (frame["participation_rate"] == 0).all()


def test_assisted_access_reaches_only_those_who_cannot_use_the_platform():
    ability = np.array([0.0, 0.5, 1.0])
    _, _, assisted = sim.model.rules.channel_probabilities(
        ability, np.ones(3), np.zeros(3), 0.0, 1.0, platform=1.0, trust_floor=0.5,
        assisted_uptake=0.8,
    )  # fmt: skip
    assert assisted[0] > assisted[1] > assisted[2] == 0.0


def test_organizations_lose_capacity_and_quality_when_absorbed():
    low = sim.CommunityModel(n_households=300, social_orgs=3, org_autonomy=0.0, rng=1)
    high = sim.CommunityModel(n_households=300, social_orgs=3, org_autonomy=1.0, rng=1)
    for a, b in zip(low.organizations, high.organizations, strict=True):
        assert a.capacity < b.capacity and a.quality < b.quality


def test_the_young_report_online_more_where_the_platform_works():
    model = sim.CommunityModel(n_households=1000, rng=1, digitization=0.9, warmup_weeks=0)
    model.run_for(8)
    reports = model.cases.week.reports
    assert reports[AgeGroup.YOUTH, Channel.ONLINE] > 0


def test_triage_visits_elderly_households_first_at_the_others_expense():
    def workforce(share, triage=1.0):
        calibration = with_coefficients({"triage_visit_share": share})
        model = sim.CommunityModel(
            n_households=1000, households_per_worker=800, case_triage=triage,
            warmup_weeks=0, rng=1, calibration=calibration,
        )  # fmt: skip
        return model.workforce

    even, first = workforce(0.0), workforce(0.5)
    assert (even.elderly_coverage == even.coverage).all()
    assert (first.elderly_coverage > first.coverage).all()
    assert (first.other_coverage < first.coverage).all()
    assert (workforce(0.5, triage=0.0).elderly_coverage == even.coverage).all()
