"""Resident and institution rules as small pure functions over NumPy arrays.

Each function takes arrays and named coefficients and returns new arrays; random numbers
come in as arguments (uniforms drawn by the model), so every rule can be checked by hand.
The equations are written out in docs/ODD.md, section 7 (Submodels).
"""

from sim.model.rules.activities import (
    admit_to_venues,
    attendance_probability,
    best_offered_match,
    event_type_counts,
    places_per_event,
    update_habit,
)
from sim.model.rules.cases import (
    channel_probabilities,
    choose_channel,
    discovery_probability,
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
    gini,
    neighbour_share,
    rank_within_groups,
    sigmoid,
    stochastic_round,
)
from sim.model.rules.governance import (
    offline_act_probability,
    online_act_probability,
    platform_quality_next,
    shift_effort,
)

__all__ = [
    "absorb",
    "admit_to_venues",
    "attendance_probability",
    "best_offered_match",
    "channel_probabilities",
    "choose_channel",
    "discovery_probability",
    "encounter_satisfaction",
    "event_type_counts",
    "experience_weight",
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
    "rank_within_groups",
    "shift_effort",
    "sigmoid",
    "stochastic_round",
    "update_expectation",
    "update_habit",
    "visible_standard",
    "worker_capacity",
    "worker_reach",
]
