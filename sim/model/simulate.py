"""`simulate`: run one scenario on one seed and return the weekly metrics."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.errors import ParameterError
from sim.model.calibration import QUARTER_WEEKS as QUARTER
from sim.model.calibration import Calibration
from sim.model.community import CommunityModel
from sim.model.seeds import check_seed
from sim.parameters import Scenario

# The fast engine (whole-array rules, this package) and the reference engine (one Mesa agent
# at a time, sim.reference): the same model, checked against each other by `govsim dock`.
ENGINES = ("fast", "reference")


def simulate(
    scenario: Scenario | dict[str, Any] | None = None,
    *,
    seed: int,
    steps: int | None = None,
    calibration: Calibration | None = None,
    engine: str = "fast",
) -> pd.DataFrame:
    """Run `scenario` with random seed `seed` for `steps` weeks (default: the scenario's).

    Returns one row per week: column `step` (1, 2, ...) and the metric columns. `engine`:
    "fast" (default) or "reference" (`ENGINES`).
    """
    overrides = {} if steps is None else {"steps": steps}
    model_type = model_class(engine)
    model = model_type(scenario, rng=check_seed(seed), calibration=calibration, **overrides)
    model.run_for(model.params["steps"])
    return model.metrics_frame()


def model_class(engine: str) -> type:
    """The model class of an engine (the reference engine is imported only when used)."""
    if engine == "fast":
        return CommunityModel
    if engine == "reference":
        from sim.reference import ReferenceModel

        return ReferenceModel
    raise ParameterError(f"unknown engine {engine!r}; the engines are: {', '.join(ENGINES)}")


def final_quarter(frame: pd.DataFrame) -> pd.Series:
    """Mean of each metric over the final quarter, the last 13 weeks (or all weeks of a
    shorter run)."""
    return frame.drop(columns="step").tail(QUARTER).mean()
