"""The stylized facts of MODEL.md section 9, each a paired comparison over 30 seeds whose 95%
interval must exclude zero, at moderate community size (1,000–3,000 households)."""

import numpy as np
import pytest
from paired import final, interval, weekly, window

import sim

pytestmark = pytest.mark.slow
N = 1000


def test_1_digital_divide():
    """Digitization with little assisted access and large grids widens the satisfaction gap;
    assisted access or smaller grids narrow it again."""
    large = {
        "n_households": N,
        "assisted_access": 0.0,
        "households_per_worker": 600,
        "platform_maintenance": 0.8,
        "procedure_simplicity": 0.5,
    }
    low = weekly(**large, digitization=0.1)
    high = weekly(**large, digitization=0.9)
    assisted = weekly(**{**large, "assisted_access": 0.8}, digitization=0.9)
    small_grids = weekly(**{**large, "households_per_worker": 300}, digitization=0.9)
    gap = "satisfaction_gap"
    widening = interval(final(high, gap) - final(low, gap))
    assert widening.positive(), widening
    by_assistance = interval(final(assisted, gap) - final(high, gap))
    assert by_assistance.negative(), by_assistance
    by_grids = interval(final(small_grids, gap) - final(high, gap))
    assert by_grids.negative(), by_grids


def test_2_platform_ageing():
    """Without maintenance the platform decays and the early satisfaction gain from
    digitization fades; with maintenance it holds."""
    arms = {
        m: (
            weekly(n_households=N, platform_maintenance=m, digitization=0.1),
            weekly(n_households=N, platform_maintenance=m, digitization=0.8),
        )
        for m in (0.0, 0.8)
    }
    low, high = arms[0.0]
    quality = window(high, "platform_quality", 1, 1) - window(high, "platform_quality", 104, 104)
    assert (quality > 0.3).all()
    s = "satisfaction_mean"
    early = window(high, s, 14, 39) - window(low, s, 14, 39)
    late = window(high, s, 92, 104) - window(low, s, 92, 104)
    assert interval(early).positive(), interval(early)
    fading = interval(late - early)
    assert fading.negative(), fading
    low_m, high_m = arms[0.8]
    late_maintained = window(high_m, s, 92, 104) - window(low_m, s, 92, 104)
    assert interval(late_maintained).positive(), interval(late_maintained)
    holding = interval(late_maintained - late)
    assert holding.positive(), holding


def test_3_grid_load_is_nonlinear_and_hits_the_elderly():
    """Past a few hundred households per worker, resolution time and backlog grow faster than
    linearly, needs met falls, and the elderly lose most satisfaction."""
    arms = {h: weekly(n_households=2400, households_per_worker=h) for h in (400, 600, 800)}
    for metric in ("mean_resolution_weeks", "backlog"):
        a, b, c = (final(arms[h], metric) for h in (400, 600, 800))
        convex = interval((c - b) - (b - a))
        assert convex.positive(), (metric, convex)
        assert interval(c - a).positive(), metric
    met = [final(arms[h], "needs_met_rate") for h in (400, 600, 800)]
    assert interval(met[1] - met[0]).negative() and interval(met[2] - met[1]).negative()
    loss_elderly = final(arms[800], "satisfaction_elderly") - final(
        arms[400], "satisfaction_elderly"
    )
    loss_others = final(arms[800], "satisfaction_nonelderly") - final(
        arms[400], "satisfaction_nonelderly"
    )
    concentrated = interval(loss_elderly - loss_others)
    assert concentrated.negative(), concentrated


def test_4_social_organizations_help_the_needy_most_with_diminishing_returns():
    arms = {k: weekly(n_households=N, social_orgs=k) for k in (0, 5, 10)}
    met = {k: final(arms[k], "needs_met_rate") for k in arms}
    first, second = interval(met[5] - met[0]), interval(met[10] - met[5])
    assert first.positive() and second.positive(), (first, second)
    diminishing = interval((met[10] - met[5]) - (met[5] - met[0]))
    assert diminishing.negative(), diminishing
    gain = {
        g: final(arms[10], f"satisfaction_{g}") - final(arms[0], f"satisfaction_{g}")
        for g in ("elderly", "nonelderly")
    }
    assert interval(gain["elderly"]).positive()
    needy_most = interval(gain["elderly"] - gain["nonelderly"])
    assert needy_most.positive(), needy_most
    absorbed = weekly(n_households=N, social_orgs=10, org_autonomy=0.0)
    autonomous = weekly(n_households=N, social_orgs=10, org_autonomy=1.0)
    shrink = interval(final(autonomous, "needs_met_rate") - final(absorbed, "needs_met_rate"))
    assert shrink.positive(), shrink


