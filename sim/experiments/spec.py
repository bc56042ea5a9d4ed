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
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from sim.errors import GovsimError, LimitError, ParameterError
from sim.experiments import limits
from sim.experiments.manifest import SAMPLED
from sim.experiments.worlds import Uncertainty, read_uncertainties
from sim.model import METRIC_NAMES
from sim.parameters import PARAMETERS, Scenario, available_scenarios, load_scenario
from sim.parameters.scenario import looks_like_path
from sim.parameters.tomlfile import read_toml, where
from sim.parameters.validation import describe_range, unknown_name_message, validate_value

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
_FACTOR_KEYS = ("values", "range", "levels")


class ExperimentError(GovsimError):
    """An experiment file that cannot be read or does not describe a valid experiment."""


@dataclass(frozen=True)
class Factor:
    """A parameter the design varies: explicit levels, or a range to sample."""

    name: str
    values: tuple | None = None
    low: float | None = None
    high: float | None = None

    def to_dict(self) -> dict:
        if self.values is not None:
            return {"name": self.name, "values": list(self.values)}
        return {"name": self.name, "range": [self.low, self.high]}


@dataclass(frozen=True)
class ExperimentSpec:
    name: str
    scenarios: tuple[Scenario, ...]
    factors: tuple[Factor, ...] = ()
    design: str = "grid"
    replications: int = 10
    master_seed: int = 1
    steps: int | None = None
    metrics: tuple[str, ...] = METRIC_NAMES
    samples: int | None = None
    levels: int = 4
    reference: str | None = None
    title_en: str = ""
    title_zh: str = ""
    description: str = ""
    source: str | None = None
    fixed: dict = field(default_factory=dict)
    uncertainties: tuple[Uncertainty, ...] = ()
    worlds: int = 0  # 0: no worlds, the model's default coefficients only
    ensemble: str | None = None  # draw worlds from this ensemble file instead of the ranges

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.name

    def with_overrides(
        self,
        *,
        replications: int | None = None,
        steps: int | None = None,
        worlds: int | None = None,
        coefficients: dict | None = None,
    ) -> ExperimentSpec:
        """The spec with replications, weeks or worlds changed (for quick trials from the
        CLI), or coefficients set in every scenario (`--coefficients FILE`)."""
        changes: dict[str, Any] = {}
        if worlds is not None:
            if not self.uncertainties and not self.ensemble:
                raise ExperimentError(
                    "--worlds needs an [uncertainties] table (or an ensemble) in the "
                    "experiment file: there is nothing to draw worlds of"
                )
            limits.check_worlds(worlds, "--worlds")
            changes["worlds"] = worlds
        if coefficients:
            changes["scenarios"] = tuple(s.replace(**coefficients) for s in self.scenarios)
        if replications is not None:
            if isinstance(replications, bool) or not isinstance(replications, int):
                raise ExperimentError(f"replications must be a whole number, not {replications!r}")
            if replications < 1:
                raise ExperimentError(f"replications must be 1 or more, not {replications}")
            limits.check_replications(replications, "--replications")
            changes["replications"] = replications
        if steps is not None:  # overrides the weeks of every scenario (documented in --help)
            changes["steps"] = validate_value("steps", steps)
        spec = replace(self, **changes) if changes else self
        spec.check_size()
        return spec

    def point_count(self) -> int:
        """How many design points the design has (counted, not drawn)."""
        per_scenario: int
        if self.design in SAMPLED:
            per_scenario = limits.sampled_points(self.design, self.samples or 0, len(self.factors))
        elif self.design == "oat":
            per_scenario = limits.oat_points([len(f.values) + 1 for f in self.factors])
        else:
            per_scenario = limits.grid_points([len(f.values) for f in self.factors])
        return per_scenario * len(self.scenarios) * max(1, self.worlds)

    def weeks(self) -> int:
        if self.steps is not None:
            return self.steps
        return max((int(s["steps"]) for s in self.scenarios), default=1)

    def check_size(self) -> None:
        """Refuse a spec past the limits of sim.experiments.limits (before any work)."""
        limits.check_replications(self.replications)
        for factor in self.factors:
            if factor.values is not None:
                limits.check_levels(factor.name, len(factor.values))
        limits.check_sweep_size(
            self.point_count(), self.replications, self.weeks(), len(self.metrics)
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "description": self.description,
            "design": self.design,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "fixed": dict(self.fixed),
            "factors": [f.to_dict() for f in self.factors],
            "replications": self.replications,
            "master_seed": self.master_seed,
            "steps": self.steps,
            "metrics": list(self.metrics),
            "samples": self.samples,
            "levels": self.levels,
            "reference": self.reference,
            "source": self.source,
            "uncertainties": [u.to_dict() for u in self.uncertainties],
            "worlds": self.worlds,
            "ensemble": self.ensemble,
        }

    def spec_hash(self) -> str:
        """Hash of everything that decides the numbers: not titles, and not the file's name
        or where it lives (a renamed or moved experiment file still resumes its sweep)."""
        return self._hash(with_name=False)

    def legacy_spec_hash(self) -> str:
        """The hash as govsim 0.1 computed it (with the file's name): folders written then
        can still be resumed."""
        return self._hash(with_name=True)

    def _hash(self, *, with_name: bool) -> str:
        data = self.to_dict()
        for key in ("title_en", "title_zh", "description", "source"):
            data.pop(key)
        if not with_name:
            data.pop("name")
        for scenario in data["scenarios"]:
            for key in ("title_en", "title_zh", "description", "source", "paper_section"):
                scenario.pop(key)
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


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

    design = meta.get("design", "grid")
    if design not in DESIGNS:
        fail("design", f"design {design!r} is not known; choose one of {', '.join(DESIGNS)}")
    replications = _integer(meta, "replications", 10, 1, limits.MAX_REPLICATIONS, fail)
    master_seed = _integer(meta, "master_seed", 1, 0, 2**63 - 1, fail)
    levels = _integer(meta, "levels", 4, 2, 100, fail)
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
    steps = meta.get("steps")
    if steps is not None:
        try:
            steps = validate_value("steps", steps)
        except ParameterError as exc:
            fail("steps", str(exc))

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

    fixed = {}
    for key, value in data.get("fixed", {}).items():
        try:
            fixed[key] = validate_value(key, value)
        except ParameterError as exc:
            fail(key, f"in [fixed]: {exc}")
    if "steps" in fixed and steps is not None:
        fail("steps", "set 'steps' in [experiment] or in [fixed], not both")

    scenarios = _scenarios(path, text, meta, data.get("scenario", {}), fixed, fail)
    uncertainties, worlds, ensemble = _worlds(path, meta, data.get("uncertainties", {}), fail)
    factors = _factors(data.get("factors", {}), design, fail)
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

    names = [s.name for s in scenarios]
    reference = meta.get("reference")
    if reference is not None and reference not in names:
        fail(
            "reference", f"reference {reference!r} is not one of the scenarios: {', '.join(names)}"
        )
    if reference is None:
        reference = "baseline" if "baseline" in names else names[0]

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


