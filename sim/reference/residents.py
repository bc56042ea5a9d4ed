"""The resident (居民) as a Mesa agent that keeps its own state and acts on it.

Each resident holds its satisfaction, expectations, trust, habit, tastes and open needs as
attributes and decides with its own scalar draws: whether a need arises this week, how it
is reported, how the week's outcomes move it (here); whether it goes to an event
(`sim.reference.activities`) and takes a governance act (`sim.reference.governance`).
The equations are the shared rules of `sim.model.rules`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa.discrete_space import FixedAgent

from sim.model import rules
from sim.model.codes import AgeGroup, Channel, Complexity, Stage
from sim.reference.activities import Attending
from sim.reference.governance import Governing
from sim.reference.population import NEVER, Person

if TYPE_CHECKING:
    from sim.reference.model import ReferenceModel


class Resident(Attending, Governing, FixedAgent):
    """An adult resident living in a household's cell."""

    def __init__(self, model: ReferenceModel, person: Person, cell, elderly_home: bool):
        super().__init__(model)
        c = model.cal
        self.cell = cell
        self.household = person.household
        self.age_group = person.age_group
        self.elderly = person.age_group == AgeGroup.ELDERLY
        self.elderly_home = elderly_home  # someone in the household is 60+
        self.has_children = person.has_children
        self.literacy = person.literacy
        self.preferences = person.preferences
        self.satisfaction = person.satisfaction
        self.expectation = person.expectation  # of services (E_s)
        self.expectation_activity = person.expectation_activity  # of activities (E_a)
        self.trust = person.trust
        self.habit = person.habit
        self.efficacy = c.initial_efficacy
        self.disposition = person.disposition
        self.last_attended = self.last_offline_act = self.last_online_act = NEVER
        self.last_act = NEVER  # the last governance act of either kind
        self.last_type, self.fatigue = -1, 0.0
        self.preference_known = False
        self.ability = 0.0  # online ability under the procedures in force
        self.worker = None  # the grid worker of the resident's block
        self.neighbours: list[Resident] = []  # residents of the 8 surrounding cells
        self.needs: list = []  # open cases
        self.experiences: list[tuple[float, bool, bool]] = []  # this week's (P, reported, closed)
        # running sum of the weekly need rates, one row as rules.need_arrivals takes it
        self.cumulative_rates = np.cumsum(self._need_rates(c))[None, :]
        self.wants, self.want_match, self.admitted = -1, 0.0, False
        self.offline_now = self.online_now = self.volunteering = self.deliberating = False

    def _need_rates(self, c) -> list[float]:
        """Weekly chance of a need of each category (MODEL.md 3.1), by age and household."""
        age, working = self.age_group, not self.elderly
        return [
            c.need_rate_public_affairs,
            c.need_rate_elderly_care[age],
            c.need_rate_health[age],
            c.need_rate_child_care if self.has_children and working else 0.0,
            c.need_rate_skills[age],
        ]

    # ------------------------------------------------------------------ helpers

    def neighbour_share(self, flag: str, influence: float | None = None) -> float:
        """Share of the residents in the 8 surrounding cells whose attribute `flag` is
        true, times the neighbours' influence (0 with no neighbours)."""
        if not self.neighbours:
            return 0.0
        weight = self.model.cal.neighbour_influence if influence is None else influence
        hits = sum(1 for r in self.neighbours if getattr(r, flag))
        return hits / len(self.neighbours) * weight  # the fast engine's order

    def neighbour_share_recent(
        self, last_week: str, weeks: int | None = None, influence: float | None = None
    ) -> float:
        """Share of the residents in the 8 surrounding cells who did something recently
        (`last_week` names the attribute holding the week they last did it)."""
        if not self.neighbours:
            return 0.0
        weight = self.model.cal.neighbour_influence if influence is None else influence
        cut = self.model.week - (weeks or self.model.cal.recent_weeks)
        hits = sum(1 for r in self.neighbours if getattr(r, last_week) > cut)
        return hits / len(self.neighbours) * weight  # the fast engine's order

    def recently(self, last_week: int, weeks: int | None = None) -> bool:
        return last_week > self.model.week - (weeks or self.model.cal.recent_weeks)

    def update_ability(self) -> None:
        """Online ability under the procedures in force."""
        c = self.model.cal
        self.ability = float(
            rules.online_ability(
                self.literacy,
                self.model.levers["procedure_simplicity"],
                c.literacy_slope,
                c.ability_threshold_hard,
                c.ability_threshold_gain,
            )
        )

    # ------------------------------------------------------------------ 1. needs arise

    def arise_need(self, t: int, rng) -> None:
        """At most one new need a week: u below the total rate, of the category whose slot
        of the running sum of rates u falls in; then its complexity."""
        u = rng.random()
        if u >= self.cumulative_rates[0, -1]:  # no need this week (the rule's first test)
            return
        _, category = rules.need_arrivals(np.array([u]), self.cumulative_rates)
        complexity = rules.need_complexity(
            np.array([rng.random()]), category, self.model.complexity_cuts
        )
        category, complexity = int(category[0]), int(complexity[0])
        self.model.register.open(self, category, Complexity(complexity), t)

    # ------------------------------------------------------------------ 2. reporting

    def report_new_needs(self, t: int, rng) -> None:
        """Online, to the grid worker, through assisted access, or not at all; a report on
        the platform of a service or complex need skips the worker where data are shared."""
        m, c, lv = self.model, self.model.cal, self.model.levers
        for case in [n for n in self.needs if n.arise == t and n.stage == Stage.UNREPORTED]:
            probs = rules.channel_probabilities(
                self.ability,
                self.trust,
                c.offline_contact_by_age[self.age_group],
                rules.worker_reach(lv["households_per_worker"], c.reachable_households),
                lv["assisted_access"],
                platform=m.platform(),
                trust_floor=c.trust_floor,
                assisted_uptake=c.assisted_uptake,
                self_report=c.self_report_by_category[case.category],
            )
            channel = Channel(int(rules.choose_channel(rng.random(), *probs)))
            if channel == Channel.UNREPORTED:
                continue
            direct = (
                channel in (Channel.ONLINE, Channel.ASSISTED)
                and case.complexity != Complexity.SIMPLE
                and rng.random() < lv["data_integration"]
            )
            m.register.report(case, channel, t, direct=direct)

    # ------------------------------------------------------------------ 4. experience

    def absorb_experiences(self, t: int) -> None:
        """Expectation disconfirmation over this week's outcomes; every resident's service
        expectation is also pulled toward the community's visible standard."""
        m, c = self.model, self.model.cal
        weight, target = 0.0, 0.0
        if self.experiences:
            n = len(self.experiences)
            neutral = c.performance_neutral - self.disposition
            s_mean = (
                sum(
                    float(
                        rules.encounter_satisfaction(
                            p,
                            self.expectation,
                            c.disconfirmation_slope,
                            c.performance_slope,
                            neutral,
                        )
                    )
                    for p, _, _ in self.experiences
                )
                / n
            )
            w_sat = rules.experience_weight(n, c.satisfaction_weight)
            self.satisfaction = rules.absorb(self.satisfaction, s_mean, w_sat)
            self.trust = rules.absorb(self.trust, s_mean, c.trust_experience_rate * w_sat)
            weight = rules.experience_weight(n, c.expectation_rate)
            target = sum(p for p, _, _ in self.experiences) / n
        self.expectation = float(
            rules.update_expectation(
                self.expectation, target, weight, m.visible_standard, c.standard_pull
            )
        )
        own = [closed for _, reported, closed in self.experiences if reported]
        if own:
            self.efficacy = rules.absorb(
                self.efficacy,
                sum(own) / len(own),
                rules.experience_weight(len(own), c.efficacy_rate),
            )
        self.experiences = []
