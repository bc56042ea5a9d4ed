"""Mesa agents. Residents are many: their state lives in the model's NumPy columns and a
`Resident` reads its own row. Grid workers, organizations and the government are few and
keep their own state and methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
from mesa.discrete_space import FixedAgent

from sim.model import costs
from sim.model.calibration import AGE_GROUPS, CATEGORIES
from sim.model.codes import Stage
from sim.model.rules import (
    facility_quality_next,
    platform_quality_next,
    shift_effort,
    upkept_equilibrium,
)

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class PlacedOnFirstUse(FixedAgent):
    """A fixed agent placed in its cell when the model's Mesa grid is first used: building
    the grid and placing a million residents would be most of a large community's build,
    and the rules never need it (CommunityModel.grid)."""

    @property
    def cell(self):
        """The agent's cell (the first read builds the model's grid, placing everyone)."""
        self.model.grid  # noqa: B018 (built and placed on first use)
        return FixedAgent.cell.fget(self)

    @cell.setter
    def cell(self, cell) -> None:
        FixedAgent.cell.fset(self, cell)

    def remove(self) -> None:
        """Leave the model, and the cell if the grid has been built."""
        if self.model.grid_built:
            super().remove()
        else:
            mesa.Agent.remove(self)


class Resident(PlacedOnFirstUse):
    """An adult resident (居民); attributes are views of row `row` of the model's columns."""

    def __init__(self, model: CommunityModel, row: int):
        super().__init__(model)
        self.row = row

    def _col(self, name: str):
        return getattr(self.model.residents, name)[self.row]

    @property
    def household(self) -> int:
        return int(self._col("household"))

    @property
    def block(self) -> int:
        return int(self.model.layout.household_block[self.household])

    @property
    def age_group(self) -> str:
        return AGE_GROUPS[self._col("age_group")]

    @property
    def literacy(self) -> float:
        return float(self._col("literacy"))

    @property
    def satisfaction(self) -> float:
        return float(self._col("satisfaction"))

    @property
    def expectation(self) -> float:
        return float(self._col("expectation"))

    @property
    def trust(self) -> float:
        return float(self._col("trust"))

    @property
    def habit(self) -> float:
        return float(self._col("habit"))

    def _recent(self, name: str) -> bool:
        last_week = self._col(name)
        return bool(self.model.steps - last_week < self.model.cal.recent_weeks)

    @property
    def participating(self) -> bool:
        """Attended an activity recently (in the last `recent_weeks` weeks)."""
        return self._recent("last_attended")

    @property
    def governing(self) -> bool:
        """Took a governance act (offline or online) recently."""
        return self._recent("last_offline_act") or self._recent("last_online_act")

    @property
    def open_needs(self) -> int:
        return int(np.count_nonzero(self.model.cases.table.resident == self.row))


class GridWorker(PlacedOnFirstUse):
    """A grid worker (网格员), placed in the middle of the block it serves; attributes are
    views of row `block` of the model's workforce columns."""

    def __init__(self, model: CommunityModel, block: int):
        super().__init__(model)
        self.block = block

    def _col(self, name: str):
        return getattr(self.model.workforce, name)[self.block]

    @property
    def skill(self) -> float:
        return float(self._col("skill"))

    @property
    def digital_skill(self) -> float:
        return float(self._col("digital"))

    @property
    def households(self) -> int:
        return int(self._col("households"))

    @property
    def cases_handled(self) -> int:
        return int(self._col("cases_handled"))

    @property
    def capacity(self) -> float:
        return float(self._col("capacity"))

    @property
    def queue(self) -> int:
        table = self.model.cases.table
        return int(np.count_nonzero((table.block == self.block) & (table.stage == Stage.WORKER)))


