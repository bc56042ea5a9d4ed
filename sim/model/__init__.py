"""Model layer: Mesa agents and model, rules as pure functions, population, metrics."""

from sim.model import calibration, coefficients
from sim.model.agents import Government, GridWorker, Resident, SocialOrganization
from sim.model.calibration import DEFAULT_CALIBRATION, Calibration
from sim.model.community import CommunityModel
from sim.model.metrics import MAIN_METRICS, METRIC_NAMES, METRICS, Metric
from sim.model.simulate import final_quarter, simulate
from sim.parameters.scenario import use_coefficient_checker

# scenarios and overrides may name the model's coefficients (validated here)
use_coefficient_checker(coefficients.validate_coefficient, calibration.coefficient_names())

__all__ = [
    "DEFAULT_CALIBRATION",
    "MAIN_METRICS",
    "METRICS",
    "METRIC_NAMES",
    "Calibration",
    "CommunityModel",
    "Government",
    "GridWorker",
    "Metric",
    "Resident",
    "SocialOrganization",
    "final_quarter",
    "simulate",
]
