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
        self.volunteered = np.zeros(model.residents.n, dtype=bool)  # this week
        self.volunteer_hours = 0.0  # this week, whole community

    def restaff(self) -> None:
        """New blocks: this week's volunteer hours counted by the blocks in force."""
        self._volunteer(self.volunteered)

    def act(self, t: int, rng: np.random.Generator) -> None:
        m, p, c, r = self.model, self.model.levers, self.model.cal, self.model.residents
        u_offline, u_online, u_volunteer, u_known = (rng.random(r.n) for _ in range(4))
        acted = m.recently(r.last_offline_act) | m.recently(r.last_online_act)
        neighbours = m.neighbour_share(acted.astype(float))
        p_off = rules.offline_act_probability(
            np.asarray(c.offline_by_age)[r.age_group],
            r.trust,
            r.efficacy,
            neighbours,
            m.government.facility_quality,
            intercept=c.offline_intercept,
            w_trust=c.gov_trust,
            w_efficacy=c.gov_efficacy,
            w_neighbours=c.gov_neighbours,
            w_facility=c.offline_facility,
        )
        p_on = rules.online_act_probability(
            m.platform(),
            m.ability,
            r.trust,
            r.efficacy,
            neighbours,
            intercept=c.online_intercept,
            w_trust=c.gov_trust,
            w_efficacy=c.gov_efficacy,
            w_neighbours=c.gov_neighbours,
        )
        offline, online = u_offline < p_off, u_online < p_on
        r.last_offline_act[offline] = t
        r.last_online_act[online] = t
        took_part = offline | online | (r.last_attended == t)
        r.trust[took_part] = rules.absorb(r.trust[took_part], 1.0, c.trust_participation_rate)
        self._volunteer(offline & (u_volunteer < c.volunteer_share))
        self._learn_preferences(offline & (u_volunteer >= c.volunteer_share), u_known, p)

    def _volunteer(self, volunteers: np.ndarray) -> None:
        """Volunteers' hours this week, by block (the grid uses them next week)."""
        m, c = self.model, self.model.cal
        self.volunteered = volunteers
        hours = np.bincount(m.resident_block[volunteers], minlength=m.workforce.n) * float(
            c.volunteer_hours_per_act
        )
        m.workforce.volunteer_hours = hours
        self.volunteer_hours = float(hours.sum())

    def _learn_preferences(self, deliberated: np.ndarray, u: np.ndarray, levers) -> None:
        """The community learns residents' tastes (platform data, visits, deliberation and
        neighbours who deliberate) and forgets some as people move and change."""
        m, c, r, work = self.model, self.model.cal, self.model.residents, self.model.workforce
        around = m.neighbour_share(deliberated.astype(float))
        p_learn = rules.preference_learning(
            platform=c.know_platform * levers["data_integration"] * m.platform() * m.ability,
            visits=c.know_visit * work.coverage[m.resident_block],
            deliberation=c.know_deliberation * np.maximum(deliberated, around),
        )
        learn = u < p_learn
        forget = (u >= p_learn) & (u < p_learn + c.know_forget)
        r.preference_known[:] = (r.preference_known & ~forget) | learn