def test_5_variety_widens_participation_with_diminishing_returns():
    """At the same number of events, more types raise participation, each added type less;
    preference targeting raises it further."""
    same = {"n_households": 3000, "events_per_week": 12, "facility_level": 0.8, "steps": 52}
    arms = {v: weekly(**same, event_variety=v) for v in (1, 3, 6)}
    p = {v: final(arms[v], "participation_rate") for v in arms}
    assert interval(p[3] - p[1]).positive() and interval(p[6] - p[3]).positive()
    per_type = interval((p[6] - p[3]) / 3 - (p[3] - p[1]) / 2)
    assert per_type.negative(), per_type
    targeted = weekly(**same, event_variety=3, preference_targeting=1.0)
    further = interval(final(targeted, "participation_rate") - p[3])
    assert further.positive(), further


def test_6_opposite_age_gradients_by_channel():
    """Offline participation rises with age; online reporting and online acts fall with it."""
    frames = weekly("tech_empowerment", n_households=N)
    for prefix, rising in (
        ("governance_offline_", True),
        ("online_share_", False),
        ("governance_online_", False),
    ):
        youth, middle, elderly = (final(frames, prefix + g) for g in ("youth", "middle", "elderly"))
        for younger, older in ((youth, middle), (middle, elderly)):
            step = interval(older - younger)
            assert step.positive() if rising else step.negative(), (prefix, step)


def _end_state(seed, calibration=None):
    model = sim.CommunityModel(
        sim.load_scenario("personalized_needs", n_households=N), rng=seed, calibration=calibration
    )
    model.run_for(model.params["steps"])
    return model


def _clustering(model):
    """Share of a participant's neighbours who participate, minus the same for others."""
    went = model.recently(model.residents.last_attended).astype(float)
    share = model.neighbour_share(went)
    return share[went == 1].mean() - share[went == 0].mean()


def test_7_participation_and_satisfaction_reinforce_each_other():
    seeds = range(1, 31)
    models = [_end_state(s) for s in seeds]
    within = [
        np.corrcoef(m.recently(m.residents.last_attended), m.residents.satisfaction)[0, 1]
        for m in models
    ]
    assert interval(within).positive(), interval(within)
    # across runs: communities with more events participate more and are more satisfied
    runs = [
        (
            final(weekly(n_households=N, events_per_week=e, seeds=[s]), "participation_rate")[0],
            final(weekly(n_households=N, events_per_week=e, seeds=[s]), "satisfaction_mean")[0],
        )
        for e in (0, 4, 8, 16)
        for s in range(1, 9)
    ]
    x, y = np.array(runs).T
    r = np.corrcoef(x, y)[0, 1]
    half = 1.96 / np.sqrt(len(runs) - 3)
    assert np.tanh(np.arctanh(r) - half) > 0, r
    # social influence makes participation cluster among neighbours
    no_influence = sim.Calibration(neighbour_influence=0.0)
    clustered = np.array([_clustering(m) for m in models])
    assert interval(clustered).positive()
    unclustered = np.array([_clustering(_end_state(s, no_influence)) for s in seeds])
    by_influence = interval(clustered - unclustered)
    assert by_influence.positive(), by_influence


@pytest.mark.parametrize("single", ["tech_empowerment", "refined_services", "personalized_needs"])
def test_8_paths_complement_each_other(single):
    combined = weekly("combined", n_households=N)
    alone = weekly(single, n_households=N)
    for metric in ("satisfaction_mean", "participation_rate"):
        beat = interval(final(combined, metric) - final(alone, metric))
        assert beat.positive(), (metric, beat)
