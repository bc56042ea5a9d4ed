"""Resident and institution rules as small pure functions over NumPy arrays.

Each function takes arrays and named coefficients and returns new arrays; random numbers
come in as arguments (uniforms drawn by the model), so every rule can be checked by hand.
The equations are written out in docs/ODD.md, section 7 (Submodels).
"""

from sim.model.rules.activities import (
    admit_to_venues,
    attendance_probability,
    awareness,
    best_offered_match,
    best_with_novelty,
    event_type_counts,
    places_per_event,
    two_best_offered,
    update_habit,
    wear_novelty,
)
from sim.model.rules.cases import (
    channel_probabilities,
    choose_channel,
    discovery_probability,
    entry_work,
    government_delay,
    need_arrivals,
    need_complexity,
    online_ability,
    performance,
    platform_reach,
    worker_capacity,
    worker_reach,
)
from sim.model.rules.experience import (
    absorb,
    encounter_satisfaction,
    experience_weight,
    update_expectation,
    visible_standard,
)
from sim.model.rules.general import (
    box_sum,
    gini,
    neighbour_share,
    rank_within_groups,
    sigmoid,
    stochastic_round,
    work_before_within_groups,
)
from sim.model.rules.governance import (
    budget_share,
    facility_quality_next,
    offline_act_probability,
    online_act_probability,
    platform_quality_next,
    preference_learning,
    shift_effort,
    upkept_equilibrium,
)

__all__ = [
    "box_sum",
    "absorb",
    "admit_to_venues",
    "attendance_probability",
    "awareness",
    "best_offered_match",
    "best_with_novelty",
    "budget_share",
    "channel_probabilities",
    "choose_channel",
    "discovery_probability",
    "entry_work",
    "encounter_satisfaction",
    "event_type_counts",
    "experience_weight",
    "facility_quality_next",
    "gini",
    "government_delay",
    "need_arrivals",
    "need_complexity",
    "neighbour_share",
    "offline_act_probability",
    "online_ability",
    "online_act_probability",
    "performance",
    "places_per_event",
    "platform_quality_next",
    "platform_reach",
    "preference_learning",
    "rank_within_groups",
    "shift_effort",
    "sigmoid",
    "stochastic_round",
    "two_best_offered",
    "update_expectation",
    "update_habit",
    "upkept_equilibrium",
    "visible_standard",
    "work_before_within_groups",
    "wear_novelty",
    "worker_capacity",
    "worker_reach",
]
