"""`simulate`: run one scenario on one seed and return the weekly metrics."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.model.calibration import QUARTER_WEEKS as QUARTER
from sim.model.calibration import Calibration
from sim.model.community import CommunityModel
from sim.model.seeds import check_seed
from sim.parameters import Scenario


def simulate(
    scenario: Scenario | dict[str, Any] | None = None,
    *,
    seed: int,
    steps: int | None = None,
    calibration: Calibration | None = None,
) -> pd.DataFrame:
    """Run `scenario` with random seed `seed` for `steps` weeks (default: the scenario's).

    Returns one row per week: column `step` (1, 2, ...) and the metric columns.
    """
    overrides = {} if steps is None else {"steps": steps}
    model = CommunityModel(scenario, rng=check_seed(seed), calibration=calibration, **overrides)
    model.run_for(model.params["steps"])
    return model.metrics_frame()


def final_quarter(frame: pd.DataFrame) -> pd.Series:
    """Mean of each metric over the final quarter, the last 13 weeks (or all weeks of a
    shorter run)."""
    return frame.drop(columns="step").tail(QUARTER).mean()
