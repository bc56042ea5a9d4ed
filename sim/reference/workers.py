"""The grid worker (网格员) as a Mesa agent with its own queue of cases (MODEL.md 3.2-3.3).

A worker visits the households of its block and finds hidden needs, takes its queue up to
the week's capacity in the order of the triage rule, and lets volunteers settle simple
cases left over. Its skills come from training plus its own noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import FixedAgent

from sim.model import rules
from sim.model.codes import Category, Channel, Complexity, Stage

if TYPE_CHECKING:
    from sim.reference.cases import Case
    from sim.reference.model import ReferenceModel
    from sim.reference.population import Block

URGENT = (Category.ELDERLY_CARE, Category.HEALTH)  # the paper's 痛点难点: triage puts them first


class GridWorker(FixedAgent):
    """Serves one block from a seat in its middle household's cell."""

    def __init__(self, model: ReferenceModel, block: Block, cell, homes: dict, rng):
        super().__init__(model)
        c, training = model.cal, model.levers["worker_training"]
        self.cell = cell
        self.block = block.index
        self.fte = block.fte
        self.homes = homes  # household -> its residents
        self.households = len(homes)
        self.elderly_households = sum(1 for people in homes.values() if people[0].elderly_home)
        self.skill = min(
            1.0,
            max(
                0.0,
                c.worker_skill_base
                + c.worker_skill_gain * training
                + rng.normal(0.0, c.worker_noise),
            ),
        )
        self.digital_skill = min(
            1.0,
            max(
                0.0,
                c.worker_digital_base
                + c.worker_digital_gain * training
                + rng.normal(0.0, c.worker_noise),
            ),
        )
        visits = c.visit_households_per_week * (1 + c.visit_training_gain * training)
        self.coverage = min(1.0, visits * self.fte / self.households)
        # under triage a share of the visits goes to elderly households first (the rule of
        # the fast engine, on one worker's numbers)
        elderly_coverage, other_coverage = rules.visit_coverage(
            visits * self.fte,
            self.households,
            self.elderly_households,
            priority_share=model.levers["case_triage"] * c.triage_visit_share,
        )
        self.elderly_coverage, self.other_coverage = float(elderly_coverage), float(other_coverage)
        self.quality = c.worker_quality_base + c.worker_quality_gain * self.skill
        self.capacity = 0.0
        self.cases_handled = 0
        self.volunteer_hours = 0.0  # given in the block last week
        self.queue: list[Case] = []

    # ------------------------------------------------------------------ 2. finding needs

    def visit_households(self, t: int, rng) -> None:
        """A household with hidden needs is found (visit, data flag, deliberating neighbours)
        with the discovery probability; all its hidden needs come to light together."""
        m, c = self.model, self.model.cal
        elderly_visits = (
            self.volunteer_hours * c.volunteer_visit_share / c.volunteer_hours_per_visit
        )
        extra = elderly_visits / self.elderly_households if self.elderly_households else 0.0
        for people in self.homes.values():
            hidden = [n for r in people for n in r.needs if n.stage == Stage.UNREPORTED]
            if not hidden:
                continue
            u = rng.random()
            if people[0].elderly_home:
                coverage = self.elderly_coverage + extra
            else:
                coverage = self.other_coverage
            deliberating = people[0].neighbour_share_recent("last_offline_act")
            p_found = rules.discovery_probability(
                min(coverage, 1.0),
                self.quality,
                c.data_flag_rate,
                m.levers["data_integration"],
                m.platform(),
                neighbours=deliberating,
                neighbour_find=c.deliberation_find,
            )
            if u < p_found:
                for case in hidden:
                    m.register.report(case, Channel.FOUND, t)

    # ------------------------------------------------------------------ 3. handling

    def priority(self, case: Case) -> tuple[float, int]:
        """Sort key, smallest first: the week reported (platform cases brought forward as the
        platform tracks them), blended by `case_triage` with the last week the worker can
        act for the case to be met (care and health earlier, late cases last); ties by age."""
        m, c = self.model, self.model.cal
        triage = m.levers["case_triage"]
        fifo = case.reported - (c.tracked_priority_weeks * m.platform() if case.on_platform else 0)
        if triage == 0:
            return fifo, case.id
        lead = (0.0, 1.0, c.gov_delay_weeks)[case.complexity]
        act_by = case.due - lead - c.triage_urgent_weeks * (case.category in URGENT)
        act_by += c.triage_late_weeks * (case.due < m.week)
        return (1 - triage) * fifo + triage * act_by, case.id

    def handle_queue(self, t: int, rng) -> None:
        """Take cases in priority order while their work fits the week's places: settle the
        simple ones, refer service cases, escalate complex ones."""
        m, c, lv = self.model, self.model.cal, self.model.levers
        gov = m.government
        self.capacity = self.fte * rules.worker_capacity(
            c.worker_capacity,
            self.skill,
            self.digital_skill,
            lv["digitization"],
            gov.platform_quality,
            digital_gain=c.digital_capacity_gain,
            effort=gov.service_effort,
            skill_base=c.capacity_skill_base,
            skill_gain=c.capacity_skill_gain,
        )
        places = int(rules.stochastic_round(self.capacity, rng.random()))
        by_hand = rules.entry_work(lv["digitization"], lv["data_integration"], c.data_entry_burden)
        work, taken = 0.0, []
        for case in sorted(self.queue, key=self.priority):
            cost = 1.0 if case.on_platform else by_hand
            if work + cost > places:
                break
            work += cost
            taken.append(case)
        m.register.week.worker_handled += len(taken)
        m.register.week.worker_places += places
        self.cases_handled += len(taken)
        for case in taken:
            if case.complexity == Complexity.SIMPLE:
                m.register.close(case, self.quality, t)
            elif case.complexity == Complexity.SERVICE:
                m.register.move(case, Stage.REFERRAL)
            else:
                m.register.move(case, Stage.GOVERNMENT, ready=t + 1)

    def volunteers_settle(self, t: int, rng) -> None:
        """Volunteers settle simple cases still queued, with the hours they gave last week."""
        m, c = self.model, self.model.cal
        places = int(
            rules.stochastic_round(self.volunteer_hours / c.volunteer_hours_per_case, rng.random())
        )
        simple = [n for n in self.queue if n.complexity == Complexity.SIMPLE]
        settled = sorted(simple, key=self.priority)[:places]
        m.register.week.volunteer_handled += len(settled)
        for case in settled:
            m.register.close(case, c.volunteer_quality, t)
