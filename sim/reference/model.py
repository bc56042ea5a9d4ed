"""The reference engine: the community model written one agent at a time, as Mesa teaches.

It exists to check the fast engine (`sim.model`): the same rules (`sim.model.rules`), the
same coefficients, parameters, costs and metrics, but every resident keeps its own state as
attributes and decides with its own scalar draws, queues are lists per worker, and the
model activates agents phase by phase with `AgentSet.shuffle_do`. It is much slower and
meant for small communities.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.agentset import AgentSet
from mesa.discrete_space import OrthogonalMooreGrid

from sim.model import costs, rules
from sim.model.calibration import (
    CATEGORIES,
    DEFAULT_CALIBRATION,
    STANDARD_COMMUNITY,
    Calibration,
    with_coefficients,
)
from sim.model.codes import Stage
from sim.model.community import as_scenario
from sim.model.metrics import METRIC_NAMES
from sim.model.seeds import check_seed, check_weeks
from sim.model.streams import RandomStreams
from sim.parameters import Scenario, status_quo
from sim.reference.activities import Programme
from sim.reference.cases import CaseRegister, WeekTally
from sim.reference.government import Government, SocialOrganization
from sim.reference.observe import observe
from sim.reference.population import cut_blocks, draw_people, grid_size, place_households
from sim.reference.residents import Resident
from sim.reference.workers import GridWorker

# the week, in MODEL.md's order (the fast engine's `WEEK`): phase, its random stream, method
WEEK = (
    ("needs arise", "needs", "needs_arise"),
    ("reporting", "reporting", "reporting"),
    ("handling", "handling", "handling"),
    ("experience", None, "experience"),
    ("activities", "activities", "activities"),
    ("governance participation", "governance", "governance"),
    ("government", None, "government_acts"),
    ("observation", None, "record"),
)


class ReferenceModel(mesa.Model):
    """Urban community governance, one agent at a time. The week (`WEEK`):

    1. Needs arise: each resident may get a need (`Resident.arise_need`).
    2. Reporting: residents report new needs; workers visit households and find hidden ones.
    3. Handling: organizations finish last week's cases, workers take their queues, volunteers
       settle simple cases, the government refers service cases and closes escalated ones;
       deadlines pass; the government passes open fallback cases to organizations with
       places left.
    4. Experience: the visible standard moves; each resident absorbs its outcomes.
    5. Activities: the programme; each resident hears, decides; venues admit.
    6. Governance participation: each resident decides, then all acts take effect.
    7. Government: pays, keeps platform and venues, reviews.
    8. Observation.

    Before week 1, `warmup_weeks` weeks under the status quo; then the scenario's levers
    (within its budget) take effect, as in the fast engine.
    """

    def __init__(
        self,
        scenario: Scenario | Mapping[str, Any] | None = None,
        *,
        rng: int | np.random.Generator | None = None,
        calibration: Calibration | None = None,
        keep_case_log: bool = False,
        record_warmup: bool = False,
        **overrides: Any,
    ):
        super().__init__(rng=check_seed(rng, "rng"))
        self.params = as_scenario(scenario, overrides)
        self.cal = with_coefficients(self.params.coefficients, calibration or DEFAULT_CALIBRATION)
        self.streams = RandomStreams(self.rng)
        self.scale = self.params["n_households"] / STANDARD_COMMUNITY
        self.levers, self.budget_share = status_quo(self.params), 1.0
        self.week = 1 - self.params["warmup_weeks"]
        self.register = CaseRegister(self, keep_log=keep_case_log)
        self.complexity_cuts = rules.complexity_cuts(self.cal.complexity_probs)
        self.workers: list[GridWorker] = []
        self.organizations: list[SocialOrganization] = []
        self.build_community()
        self.government = Government(self)
        self.programme = Programme(self)
        self.staff()
        a, b = self.cal.initial_expectation_beta
        self.standard_smoothed = self.visible_standard = a / (a + b)
        self.volunteer_hours = 0.0
        self.record_warmup = record_warmup
        self.rows: list[list[float]] = []
        self.weeks: list[int] = []
        for t in range(1 - self.params["warmup_weeks"], 1):
            self.run_week(t)
        self.start_policy()

    # ------------------------------------------------------------------ building

    def build_community(self) -> None:
        """Households on the grid and their adults (population stream); each resident knows
        the residents of its 8 surrounding cells (Mesa's Moore neighbourhood)."""
        p, c = self.params, self.cal
        rng = self.streams.get("population")
        self.width, self.height = grid_size(p["n_households"], c.occupancy)
        self.households = place_households(p["n_households"], self.width, self.height, rng)
        people = draw_people(self.households, p["elderly_share"], c, rng)
        self.grid = OrthogonalMooreGrid((self.width, self.height), torus=False, random=self.random)
        residents = []
        for person in people:
            home = self.households[person.household]
            residents.append(Resident(self, person, self.grid[(home.x, home.y)], home.elderly))
        self.people = AgentSet(residents, random=self.random)
        self.homes: dict[int, list[Resident]] = {}
        for r in residents:
            self.homes.setdefault(r.household, []).append(r)
        for r in residents:
            r.neighbours = [a for a in r.cell.neighborhood.agents if isinstance(a, Resident)]

    def staff(self) -> None:
        """Online ability under the procedures in force; blocks and their workers; the
        organizations contracted."""
        for r in self.people:
            r.update_ability()
        blocks = cut_blocks(
            self.households, self.width, self.height, self.levers["households_per_worker"], self.cal
        )
        for worker in self.workers:
            worker.remove()
        rng = self.streams.get("workers")
        self.workers = []
        for block in blocks:
            seat = self.households[block.seat]
            homes = {h: self.homes[h] for h in block.households}
            worker = GridWorker(self, block, self.grid[(seat.x, seat.y)], homes, rng)
            for people in homes.values():
                for r in people:
                    r.worker = worker
            self.workers.append(worker)
        self.contract_organizations()

    def contract_organizations(self) -> None:
        """The first `social_orgs` of this community's candidates (the same in every
        scenario as far as their number allows); those no longer contracted hand their
        cases back to the referral pool."""
        c, n = self.cal, self.levers["social_orgs"]
        rng = self.streams.get("organizations")
        weights = np.asarray(c.org_category_weights) / sum(c.org_category_weights)
        specs = []
        for _ in range(n):
            offered = rng.choice(len(CATEGORIES), size=c.org_categories, replace=False, p=weights)
            specs.append(({int(k) for k in offered}, float(rng.uniform(*c.org_quality_range))))
        for org in self.organizations[n:]:
            for case in list(org.in_service):
                self.register.move(case, Stage.REFERRAL, ready=self.week + 1)
            org.remove()
        kept = self.organizations[:n]
        self.organizations = kept + [SocialOrganization(self, *s) for s in specs[len(kept) :]]
        for org in self.organizations:
            org.contract(self.levers["org_autonomy"], self.budget_share)

    def start_policy(self) -> None:
        """Week 1 begins: the scenario's levers, within its budget, replace the status quo;
        queued cases follow their residents to the new blocks' workers."""
        before = self.levers
        self.levers, self.budget_share = costs.within_budget(self.params, self.cal)
        self.government.policy_starts(before, self.levers)
        queued = [case for w in self.workers for case in w.queue]
        self.staff()
        for case in queued:
            case.resident.worker.queue.append(case)
        self.count_volunteers()

    # ------------------------------------------------------------------ helpers

    def shuffle(self, agents, rng: np.random.Generator) -> AgentSet:
        """An AgentSet of `agents` whose shuffles draw from this phase's stream."""
        return AgentSet(list(agents), random=random.Random(int(rng.integers(2**63))))

    def platform(self) -> float:
        """How much of the online service works this week (digitization x quality)."""
        return rules.platform_reach(
            self.levers["digitization"], self.government.platform_quality, self.cal.platform_floor
        )

    def count_volunteers(self) -> None:
        """This week's volunteers' hours, by block (the grid uses them next week)."""
        hours = self.cal.volunteer_hours_per_act
        for worker in self.workers:
            worker.volunteer_hours = hours * sum(
                r.volunteering for people in worker.homes.values() for r in people
            )
        self.volunteer_hours = sum(w.volunteer_hours for w in self.workers)

    # ------------------------------------------------------------------ the week

    def step(self) -> None:
        """One week of the policy (Mesa counts them in `steps`)."""
        self.run_week(self.steps)
        if self.steps >= self.params["steps"]:
            self.running = False

    def run_week(self, t: int) -> None:
        self.week = t
        for _, stream, method in WEEK:
            getattr(self, method)(t, self.streams.get(stream, t) if stream else None)

    def needs_arise(self, t: int, rng) -> None:
        self.register.week = WeekTally()
        self.shuffle(self.people, rng).shuffle_do("arise_need", t, rng)

    def reporting(self, t: int, rng) -> None:
        self.shuffle(self.people, rng).shuffle_do("report_new_needs", t, rng)
        self.shuffle(self.workers, rng).shuffle_do("visit_households", t, rng)

    def handling(self, t: int, rng) -> None:
        for org in self.organizations:
            org.finish(t)
        self.shuffle(self.workers, rng).shuffle_do("handle_queue", t, rng)
        self.shuffle(self.workers, rng).shuffle_do("volunteers_settle", t, rng)
        self.government.refer(t, rng)
        self.government.close_escalated(t, rng)
        self.register.deadlines_pass(t)
        self.government.pass_on_fallback(t, rng)

    def experience(self, t: int, rng=None) -> None:
        """The community's visible standard moves with this week's performance; then each
        resident absorbs its own outcomes."""
        perfs = self.register.week.performances
        mean_perf = sum(perfs) / len(perfs) if perfs else float("nan")
        self.standard_smoothed, self.visible_standard = rules.visible_standard(
            self.standard_smoothed,
            mean_perf,
            self.cal.standard_smoothing,
            self.cal.platform_showcase,
            self.platform(),
        )
        self.people.do("absorb_experiences", t)

    def activities(self, t: int, rng) -> None:
        self.programme.hold(t, rng)

    def governance(self, t: int, rng) -> None:
        self.shuffle(self.people, rng).shuffle_do("consider_acts", t, rng)
        self.shuffle(self.people, rng).shuffle_do("commit_acts", t, rng)
        self.count_volunteers()

    def government_acts(self, t: int, rng=None) -> None:
        self.government.act(t)

    def record(self, t: int, rng=None) -> None:
        if t >= 1 or self.record_warmup:
            self.rows.append(list(observe(self).values()))
            self.weeks.append(t)

    # ------------------------------------------------------------------ output

    def run_for(self, duration: int) -> None:
        """Run `duration` more weeks (whole weeks)."""
        super().run_for(check_weeks(duration, "run_for weeks"))

    def metrics_frame(self) -> pd.DataFrame:
        """One row per week recorded: `step`, then the metric columns."""
        frame = pd.DataFrame(self.rows, columns=list(METRIC_NAMES), dtype=float)
        frame.insert(0, "step", np.asarray(self.weeks, dtype=np.int64))
        return frame
