"""Step 6: governance participation (共治), the resident's side (mixed into `Resident`).

Every resident first decides (`consider_acts`) from the acts of neighbours in the weeks
before this one, then all acts take effect together (`commit_acts`): the last act's week,
trust built by taking part, and what the community learns of the resident's tastes — from
the platform, the grid worker's visits, and their own or neighbours' deliberation.
"""

from __future__ import annotations

from sim.model import rules


class Governing:
    def consider_acts(self, t: int, rng) -> None:
        """Offline acts (more likely with age, shared spaces) and online acts (literacy and
        the platform), both driven by trust, efficacy and neighbours' recent acts; an
        offline act is volunteering or else deliberation."""
        m, c = self.model, self.model.cal
        u_offline, u_online, u_volunteer = rng.random(), rng.random(), rng.random()
        neighbours = self.neighbour_share_recent("last_act")
        weights = dict(
            w_trust=c.gov_trust, w_efficacy=c.gov_efficacy, w_neighbours=c.gov_neighbours
        )
        p_offline = rules.offline_act_probability(
            c.offline_by_age[self.age_group],
            self.trust,
            self.efficacy,
            neighbours,
            m.government.facility_quality,
            intercept=c.offline_intercept,
            w_facility=c.offline_facility,
            **weights,
        )
        reach = m.platform() * self.ability  # the online probability never exceeds it
        p_online = 0.0
        if u_online < reach:
            p_online = rules.online_act_probability(
                m.platform(),
                self.ability,
                self.trust,
                self.efficacy,
                neighbours,
                intercept=c.online_intercept,
                **weights,
            )
        self.offline_now = bool(u_offline < p_offline)
        self.online_now = bool(u_online < p_online)
        self.volunteering = self.offline_now and u_volunteer < c.volunteer_share
        self.deliberating = self.offline_now and not self.volunteering

    def commit_acts(self, t: int, rng) -> None:
        """This week's acts take effect; taking part (an act, or an event this week) builds
        trust; the community may learn (or forget) this resident's tastes."""
        m, c = self.model, self.model.cal
        if self.offline_now:
            self.last_offline_act = t
        if self.online_now:
            self.last_online_act = t
        self.last_act = max(self.last_offline_act, self.last_online_act)
        if self.offline_now or self.online_now or self.last_attended == t:
            self.trust = rules.absorb(self.trust, 1.0, c.trust_participation_rate)
        deliberation = max(float(self.deliberating), self.neighbour_share("deliberating"))
        p_learn = rules.preference_learning(
            platform=c.know_platform * m.levers["data_integration"] * m.platform() * self.ability,
            visits=c.know_visit * self.worker.coverage,
            deliberation=c.know_deliberation * deliberation,
        )
        u = rng.random()
        learn = u < p_learn
        forget = p_learn <= u < p_learn + c.know_forget
        self.preference_known = (self.preference_known and not forget) or learn
