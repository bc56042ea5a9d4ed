"""Resident and institution rules as small pure functions over NumPy arrays.

Each function takes arrays and named coefficients and returns new arrays; random numbers
come in as arguments (uniforms drawn by the model), so every rule can be checked by hand.
The equations are written out in docs/ODD.md, section 7 (Submodels).
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------- general helpers


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), computed without overflow warnings."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def stochastic_round(x, u):
    """Round x down or up with P(up) = frac(x), so the mean is x (u uniform in [0,1))."""
    x = np.asarray(x, dtype=float)
    base = np.floor(x)
    return (base + (u < x - base)).astype(np.int64)


def rank_within_groups(group, order_key):
    """0-based rank of each item within its group, by ascending `order_key` (ties by index)."""
    group = np.asarray(group)
    n = group.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.lexsort((order_key, group))  # lexsort is stable: ties keep index order
    sorted_group = group[idx]
    starts = np.r_[0, np.flatnonzero(sorted_group[1:] != sorted_group[:-1]) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    ranks = np.empty(n, dtype=np.int64)
    ranks[idx] = np.arange(n) - run_start
    return ranks


def gini(values, bins: int = 4096):
    """Gini coefficient of values in [0, 1], O(n) through a histogram of `bins` bins.

    Values are grouped by bin and each bin represented by its mean, so the result is exact
    whenever distinct values fall in distinct bins and otherwise off by far less than 1/bins.
    NaN for an empty array or a zero mean.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float("nan")
    index = np.minimum((np.clip(values, 0.0, 1.0) * bins).astype(np.int64), bins - 1)
    counts = np.bincount(index, minlength=bins).astype(float)
    sums = np.bincount(index, weights=values, minlength=bins)
    total = sums.sum()
    if total <= 0:
        return float("nan")
    n = values.size
    # With groups sorted by value: G = sum_i (2 c_i - n - 1) x_i / (n * total), applied per bin
    # to the block of c_k equal values x_k occupying ranks r+1..r+c_k.
    before = np.cumsum(counts) - counts
    rank_sum = counts * (2 * before + counts + 1)  # sum of 2 * rank over the bin's block
    return float(
        ((rank_sum - (n + 1) * counts) * np.divide(sums, np.maximum(counts, 1))).sum() / (n * total)
    )


def neighbour_share(grid_value, grid_count, influence: float = 1.0):
    """Share of residents in the 8 surrounding cells (Moore) having some property.

    `grid_value` counts residents with the property per cell, `grid_count` residents per
    cell (2-D arrays of the grid's shape); the cell itself is left out. 0 where no
    neighbours live; scaled by `influence`. The 3x3 sums are separable: rows, then columns.
    """
    both = np.pad(np.stack([grid_value, grid_count]).astype(float), ((0, 0), (1, 1), (1, 1)))
    rows = both[:, :, :-2] + both[:, :, 1:-1] + both[:, :, 2:]
    box = rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]
    around_v, around_c = box[0] - grid_value, box[1] - grid_count
    share = np.divide(around_v, around_c, out=np.zeros(around_c.shape), where=around_c > 0)
    return influence * share


# ---------------------------------------------------------------- 1. needs


def need_arrivals(u, cumulative_rates):
    """Which residents get a new need this week, and of which category.

    `cumulative_rates` is residents x categories, the running sum of the weekly rates; a
    resident gets a need when u < total rate (at most one per week: rates are a few per
    cent), and the category is the slot of the cumulative rates that u falls in.
    Returns (resident indices, category codes).
    """
    total = cumulative_rates[:, -1]
    who = np.flatnonzero(u < total)
    category = (u[who, None] >= cumulative_rates[who]).sum(axis=1)
    return who, category


def need_complexity(u, category, complexity_cumprobs):
    """Complexity code per need from its category's cumulative probabilities."""
    return (u[:, None] >= complexity_cumprobs[category]).sum(axis=1)


# ---------------------------------------------------------------- 2. reporting


def online_ability(literacy, procedure_simplicity, slope, threshold_hard, threshold_gain):
    """a = sigmoid(slope * (literacy - (threshold_hard - threshold_gain * simplicity)))."""
    threshold = threshold_hard - threshold_gain * procedure_simplicity
    return sigmoid(slope * (literacy - threshold))


def platform_reach(digitization, quality, floor):
    """How much of the online service works: digitization x (floor + (1 - floor) Q)."""
    return digitization * (floor + (1.0 - floor) * quality)


