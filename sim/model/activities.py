"""Step 5: the week's community events, and who attends them (MODEL.md 3.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.calibration import K_TYPES

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class ActivityProgramme:
    """The events held each week (standard programme or targeted to known preferences) and
    residents' attendance within venue places; attending is an experience and builds habit."""

    def __init__(self, model: CommunityModel):
        self.model = model
        self.rotation = 0  # untargeted events held so far: the standard programme's cycle
        self.events = 0  # held this week
        self.population_demand = model.residents.preferences.mean(axis=0)
        self._match_cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}

    def hold(self, t: int, rng: np.random.Generator) -> None:
        m, p, c, r = self.model, self.model.params, self.model.cal, self.model.residents
        u_want = rng.random(r.n)
        neighbours = m.neighbour_share(m.recently(r.last_attended).astype(float))

        counts, targeted_counts = self._programme(rng)
        best, match = self._best_match(counts > 0)
        frequency = np.where(best >= 0, counts[best] / m.scale, 0.0)
        invited_share = np.divide(targeted_counts, counts, out=np.zeros(K_TYPES), where=counts > 0)
        prob = rules.attendance_probability(
            match,
            neighbours,
            r.trust,
            r.habit,
            np.asarray(c.attend_cost_by_age)[r.age_group],
            frequency,
            np.where(best >= 0, invited_share[best], 0.0),
            intercept=c.attend_intercept,
            w_match=c.attend_match,
            w_neighbours=c.attend_neighbours,
            w_trust=c.attend_trust,
            w_habit=c.attend_habit,
            w_frequency=c.attend_frequency,
            w_invitation=c.attend_invitation,
        )
        want = np.flatnonzero((u_want < prob) & (best >= 0))
        places_per_type = rules.stochastic_round(
            counts * rules.places_per_event(p["facility_level"], c.places_min, c.places_gain),
            rng.random(K_TYPES),
        )
        attended = want[rules.admit_to_venues(best[want], rng.random(want.size), places_per_type)]

        r.last_attended[attended] = t
        went = np.zeros(r.n, dtype=bool)
        went[attended] = True
        r.habit[:] = rules.update_habit(r.habit, went, c.habit_gain, c.habit_decay)
        s = rules.encounter_satisfaction(
            match[attended], r.expectation[attended], c.disconfirmation_slope
        )
        r.satisfaction[attended] = rules.absorb(r.satisfaction[attended], s, c.activity_weight)

    def _programme(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """This week's events per activity type: (all, targeted ones)."""
        m, p, c = self.model, self.model.params, self.model.cal
        events = int(
            rules.stochastic_round(
                p["events_per_week"] * m.scale * m.government.activity_effort, rng.random()
            )
        )
        targeted = rng.random(events) < p["preference_targeting"]
        noise = c.targeting_noise * (1 - p["data_integration"])
        known = self.population_demand * np.exp(noise * rng.standard_normal(K_TYPES))
        counts, targeted_counts = rules.event_type_counts(
            events, targeted, p["event_variety"], known, rng.random(events), self.rotation
        )
        self.rotation += events - int(targeted.sum())
        self.events = events
        self._credit_organizers(events, rng)
        return counts, targeted_counts

    def _credit_organizers(self, events: int, rng: np.random.Generator) -> None:
        """Each event is run by the government or one of the organizations, at random."""
        m = self.model
        organizers = rng.integers(0, len(m.organizations) + 1, size=events)
        counts = np.bincount(organizers, minlength=len(m.organizations) + 1)
        m.government.events_run += int(counts[0])
        for org, n in zip(m.organizations, counts[1:], strict=True):
            org.events_run += int(n)

    def _best_match(self, offered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best offered type and match per resident, cached per set of offered types."""
        key = offered.tobytes()
        if key not in self._match_cache:
            if len(self._match_cache) >= 16:
                self._match_cache.pop(next(iter(self._match_cache)))
            self._match_cache[key] = rules.best_offered_match(
                self.model.residents.preferences, offered
            )
        return self._match_cache[key]
