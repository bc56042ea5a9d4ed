"""Rules as pure functions, on cases computed by hand (and a few properties)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.model import rules
from sim.model.calibration import DEFAULT_CALIBRATION as C


def test_sigmoid_values_and_no_overflow():
    assert rules.sigmoid(0) == 0.5
    assert rules.sigmoid(np.log(3)) == pytest.approx(0.75)
    with np.errstate(all="raise"):
        assert rules.sigmoid(np.array([-1e4, 1e4])).tolist() == [0.0, 1.0]


def test_stochastic_round_rounds_up_with_the_fraction():
    assert rules.stochastic_round([2.25, 2.25, 3.0], [0.2, 0.3, 0.99]).tolist() == [3, 2, 3]


def test_rank_within_groups_by_hand():
    group = np.array([1, 0, 1, 0, 1])
    order = np.array([5, 9, 2, 1, 2])
    # group 0: items 3 (1), 1 (9); group 1: items 2 (2), 4 (2, tie: later index), 0 (5)
    assert rules.rank_within_groups(group, order).tolist() == [2, 1, 0, 0, 1]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5)), min_size=1, max_size=40))
def test_rank_within_groups_matches_a_naive_count(items):
    group = np.array([g for g, _ in items])
    order = np.array([o for _, o in items])
    naive = [
        sum(1 for j, (g2, o2) in enumerate(items) if g2 == g and (o2 < o or (o2 == o and j < i)))
        for i, (g, o) in enumerate(items)
    ]
    assert rules.rank_within_groups(group, order).tolist() == naive


def exact_gini(x):
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    return float(((2 * np.arange(1, n + 1) - n - 1) * x).sum() / (n * x.sum()))


def test_gini_by_hand():
    assert rules.gini([0.5, 0.5, 0.5]) == pytest.approx(0.0)
    assert rules.gini([0.0, 0.0, 0.0, 1.0]) == pytest.approx(0.75)  # (n-1)/n for one holder
    assert rules.gini([0.2, 0.4]) == pytest.approx(0.5 * 0.2 / 0.6)
    assert np.isnan(rules.gini([])) and np.isnan(rules.gini([0.0, 0.0]))


@settings(max_examples=60)
@given(arrays(float, st.integers(2, 300), elements=st.floats(0.001, 1.0)))
def test_binned_gini_is_close_to_the_exact_one(x):
    assert rules.gini(x) == pytest.approx(exact_gini(x), abs=2e-3)


def test_neighbour_share_leaves_out_the_cell_itself():
    value = np.array([[1.0, 0.0, 0.0], [0.0, 5.0, 0.0], [0.0, 0.0, 0.0]])
    count = np.array([[2.0, 1.0, 0.0], [1.0, 5.0, 1.0], [0.0, 1.0, 1.0]])
    share = rules.neighbour_share(value, count)
    assert share[1, 1] == pytest.approx(1 / 7)  # neighbours: 2+1+1+1+1+1 = 7 residents, 1 has it
    assert share[0, 0] == pytest.approx(5 / 7)  # neighbours (0,1),(1,0),(1,1): 1+1+5
    assert share[2, 0] == pytest.approx(5 / 7)  # (1,0),(1,1),(2,1): 1+5+1 residents, 5 have it
    assert rules.neighbour_share(value, count, influence=0.0).sum() == 0


@pytest.mark.parametrize("centre", [-9.0, -3.0, 0.0, 4.0])
def test_below_sigmoid_is_exactly_the_direct_comparison(centre):
    rng = np.random.default_rng(int(centre) + 20)
    n = 9000  # above the size where a cut is chosen
    u, x = rng.random(n), rng.normal(centre, 2.0, n)
    scale, where = rng.random(n), rng.random(n) < 0.7
    assert np.array_equal(rules.below_sigmoid(u, x), u < rules.sigmoid(x))
    expected = (u < scale * rules.sigmoid(x)) & where
    assert np.array_equal(rules.below_sigmoid(u, x, scale=scale, where=where), expected)


def test_moore_neighbours_give_neighbour_share_to_the_bit():
    rng = np.random.default_rng(3)
    count = rng.integers(0, 4, size=(7, 9)).astype(float)
    count[:3, :3] = 0  # a corner where nobody lives around
    neighbours = rules.MooreNeighbours(count)
    for _ in range(3):
        whole = np.minimum(rng.integers(0, 4, size=count.shape), count)
        weighted = whole * rng.random(count.shape)
        for value in (whole, weighted):
            expected = rules.neighbour_share(value, count, 0.3)
            assert np.array_equal(neighbours.share(value, 0.3), expected)
        for influence in (0.3, 1.0):  # whole counts, summed as integers
            expected = rules.neighbour_share(whole, count, influence)
            assert np.array_equal(neighbours.share_counts(whole, influence), expected)


def test_need_arrivals_at_most_one_per_resident_by_slot():
    cum = np.array([[0.1, 0.1, 0.3], [0.2, 0.25, 0.25]])
    who, category = rules.need_arrivals(np.array([0.15, 0.22]), cum)
    assert who.tolist() == [0, 1] and category.tolist() == [2, 1]
    who, _ = rules.need_arrivals(np.array([0.35, 0.9]), cum)
    assert who.size == 0


def test_need_complexity_from_cut_points():
    cuts = rules.complexity_cuts([[0.6, 0.1, 0.3], [0.2, 0.7, 0.1]])
    out = rules.need_complexity(
        np.array([0.59, 0.65, 0.85, 0.1, 0.95]), np.array([0, 0, 1, 1, 1]), cuts
    )
    assert out.tolist() == [0, 1, 1, 0, 2]


def test_a_draw_just_below_one_gets_a_real_complexity_code():
    """The calibrated probabilities of some categories add up to just below 1; a draw
    above that sum still falls in the last code, not past it."""
    probs = np.asarray(C.complexity_probs)
    cuts = rules.complexity_cuts(probs)
    categories = np.arange(len(probs))
    u = np.full(categories.size, np.nextafter(1.0, 0.0))
    assert rules.need_complexity(u, categories, cuts).tolist() == [probs.shape[1] - 1] * len(probs)


def test_online_ability_threshold_falls_with_simplicity():
    assert rules.online_ability(0.65, 0.0, 10, 0.65, 0.35) == pytest.approx(0.5)
    assert rules.online_ability(0.30, 1.0, 10, 0.65, 0.35) == pytest.approx(0.5)


def test_channel_probabilities_by_hand():
    p_on, p_off, p_as = rules.channel_probabilities(
        np.array([0.8]),
        np.array([0.5]),
        np.array([0.6]),
        0.5,
        0.4,
        platform=0.5,
        trust_floor=0.5,
        assisted_uptake=0.8,
        self_report=0.5,
    )
    f = 0.5 * (0.5 + 0.5 * 0.5)
    assert p_on[0] == pytest.approx(0.5 * 0.8 * f)
    assert p_off[0] == pytest.approx(0.5 * 0.6 * f)
    assert p_as[0] == pytest.approx(0.4 * 0.8 * 0.2 * f)


def test_choose_channel_tries_online_then_worker_then_assisted():
    u = np.array([0.05, 0.2, 0.5, 0.95])
    # cut1 = 0.1; cut2 = 0.1 + 0.9*0.2 = 0.28; cut3 = 0.28 + 0.72*0.5 = 0.64
    assert rules.choose_channel(u, 0.1, 0.2, 0.5).tolist() == [1, 2, 3, 0]


def test_discovery_combines_visits_and_data_flags():
    p = rules.discovery_probability(0.5, 0.6, 0.5, 0.8, 0.5)
    assert p == pytest.approx(1 - (1 - 0.3) * (1 - 0.2))


def test_triage_visits_elderly_households_first_and_keeps_the_number_of_visits():
    visits, households = np.array([100.0, 100.0]), np.array([400, 400])
    elderly = np.array([100.0, 40.0])
    elderly_cov, other_cov = rules.visit_coverage(visits, households, elderly, priority_share=0.0)
    assert elderly_cov.tolist() == other_cov.tolist() == [0.25, 0.25]
    elderly_cov, other_cov = rules.visit_coverage(visits, households, elderly, priority_share=0.5)
    # block 0: 50 visits to its 100 elderly homes first, 50 spread over all 400 households
    assert elderly_cov[0] == pytest.approx(0.5 + 0.125) and other_cov[0] == pytest.approx(0.125)
    made = elderly_cov[0] * 100 + other_cov[0] * 300  # every visit is made, none twice
    assert made == pytest.approx(100)
    # block 1: at most one priority visit per elderly home (40), the other 60 spread
    assert elderly_cov[1] == 1.0 and other_cov[1] == pytest.approx(0.15)
    none = rules.visit_coverage(visits, households, np.zeros(2), priority_share=1.0)
    assert none[1].tolist() == [0.25, 0.25]


def test_worker_capacity_and_government_delay_by_hand():
    skill = {"skill_base": 0.7, "skill_gain": 0.6}
    full = rules.worker_capacity(30, 0.5, 0.5, 1.0, 1.0, digital_gain=0.8, **skill)
    assert full == pytest.approx(30 * 1.0 * 1.4)
    no_platform = rules.worker_capacity(
        30, 0.5, 0.5, 0.0, 1.0, digital_gain=0.8, effort=1.2, **skill
    )
    assert no_platform == pytest.approx(36)
    assert rules.government_delay(4, 1, 1, 1, 0.4, 0.35) == pytest.approx(4 * 0.6 * 0.65)
    assert rules.worker_reach(250, 500) == 1.0 and rules.worker_reach(1000, 500) == 0.5


def test_performance_timeliness_times_quality_with_a_floor():
    assert rules.performance(0.8, 0, 4, 0.4, 0.1) == pytest.approx(0.8)
    assert rules.performance(0.8, 4, 4, 0.4, 0.1) == pytest.approx(0.48)
    assert rules.performance(0.8, 12, 4, 0.4, 0.1) == pytest.approx(0.1)


def test_expectation_disconfirmation():
    assert rules.encounter_satisfaction(0.6, 0.6, 5) == 0.5
    assert rules.encounter_satisfaction(0.8, 0.6, 5) == pytest.approx(1 / (1 + np.exp(-1)))
    assert rules.experience_weight(2, 0.2) == pytest.approx(0.36)
    assert rules.absorb(0.5, 1.0, 0.2) == pytest.approx(0.6)


def test_expectation_follows_own_performance_and_the_visible_standard():
    e = rules.update_expectation(np.array([0.5]), np.array([0.9]), np.array([0.1]), 0.7, 0.01)
    moved = 0.5 + 0.1 * 0.4
    assert e[0] == pytest.approx(moved + 0.01 * (0.7 - moved))
    smoothed, shown = rules.visible_standard(0.6, 0.8, 0.1, 0.1, 0.5)
    assert smoothed == pytest.approx(0.62) and shown == pytest.approx(0.67)
    assert rules.visible_standard(0.6, float("nan"), 0.1, 0.1, 0.0) == (0.6, 0.6)


def test_best_offered_match():
    prefs = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    best, match = rules.best_offered_match(prefs, np.array([False, True, True]))
    assert best.tolist() == [1, 2] and match == pytest.approx([0.6, 1.0])
    best, match = rules.best_offered_match(prefs, np.zeros(3, dtype=bool))
    assert best.tolist() == [-1, -1] and match.tolist() == [0, 0]


def test_attendance_probability_by_hand():
    weights = {"w_neighbours": 1.5, "w_trust": 1.5, "w_habit": 2, "w_frequency": 0.2}
    p = rules.attendance_probability(
        1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, intercept=-7, w_match=3, w_facility=1, **weights
    )
    assert p == pytest.approx(rules.sigmoid(-7 + 3))
    q = rules.attendance_probability(
        1.0, 0.5, 1.0, 0.5, 0.7, 3.0, 0.4, intercept=-7, w_match=3, w_facility=1, **weights
    )
    assert q == pytest.approx(rules.sigmoid(-7 + 3 + 0.75 + 1.5 + 1 - 0.7 + 0.2 * np.log(4) + 0.4))


def test_awareness_combines_its_channels():
    a = rules.awareness(board=0.1, grid=0.2, platform=0.0, neighbours=0.5, announced=0.0)
    assert a == pytest.approx(1 - 0.9 * 0.8 * 0.5)
    assert rules.awareness(board=0, grid=0, platform=0, neighbours=0, announced=0.9) == 0.9


def test_novelty_wears_off_the_type_attended_and_recovers():
    fatigue, last = rules.wear_novelty(
        np.array([0.5, 0.5, 0.0]),
        np.array([2, 2, -1]),
        np.array([0, 1]),
        np.array([2, 3]),
        loss=0.3,
        recovery=0.1,
    )
    # resident 0 attends type 2 again: 0.45 + 0.3 * 0.55; resident 1 switches to type 3: 0.3
    assert fatigue == pytest.approx([0.45 + 0.3 * 0.55, 0.3, 0.0])
    assert last.tolist() == [2, 3, -1]
    best, match = rules.best_with_novelty(
        np.array([2, 2]),
        np.array([1.0, 1.0]),
        np.array([5, 5]),
        np.array([0.6, 0.6]),
        np.array([2, 5]),
        np.array([0.5, 0.5]),
    )
    # the worn favourite (0.5) loses to the second best (0.6); a worn second best does not
    assert best.tolist() == [5, 2] and match == pytest.approx([0.6, 1.0])


def test_two_best_offered_types():
    prefs = np.array([[0.5, 0.3, 0.2], [0.1, 0.2, 0.7]])
    best, m1, second, m2 = rules.two_best_offered(prefs, np.array([True, True, False]))
    assert best.tolist() == [0, 1] and second.tolist() == [1, 0]
    assert m1 == pytest.approx([1.0, 0.2 / 0.7]) and m2 == pytest.approx([0.6, 0.1 / 0.7])


def test_offered_ranking_gives_two_best_offered_to_the_bit():
    rng = np.random.default_rng(5)
    prefs = rng.dirichlet(np.full(5, 0.3), size=400)
    prefs[:20, 1:4] = prefs[:20, [1]]  # ties: the lower type code comes first, as in argmax
    ranking = rules.OfferedRanking(prefs)
    for code in range(2**5):
        offered = np.array([(code >> k) & 1 for k in range(5)], dtype=bool)
        for a, b in zip(
            rules.two_best_offered(prefs, offered), ranking.two_best(offered), strict=True
        ):
            assert a.dtype == b.dtype and np.array_equal(a, b)


def test_work_before_within_groups():
    before = rules.work_before_within_groups(
        np.array([0, 0, 1, 0]), np.array([3.0, 1.0, 0.0, 2.0]), np.array([1.0, 1.5, 2.0, 1.0])
    )
    assert before.tolist() == [2.5, 0.0, 0.0, 1.5]


def test_budget_share_and_upkeep_equilibrium():
    assert rules.budget_share(10, 10, 0) == 1.0  # no budget
    assert rules.budget_share(10, 10, 25) == 1.0  # fits
    assert rules.budget_share(10, 10, 15) == pytest.approx(0.5)
    assert rules.budget_share(10, 10, 5) == 0.0  # not even the fixed part fits
    q = rules.upkept_equilibrium(0.5, 0.01, 0.03)
    assert rules.platform_quality_next(q, 0.5, 0.01, 0.03) == pytest.approx(q)
    f = rules.upkept_equilibrium(0.5, 0.01, 0.03, level=0.6)
    assert rules.facility_quality_next(f, 0.5, 0.6, 0.01, 0.03) == pytest.approx(f)


def test_admission_respects_places_and_priority():
    kind = np.array([0, 0, 0, 1, 1, 2])
    priority = np.array([0.9, 0.1, 0.5, 0.3, 0.2, 0.7])
    admitted = rules.admit_to_venues(kind, priority, np.array([2, 5, 0]))
    assert admitted.tolist() == [False, True, True, True, True, False]


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=60),
    st.lists(st.integers(0, 5), min_size=4, max_size=4),
)
def test_admission_never_exceeds_places(kinds, places):
    kind = np.array(kinds)
    admitted = rules.admit_to_venues(kind, np.linspace(0, 1, kind.size), np.array(places))
    per_type = np.bincount(kind[admitted], minlength=4)
    assert (per_type <= np.array(places)).all()
    assert (per_type == np.minimum(np.bincount(kind, minlength=4), places)).all()


def test_habit_builds_and_decays():
    h = rules.update_habit(np.array([0.5, 0.5]), np.array([True, False]), 0.2, 0.1)
    assert h == pytest.approx([0.6, 0.45])


def test_event_types_rotate_and_targeting_follows_demand():
    none = np.zeros(3, dtype=bool)
    counts, targeted = rules.event_type_counts(3, none, 2, np.ones(8), np.zeros(3), rotation=1)
    assert counts[:2].tolist() == [1, 2] and targeted.sum() == 0
    demand = np.array([0.1, 0.1, 0.5, 0.1, 0.3, 0, 0, 0])
    counts, targeted = rules.event_type_counts(
        4, np.ones(4, dtype=bool), 2, demand, np.array([0.1, 0.5, 0.7, 0.9])
    )
    # top two by demand: types 2 (share 0.625) and 4 (0.375)
    assert counts.tolist() == targeted.tolist() == [0, 0, 2, 0, 2, 0, 0, 0]


def test_targeting_cannot_tell_apart_types_within_its_resolution():
    demand = np.array([0.30, 0.25, 0.102, 0.101, 0.05, 0.197, 0.0, 0.0])
    # without a resolution the larger of two nearly equal types always takes the last place
    assert rules.targeted_types(demand, 3).tolist() == [0, 1, 5]
    assert rules.targeted_types(demand, 4).tolist() == [0, 1, 5, 2]
    # within 0.01 of the last type in, the planner picks at random (lowest uniform)
    u = np.full(8, 0.5)
    u[3] = 0.1
    assert rules.targeted_types(demand, 4, 0.01, u).tolist() == [0, 1, 5, 3]
    u[3] = 0.9
    assert rules.targeted_types(demand, 4, 0.01, u).tolist() == [0, 1, 5, 2]
    # types clearly above the cut are always in, whatever the draw
    picks = {tuple(rules.targeted_types(demand, 4, 0.01, np.random.default_rng(s).random(8)))
             for s in range(50)}  # fmt: skip
    assert picks == {(0, 1, 5, 2), (0, 1, 5, 3)}


def test_governance_probabilities():
    weights = {"w_trust": 1.5, "w_efficacy": 1.0, "w_neighbours": 1.0}
    p = rules.offline_act_probability(
        1.6, 1.0, 0.5, 0.2, 0.5, intercept=-6.25, w_facility=0.8, **weights
    )
    assert p == pytest.approx(rules.sigmoid(-6.25 + 1.6 + 1.5 + 0.5 + 0.2 + 0.4))
    assert rules.online_act_probability(0.0, 1.0, 1.0, 1.0, 1.0, intercept=-4.4, **weights) == 0
    q = rules.online_act_probability(0.5, 0.8, 1.0, 0.0, 0.0, intercept=-4.4, **weights)
    assert q == pytest.approx(0.5 * 0.8 * rules.sigmoid(-4.4 + 1.5))


def test_platform_ageing_and_maintenance():
    assert rules.platform_quality_next(0.5, 0.0, 0.01, 0.03) == pytest.approx(0.495)
    assert rules.platform_quality_next(0.5, 1.0, 0.01, 0.03) == pytest.approx(0.515)


def test_quarterly_review_moves_effort_to_the_weaker_outcome():
    review = {
        "target_needs_met": C.target_needs_met,
        "target_participation": C.target_participation,
        "step": C.effort_step,
        "bounds": C.effort_bounds,
    }
    assert rules.shift_effort(1.0, 0.4, 0.3, **review) == pytest.approx(1.1)  # services lag
    assert rules.shift_effort(1.0, 0.8, 0.05, **review) == pytest.approx(0.9)  # activities lag
    assert rules.shift_effort(1.3, 0.1, 0.3, **review) == pytest.approx(1.3)  # bounded
    assert rules.shift_effort(1.0, float("nan"), 0.3, **review) == 1.0
