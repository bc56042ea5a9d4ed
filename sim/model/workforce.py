"""Grid workers as columns: one row per block (网格), read by the `GridWorker` agents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.calibration import Calibration
from sim.model.population import Layout

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


@dataclass
class Workforce:
    skill: np.ndarray  # professional skill in [0, 1]
    digital: np.ndarray  # digital skill in [0, 1]
    households: np.ndarray  # households in the block
    coverage: np.ndarray  # share of the block's households visited per week
    quality: np.ndarray  # quality of what the worker settles
    reach: float  # chance a resident can get hold of their worker
    capacity: np.ndarray  # cases per week, this week
    cases_handled: np.ndarray  # so far

    @property
    def n(self) -> int:
        return self.skill.size

    def update_capacity(self, model: CommunityModel) -> np.ndarray:
        """This week's capacity: skill, digital tools on a working platform, service effort."""
        c, gov = model.cal, model.government
        self.capacity = rules.worker_capacity(
            c.worker_capacity,
            self.skill,
            self.digital,
            model.params["digitization"],
            gov.platform_quality,
            digital_gain=c.digital_capacity_gain,
            effort=gov.service_effort,
            skill_base=c.capacity_skill_base,
            skill_gain=c.capacity_skill_gain,
        )
        return self.capacity


def build_workforce(
    layout: Layout, params, cal: Calibration, rng: np.random.Generator
) -> Workforce:
    """Skills from training plus noise; visits and reach from the households per worker."""
    b = layout.n_blocks
    training = params["worker_training"]
    noise = rng.normal(0.0, cal.worker_noise, size=(2, b))
    skill = np.clip(cal.worker_skill_base + cal.worker_skill_gain * training + noise[0], 0.0, 1.0)
    digital = np.clip(
        cal.worker_digital_base + cal.worker_digital_gain * training + noise[1], 0.0, 1.0
    )
    households = np.bincount(layout.household_block, minlength=b)
    visits = cal.visit_households_per_week * (1 + cal.visit_training_gain * training)
    return Workforce(
        skill=skill,
        digital=digital,
        households=households,
        coverage=np.minimum(1.0, visits / households),
        quality=cal.worker_quality_base + cal.worker_quality_gain * skill,
        reach=rules.worker_reach(params["n_households"] / b, cal.reachable_households),
        capacity=np.zeros(b),
        cases_handled=np.zeros(b, dtype=np.int64),
    )
