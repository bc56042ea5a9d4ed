"""Rules of governance participation (6) and the government (7)."""

from __future__ import annotations

import numpy as np

from sim.model.rules.general import sigmoid

# ---------------------------------------------------------------- 6. governance


def offline_act_logit(
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
    """The logit of offline_act_probability."""
    return (
        intercept
        + age_term
        + w_trust * trust
        + w_efficacy * efficacy
        + w_neighbours * neighbours
        + w_facility * facility_level
    )


def offline_act_probability(age_term, trust, efficacy, neighbours, facility_level, **weights):
    """p = sigmoid(b0 + a_age + b_T T + b_F F + b_n nbrs + b_f facility); weights are the
    keywords of offline_act_logit."""
    return sigmoid(
        offline_act_logit(age_term, trust, efficacy, neighbours, facility_level, **weights)
    )


def online_act_logit(trust, efficacy, neighbours, *, intercept, w_trust, w_efficacy, w_neighbours):
    """The logit of the willingness part of online_act_probability."""
    return intercept + w_trust * trust + w_efficacy * efficacy + w_neighbours * neighbours


def online_act_probability(platform, ability, trust, efficacy, neighbours, **weights):
    """p = platform x ability x sigmoid(b0 + b_T T + b_F F + b_n nbrs); weights are the
    keywords of online_act_logit."""
    return platform * ability * sigmoid(online_act_logit(trust, efficacy, neighbours, **weights))


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


def preference_learning(*, platform, visits, deliberation):
    """Weekly chance the community learns a resident's tastes: 1 - product of (1 - each
    source's chance): platform data, the grid worker's visits, deliberation."""
    return 1.0 - (1.0 - platform) * (1.0 - visits) * (1.0 - deliberation)


def facility_quality_next(quality, maintenance, level, ageing, restore):
    """F <- F - ageing (1 - m) F + restore m (level - F): venues age unless maintained, and
    upkeep restores them toward the standard they were built to (`facility_level`)."""
    return (
        quality - ageing * (1.0 - maintenance) * quality + restore * maintenance * (level - quality)
    )


def upkept_equilibrium(maintenance, ageing, restore, level=1.0):
    """The steady state of platform_quality_next / facility_quality_next at maintenance m."""
    gain = restore * maintenance
    loss = ageing * (1.0 - maintenance)
    return level * gain / (gain + loss) if gain + loss > 0 else level


def budget_share(fixed, discretionary, budget):
    """Share of the discretionary items a budget can pay: 1 without a budget (0) or when
    everything fits, else (budget - fixed) / discretionary, never below 0."""
    if budget <= 0 or fixed + discretionary <= budget or discretionary <= 0:
        return 1.0
    return max(0.0, (budget - fixed) / discretionary)
