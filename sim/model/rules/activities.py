"""Rules of activities (5): the programme, matching, attendance, venues, habit."""

from __future__ import annotations

import numpy as np

from sim.model.rules.general import sigmoid


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


def attendance_logit(
    match,
    neighbours,
    trust,
    habit,
    cost,
    frequency,
    facility,
    *,
    intercept,
    w_match,
    w_neighbours,
    w_trust,
    w_habit,
    w_frequency,
    w_facility,
    log_frequency=None,
):
    """The logit of attendance_probability (`log_frequency`, ln(1 + f), may be passed when
    it is known already: it takes few values)."""
    if log_frequency is None:
        log_frequency = np.log1p(frequency)
    return (
        intercept
        + w_match * match
        + w_neighbours * neighbours
        + w_trust * trust
        + w_habit * habit
        - cost
        + w_frequency * log_frequency
        + w_facility * facility
    )


def attendance_probability(match, neighbours, trust, habit, cost, frequency, facility, **weights):
    """P(attend | aware) = sigmoid(b0 + b_m match + b_n nbrs + b_T T + b_h habit - cost
    + b_f ln(1 + f) + b_F facility quality), f the events of the resident's best type this week
    (there is no invitation bonus: targeting acts through awareness and match). Weights are
    the keywords of attendance_logit."""
    return sigmoid(
        attendance_logit(match, neighbours, trust, habit, cost, frequency, facility, **weights)
    )


def awareness(*, board, grid, platform, neighbours, announced):
    """Chance a resident hears of this week's events: 1 - product of (1 - each channel's
    chance): noticeboard, the grid worker, platform notices, neighbours who went, and a
    targeted announcement."""
    missed = (1.0 - board) * (1.0 - grid) * (1.0 - platform)
    return 1.0 - missed * (1.0 - neighbours) * (1.0 - announced)


def two_best_offered(preferences, offered):
    """Per resident, the two offered types liked best and their match (preference over the
    preference for the favourite type); type -1 and match 0 where there is none."""
    n = preferences.shape[0]
    if not offered.any():
        none, zero = np.full(n, -1), np.zeros(n)
        return none, zero, none, zero
    favourite = preferences.max(axis=1)
    masked = np.where(offered[None, :], preferences, -1.0)
    best = masked.argmax(axis=1)
    rows = np.arange(n)
    first = masked[rows, best] / favourite
    if offered.sum() < 2:
        return best, first, np.full(n, -1), np.zeros(n)
    masked[rows, best] = -1.0
    second = masked.argmax(axis=1)
    return best, first, second, masked[rows, second] / favourite


class OfferedRanking:
    """two_best_offered for preferences that never change, in a few passes over residents.

    Each resident's ranking of the types is found once (a stable sort: between equal
    preferences the lower type code first, as argmax chooses). Among the offered types the
    best is the one of lowest rank and the second the next: a running minimum over the
    offered types' ranks, then a lookup. The same numbers as two_best_offered.
    """

    def __init__(self, preferences):
        n, k = preferences.shape
        order = np.argsort(-preferences, axis=1, kind="stable")  # types, favourite first
        rank = np.empty((n, k), dtype=np.int8)
        np.put_along_axis(rank, order, np.arange(k, dtype=np.int8)[None, :], axis=1)
        self.rank_by_type = np.ascontiguousarray(rank.T)  # one row of ranks per type
        self.order = order.astype(np.int8).ravel()  # row i * k + rank: the type of that rank
        self.preferences = preferences.ravel()  # row i * k + type
        self.row_start = np.arange(n) * k
        self.favourite = preferences.max(axis=1)

    def two_best(self, offered):
        n, k = self.favourite.size, offered.size
        types = np.flatnonzero(offered)
        if not types.size:
            none, zero = np.full(n, -1), np.zeros(n)
            return none, zero, none, zero
        first = np.full(n, k, dtype=np.int8)  # lowest rank among the offered so far
        second = np.full(n, k, dtype=np.int8)  # the next lowest
        for t in types:
            rank = self.rank_by_type[t]
            np.minimum(second, np.maximum(first, rank), out=second)
            np.minimum(first, rank, out=first)
        best = self.order[self.row_start + first].astype(np.intp)  # as argmax gives
        match = self.preferences[self.row_start + best] / self.favourite
        if types.size < 2:
            return best, match, np.full(n, -1), np.zeros(n)
        runner_up = self.order[self.row_start + second].astype(np.intp)
        return best, match, runner_up, self.preferences[self.row_start + runner_up] / self.favourite


