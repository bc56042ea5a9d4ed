"""Step 6: governance participation (共治) — offline and online acts (MODEL.md 3.6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class GovernanceActs:
    """Offline acts (more likely with age, easier with shared spaces) and online acts (need
    literacy and the platform), both driven by trust, efficacy and neighbours; taking part
    in anything this week (an act or an activity) builds trust."""

    def __init__(self, model: CommunityModel):
        self.model = model

    def act(self, t: int, rng: np.random.Generator) -> None:
        m, p, c, r = self.model, self.model.params, self.model.cal, self.model.residents
        u_offline, u_online = rng.random(r.n), rng.random(r.n)
        acted = m.recently(r.last_offline_act) | m.recently(r.last_online_act)
        neighbours = m.neighbour_share(acted.astype(float))
        p_off = rules.offline_act_probability(
            np.asarray(c.offline_by_age)[r.age_group],
            r.trust,
            r.efficacy,
            neighbours,
            p["facility_level"],
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
