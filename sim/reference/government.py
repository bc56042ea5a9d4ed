"""The government (街道/居委会) and the social organizations (社会组织) as Mesa agents.

The government keeps the referral pool and the escalated cases, closes escalated cases at
the rate its information lag allows, pays the week, keeps the platform and the venues and,
in responsive mode, reviews outcomes each quarter (MODEL.md 3.3, 3.7). Organizations take
referrals in the categories they offer, up to their week's places, and close them a week
later with their own quality; places they have left at the end of the week's handling go to
open fallback cases the government passes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from sim.model import costs, rules
from sim.model.codes import Stage

if TYPE_CHECKING:
    from sim.reference.cases import Case
    from sim.reference.model import ReferenceModel


class SocialOrganization(mesa.Agent):
    """A contracted organization offering some service categories."""

    def __init__(self, model: ReferenceModel, categories: set[int], base_quality: float):
        super().__init__(model)
        self.categories = categories
        self.base_quality = base_quality
        self.in_service: list[Case] = []
        self.cases_taken = self.events_run = 0
        self.places_left = 0  # this week's places not yet filled
        self.capacity = self.quality = self.autonomy = 0.0

    def contract(self, autonomy: float, share: float) -> None:
        """Low autonomy (administrative absorption) diverts capacity and lowers quality; a
        budget share below 1 shrinks the contract."""
        c, m = self.model.cal, self.model
        self.autonomy = autonomy
        kept = c.absorbed_capacity + (1 - c.absorbed_capacity) * autonomy
        self.capacity = c.org_capacity * m.scale * kept * share
        self.quality = self.base_quality * (
            c.absorbed_quality + (1 - c.absorbed_quality) * autonomy
        )

    def finish(self, t: int) -> None:
        """Close last week's referrals."""
        for case in [n for n in self.in_service if n.ready <= t]:
            self.model.register.close(case, self.quality, t)

    def take_referrals(self, candidates: list, t: int, rng) -> None:
        """Take candidates (oldest first) in the categories offered, up to this week's places;
        the ones taken leave the candidate list."""
        places = int(rules.stochastic_round(self.capacity, rng.random()))
        self.model.register.week.org_places += places
        self.places_left = places
        self.take(candidates, t)

    def take(self, candidates: list, t: int) -> None:
        """Take candidates (in their order) in the categories offered while places are left;
        the ones taken leave the candidate list."""
        register = self.model.register
        taken = [n for n in candidates if n.category in self.categories][: self.places_left]
        for case in taken:
            candidates.remove(case)
            register.move(case, Stage.ORGANIZATION, ready=t + 1, org=self)
        self.places_left -= len(taken)
        self.cases_taken += len(taken)
        register.week.org_taken += len(taken)


