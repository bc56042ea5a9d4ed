"""The [factors] table of an experiment file: each factor's levels (listed, or evenly spaced
over a range) or its range to sample, checked against the parameter it varies.

A sampled design (lhs, sobol, morris) may also vary model coefficients, each "plausible"
(the registry's range) or { range = [low, high] }, and "*" = "plausible" varies every
coefficient: a sensitivity analysis over what the model assumes, not over policy."""

from __future__ import annotations

import math

import numpy as np

from sim.errors import ParameterError
from sim.experiments import limits
from sim.experiments.manifest import SAMPLED
from sim.experiments.spec_types import Factor
from sim.parameters import PARAMETERS
from sim.parameters.validation import describe_range, unknown_name_message, validate_value

_FACTOR_KEYS = ("values", "range", "levels")


def read_factors(table: dict, design: str, fail) -> list[Factor]:
    """The factors of the [factors] table, in the file's order; `fail(key, message)` raises."""
    out = []
    for name, spec in table.items():
        if name not in PARAMETERS and _is_coefficient(name):
            out.extend(_coefficient_factors(name, spec, design, fail))
            continue
        if name not in PARAMETERS:
            from sim.model.coefficients import COEFFICIENTS

            known = [*PARAMETERS, *COEFFICIENTS]
            fail(
                name,
                "in [factors]: " + unknown_name_message(name, known, "parameter or coefficient"),
            )
        if isinstance(spec, list):
            spec = {"values": spec}
        if not isinstance(spec, dict):
            fail(
                name,
                f"factor '{name}' must be a list of values or a table with 'values' or 'range'",
            )
        for key in spec:
            if key not in _FACTOR_KEYS:
                fail(name, unknown_name_message(key, _FACTOR_KEYS, f"key of factor '{name}'"))
        if ("values" in spec) == ("range" in spec):
            fail(name, f"factor '{name}' needs either 'values' or 'range'")
        if "values" in spec:
            out.append(_listed_factor(name, spec, design, fail))
        else:
            out.append(_range_factor(name, spec, design, fail))
    return out


def _is_coefficient(name: str) -> bool:
    from sim.experiments.worlds import ALL
    from sim.model.coefficients import COEFFICIENTS

    return name == ALL or name in COEFFICIENTS


def _coefficient_factors(name: str, spec, design: str, fail) -> list[Factor]:
    """Coefficients as factors of a sampled design, read like [uncertainties] (their draws
    become coefficient values as in a world: `sim.model.coefficients.uncertain_value`)."""
    from sim.experiments.worlds import read_uncertainties

    if design not in SAMPLED:
        fail(
            name,
            f"'{name}' is a model coefficient: coefficients vary in a sampled design (lhs, "
            "sobol, morris) or across worlds ([uncertainties]), not in a "
            f"{design} design",
        )
    return [Factor(u.name, low=u.low, high=u.high) for u in read_uncertainties({name: spec}, fail)]


def _listed_factor(name: str, spec: dict, design: str, fail) -> Factor:
    """A factor with its levels listed (`values`)."""
    values = spec["values"]
    if design in SAMPLED:
        fail(name, f"a {design} design samples factors from a 'range', not 'values'")
    if not isinstance(values, list) or not values:
        fail(name, f"factor '{name}': 'values' must be a non-empty list")
    if "levels" in spec:
        fail(name, f"factor '{name}': 'levels' goes with a 'range', not with 'values'")
    if len(values) > limits.MAX_LEVELS:
        fail(
            name,
            f"factor '{name}' lists {len(values):,} values, more than the limit of "
            f"{limits.MAX_LEVELS:,} per factor",
        )
    try:
        checked = tuple(validate_value(name, v) for v in values)
    except ParameterError as exc:
        fail(name, f"factor '{name}': {exc}")
    if len(set(checked)) < len(checked):
        fail(name, f"factor '{name}' lists a value twice")
    return Factor(name, values=checked)


def _range_factor(name: str, spec: dict, design: str, fail) -> Factor:
    """A factor given by a `range`: sampled (lhs, sobol, morris) or `levels` evenly spaced
    values (grid, oat)."""
    p = PARAMETERS[name]
    low, high, whole = _range_bounds(name, spec["range"], fail)
    if design in SAMPLED:
        if "levels" in spec:
            fail(name, f"'levels' of a factor is for grid and oat designs, not {design}")
        return Factor(name, low=low, high=high)
    n = spec.get("levels")
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        fail(
            name,
            f"factor '{name}': a range in a {design} design needs 'levels' (2 or "
            "more evenly spaced values)",
        )
    if n > limits.MAX_LEVELS:
        fail(
            name,
            f"factor '{name}': levels = {n:,} is more than the limit of "
            f"{limits.MAX_LEVELS:,} levels per factor",
        )
    if whole is not None and n > whole:
        fail(
            name,
            f"factor '{name}' is a whole number and the range [{low:g}, {high:g}] holds "
            f"only {whole} whole numbers, fewer than levels = {n}; use levels = {whole} "
            "or fewer, or list the values",
        )
    levels = np.linspace(low, high, n)
    values = tuple(
        dict.fromkeys(p.kind(round(v)) if p.kind is int else float(round(v, 10)) for v in levels)
    )
    if len(values) < n:
        fail(
            name,
            f"factor '{name}': levels = {n} over [{low:g}, {high:g}] gives only "
            f"{len(values)} different values; use fewer levels or a wider range",
        )
    return Factor(name, values=values)


def _range_bounds(name: str, bounds, fail) -> tuple[float, float, int | None]:
    """A range's low and high, checked against the parameter, and how many whole numbers
    it holds (None for a parameter that is not a whole number)."""
    p = PARAMETERS[name]
    if p.kind is bool:
        fail(name, f"'{name}' is true or false: give it 'values', not a 'range'")
    if (
        not isinstance(bounds, list)
        or len(bounds) != 2
        or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
    ):
        fail(name, f"factor '{name}': 'range' must be [low, high]")
    low, high = float(bounds[0]), float(bounds[1])
    if not (p.low <= low < high <= p.high):
        fail(
            name,
            f"factor '{name}': range [{low:g}, {high:g}] must be increasing and "
            f"within {describe_range(p)}",
        )
    whole = math.floor(high) - math.ceil(low) + 1 if p.kind is int else None
    if whole is not None and whole < 2:
        fail(
            name,
            f"factor '{name}' is a whole number and the range [{low:g}, {high:g}] holds "
            f"{'only one' if whole == 1 else 'no'} whole number; give a range with at "
            "least two",
        )
    return low, high, whole
