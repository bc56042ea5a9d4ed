"""Step 5: the week's events (the programme) and each resident's choice to attend.

The government and organizations set the programme (`Programme`: how many events, of which
types, with how many places); each resident then hears of it or not, weighs its best type
and decides (`Attending.consider_events`), venues admit within their places, and every
resident lives with the result (`Attending.after_events`). Decisions read neighbours'
attendance before anyone's changes this week.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.calibration import K_TYPES

if TYPE_CHECKING:
    from sim.reference.model import ReferenceModel


class Programme:
    """This week's events per activity type, the places per type, and who got in."""

    def __init__(self, model: ReferenceModel):
        self.model = model
        self.rotation = 0  # untargeted events held so far: the standard programme's cycle
        self.events = 0.0
        self.counts = [0] * K_TYPES  # events per type this week
        self.targeted = [0] * K_TYPES  # of which targeted to known preferences

    def hold(self, t: int, rng) -> None:
        """Plan the week's events, let residents decide, admit them, let them live with it."""
        m = self.model
        self.plan(rng)
        if not any(self.counts):
            m.people.do("after_events", t)
            return
        m.shuffle(m.people, rng).shuffle_do("consider_events", self, rng)
        self.admit(rng)
        m.people.do("after_events", t)

    def plan(self, rng) -> None:
        m, lv = self.model, self.model.levers
        events = int(
            rules.stochastic_round(
                lv["events_per_week"] * m.government.activity_effort, rng.random()
            )
        )
        targeted = np.array([rng.random() < lv["preference_targeting"] for _ in range(events)])
        known = self.known_demand()
        if known is None:  # nobody's tastes are known: targeting has nothing to follow
            targeted = np.zeros(events, dtype=bool)
            known = np.ones(K_TYPES)
        u_type = np.array([rng.random() for _ in range(events)])
        u_tie = np.array([rng.random() for _ in range(K_TYPES)])
        counts, targeted_counts = rules.event_type_counts(
            events,
            targeted,
            lv["event_variety"],
            known,
            u_type,
            self.rotation,
            resolution=m.cal.targeting_resolution,
            u_tie=u_tie,
        )
        self.counts, self.targeted = [int(n) for n in counts], [int(n) for n in targeted_counts]
        self.rotation += events - int(targeted.sum())
        self.events = float(events)
        for _ in range(events):  # each event is run by the government or an organization
            who = int(rng.integers(0, len(m.organizations) + 1))
            runner = m.government if who == 0 else list(m.organizations)[who - 1]
            runner.events_run += 1

    def known_demand(self) -> np.ndarray | None:
        """The mean taste of the residents whose tastes the community knows."""
        known = [r.preferences for r in self.model.people if r.preference_known]
        return np.mean(known, axis=0) if known else None

    def admit(self, rng) -> None:
        """Each type's venues take those wanting it, a random choice where too many do."""
        m, c = self.model, self.model.cal
        places = rules.places_per_event(m.government.facility_quality, c.places_min, c.places_gain)
        wanting: dict[int, list] = {}
        for r in m.people:
            r.admitted = False
            if r.wants >= 0:
                wanting.setdefault(r.wants, []).append(r)
        for kind in range(K_TYPES):
            room = int(rules.stochastic_round(self.counts[kind] * (places * m.scale), rng.random()))
            queue = wanting.get(kind, [])
            if len(queue) > room:
                queue = [queue[i] for i in rng.permutation(len(queue))[:room]]
            for r in queue:
                r.admitted = True


class Attending:
    """The resident's side of activities (mixed into `Resident`)."""

    def best_offered(self, counts: list[int]) -> tuple[int, float]:
        """The offered type this resident likes best now and its match: preference over the
        favourite's, the type attended last counting (1 - fatigue) of it (novelty)."""
        favourite = max(self.preferences)
        offered = sorted(
            (k for k in range(K_TYPES) if counts[k] > 0), key=lambda k: -self.preferences[k]
        )
        if not offered:
            return -1, 0.0
        best, match = offered[0], self.preferences[offered[0]] / favourite
        second, second_match = -1, 0.0
        if len(offered) > 1:
            second, second_match = offered[1], self.preferences[offered[1]] / favourite
        if self.last_type not in (best, second):  # only the type attended last is worn
            return best, match
        kind, value = rules.best_with_novelty(
            best, match, second, second_match, self.last_type, self.fatigue
        )
        return int(kind), float(value)

    def consider_events(self, programme: Programme, rng) -> None:
        """Hear of the programme (or not) and want to go (or not), by the attendance logit."""
        m, c = self.model, self.model.cal
        u_aware, u_want = rng.random(), rng.random()
        self.wants = -1
        kind, match = self.best_offered(programme.counts)
        neighbours = self.neighbour_share_recent("last_attended")
        announced = c.aware_announced if self.preference_known and programme.targeted[kind] else 0
        aware = u_aware < rules.awareness(
            board=c.aware_board,
            grid=c.aware_grid
            * rules.worker_reach(m.levers["households_per_worker"], c.reachable_households),
            platform=c.aware_platform * m.platform() * self.ability,
            neighbours=c.aware_neighbours * neighbours,
            announced=announced,
        )
        if not aware:
            return
        p = rules.attendance_probability(
            match,
            neighbours,
            self.trust,
            self.habit,
            c.attend_cost_by_age[self.age_group],
            programme.counts[kind],
            m.government.facility_quality,
            intercept=c.attend_intercept,
            w_match=c.attend_match,
            w_neighbours=c.attend_neighbours,
            w_trust=c.attend_trust,
            w_habit=c.attend_habit,
            w_frequency=c.attend_frequency,
            w_facility=c.attend_facility,
        )
        if u_want < p:
            self.wants, self.want_match = kind, match

    def after_events(self, t: int) -> None:
        """Attending builds habit, wears the type's novelty and is an activity experience;
        missing lets enthusiasm decay; worn novelty recovers every week."""
        c = self.model.cal
        went, kind = self.admitted and self.wants >= 0, self.wants
        self.admitted, self.wants = False, -1
        self.fatigue = rules.novelty_recovered(self.fatigue, c.novelty_recovery)
        if went:
            same = self.last_type == kind
            self.fatigue = float(rules.novelty_worn(self.fatigue, same, c.novelty_loss))
            self.last_type = kind
        if not went:
            self.habit = rules.habit_after_missing(self.habit, c.habit_decay)
            return
        self.habit = rules.habit_after_attending(self.habit, c.habit_gain)
        self.last_attended = t
        s = rules.encounter_satisfaction(
            self.want_match,
            self.expectation_activity,
            c.disconfirmation_slope,
            c.performance_slope,
            c.performance_neutral - self.disposition,
        )
        self.satisfaction = rules.absorb(self.satisfaction, float(s), c.activity_weight)
        self.expectation_activity = rules.absorb(
            self.expectation_activity, self.want_match, c.activity_expectation_rate
        )