def best_with_novelty(best, match, second, second_match, last_type, fatigue):
    """The offered type a resident likes best this week: the type attended last counts
    (1 - fatigue) of its match; only that one type is worn, so the best two suffice."""
    first = np.where(last_type == best, match * (1.0 - fatigue), match)
    other = np.where(last_type == second, second_match * (1.0 - fatigue), second_match)
    switch = other > first
    return np.where(switch, second, best), np.where(switch, other, first)


def novelty_recovered(fatigue, recovery):
    """The worn-off share of the last type's appeal recovers by `recovery` a week."""
    return fatigue * (1.0 - recovery)


def novelty_worn(fatigue, same_type, loss):
    """Attending wears `loss` of what is left of the type's appeal; a type other than the
    last one attended starts fresh (scalars or arrays)."""
    return np.where(same_type, fatigue + loss * (1.0 - fatigue), loss)


def wear_novelty(fatigue, last_type, attended, kind, loss, recovery):
    """Novelty: every week the worn-off share of the last type's appeal recovers by
    `recovery`; attending a type wears `loss` of what is left of it (a new type starts
    fresh). Returns (fatigue, last type)."""
    fatigue = novelty_recovered(fatigue, recovery)
    last_type = last_type.copy()
    same = last_type[attended] == kind
    fatigue[attended] = novelty_worn(fatigue[attended], same, loss)
    last_type[attended] = kind
    return fatigue, last_type


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


def habit_after_attending(habit, gain):
    """Attending builds habit: h + g (1 - h)."""
    return habit + gain * (1.0 - habit)


def habit_after_missing(habit, decay):
    """Not attending lets enthusiasm decay: h (1 - d)."""
    return habit * (1.0 - decay)


def update_habit(habit, attended, gain, decay):
    """Attending builds habit (h + g (1 - h)); not attending lets enthusiasm decay (h (1 - d))."""
    return np.where(attended, habit_after_attending(habit, gain), habit_after_missing(habit, decay))


def targeted_types(known_demand, variety, resolution=0.0, u_tie=None):
    """The `variety` types targeted events go to, most demanded first: those with the highest
    known demand. Demand is read to `resolution`: types within it of the last type in are as
    good as it to the planner, who picks among them at random (lowest `u_tie`, one uniform per
    type), so two nearly equal types share the place instead of the larger one always taking
    it (which a community's sample of known tastes decides differently at every size)."""
    order = np.argsort(-known_demand, kind="stable")
    if resolution <= 0 or u_tie is None or variety >= known_demand.size:
        return order[:variety]
    cut = known_demand[order[variety - 1]]
    sure = np.flatnonzero(known_demand > cut + resolution)
    near = np.flatnonzero(np.abs(known_demand - cut) <= resolution)
    chosen = near[np.argsort(u_tie[near], kind="stable")[: variety - sure.size]]
    top = np.concatenate([sure, chosen])
    return top[np.argsort(-known_demand[top], kind="stable")]


def event_type_counts(
    events, targeted, variety, known_demand, u_type, rotation=0, *, resolution=0.0, u_tie=None
):
    """How many of this week's events are of each activity type: (all, targeted ones).

    Untargeted events cycle through the first `variety` types of the standard programme,
    continuing the cycle from `rotation` (untargeted events held before); targeted events
    go to the `variety` types with the highest known demand (`targeted_types`), each type in
    proportion to that demand. `targeted` says which events are targeted, `u_type` are
    uniforms.
    """
    k = known_demand.size
    targeted_counts = np.zeros(k, dtype=np.int64)
    n_fixed = int(events - targeted.sum())
    counts = np.bincount((rotation + np.arange(n_fixed)) % variety, minlength=k)
    n_targeted = int(targeted.sum())
    if n_targeted:
        top = targeted_types(known_demand, variety, resolution, u_tie)
        weights = known_demand[top] / known_demand[top].sum()
        picks = np.minimum(
            np.searchsorted(np.cumsum(weights), u_type[targeted], side="right"), variety - 1
        )
        targeted_counts = np.bincount(top[picks], minlength=k)
    return counts + targeted_counts, targeted_counts
