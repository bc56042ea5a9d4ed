"""Rules of governance participation (6) and the government (7)."""

from __future__ import annotations

import numpy as np

from sim.model.rules.general import sigmoid

# ---------------------------------------------------------------- 6. governance


def offline_act_probability(
    age_term,
    trust,
    efficacy,
    neighbours,
    facility_level,
    *,
    intercept,
    w_trust,
    w_efficacy,
    w_neighbours,
    w_facility,
):
    """p = sigmoid(b0 + a_age + b_T T + b_F F + b_n nbrs + b_f facility)."""
    return sigmoid(
        intercept
        + age_term
        + w_trust * trust
        + w_efficacy * efficacy
        + w_neighbours * neighbours
        + w_facility * facility_level
    )


def online_act_probability(
    platform, ability, trust, efficacy, neighbours, *, intercept, w_trust, w_efficacy, w_neighbours
):
    """p = platform x ability x sigmoid(b0 + b_T T + b_F F + b_n nbrs)."""
    return (
        platform
        * ability
        * sigmoid(intercept + w_trust * trust + w_efficacy * efficacy + w_neighbours * neighbours)
    )


# ---------------------------------------------------------------- 7. government


def platform_quality_next(quality, maintenance, ageing, restore):
    """Q <- Q - ageing (1 - m) Q + restore m (1 - Q): decays unless maintained."""
    return (
        quality - ageing * (1.0 - maintenance) * quality + restore * maintenance * (1.0 - quality)
    )


def shift_effort(
    effort, needs_met, participation, *, target_needs_met, target_participation, step, bounds
):
    """Quarterly review: move effort toward the outcome further below its target, same budget."""
    if np.isnan(needs_met) or np.isnan(participation):
        return effort
    gap_service = (target_needs_met - needs_met) / target_needs_met
    gap_activity = (target_participation - participation) / target_participation
    moved = effort + step * np.sign(gap_service - gap_activity)
    return float(np.clip(moved, *bounds))
