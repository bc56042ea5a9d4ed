"""Parameters layer: the registry, validation and scenarios (nothing here imports the model)."""

from sim.parameters.registry import DEFAULTS, PARAMETERS, PATHS, Parameter
from sim.parameters.scenario import (
    POPULATION,
    Scenario,
    available_scenarios,
    load_coefficients,
    load_scenario,
    status_quo,
)
from sim.parameters.validation import parse_value, validate_value

__all__ = [
    "DEFAULTS",
    "PARAMETERS",
    "PATHS",
    "POPULATION",
    "Parameter",
    "Scenario",
    "available_scenarios",
    "load_coefficients",
    "load_scenario",
    "status_quo",
    "parse_value",
    "validate_value",
]