def channel_probabilities(
    ability,
    trust,
    offline_pref,
    reach,
    assisted_access,
    *,
    platform,
    trust_floor,
    assisted_uptake,
    self_report=1.0,
):
    """Per-need probability of reporting online, to the grid worker, and through assisted access.

    online   = platform x ability x f
    offline  = reach x offline preference by age x f
    assisted = assisted_access x uptake x (1 - ability) x f
    with f = self_report x (trust_floor + (1 - trust_floor) T): distrust lowers every
    channel, and so does a need people tend to keep to themselves (self_report < 1).
    """
    f_trust = self_report * (trust_floor + (1.0 - trust_floor) * trust)
    p_online = platform * ability * f_trust
    p_offline = reach * offline_pref * f_trust
    p_assisted = assisted_access * assisted_uptake * (1.0 - ability) * f_trust
    return p_online, p_offline, p_assisted


def choose_channel(u, p_online, p_offline, p_assisted):
    """Try online, then the grid worker, then assisted access, with one uniform per need.

    P(online) = p1; P(offline) = (1 - p1) p2; P(assisted) = (1 - p1)(1 - p2) p3; else none.
    Returns channel codes 1, 2, 3 or 0 (see calibration.CHANNELS).
    """
    cut1 = p_online
    cut2 = cut1 + (1.0 - cut1) * p_offline
    cut3 = cut2 + (1.0 - cut2) * p_assisted
    return np.where(u < cut1, 1, np.where(u < cut2, 2, np.where(u < cut3, 3, 0)))


def worker_reach(households_per_worker, reachable_households):
    """Chance a resident can get hold of the worker: min(1, reachable / households)."""
    return min(1.0, reachable_households / households_per_worker)


def discovery_probability(coverage, find_skill, flag_rate, data_integration, platform):
    """Weekly chance a hidden need is found: by a household visit, or flagged by shared data.

    p = 1 - (1 - coverage x find_skill)(1 - flag_rate x data_integration x platform)
    """
    p_visit = coverage * find_skill
    p_flag = flag_rate * data_integration * platform
    return 1.0 - (1.0 - p_visit) * (1.0 - p_flag)


# ---------------------------------------------------------------- 3. handling


def worker_capacity(base, skill, digital_skill, digitization, quality, digital_gain, effort=1.0):
    """Cases per week: base x (0.7 + 0.6 skill) x (1 + gain x digitization x Q x digital skill)."""
    return (
        base
        * (0.7 + 0.6 * skill)
        * (1.0 + digital_gain * digitization * quality * digital_skill)
        * effort
    )


def government_delay(
    base_weeks, digitization, quality, data_integration, digital_cut, integration_cut
):
    """Mean weeks for government to close a case: shorter with digital tools and shared data."""
    return (
        base_weeks
        * (1.0 - digital_cut * digitization * quality)
        * (1.0 - integration_cut * data_integration)
    )


def performance(quality, wait_weeks, deadline_weeks, penalty, floor):
    """P = max(floor, quality x (1 - penalty x wait / deadline)): timeliness times quality.

    A case closed at its deadline keeps (1 - penalty) of its quality; a late one keeps less,
    but never less than `floor`, the performance of a case that is never closed.
    """
    return np.maximum(floor, quality * (1.0 - penalty * wait_weeks / deadline_weeks))


# ---------------------------------------------------------------- 4. experience


def encounter_satisfaction(perf, expectation, slope):
    """Expectation disconfirmation: s = sigmoid(k (P - E))."""
    return sigmoid(slope * (perf - expectation))


def experience_weight(count, rate):
    """Weight of `count` experiences each of weight `rate`: 1 - (1 - rate)^count."""
    return 1.0 - (1.0 - rate) ** count


def absorb(state, target, weight):
    """Move state toward target by weight: x + weight (target - x) (weight 0 leaves x)."""
    return state + weight * (target - state)


def update_expectation(expectation, mean_perf, weight, standard, pull):
    """E <- E + weight (P - E) + pull (standard - E), clipped to [0, 1]."""
    moved = absorb(expectation, mean_perf, weight)
    return np.clip(moved + pull * (standard - moved), 0.0, 1.0)


def visible_standard(previous, mean_perf, smoothing, showcase, platform):
    """What residents see as normal service: a smoothed community mean + the platform's showcase."""
    smoothed = previous if np.isnan(mean_perf) else previous + smoothing * (mean_perf - previous)
    return smoothed, min(1.0, smoothed + showcase * platform)


# ---------------------------------------------------------------- 5. activities


def places_per_event(facility_level, places_min, places_gain):
    return places_min + places_gain * facility_level


