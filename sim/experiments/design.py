"""Design points and paired seeds for an experiment.

Every design point runs on the same list of seeds, derived from the master seed, so
differences between points are policy, not noise. Sampled designs draw their points with
SALib from a seed derived from the master seed too: the same file gives the same points.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from sim.experiments.manifest import SAMPLED, point_label
from sim.experiments.spec import ExperimentSpec
from sim.experiments.worlds import draw_worlds, ensemble_worlds, world_values
from sim.model.coefficients import uncertain_value
from sim.parameters import PARAMETERS


@dataclass(frozen=True)
class DesignPoint:
    point: int
    scenario: str
    factors: dict  # factor -> value used in the runs
    params: dict  # every parameter, resolved
    sample: tuple | None = None  # the unrounded sample row (sobol, morris, lhs)
    world: int | None = None  # which world (None: no worlds)
    uncertain: dict = field(default_factory=dict)  # the world's draws, by uncertainty
    coefficients: dict = field(default_factory=dict)  # coefficients changed in the runs

    @property
    def label(self) -> str:
        label = point_label(self.scenario, self.factors)
        return label if self.world is None else f"{label} | world {self.world}"


@dataclass(frozen=True)
class Task:
    """One run: a design point on one seed (with model coefficients changed, if any)."""

    run: str
    point: int
    replication: int
    seed: int
    params: dict
    metrics: tuple[str, ...]
    coefficients: dict = field(default_factory=dict)
    engine: str = "fast"


def paired_seeds(master_seed: int, replications: int) -> list[int]:
    """The seeds of replications 0, 1, ...: the same for every design point."""
    state = np.random.SeedSequence(master_seed).generate_state(replications, np.uint64)
    return [int(s) & (2**63 - 1) for s in state]


def salib_problem(spec: ExperimentSpec) -> dict:
    return {
        "num_vars": len(spec.factors),
        "names": [f.name for f in spec.factors],
        "bounds": [[f.low, f.high] for f in spec.factors],
    }


def sample_matrix(spec: ExperimentSpec) -> np.ndarray:
    """The SALib sample (rows: points, columns: factors) of a sampled design."""
    from SALib.sample import latin, morris, sobol

    problem = salib_problem(spec)
    seed = int(np.random.SeedSequence(spec.master_seed, spawn_key=(1,)).generate_state(1)[0])
    if spec.design == "lhs":
        return latin.sample(problem, spec.samples, seed=seed)
    if spec.design == "sobol":
        return sobol.sample(problem, spec.samples, calc_second_order=False, seed=seed)
    return morris.sample(problem, spec.samples, num_levels=spec.levels, seed=seed)


def _as_parameter(name: str, x: float):
    """A sampled value as the factor records it: the parameter's type, or the raw draw of a
    coefficient (its value in the runs is `uncertain_value` of the draw)."""
    p = PARAMETERS.get(name)
    if p is None:
        return float(x)
    return int(round(x)) if p.kind is int else float(x)


def _split(factors: dict) -> tuple[dict, dict]:
    """(parameters, coefficient values) of a point's factors."""
    params = {n: v for n, v in factors.items() if n in PARAMETERS}
    coefficients = {n: uncertain_value(n, v) for n, v in factors.items() if n not in PARAMETERS}
    return params, coefficients


def design_points(spec: ExperimentSpec) -> list[DesignPoint]:
    """All points: every scenario crossed with the factor design."""
    names = [f.name for f in spec.factors]
    if spec.design == "grid":
        rows = [
            (dict(zip(names, combo, strict=True)), None)
            for combo in itertools.product(*(f.values for f in spec.factors))
        ]
    elif spec.design in SAMPLED:
        matrix = sample_matrix(spec)
        rows = [
            (
                {n: _as_parameter(n, x) for n, x in zip(names, row, strict=True)},
                tuple(float(x) for x in row),
            )
            for row in matrix
        ]
    else:
        rows = None  # oat: depends on each scenario's own values
    worlds = _worlds(spec)
    points = []
    for scenario in spec.scenarios:
        base = dict(scenario.params)
        if spec.steps is not None:
            base["steps"] = spec.steps
        scenario_rows = rows if rows is not None else _oat_rows(spec, base)
        for factors, sample in scenario_rows:
            factor_params, factor_coefficients = _split(factors)
            for world, draws in worlds:
                world_params, world_coefficients = world_values(draws)
                points.append(
                    DesignPoint(
                        len(points),
                        scenario.name,
                        factors,
                        {**base, **world_params, **factor_params},
                        sample,
                        world,
                        draws,
                        {**scenario.coefficients, **world_coefficients, **factor_coefficients},
                    )
                )
    return points


def _worlds(spec: ExperimentSpec) -> list[tuple[int | None, dict]]:
    """(world number, its draws) for each world, or one world without draws."""
    if not spec.worlds:
        return [(None, {})]
    if spec.ensemble:
        draws = ensemble_worlds(spec.ensemble, spec.worlds, spec.master_seed)
    else:
        draws = draw_worlds(spec.uncertainties, spec.worlds, spec.master_seed)
    return list(enumerate(draws))


def _oat_rows(spec: ExperimentSpec, base: dict) -> list[tuple[dict, None]]:
    """One-at-a-time: the scenario itself, then each factor moved to each other level."""
    centre = {f.name: base[f.name] for f in spec.factors}
    rows = [(dict(centre), None)]
    for factor in spec.factors:
        for value in factor.values:
            if value != centre[factor.name]:
                rows.append(({**centre, factor.name: value}, None))
    return rows


def tasks(spec: ExperimentSpec, points: list[DesignPoint]) -> list[Task]:
    seeds = paired_seeds(spec.master_seed, spec.replications)
    return [
        Task(run_id(p.point, r), p.point, r, seed, p.params, spec.metrics, p.coefficients)
        for p in points
        for r, seed in enumerate(seeds)
    ]


def run_id(point: int, replication: int) -> str:
    return f"p{point:05d}-r{replication:04d}"
