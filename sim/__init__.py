"""govsim: agent-based simulation of urban community governance policies.

import sim
scenario = sim.load_scenario("tech_empowerment", households_per_worker=300)
frame = sim.simulate(scenario, seed=1)        # one row per week
"""

import sim.threads  # noqa: F401 - first, before NumPy loads its BLAS
from sim.errors import GovsimError, ParameterError, ScenarioError
from sim.model import (
    MAIN_METRICS,
    METRIC_NAMES,
    METRICS,
    Calibration,
    CommunityModel,
    Government,
    GridWorker,
    Resident,
    SocialOrganization,
    final_quarter,
    simulate,
)
from sim.model.coefficients import COEFFICIENTS
from sim.parameters import (
    PARAMETERS,
    Scenario,
    available_scenarios,
    load_coefficients,
    load_scenario,
)


def load_results(folder):
    """Read a sweep's results folder: `.runs`, `.timeseries`, `.manifest` (see sim.experiments)."""
    from sim.experiments.store import load_results as load

    return load(folder)


__version__ = "0.1.0"

__all__ = [
    "COEFFICIENTS",
    "MAIN_METRICS",
    "METRICS",
    "METRIC_NAMES",
    "PARAMETERS",
    "Calibration",
    "CommunityModel",
    "Government",
    "GovsimError",
    "GridWorker",
    "ParameterError",
    "Resident",
    "Scenario",
    "ScenarioError",
    "SocialOrganization",
    "available_scenarios",
    "final_quarter",
    "load_coefficients",
    "load_results",
    "load_scenario",
    "simulate",
]