class Government(mesa.Agent):
    """Platform and venues start at the status quo's steady state."""

    def __init__(self, model: ReferenceModel):
        super().__init__(model)
        c, lv = model.cal, model.levers
        self.platform_quality = rules.upkept_equilibrium(
            lv["platform_maintenance"], c.platform_ageing, c.platform_restore
        )
        self.facility_quality = rules.upkept_equilibrium(
            lv["facility_maintenance"], c.facility_ageing, c.facility_restore, lv["facility_level"]
        )
        self.service_effort = 1.0
        self.spending, self.costs, self.events_run = 0.0, {}, 0
        self.referrals: list[Case] = []  # service cases waiting for a provider
        self.escalated: list[Case] = []  # complex cases and the fallback service

    @property
    def activity_effort(self) -> float:
        return self.model.cal.effort_total - self.service_effort

    def policy_starts(self, before: dict, after: dict) -> None:
        """Venues built or closed when the policy starts: new ones come at full quality."""
        old, new = before["facility_level"], after["facility_level"]
        if new >= old:
            self.facility_quality += new - old
        elif old > 0:
            self.facility_quality *= new / old

    def refer(self, t: int, rng) -> None:
        """Service cases go to an organization with room if the referrer knows one (more
        often with shared data), organizations choosing in random turn; the rest go to the
        government's slower fallback."""
        m, c = self.model, self.model.cal
        know = c.referral_know_base + (1 - c.referral_know_base) * m.levers["data_integration"]
        pool = sorted(self.referrals, key=lambda n: n.id)
        candidates = [n for n in pool if rng.random() < know]
        m.shuffle(m.organizations, rng).shuffle_do("take_referrals", candidates, t, rng)
        for case in [n for n in pool if n.stage == Stage.REFERRAL]:
            m.register.move(case, Stage.FALLBACK, ready=t + 1)

    def pass_on_fallback(self, t: int, rng) -> None:
        """After its turn and the week's deadlines, the government passes fallback cases it
        has had (ready by this week) and not closed to organizations with places left:
        oldest first, organizations in random turn, each taking its own categories."""
        m = self.model
        if not any(org.places_left for org in m.organizations):
            return
        waiting = sorted(
            (n for n in self.escalated if n.stage == Stage.FALLBACK and n.ready <= t),
            key=lambda n: n.id,
        )
        if waiting:
            m.shuffle(m.organizations, rng).shuffle_do("take", waiting, t)

    def close_escalated(self, t: int, rng) -> None:
        """Each escalated case closes with chance 1 / delay a week (1 / (f delay) at the
        fallback); the delay falls with digital tools and shared data."""
        m, c, lv = self.model, self.model.cal, self.model.levers
        delay = rules.government_delay(
            c.gov_delay_weeks,
            lv["digitization"],
            self.platform_quality,
            lv["data_integration"],
            c.gov_delay_digital_cut,
            c.gov_delay_integration_cut,
        )
        for case in sorted((n for n in self.escalated if n.ready <= t), key=lambda n: n.id):
            fallback = case.stage == Stage.FALLBACK
            rate = 1.0 / (delay * c.fallback_delay_factor) if fallback else 1.0 / delay
            if rng.random() < min(rate, 1.0):
                if fallback:
                    m.register.week.fallback_closed += 1
                else:
                    m.register.week.gov_closed += 1
                m.register.close(case, c.quality_fallback if fallback else c.quality_complex, t)

    def act(self, t: int, rng=None) -> None:
        """Step 7: pay the week, maintain platform and venues, review each quarter."""
        m, c, lv = self.model, self.model.cal, self.model.levers
        week = m.register.week
        spent = costs.items(
            lv,
            c,
            workers=sum(w.fte for w in m.workers),
            events=m.programme.events,
            effort=self.service_effort,
            contract=m.budget_share,
            gov_closed=week.gov_closed,
            fallback_closed=week.fallback_closed,
        )
        self.costs = {name: cost for name, (cost, _) in spent.items()}
        self.spending = sum(self.costs.values())
        self.platform_quality = float(
            rules.platform_quality_next(
                self.platform_quality,
                lv["platform_maintenance"],
                c.platform_ageing,
                c.platform_restore,
            )
        )
        self.facility_quality = float(
            rules.facility_quality_next(
                self.facility_quality,
                lv["facility_maintenance"],
                lv["facility_level"],
                c.facility_ageing,
                c.facility_restore,
            )
        )
        if lv["responsive_government"] and t > 0 and t % c.review_weeks == 0:
            self.review(t)

    def review(self, t: int) -> None:
        """Move effort toward the outcome (needs met last quarter, participation now) that is
        further below its target."""
        m, c = self.model, self.model.cal
        met = [m.register.needs_met_rate(w) for w in range(max(1, t - c.review_weeks), t)]
        met = [x for x in met if x == x]
        people = list(m.people)
        participation = sum(r.recently(r.last_attended) for r in people) / len(people)
        self.service_effort = rules.shift_effort(
            self.service_effort,
            sum(met) / len(met) if met else float("nan"),
            participation,
            target_needs_met=c.target_needs_met,
            target_participation=c.target_participation,
            step=c.effort_step,
            bounds=c.effort_bounds,
        )
