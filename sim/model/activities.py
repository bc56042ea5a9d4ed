"""Step 5: the week's community events, who hears of them and who attends (MODEL.md 3.5).

The programme is per capita: `events_per_week` events of the same types at any community
size, each with places in proportion to the community's size. A resident can attend only an
event they heard of (noticeboard and grid worker, platform notices, neighbours who went, or a
targeted announcement to those whose preference for its type is known); the appeal of the
type they attended last wears off with repetition and recovers over weeks (novelty), and
ageing venues offer fewer places and less appeal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.calibration import K_TYPES

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class ActivityProgramme:
    """Events held each week and residents' attendance; attending is an experience, builds
    habit and wears off the novelty of the type."""

    def __init__(self, model: CommunityModel):
        self.model = model
        self.rotation = 0  # untargeted events held so far: the standard programme's cycle
        self.events = 0.0  # held this week, in standard-community events (for the cost)
        self._match_cache: dict[bytes, tuple[np.ndarray, ...]] = {}
        self._ranking: rules.OfferedRanking | None = None  # made on first use
        c, r = model.cal, model.residents
        self.cost_by_age = np.asarray(c.attend_cost_by_age)[r.age_group]  # fixed per resident

    def hold(self, t: int, rng: np.random.Generator) -> None:
        m, c, r = self.model, self.model.cal, self.model.residents
        counts, targeted_counts = self._programme(rng)  # first: the same draws at any size
        if not counts.any():  # no events: nobody attends (the draws left are not needed)
            self._attend(t, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int8), np.zeros(0))
            return
        u_aware, u_want = rng.random(r.n), rng.random(r.n)
        neighbours = m.neighbour_share(m.recently(r.last_attended))
        best, match = self._best_match(counts > 0)
        facility = m.government.facility_quality
        aware = u_aware < rules.awareness(
            board=c.aware_board,
            grid=c.aware_grid * m.workforce.reach,
            platform=c.aware_platform * m.platform() * m.ability,
            neighbours=c.aware_neighbours * neighbours,
            announced=self._announced(best, targeted_counts),
        )
        # ln(1 + events of the best type), one value per type (best is -1 for nobody here)
        log_frequency = np.log1p(np.append(counts, 0).astype(float))[best]
        logit = rules.attendance_logit(
            match,
            neighbours,
            r.trust,
            r.habit,
            self.cost_by_age,
            None,
            facility,
            intercept=c.attend_intercept,
            w_match=c.attend_match,
            w_neighbours=c.attend_neighbours,
            w_trust=c.attend_trust,
            w_habit=c.attend_habit,
            w_frequency=c.attend_frequency,
            w_facility=c.attend_facility,
            log_frequency=log_frequency,
        )
        want = np.flatnonzero(rules.below_sigmoid(u_want, logit, where=aware))
        places = rules.places_per_event(facility, c.places_min, c.places_gain) * m.scale
        places_per_type = rules.stochastic_round(counts * places, rng.random(K_TYPES))
        attended = want[rules.admit_to_venues(best[want], rng.random(want.size), places_per_type)]
        self._attend(t, attended, best[attended], match[attended])

    def _announced(self, best: np.ndarray, targeted_counts: np.ndarray):
        """Chance of a targeted announcement: to those whose preferences are known, for
        their best type if it has targeted events (0 for all in a week without any)."""
        if not targeted_counts.any():
            return 0.0
        has_targeted = np.append(targeted_counts > 0, False)  # best -1: nothing offered
        return self.model.cal.aware_announced * (
            self.model.residents.preference_known & has_targeted[best]
        )

    def _attend(self, t: int, attended: np.ndarray, kind: np.ndarray, match: np.ndarray) -> None:
        """Attending builds habit, is an activity experience and wears off the type's novelty;
        not attending lets enthusiasm decay and novelty recover."""
        c, r = self.model.cal, self.model.residents
        built = rules.habit_after_attending(r.habit[attended], c.habit_gain)
        r.habit = rules.habit_after_missing(r.habit, c.habit_decay)
        r.habit[attended] = built
        r.last_attended[attended] = t
        r.fatigue, r.last_type = rules.wear_novelty(
            r.fatigue, r.last_type, attended, kind, c.novelty_loss, c.novelty_recovery
        )
        s = rules.encounter_satisfaction(
            match,
            r.expectation_activity[attended],
            c.disconfirmation_slope,
            c.performance_slope,
            c.performance_neutral - r.disposition[attended],
        )
        r.satisfaction[attended] = rules.absorb(r.satisfaction[attended], s, c.activity_weight)
        r.expectation_activity[attended] = rules.absorb(
            r.expectation_activity[attended], match, c.activity_expectation_rate
        )

    def _programme(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """This week's events per activity type: (all, targeted ones)."""
        m, p = self.model, self.model.levers
        events = int(
            rules.stochastic_round(
                p["events_per_week"] * m.government.activity_effort, rng.random()
            )
        )
        targeted = rng.random(events) < p["preference_targeting"]
        # what is known of tastes matters only to targeted events (a product over residents)
        known = self.known_demand() if targeted.any() else None
        if known is None:  # nobody's preferences are known: targeting has nothing to follow
            targeted[:] = False
            known = np.ones(K_TYPES)
        u_type, u_tie = rng.random(events), rng.random(K_TYPES)
        counts, targeted_counts = rules.event_type_counts(
            events,
            targeted,
            p["event_variety"],
            known,
            u_type,
            self.rotation,
            resolution=m.cal.targeting_resolution,
            u_tie=u_tie,
        )
        self.rotation += events - int(targeted.sum())
        self.events = float(events)
        self._credit_organizers(events, rng)
        return counts, targeted_counts

    def known_demand(self) -> np.ndarray | None:
        """What the community knows of residents' tastes: the mean preference of those whose
        preferences are known (through the platform, the grid and deliberation)."""
        r = self.model.residents
        known = np.count_nonzero(r.preference_known)
        if not known:
            return None
        return r.preference_known.astype(float) @ r.preferences / known

    def _credit_organizers(self, events: int, rng: np.random.Generator) -> None:
        """Each event is run by the government or one of the organizations, at random."""
        m = self.model
        organizers = rng.integers(0, len(m.organizations) + 1, size=events)
        counts = np.bincount(organizers, minlength=len(m.organizations) + 1)
        m.government.events_run += int(counts[0])
        for org, n in zip(m.organizations, counts[1:], strict=True):
            org.events_run += int(n)

    def _best_match(self, offered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per resident, the offered type they like best now and its match in [0, 1]: the
        preference for it over the preference for their favourite type, the type attended
        last counting less while its novelty is worn off (rules.best_with_novelty, applied
        only to those whose last type is one of their two best: for everyone else it
        returns their best type unchanged)."""
        key = offered.tobytes()
        if key not in self._match_cache:
            if len(self._match_cache) >= 16:
                self._match_cache.pop(next(iter(self._match_cache)))
            if self._ranking is None:  # rules.two_best_offered, faster (preferences are fixed)
                self._ranking = rules.OfferedRanking(self.model.residents.preferences)
            two = self._ranking.two_best(offered)
            self._match_cache[key] = (*two, two[0].astype(np.int8), two[2].astype(np.int8))
        best, match, second, second_match, best8, second8 = self._match_cache[key]
        r = self.model.residents
        last = r.last_type
        worn = np.flatnonzero((last >= 0) & ((last == best8) | (last == second8)))
        if not worn.size:
            return best, match
        best, match = best.copy(), match.copy()
        best[worn], match[worn] = rules.best_with_novelty(
            best[worn], match[worn], second[worn], second_match[worn], last[worn], r.fatigue[worn]
        )
        return best, match
