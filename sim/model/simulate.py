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

ENGINES = ("fast", "reference")  # whole-array rules; one agent at a time (to check the first)


def simulate(
    scenario: Scenario | dict[str, Any] | None = None,
    *,
    seed: int,
    steps: int | None = None,
    calibration: Calibration | None = None,
    engine: str = "fast",
) -> pd.DataFrame:
    """Run `scenario` with random seed `seed` for `steps` weeks (default: the scenario's).

    Returns one row per week: column `step` (1, 2, ...) and the metric columns. `engine`
    is "fast" (whole-array rules, sim.model) or "reference" (one agent at a time,
    sim.reference: much slower, to check the fast engine); both give the same columns.
    """
    overrides = {} if steps is None else {"steps": steps}
    model_class = engine_model(engine)
    model = model_class(scenario, rng=check_seed(seed), calibration=calibration, **overrides)
    model.run_for(model.params["steps"])
    return model.metrics_frame()


def engine_model(engine: str) -> type:
    """The model class of an engine; the reference engine is imported only when asked for
    (it sits above the model layer and imports it)."""
    if engine == "fast":
        return CommunityModel
    if engine == "reference":
        from sim.reference import ReferenceModel

        return ReferenceModel
    raise ParameterError(
        f"engine = {engine!r} is not known: the engines are {', '.join(map(repr, ENGINES))}"
    )


def final_quarter(frame: pd.DataFrame) -> pd.Series:
    """Mean of each metric over the final quarter, the last 13 weeks (or all weeks of a
    shorter run)."""
    return frame.drop(columns="step").tail(QUARTER).mean()
