"""Mesa agents. Residents are many: their state lives in the model's NumPy columns and a
`Resident` reads its own row. Grid workers, organizations and the government are few and
keep their own state and methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np
from mesa.discrete_space import FixedAgent

from sim.model.calibration import AGE_GROUPS, CATEGORIES
from sim.model.codes import Stage
from sim.model.rules import platform_quality_next, shift_effort

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class Resident(FixedAgent):
    """An adult resident (居民); attributes are views of row `row` of the model's columns."""

    def __init__(self, model: CommunityModel, row: int, cell):
        super().__init__(model)
        self.row = row
        self.cell = cell

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


class GridWorker(FixedAgent):
    """A grid worker (网格员), placed in the middle of the block it serves; attributes are
    views of row `block` of the model's workforce columns."""

    def __init__(self, model: CommunityModel, block: int, cell):
        super().__init__(model)
        self.block = block
        self.cell = cell

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
        p, c = model.params, model.cal
        self.categories = categories  # bool per category
        self.autonomy = p["org_autonomy"]
        autonomy_factor = c.absorbed_capacity + (1 - c.absorbed_capacity) * self.autonomy
        self.capacity = c.org_capacity * model.scale * autonomy_factor
        self.quality = base_quality * (
            c.absorbed_quality + (1 - c.absorbed_quality) * self.autonomy
        )
        self.cases_taken = 0
        self.events_run = 0

    @property
    def offers(self) -> list[str]:
        return [CATEGORIES[i] for i in np.flatnonzero(self.categories)]

    def take_referrals(
        self, candidates: np.ndarray, category: np.ndarray, places: int
    ) -> np.ndarray:
        """Of the candidate cases (in queue order), the ones this organization takes this week."""
        fits = candidates[self.categories[category[candidates]]]
        taken = fits[:places]
        self.cases_taken += taken.size
        return taken


class Government(mesa.Agent):
    """Street office / residents' committee (街道/居委会): pays, keeps the platform, reviews."""

    def __init__(self, model: CommunityModel):
        super().__init__(model)
        self.platform_quality = model.cal.initial_platform_quality
        self.service_effort = 1.0  # shifted by the quarterly review in responsive mode
        self.spending = 0.0
        self.events_run = 0

    @property
    def activity_effort(self) -> float:
        return self.model.cal.effort_total - self.service_effort

    @property
    def escalated(self) -> int:
        table = self.model.cases.table
        return table.count(Stage.GOVERNMENT) + table.count(Stage.FALLBACK)

    def act(self, t: int, rng: np.random.Generator | None = None) -> None:
        """Step 7: pay the week, maintain the platform, review each quarter if responsive."""
        self.pay()
        self.maintain_platform()
        if self.model.params["responsive_government"] and t % self.model.cal.review_weeks == 0:
            self.review(t)

    def maintain_platform(self) -> None:
        c = self.model.cal
        self.platform_quality = float(
            platform_quality_next(
                self.platform_quality,
                self.model.params["platform_maintenance"],
                c.platform_ageing,
                c.platform_restore,
            )
        )

    def pay(self) -> float:
        """This week's spending in thousand CNY (see docs/ODD.md, cost)."""
        m, p, c = self.model, self.model.params, self.model.cal
        week, events = m.cases.week, m.activities.events
        s, dig = m.scale, p["digitization"]
        workers = (
            m.layout.n_blocks
            * self.service_effort
            * (c.cost_worker + c.cost_worker_training * p["worker_training"])
        )
        platform = s * (
            c.cost_platform * dig
            + c.cost_maintenance * p["platform_maintenance"] * dig
            + c.cost_integration * p["data_integration"]
            + c.cost_simplicity * p["procedure_simplicity"] * dig
        )
        assisted = s * c.cost_assisted * p["assisted_access"]
        orgs = s * c.cost_org * p["social_orgs"]
        events = (
            events * (c.cost_event + c.cost_event_facility * p["facility_level"])
            + s * c.cost_facility_upkeep * p["facility_level"]
        )
        casework = c.cost_gov_case * week.gov_closed + c.cost_fallback_case * week.fallback_closed
        self.spending = workers + platform + assisted + orgs + events + casework
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
