"""Step 6: governance participation (共治) and what it changes (MODEL.md 3.6).

Offline acts (deliberation 议事, volunteering) are more likely with age and easier with good
shared spaces; online acts (feedback) need literacy and the platform; both follow trust,
efficacy and neighbours. Model 2 gives them consequences: deliberation tells the community
what residents need (neighbours' hidden needs are raised, step 2) and like (preferences
become known, step 5); volunteers give hours that settle simple cases and visit elderly
households (step 3). What the community knows of preferences also grows through the
integrated platform and the grid worker's visits, and fades as residents move and change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class GovernanceActs:
    def __init__(self, model: CommunityModel):
        self.model = model
        c, r = model.cal, model.residents
        self.volunteered = np.zeros(r.n, dtype=bool)  # this week
        self.volunteer_hours = 0.0  # this week, whole community
        self.age_term = np.asarray(c.offline_by_age)[r.age_group]  # fixed per resident
        self._visits = None  # know_visit x coverage, per resident (for the blocks in force)

    def restaff(self) -> None:
        """New blocks: this week's volunteer hours counted by the blocks in force."""
        self._visits = None
        self._volunteer(self.volunteered)

    def act(self, t: int, rng: np.random.Generator) -> None:
        m, p, c, r = self.model, self.model.levers, self.model.cal, self.model.residents
        # one call, the same numbers as four in a row (rows of the stream in order)
        u_offline, u_online, u_volunteer, u_known = rng.random((4, r.n))
        acted = m.recently(r.last_offline_act) | m.recently(r.last_online_act)
        neighbours = m.neighbour_share(acted)
        weights = dict(
            w_trust=c.gov_trust, w_efficacy=c.gov_efficacy, w_neighbours=c.gov_neighbours
        )
        x_off = rules.offline_act_logit(
            self.age_term,
            r.trust,
            r.efficacy,
            neighbours,
            m.government.facility_quality,
            intercept=c.offline_intercept,
            w_facility=c.offline_facility,
            **weights,
        )
        offline = rules.below_sigmoid(u_offline, x_off)
        # online: p = (platform x ability) x sigmoid(...), never above platform x ability
        reach = m.platform() * m.ability
        maybe = np.flatnonzero(u_online < reach)
        x_on = rules.online_act_logit(
            r.trust[maybe],
            r.efficacy[maybe],
            neighbours[maybe],
            intercept=c.online_intercept,
            **weights,
        )
        online = np.zeros(r.n, dtype=bool)
        online[maybe] = rules.below_sigmoid(u_online[maybe], x_on, scale=reach[maybe])
        r.last_offline_act[offline] = t
        r.last_online_act[online] = t
        took_part = np.flatnonzero(offline | online | (r.last_attended == t))
        r.trust[took_part] = rules.absorb(r.trust[took_part], 1.0, c.trust_participation_rate)
        volunteers = offline & (u_volunteer < c.volunteer_share)
        self._volunteer(volunteers)
        # the other offline actors deliberate: offline & (u >= share), as u is never NaN
        self._learn_preferences(offline ^ volunteers, u_known, p)

    def _volunteer(self, volunteers: np.ndarray) -> None:
        """Volunteers' hours this week, by block (the grid uses them next week)."""
        m, c = self.model, self.model.cal
        self.volunteered = volunteers
        hours = np.bincount(m.resident_block.compress(volunteers), minlength=m.workforce.n) * float(
            c.volunteer_hours_per_act
        )
        m.workforce.volunteer_hours = hours
        self.volunteer_hours = float(hours.sum())

    def _learn_preferences(self, deliberated: np.ndarray, u: np.ndarray, levers) -> None:
        """The community learns residents' tastes (platform data, visits, deliberation and
        neighbours who deliberate) and forgets some as people move and change
        (rules.preference_learning, with the factors that change rarely kept)."""
        m, c, r, work = self.model, self.model.cal, self.model.residents, self.model.workforce
        if self._visits is None:
            self._visits = c.know_visit * work.coverage[m.resident_block]
        p_learn = rules.preference_learning(
            platform=c.know_platform * levers["data_integration"] * m.platform() * m.ability,
            visits=self._visits,
            deliberation=c.know_deliberation
            * np.maximum(deliberated, m.neighbour_share(deliberated)),
        )
        learn = u < p_learn
        forget = (u >= p_learn) & (u < p_learn + c.know_forget)
        r.preference_known[:] = (r.preference_known & ~forget) | learn
