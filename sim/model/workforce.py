"""Grid workers as columns: one row per block (网格), read by the `GridWorker` agents.

Staffing is exact (MODEL.md 3.3): a block's worker works `fte` of a full-time post (1 except
in the last, smaller block), and capacity and household visits scale with it, so every
worker serves the same households per full-time post at any community size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.calibration import Calibration
from sim.model.population import Blocks

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


@dataclass
class Workforce:
    skill: np.ndarray  # professional skill in [0, 1]
    digital: np.ndarray  # digital skill in [0, 1]
    fte: np.ndarray  # full-time equivalent of the post
    households: np.ndarray  # households in the block
    elderly_households: np.ndarray  # households with a resident aged 60+
    coverage: np.ndarray  # share of the block's households the worker visits per week
    elderly_coverage: np.ndarray  # ... of its elderly households (triage visits them first)
    other_coverage: np.ndarray  # ... of its other households
    quality: np.ndarray  # quality of what the worker settles
    reach: float  # chance a resident can get hold of their worker
    capacity: np.ndarray  # cases per week, this week
    cases_handled: np.ndarray  # so far
    volunteer_hours: np.ndarray  # volunteers' hours in the block last week

    @property
    def n(self) -> int:
        return self.skill.size

    def update_capacity(self, model: CommunityModel) -> np.ndarray:
        """This week's capacity: skill, digital tools on a working platform, service effort."""
        c, gov = model.cal, model.government
        self.capacity = self.fte * rules.worker_capacity(
            c.worker_capacity,
            self.skill,
            self.digital,
            model.levers["digitization"],
            gov.platform_quality,
            digital_gain=c.digital_capacity_gain,
            effort=gov.service_effort,
            skill_base=c.capacity_skill_base,
            skill_gain=c.capacity_skill_gain,
        )
        return self.capacity


def build_workforce(
    blocks: Blocks,
    elderly_household: np.ndarray,
    levers,
    cal: Calibration,
    rng: np.random.Generator,
) -> Workforce:
    """Skills from training plus noise; visits and reach from the households per worker
    (under triage, a share of the visits goes to elderly households first)."""
    b = blocks.n_blocks
    training = levers["worker_training"]
    noise = rng.normal(0.0, cal.worker_noise, size=(2, b))
    skill = np.clip(cal.worker_skill_base + cal.worker_skill_gain * training + noise[0], 0.0, 1.0)
    digital = np.clip(
        cal.worker_digital_base + cal.worker_digital_gain * training + noise[1], 0.0, 1.0
    )
    households = np.bincount(blocks.household_block, minlength=b)
    visits = cal.visit_households_per_week * (1 + cal.visit_training_gain * training)
    elderly_households = np.bincount(blocks.household_block, weights=elderly_household, minlength=b)
    elderly_coverage, other_coverage = rules.visit_coverage(
        visits * blocks.fte,
        households,
        elderly_households,
        priority_share=levers["case_triage"] * cal.triage_visit_share,
    )
    return Workforce(
        skill=skill,
        digital=digital,
        fte=blocks.fte,
        households=households,
        elderly_households=elderly_households,
        coverage=np.minimum(1.0, visits * blocks.fte / households),
        elderly_coverage=elderly_coverage,
        other_coverage=other_coverage,
        quality=cal.worker_quality_base + cal.worker_quality_gain * skill,
        reach=rules.worker_reach(blocks.households_per_worker, cal.reachable_households),
        capacity=np.zeros(b),
        cases_handled=np.zeros(b, dtype=np.int64),
        volunteer_hours=np.zeros(b),
    )