class SocialOrganization(mesa.Agent):
    """A contracted social organization (社会组织) offering some service categories."""

    def __init__(self, model: CommunityModel, categories: np.ndarray, base_quality: float):
        super().__init__(model)
        self.categories = categories  # bool per category
        self.base_quality = base_quality
        self.cases_taken = 0
        self.events_run = 0
        self.contract(model.levers["org_autonomy"], 1.0)

    def contract(self, autonomy: float, share: float) -> None:
        """Capacity and quality under a contract: low autonomy (administrative absorption)
        diverts capacity and lowers quality; a budget share below 1 shrinks the contract."""
        c, m = self.model.cal, self.model
        self.autonomy = autonomy
        autonomy_factor = c.absorbed_capacity + (1 - c.absorbed_capacity) * autonomy
        self.capacity = c.org_capacity * m.scale * autonomy_factor * share
        self.quality = self.base_quality * (
            c.absorbed_quality + (1 - c.absorbed_quality) * autonomy
        )

    @property
    def offers(self) -> list[str]:
        return [CATEGORIES[i] for i in np.flatnonzero(self.categories)]

    def take_referrals(
        self, candidates: np.ndarray, category: np.ndarray, places: int
    ) -> np.ndarray:
        """Of the candidate cases (in queue order), the ones this organization takes with
        `places`: referrals, or fallback cases it takes over with the places left."""
        fits = candidates[self.categories[category[candidates]]]
        taken = fits[:places]
        self.cases_taken += taken.size
        return taken


class Government(mesa.Agent):
    """Street office / residents' committee (街道/居委会): pays, keeps the platform and the
    venues, reviews. Platform and venues start at the status quo's steady state."""

    def __init__(self, model: CommunityModel):
        super().__init__(model)
        c, levers = model.cal, model.levers
        self.platform_quality = upkept_equilibrium(
            levers["platform_maintenance"], c.platform_ageing, c.platform_restore
        )
        self.facility_quality = upkept_equilibrium(
            levers["facility_maintenance"],
            c.facility_ageing,
            c.facility_restore,
            levers["facility_level"],
        )
        self.service_effort = 1.0  # shifted by the quarterly review in responsive mode
        self.spending = 0.0
        self.costs: dict[str, float] = {}
        self.events_run = 0

    @property
    def activity_effort(self) -> float:
        return self.model.cal.effort_total - self.service_effort

    @property
    def escalated(self) -> int:
        table = self.model.cases.table
        return table.count(Stage.GOVERNMENT) + table.count(Stage.FALLBACK)

    def policy_starts(self, before: dict, after: dict) -> None:
        """Venues built or closed when the policy starts: new ones come at full quality."""
        old, new = before["facility_level"], after["facility_level"]
        if new >= old:
            self.facility_quality += new - old
        elif old > 0:
            self.facility_quality *= new / old

    def act(self, t: int, rng: np.random.Generator | None = None) -> None:
        """Step 7: pay the week, maintain platform and venues, review each quarter."""
        m, c = self.model, self.model.cal
        self.pay()
        levers = m.levers
        self.platform_quality = float(
            platform_quality_next(
                self.platform_quality,
                levers["platform_maintenance"],
                c.platform_ageing,
                c.platform_restore,
            )
        )
        self.facility_quality = float(
            facility_quality_next(
                self.facility_quality,
                levers["facility_maintenance"],
                levers["facility_level"],
                c.facility_ageing,
                c.facility_restore,
            )
        )
        if levers["responsive_government"] and t > 0 and t % c.review_weeks == 0:
            self.review(t)

    def pay(self) -> float:
        """This week's spending in thousand CNY (sim.model.costs)."""
        m = self.model
        week = m.cases.week
        spent = costs.items(
            m.levers,
            m.cal,
            workers=float(m.workforce.fte.sum()),
            events=m.activities.events,
            effort=self.service_effort,
            contract=m.budget_share,
            gov_closed=week.gov_closed,
            fallback_closed=week.fallback_closed,
        )
        self.costs = {name: cost for name, (cost, _) in spent.items()}
        self.spending = sum(self.costs.values())
        return self.spending

    def review(self, t: int) -> None:
        """Compare the last quarter's needs met and current participation with their targets
        and move effort toward the weaker."""
        m, c = self.model, self.model.cal
        weeks = range(max(1, t - c.review_weeks), t)  # the weeks before this one
        met = np.array([m.cases.needs_met_rate(w) for w in weeks])
        met_mean = float(np.nanmean(met)) if np.isfinite(met).any() else float("nan")
        participation = float(m.recently(m.residents.last_attended).mean())
        self.service_effort = shift_effort(
            self.service_effort,
            met_mean,
            participation,
            target_needs_met=c.target_needs_met,
            target_participation=c.target_participation,
            step=c.effort_step,
            bounds=c.effort_bounds,
        )