def best_offered_match(preferences, offered):
    """For each resident, the offered type they like best and its match in [0, 1].

    match = preference for that type / preference for the resident's favourite type.
    With nothing offered, type -1 and match 0.
    """
    n = preferences.shape[0]
    if not offered.any():
        return np.full(n, -1), np.zeros(n)
    masked = np.where(offered[None, :], preferences, -1.0)
    best = masked.argmax(axis=1)
    match = masked[np.arange(n), best] / preferences.max(axis=1)
    return best, match


def attendance_probability(match, neighbours, trust, habit, cost, frequency, invited, c):
    """P(attend) = sigmoid(b0 + b_m match + b_n nbrs + b_T T + b_h habit - cost
    + b_f ln(1 + f) + b_i invited), `invited` being the targeted share of the events of the
    resident's best type (the grid invites residents known to like them)."""
    return sigmoid(
        c.attend_intercept
        + c.attend_match * match
        + c.attend_neighbours * neighbours
        + c.attend_trust * trust
        + c.attend_habit * habit
        - cost
        + c.attend_frequency * np.log1p(frequency)
        + c.attend_invitation * invited
    )


def admit_to_venues(kind, priority, places):
    """Admit those wanting to attend, up to each type's places, lowest `priority` first.

    kind: activity type each candidate wants; priority: uniforms; places: per type.
    Only over-subscribed types need a choice, made by partial sorting (linear time).
    """
    admitted = np.ones(kind.size, dtype=bool)
    wanting = np.bincount(kind, minlength=places.size)
    for k in np.flatnonzero(wanting > places):
        members = np.flatnonzero(kind == k)
        admitted[members] = False
        if places[k] > 0:
            admitted[members[np.argpartition(priority[members], places[k] - 1)[: places[k]]]] = True
    return admitted


def update_habit(habit, attended, gain, decay):
    """Attending builds habit (h + g (1 - h)); not attending lets enthusiasm decay (h (1 - d))."""
    return np.where(attended, habit + gain * (1.0 - habit), habit * (1.0 - decay))


def event_type_counts(events, targeted, variety, known_demand, u_type, rotation=0):
    """How many of this week's events are of each activity type: (all, targeted ones).

    Untargeted events cycle through the first `variety` types of the standard programme,
    continuing the cycle from `rotation` (untargeted events held before); targeted events
    go to the `variety` types with the highest known demand, each type in proportion to that
    demand. `targeted` says which events are targeted, `u_type` are uniforms.
    """
    k = known_demand.size
    counts = np.zeros(k, dtype=np.int64)
    targeted_counts = np.zeros(k, dtype=np.int64)
    n_fixed = int(events - targeted.sum())
    if n_fixed:
        np.add.at(counts, (rotation + np.arange(n_fixed)) % variety, 1)
    n_targeted = int(targeted.sum())
    if n_targeted:
        top = np.argsort(-known_demand, kind="stable")[:variety]
        weights = known_demand[top] / known_demand[top].sum()
        picks = np.minimum(
            np.searchsorted(np.cumsum(weights), u_type[targeted], side="right"), variety - 1
        )
        np.add.at(targeted_counts, top[picks], 1)
    return counts + targeted_counts, targeted_counts


# ---------------------------------------------------------------- 6. governance


def offline_act_probability(age_term, trust, efficacy, neighbours, facility_level, c):
    return sigmoid(
        c.offline_intercept
        + age_term
        + c.gov_trust * trust
        + c.gov_efficacy * efficacy
        + c.gov_neighbours * neighbours
        + c.offline_facility * facility_level
    )


def online_act_probability(platform, ability, trust, efficacy, neighbours, c):
    return (
        platform
        * ability
        * sigmoid(
            c.online_intercept
            + c.gov_trust * trust
            + c.gov_efficacy * efficacy
            + c.gov_neighbours * neighbours
        )
    )


# ---------------------------------------------------------------- 7. government


def platform_quality_next(quality, maintenance, ageing, restore):
    """Q <- Q - ageing (1 - m) Q + restore m (1 - Q): decays unless maintained."""
    return (
        quality - ageing * (1.0 - maintenance) * quality + restore * maintenance * (1.0 - quality)
    )


def shift_effort(effort, needs_met, participation, c):
    """Quarterly review: move effort toward the outcome further below its target, same budget."""
    if np.isnan(needs_met) or np.isnan(participation):
        return effort
    gap_service = (c.target_needs_met - needs_met) / c.target_needs_met
    gap_activity = (c.target_participation - participation) / c.target_participation
    step = c.effort_step * np.sign(gap_service - gap_activity)
    return float(np.clip(effort + step, *c.effort_bounds))
