"""Experiment files: which scenarios, which factors vary, the design, replications, seeds.

[experiment]
title_en = "Digitization x event variety"
design = "grid"                # grid | oat | lhs | sobol | morris
scenarios = ["baseline"]       # names, TOML paths, or [scenario.NAME] tables below
replications = 10
master_seed = 2026
steps = 104                    # optional: weeks (default: each scenario's)
metrics = ["satisfaction_mean"]  # optional: metrics kept (default: all)
samples = 64                   # lhs, sobol (base N), morris (trajectories)
levels = 4                     # morris grid levels
reference = "baseline"         # optional: what paired differences are taken against

[fixed]                        # parameters set in every scenario
n_households = 1000

[scenario.no_assist]           # an inline scenario
extends = "tech_empowerment"
assisted_access = 0.0

[factors]
digitization = [0.1, 0.5, 0.9]                   # levels (grid, oat)
event_variety = { values = [1, 4, 8] }
households_per_worker = { range = [200, 800] }   # bounds (lhs, sobol, morris)
facility_level = { range = [0, 1], levels = 5 }  # evenly spaced levels (grid, oat)

This module reads the file and checks [experiment] and [fixed]; the scenarios are read in
`spec_scenarios`, the factors in `spec_factors`, and the typed spec is `spec_types`'s
(everything is importable from here).
"""

from __future__ import annotations

import os
from pathlib import Path

from sim.errors import LimitError, ParameterError
from sim.experiments import limits
from sim.experiments.manifest import SAMPLED
from sim.experiments.spec_factors import read_factors
from sim.experiments.spec_scenarios import read_scenarios
from sim.experiments.spec_types import ExperimentError, ExperimentSpec, Factor
from sim.experiments.worlds import read_uncertainties
from sim.model import METRIC_NAMES
from sim.parameters.tomlfile import read_toml, where
from sim.parameters.validation import unknown_name_message, validate_value

__all__ = ["DESIGNS", "ExperimentError", "ExperimentSpec", "Factor", "load_experiment"]

DESIGNS = ("grid", "oat", *SAMPLED)
_TABLES = ("experiment", "fixed", "scenario", "factors", "uncertainties")
_EXPERIMENT_KEYS = (
    "title_en",
    "title_zh",
    "description",
    "design",
    "scenarios",
    "replications",
    "master_seed",
    "steps",
    "metrics",
    "samples",
    "levels",
    "reference",
    "worlds",
    "ensemble",
)


def load_experiment(path: str | Path) -> ExperimentSpec:
    """Read and validate an experiment file; every problem is an ExperimentError with the
    file, the line where possible, and what is allowed."""
    if not isinstance(path, str | os.PathLike):
        raise ExperimentError(f"an experiment file is a path, not {type(path).__name__}")
    path = Path(path)
    data, text = read_toml(path, ExperimentError, "experiment")
    if not data:
        raise ExperimentError(
            f"experiment file {path} is empty; it needs at least an [experiment] table "
            "(see experiments/paper_paths.toml)"
        )

    def fail(key: str, message: str):
        raise ExperimentError(f"{where(path, text, key)}: {message}")

    meta = _experiment_table(path, data, fail)
    design = _design(meta, fail)
    replications = _integer(meta, "replications", 10, 1, limits.MAX_REPLICATIONS, fail)
    master_seed = _integer(meta, "master_seed", 1, 0, 2**63 - 1, fail)
    levels = _integer(meta, "levels", 4, 2, 100, fail)
    samples = _samples(meta, design, fail)
    steps = _steps(meta, fail)
    metrics = _metrics(meta, fail)
    fixed = _fixed(data, steps, fail)
    scenarios = read_scenarios(path, text, meta, data.get("scenario", {}), fixed, fail)
    uncertainties, worlds, ensemble = _worlds(path, meta, data.get("uncertainties", {}), fail)
    factors = read_factors(data.get("factors", {}), design, fail)
    _check_factors(factors, fixed, design, fail)
    reference = _reference(meta, [s.name for s in scenarios], fail)
    spec = ExperimentSpec(
        name=path.stem,
        scenarios=tuple(scenarios),
        factors=tuple(factors),
        design=design,
        replications=replications,
        master_seed=master_seed,
        steps=steps,
        metrics=tuple(metrics),
        samples=samples,
        levels=levels,
        reference=reference,
        title_en=meta.get("title_en", ""),
        title_zh=meta.get("title_zh", ""),
        description=meta.get("description", ""),
        source=str(path),
        fixed=fixed,
        uncertainties=uncertainties,
        worlds=worlds,
        ensemble=ensemble,
    )
    try:
        spec.check_size()
    except LimitError as exc:
        raise LimitError(f"{path}: {exc}") from None
    return spec