def _scenarios(
    path: Path, text: str, meta: dict, inline: dict, fixed: dict, fail
) -> list[Scenario]:
    names = meta.get("scenarios", ["baseline"])
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        fail("scenarios", "'scenarios' must be a non-empty list of scenario names or paths")
    if len(set(names)) < len(names):
        fail("scenarios", "a scenario is listed twice in 'scenarios'")
    named = set(available_scenarios())
    for name in inline:
        if name not in names:
            fail(name, f"[scenario.{name}] is defined but not listed in 'scenarios'")
        if name in named:
            fail(
                name,
                f"[scenario.{name}] has the name of the named scenario '{name}' and would "
                f"quietly replace it; give the inline scenario its own name (and "
                f'extends = "{name}" to start from it)',
            )
    out = []
    given: dict[str, str] = {}
    for name in names:
        try:
            if name in inline:
                out.append(_inline_scenario(path, text, name, inline[name], fail))
            else:
                out.append(load_scenario(_relative(path, name)))
        except GovsimError as exc:
            fail(name if name in inline else "scenarios", f"scenario {name!r}: {exc}")
        try:
            out[-1] = out[-1].replace(**fixed)
        except ParameterError as exc:
            fail("fixed", f"scenario {name!r} with [fixed]: {exc}")
        resolved = out[-1].name
        if resolved in given:
            fail(
                "scenarios",
                f"scenarios {given[resolved]!r} and {name!r} are both named '{resolved}' (a "
                "scenario file is named after its file); rename one of them so that results "
                "can tell them apart",
            )
        given[resolved] = name
    return out


def _relative(experiment: Path, ref: str) -> str | Path:
    """A scenario path in an experiment file is relative to the file's folder; a name is
    looked up in scenarios/."""
    if looks_like_path(ref):
        return experiment.parent / Path(ref).expanduser()
    return ref


def _inline_scenario(path: Path, text: str, name: str, table: Any, fail) -> Scenario:
    if not isinstance(table, dict):
        fail(name, f"[scenario.{name}] must be a table of parameters")
    values = dict(table)
    base = values.pop("extends", "baseline")
    if not isinstance(base, str):
        fail(name, f"[scenario.{name}] 'extends' must be a scenario name")
    for key, value in values.items():
        try:
            validate_value(key, value)
        except ParameterError as exc:
            fail(key, f"in [scenario.{name}]: {exc}")
    parent = load_scenario(_relative(path, base))
    scenario = parent.replace(**values)
    return Scenario(
        name=name,
        params=scenario.params,
        title_en=name,
        title_zh=name,
        description=f"{base} with {values}",
        source=str(path),
        overrides=scenario.overrides,
    )


def _factors(table: dict, design: str, fail) -> list[Factor]:
    out = []
    for name, spec in table.items():
        if name not in PARAMETERS:
            fail(name, "in [factors]: " + unknown_name_message(name, PARAMETERS))
        p = PARAMETERS[name]
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
            out.append(Factor(name, values=checked))
            continue
        bounds = spec["range"]
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
        if design in SAMPLED:
            if "levels" in spec:
                fail(name, f"'levels' of a factor is for grid and oat designs, not {design}")
            out.append(Factor(name, low=low, high=high))
            continue
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
            dict.fromkeys(
                p.kind(round(v)) if p.kind is int else float(round(v, 10)) for v in levels
            )
        )
        if len(values) < n:
            fail(
                name,
                f"factor '{name}': levels = {n} over [{low:g}, {high:g}] gives only "
                f"{len(values)} different values; use fewer levels or a wider range",
            )
        out.append(Factor(name, values=values))
    return out
