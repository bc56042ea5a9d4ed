"""Rules of needs (1), reporting (2) and handling (3)."""

from __future__ import annotations

import numpy as np

from sim.model.codes import Channel
from sim.model.rules.general import sigmoid

# ---------------------------------------------------------------- 1. needs


def need_arrivals(u, cumulative_rates, total=None):
    """Which residents get a new need this week, and of which category.

    `cumulative_rates` is residents x categories, the running sum of the weekly rates; a
    resident gets a need when u < total rate (at most one per week: rates are a few per
    cent), and the category is the slot of the cumulative rates that u falls in.
    Returns (resident indices, category codes). `total` (the last column, contiguous) may
    be passed when it is known already.
    """
    total = cumulative_rates[:, -1] if total is None else total
    who = np.flatnonzero(u < total)
    category = (u[who, None] >= cumulative_rates[who]).sum(axis=1)
    return who, category


def complexity_cuts(complexity_probs):
    """Per category, the cut points between complexity codes: the running sum of the codes'
    probabilities without its last term (which is 1 only up to rounding, so a draw just
    below 1 cannot fall past the last code)."""
    return np.cumsum(np.asarray(complexity_probs, dtype=float), axis=1)[:, :-1]


def need_complexity(u, category, cuts):
    """Complexity code per need: how many of its category's cut points u is at or above
    (`cuts` from complexity_cuts)."""
    return (u[:, None] >= cuts[category]).sum(axis=1)


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
    Returns `Channel` codes (ONLINE, OFFLINE, ASSISTED or UNREPORTED).
    """
    cut1 = p_online
    cut2 = cut1 + (1.0 - cut1) * p_offline
    cut3 = cut2 + (1.0 - cut2) * p_assisted
    return np.where(
        u < cut1,
        Channel.ONLINE,
        np.where(
            u < cut2,
            Channel.OFFLINE,
            np.where(u < cut3, Channel.ASSISTED, Channel.UNREPORTED),
        ),
    )


def worker_reach(households_per_worker, reachable_households):
    """Chance a resident can get hold of the worker: min(1, reachable / households)."""
    return min(1.0, reachable_households / households_per_worker)


def discovery_probability(
    coverage,
    find_skill,
    flag_rate,
    data_integration,
    platform,
    *,
    neighbours=0.0,
    neighbour_find=0.0,
):
    """Weekly chance a hidden need is found: by a household visit, flagged by shared data, or
    raised by neighbours who take part in deliberation (共治).

    p = 1 - (1 - coverage x find_skill)(1 - flag_rate x data_integration x platform)
          (1 - neighbour_find x share of neighbours deliberating)
    """
    p_visit = coverage * find_skill
    p_flag = flag_rate * data_integration * platform
    p_neighbours = neighbour_find * neighbours
    return 1.0 - (1.0 - p_visit) * (1.0 - p_flag) * (1.0 - p_neighbours)


def visit_coverage(visits, households, elderly_households, *, priority_share):
    """Weekly visit coverage of (elderly, other) households. Under triage the worker makes
    `priority_share` of the visits to elderly households first (重点人群走访: they keep care
    and health needs to themselves), at most one each; the rest go to every household alike.

    first = min(priority_share x visits, elderly);  spread = (visits - first) / households
    elderly: min(1, first / elderly + spread);      others: min(1, spread)
    """
    first = np.minimum(priority_share * visits, elderly_households)
    spread = (visits - first) / households
    share_first = np.divide(
        first, elderly_households, out=np.zeros_like(spread), where=elderly_households > 0
    )
    return np.minimum(1.0, share_first + spread), np.minimum(1.0, spread)


# ---------------------------------------------------------------- 3. handling


def worker_capacity(
    base,
    skill,
    digital_skill,
    digitization,
    quality,
    *,
    digital_gain,
    effort=1.0,
    skill_base,
    skill_gain,
):
    """Cases per week: base x (skill_base + skill_gain x skill)
    x (1 + digital_gain x digitization x Q x digital skill) x effort."""
    return (
        base
        * (skill_base + skill_gain * skill)
        * (1.0 + digital_gain * digitization * quality * digital_skill)
        * effort
    )


def entry_work(digitization, data_integration, burden):
    """Work of a case the worker must enter into the platform by hand, in cases: 1 +
    burden x digitization x (1 - data integration). Reports made on the platform are entered
    by residents; others are typed in by the worker, twice over where the platform and the
    grid do not share data (多头填报, 指尖上的形式主义)."""
    return 1.0 + burden * digitization * (1.0 - data_integration)


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