def _experiment_table(path: Path, data: dict, fail) -> dict:
    """The [experiment] table, after checking the file's tables and their keys."""
    for key in data:
        if key not in _TABLES:
            fail(
                key,
                unknown_name_message(key, _TABLES, "table") + " (an experiment file has "
                "[experiment], [fixed], [scenario.NAME] and [factors] tables)",
            )
    for key in _TABLES:
        if not isinstance(data.get(key, {}), dict):
            fail(key, f"'{key}' must be a table")
    meta = data.get("experiment", {})
    if "experiment" not in data:
        raise ExperimentError(f"{path}: an experiment file needs an [experiment] table")
    for key in meta:
        if key not in _EXPERIMENT_KEYS:
            fail(key, unknown_name_message(key, _EXPERIMENT_KEYS, "key in [experiment]"))
    for key in ("title_en", "title_zh", "description"):
        if not isinstance(meta.get(key, ""), str):
            fail(key, f"'{key}' must be a string")
    return meta


def _design(meta: dict, fail) -> str:
    design = meta.get("design", "grid")
    if design not in DESIGNS:
        fail("design", f"design {design!r} is not known; choose one of {', '.join(DESIGNS)}")
    return design


def _samples(meta: dict, design: str, fail) -> int | None:
    """`samples`: needed by the sampled designs (a power of 2 for sobol), refused by others."""
    samples = meta.get("samples")
    if design in SAMPLED:
        samples = _integer(meta, "samples", None, 1, 1_000_000, fail)
        if samples is None:
            fail("design", f"design '{design}' needs 'samples' in [experiment]")
        if design == "sobol" and samples & (samples - 1):
            fail("samples", f"a sobol design needs 'samples' to be a power of 2, not {samples}")
    elif samples is not None:
        fail(
            "samples",
            f"'samples' is for the sampled designs ({', '.join(SAMPLED)}), not '{design}'",
        )
    return samples


def _steps(meta: dict, fail) -> int | None:
    steps = meta.get("steps")
    if steps is not None:
        try:
            steps = validate_value("steps", steps)
        except ParameterError as exc:
            fail("steps", str(exc))
    return steps


def _metrics(meta: dict, fail) -> list[str]:
    metrics = meta.get("metrics", list(METRIC_NAMES))
    if not isinstance(metrics, list) or not metrics:
        fail("metrics", "'metrics' must be a non-empty list of metric names")
    for metric in metrics:
        if not isinstance(metric, str):
            fail("metrics", f"'metrics' must list metric names (strings), not {metric!r}")
        if metric not in METRIC_NAMES:
            fail("metrics", unknown_name_message(str(metric), METRIC_NAMES, "metric"))
    twice = sorted({m for m in metrics if metrics.count(m) > 1})
    if twice:
        fail("metrics", f"'metrics' lists {', '.join(repr(m) for m in twice)} more than once")
    return metrics


def _fixed(data: dict, steps: int | None, fail) -> dict:
    """[fixed]: parameters set in every scenario."""
    fixed = {}
    for key, value in data.get("fixed", {}).items():
        try:
            fixed[key] = validate_value(key, value)
        except ParameterError as exc:
            fail(key, f"in [fixed]: {exc}")
    if "steps" in fixed and steps is not None:
        fail("steps", "set 'steps' in [experiment] or in [fixed], not both")
    return fixed


def _check_factors(factors: list[Factor], fixed: dict, design: str, fail) -> None:
    """The factors fit the design and are not also fixed."""
    for factor in factors:
        if factor.name in fixed:
            fail(factor.name, f"'{factor.name}' is both fixed and a factor")
    if design != "grid" and not factors:
        fail("design", f"design '{design}' needs at least one factor in [factors]")
    if design == "sobol" and len(factors) < 2:
        fail(
            "design",
            "a sobol design needs at least two factors (with one, every index is 1 by "
            'definition); for one factor use design = "lhs" or a grid',
        )


def _reference(meta: dict, names: list[str], fail) -> str:
    """What paired differences are taken against: given, else baseline, else the first."""
    reference = meta.get("reference")
    if reference is not None and reference not in names:
        fail(
            "reference", f"reference {reference!r} is not one of the scenarios: {', '.join(names)}"
        )
    if reference is None:
        reference = "baseline" if "baseline" in names else names[0]
    return reference


def _worlds(path: Path, meta: dict, table: dict, fail) -> tuple[tuple, int, str | None]:
    """[uncertainties], `worlds` and `ensemble`: what is uncertain and how many worlds."""
    uncertainties = read_uncertainties(table, fail) if table else ()
    worlds = _integer(meta, "worlds", 0, 0, limits.MAX_WORLDS, fail)
    ensemble = meta.get("ensemble")
    if ensemble is not None:
        if not isinstance(ensemble, str) or not ensemble.strip():
            fail("ensemble", "'ensemble' is the path of an ensemble file (ensemble.parquet)")
        target = Path(ensemble).expanduser()
        ensemble = str(target if target.is_absolute() else path.parent / target)
    if worlds and not (uncertainties or ensemble):
        fail("worlds", "'worlds' needs an [uncertainties] table or an 'ensemble' to draw from")
    if "worlds" in meta and worlds == 0:
        fail("worlds", "'worlds' must be 1 or more (leave it out for no worlds)")
    if (uncertainties or ensemble) and not worlds:
        fail("worlds", "an [uncertainties] table (or 'ensemble') needs 'worlds' = how many")
    return uncertainties, worlds, ensemble


def _integer(meta: dict, key: str, default, low: int, high: int, fail):
    value = meta.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        fail(
            key, f"'{key}' = {value!r} is not allowed: expected a whole number from {low} to {high}"
        )
    return value
