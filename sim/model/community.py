"""The community model: residents, grid workers, social organizations and the government."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import OrthogonalMooreGrid

from sim.errors import ParameterError
from sim.model import costs, rules
from sim.model.activities import ActivityProgramme
from sim.model.agents import Government, GridWorker, Resident, SocialOrganization
from sim.model.calibration import (
    CATEGORIES,
    DEFAULT_CALIBRATION,
    STANDARD_COMMUNITY,
    Calibration,
    with_coefficients,
)
from sim.model.cases.pipeline import CasePipeline
from sim.model.codes import AgeGroup
from sim.model.experience import Experience
from sim.model.governance import GovernanceActs
from sim.model.metrics import METRIC_NAMES
from sim.model.observe import GroupMeans, observe
from sim.model.population import build_layout, build_residents, cut_blocks
from sim.model.seeds import check_seed, check_weeks
from sim.model.streams import RandomStreams
from sim.model.workforce import build_workforce
from sim.parameters import DEFAULTS, Scenario, status_quo
from sim.parameters.scenario import default_scenario


@dataclass(frozen=True)
class Phase:
    """One step of the week: which component does it (`component.method(week, rng)`; "" is
    the model itself) and the random stream it draws from (None: it draws nothing)."""

    name: str
    component: str
    method: str
    stream: str | None
    summary: str


WEEK = (
    Phase(
        "needs arise",
        "cases",
        "arise",
        "needs",
        "each resident may get a need of a category that depends on age group and household; "
        "each need has a complexity (simple, service, complex) and a deadline",
    ),
    Phase(
        "reporting",
        "cases",
        "report",
        "reporting",
        "a new need is reported online, to the grid worker, through assisted access, or not "
        "at all (distrust lowers all three); hidden needs may be found by the worker's "
        "household visits or flagged by integrated data",
    ),
    Phase(
        "handling",
        "cases",
        "handle",
        "handling",
        "organizations finish last week's referrals; grid workers handle their queues up to "
        "capacity (simple cases settled, service cases referred, complex ones escalated); "
        "referrals go to a matching organization with room, else to the slower government "
        "fallback; government closes escalated cases at a rate set by its information lag; "
        "deadlines pass; organizations with places left take over open fallback cases of "
        "their categories",
    ),
    Phase(
        "experience",
        "experience",
        "absorb",
        None,
        "every closed, failed or unreported need is an experience that moves satisfaction "
        "(expectation disconfirmation), expectation (with the pull of the community's "
        "visible standard), trust and efficacy",
    ),
    Phase(
        "activities",
        "activities",
        "hold",
        "activities",
        "this week's events get types (standard programme or targeted to known "
        "preferences); residents attend by preference match, neighbours, trust, habit and "
        "age-dependent cost, within venue places; attending is an experience and builds habit",
    ),
    Phase(
        "governance participation",
        "governance",
        "act",
        "governance",
        "offline acts (more likely with age, shared spaces) and online acts (need literacy and "
        "the platform), both driven by trust, efficacy and neighbours",
    ),
    Phase(
        "government",
        "government",
        "act",
        None,
        "pays the week's cost, maintains (or lets age) the platform and, in responsive mode, "
        "reviews outcomes each quarter and shifts effort",
    ),
    Phase("observation", "", "record", None, "one row of metrics (sim.model.metrics)"),
)


class CommunityModel(mesa.Model):
    """Urban community governance under technology, service and culture policies.

    Before week 1 the community lives `warmup_weeks` weeks under the status quo (the
    `baseline` scenario's levers at this scenario's population); then the scenario's levers
    take effect (within its budget) and week 1 begins. `self.params` is the scenario,
    `self.levers` the levers in force. One step is one week, in this order (MODEL.md
    section 3; the table `WEEK`):

    1. Needs arise (cases.arise).
    2. Reporting (cases.report).
    3. Handling (cases.handle).
    4. Experience (experience.absorb).
    5. Activities (activities.hold).
    6. Governance participation (governance.act).
    7. Government (government.act).
    8. Observation (record).

    `docs/ODD.md` describes each phase (generated from `WEEK`). Resident state lives in
    NumPy columns (`self.residents`) updated by whole-array rules (`sim.model.rules`);
    `Resident` agents read their row, and so do `GridWorker`s (`self.workforce`). Each phase
    draws from its own random stream, derived from the model's generator (`self.streams`).
    (`self.scenario` is Mesa's own, empty.)
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
        self.workers: list[GridWorker] = []
        self.organizations: list[SocialOrganization] = []
        self._build_community()
        self.government = Government(self)
        self._staff()
        self.cases = CasePipeline(self, keep_log=keep_case_log)
        self.experience = Experience(self)
        self.activities = ActivityProgramme(self)
        self.governance = GovernanceActs(self)
        self._record_warmup = record_warmup
        self._rows: list[list[float]] = []
        self._weeks: list[int] = []
        for t in range(1 - self.params["warmup_weeks"], 1):
            self._run_week(t)
        self._start_policy()

    # ------------------------------------------------------------------ building

    def _build_community(self) -> None:
        p, c = self.params, self.cal
        rng = self.streams.get("population")
        self.layout = lay = build_layout(p["n_households"], c, rng)
        self.residents = r = build_residents(p["n_households"], p["elderly_share"], c, rng)
        self.resident_cell = lay.household_cell[r.household]
        self.household_elderly = (
            np.bincount(r.household, weights=r.age_group == AgeGroup.ELDERLY) > 0
        )
        self.elderly_home = self.household_elderly[r.household]
        self.cell_residents = (
            np.bincount(self.resident_cell, minlength=lay.width * lay.height)
            .reshape(lay.height, lay.width)
            .astype(float)
        )
        self._neighbours = rules.MooreNeighbours(self.cell_residents)
        self.groups = GroupMeans(r.age_group, r.literacy, c.can_use_threshold)
        self._placed_grid: OrthogonalMooreGrid | None = None  # built on first use (`grid`)
        for row in range(r.n):
            Resident(self, row)

    @property
    def grid(self) -> OrthogonalMooreGrid:
        """The Mesa grid, with every resident and grid worker in its household's cell.

        Built on first use: the rules need only the NumPy layout, and a Mesa cell per grid
        square plus a cell placement per resident would be most of the cost of building a
        large community. Agents read `cell` through it (agents.PlacedOnFirstUse).
        """
        if self._placed_grid is None:
            lay = self.layout
            self._placed_grid = OrthogonalMooreGrid(
                (lay.width, lay.height), torus=False, random=self.random
            )
            xs, ys = lay.household_xy
            cells = [self._placed_grid[(int(x), int(y))] for x, y in zip(xs, ys, strict=True)]
            household = self.residents.household
            for resident in self.agents_by_type[Resident]:
                resident.cell = cells[household[resident.row]]
            self._place_workers()
        return self._placed_grid

    def _place_workers(self) -> None:
        """Each grid worker sits in the cell of the household in the middle of its block."""
        lay = self.layout
        for worker in self.workers:
            cell = int(lay.household_cell[lay.blocks.seat[worker.block]])  # y * width + x
            worker.cell = self._placed_grid[(cell % lay.width, cell // lay.width)]

    @property
    def grid_built(self) -> bool:
        return self._placed_grid is not None

    def _staff(self) -> None:
        """Blocks, grid workers and organizations for the levers in force; residents' online
        ability under the procedures in force."""
        lv, c, r = self.levers, self.cal, self.residents
        self.ability = rules.online_ability(
            r.literacy,
            lv["procedure_simplicity"],
            c.literacy_slope,
            c.ability_threshold_hard,
            c.ability_threshold_gain,
        )
        blocks = cut_blocks(self.layout, lv["households_per_worker"], c)
        self.layout.blocks = blocks
        self.resident_block = blocks.household_block[r.household]
        self.workforce = build_workforce(
            blocks, self.household_elderly, lv, c, self.streams.get("workers")
        )
        for worker in self.workers:
            worker.remove()
        self.workers = [GridWorker(self, block) for block in range(blocks.n_blocks)]
        if self.grid_built:
            self._place_workers()
        self._contract_organizations()

    def _contract_organizations(self) -> None:
        """The first `social_orgs` organizations of this community's stream of candidates:
        the same ones in every scenario as far as their number allows."""
        c, lv = self.cal, self.levers
        rng = self.streams.get("organizations")
        weights = np.asarray(c.org_category_weights)
        candidates = []
        for _ in range(lv["social_orgs"]):
            offered = rng.choice(
                len(CATEGORIES), size=c.org_categories, replace=False, p=weights / weights.sum()
            )
            categories = np.zeros(len(CATEGORIES), dtype=bool)
            categories[offered] = True
            candidates.append((categories, rng.uniform(*c.org_quality_range)))
        kept = self.organizations[: lv["social_orgs"]]
        for org in self.organizations[lv["social_orgs"] :]:
            org.remove()
        new = [SocialOrganization(self, *spec) for spec in candidates[len(kept) :]]
        self.organizations = kept + new
        for org in self.organizations:
            org.contract(lv["org_autonomy"], self.budget_share)

    def _start_policy(self) -> None:
        """Week 1 begins: the scenario's levers, within its budget, replace the status quo."""
        before = self.levers
        self.levers, self.budget_share = costs.within_budget(self.params, self.cal)
        self.government.policy_starts(before, self.levers)
        self._staff()
        self.governance.restaff()
        self.cases.policy_starts(1)

    # ------------------------------------------------------------------ shared helpers

    def recently(self, last_week: np.ndarray, weeks: int | None = None) -> np.ndarray:
        """Happened within the last `recent_weeks` (or `weeks`) weeks, this week included
        (week - last < weeks, written as one comparison)."""
        return last_week > self.week - (weeks or self.cal.recent_weeks)

    def platform(self) -> float:
        """How much of the online service works this week (digitization x quality)."""
        return rules.platform_reach(
            self.levers["digitization"], self.government.platform_quality, self.cal.platform_floor
        )

    def neighbour_share(self, mask: np.ndarray, influence: float | None = None) -> np.ndarray:
        """Per resident, the share of residents in the 8 surrounding cells with `mask` (one
        bool per resident), times the neighbours' influence (`neighbour_influence` unless
        given; 1 measures it)."""
        return self.neighbour_grid(mask, influence).take(self.resident_cell)

    def neighbour_grid(self, mask: np.ndarray, influence: float | None = None) -> np.ndarray:
        """neighbour_share per cell (flat index y * width + x). Counts are whole numbers, so
        counting the residents with `mask` cell by cell gives the same sums as weighting."""
        lay = self.layout
        cells = lay.width * lay.height
        weight = self.cal.neighbour_influence if influence is None else influence
        if mask.dtype == bool:
            counts = np.bincount(self.resident_cell.compress(mask), minlength=cells)
            grid = counts.reshape(lay.height, lay.width)
            return self._neighbours.share_counts(grid, weight).ravel()
        counts = np.bincount(self.resident_cell, weights=mask, minlength=cells)
        return self._neighbours.share(counts.reshape(lay.height, lay.width), weight).ravel()

    # ------------------------------------------------------------------ the week

    def step(self) -> None:
        """One week of the policy (Mesa counts them in `steps`)."""
        self._run_week(self.steps)
        if self.steps >= self.params["steps"]:
            self.running = False

    def _run_week(self, t: int) -> None:
        """The phases of `WEEK` in order, each with its own random stream."""
        self.week = t
        for phase in WEEK:
            rng = self.streams.get(phase.stream, t) if phase.stream else None
            component = getattr(self, phase.component) if phase.component else self
            getattr(component, phase.method)(t, rng)

    def record(self, t: int, rng: np.random.Generator | None = None) -> None:
        """8. Observation: one row of every metric (warm-up weeks only if asked for)."""
        if t >= 1 or self._record_warmup:
            self._rows.append(list(observe(self).values()))
            self._weeks.append(t)

    # ------------------------------------------------------------------ output

    def run_for(self, duration: int) -> None:
        """Run `duration` more weeks (a whole number: the model has no half weeks)."""
        super().run_for(check_weeks(duration, "run_for weeks"))

    @property
    def observed_weeks(self) -> int:
        """Policy weeks whose metrics row is complete (Mesa counts `steps` from the start of
        a step)."""
        return sum(1 for week in self._weeks if week >= 1)

    def metrics_frame(self) -> pd.DataFrame:
        """One row per week recorded: column `step` (the week; warm-up weeks are 0 and
        below) and the metric columns."""
        rows, columns = self._rows, list(METRIC_NAMES)
        if rows and set(map(type, chain.from_iterable(rows))) <= {float, np.float64}:
            # one float array first: the frame a list of float rows gives, several times faster
            frame = pd.DataFrame(np.array(rows, dtype=float), columns=columns)
        else:  # pandas' own reading (an empty frame, or a metric that came as a whole number)
            frame = pd.DataFrame(rows, columns=columns)
        frame.insert(0, "step", np.asarray(self._weeks, dtype=np.int64))
        return frame


def as_scenario(scenario, overrides: dict[str, Any]) -> Scenario:
    """A validated scenario from a Scenario, a mapping of parameters, or None (defaults);
    shared by both engines, so bad input gets the same message from each."""
    if scenario is None:
        return default_scenario(**overrides)
    if isinstance(scenario, Scenario):
        return scenario.replace(**overrides)
    if isinstance(scenario, Mapping):
        unknown = set(scenario) - set(DEFAULTS)
        if unknown:
            default_scenario(**{k: scenario[k] for k in unknown})  # raises with a suggestion
        return default_scenario(**{**scenario, **overrides})
    raise ParameterError(
        "a scenario must be a sim.Scenario or a mapping of parameters, not "
        f"{type(scenario).__name__}"
        "; load a named scenario with sim.load_scenario(name)"
    )
