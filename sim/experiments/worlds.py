"""Worlds: draws of the model's uncertainties (coefficients, population parameters).

An experiment's `[uncertainties]` table names what is uncertain and over which range:

    [uncertainties]
    "*" = "plausible"                        # every coefficient over its plausible range
    worker_capacity = { range = [25, 45] }   # a coefficient (a tuple: a factor on all of it)
    elderly_share = "plausible"              # a population parameter over its allowed range

`worlds = N` in `[experiment]` draws N worlds by Latin hypercube (SALib, seeded from the
master seed), or from an ensemble file (`ensemble = "DIR/ensemble.parquet"`, a calibration's
accepted worlds). Every policy point runs in every world on the same seeds: levers and
uncertainties are kept apart, as EMA Workbench does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import GovsimError
from sim.parameters import PARAMETERS
from sim.parameters.validation import unknown_name_message

ALL = "*"
POPULATION_UNCERTAIN = ("elderly_share", "n_households")


@dataclass(frozen=True)
class Uncertainty:
    """One uncertain quantity and its range: a coefficient (a tuple's range is a factor) or
    a population parameter."""

    name: str
    low: float
    high: float
    kind: str  # "coefficient" or "parameter"

    def to_dict(self) -> dict:
        return {"name": self.name, "range": [self.low, self.high], "kind": self.kind}


def read_uncertainties(table: dict, fail) -> tuple[Uncertainty, ...]:
    """The `[uncertainties]` table, checked against the registries; `fail(key, message)`."""
    from sim.model.coefficients import COEFFICIENTS

    out: dict[str, Uncertainty] = {}
    for name, spec in table.items():
        if name == ALL:
            if spec != "plausible":
                fail(name, '"*" takes "plausible" (every coefficient over its plausible range)')
            for c in COEFFICIENTS.values():
                out.setdefault(c.name, Uncertainty(c.name, c.low, c.high, "coefficient"))
            continue
        if name in COEFFICIENTS:
            c = COEFFICIENTS[name]
            low, high = _range(name, spec, (c.low, c.high), fail)
            if not (c.hard_low <= low < high <= c.hard_high) and not c.scaled:
                fail(
                    name,
                    f"'{name}': range [{low:g}, {high:g}] must be increasing and within "
                    f"{c.hard_low:g} to {c.hard_high:g}",
                )
            if c.scaled and not 0 <= low < high:
                fail(
                    name,
                    f"'{name}' is a list of values: its range is a factor on all of "
                    f"them, from 0 up (plausible: {c.low:g} to {c.high:g})",
                )
            out[name] = Uncertainty(name, low, high, "coefficient")
        elif name in POPULATION_UNCERTAIN:
            p = PARAMETERS[name]
            low, high = _range(name, spec, (p.low, p.high), fail)
            if not p.low <= low < high <= p.high:
                fail(
                    name,
                    f"'{name}': range [{low:g}, {high:g}] must be increasing and within "
                    f"{p.low:g} to {p.high:g}",
                )
            out[name] = Uncertainty(name, low, high, "parameter")
        else:
            known = [*COEFFICIENTS, *POPULATION_UNCERTAIN]
            fail(
                name,
                "in [uncertainties]: "
                + unknown_name_message(name, known, "uncertainty")
                + " (coefficients and the population parameters elderly_share, n_households)",
            )
    return tuple(out.values())


def _range(name: str, spec, plausible: tuple[float, float], fail) -> tuple[float, float]:
    if spec == "plausible":
        return float(plausible[0]), float(plausible[1])
    if isinstance(spec, dict) and set(spec) == {"range"}:
        bounds = spec["range"]
        if (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
        ):
            return float(bounds[0]), float(bounds[1])
    fail(name, f"uncertainty '{name}' is \"plausible\" or {{ range = [low, high] }}")
    raise AssertionError  # fail raises


def draw_worlds(
    uncertainties: tuple[Uncertainty, ...], worlds: int, master_seed: int
) -> list[dict[str, float]]:
    """N worlds by Latin hypercube over the ranges (the same file, the same worlds)."""
    from SALib.sample import latin

    problem = {
        "num_vars": len(uncertainties),
        "names": [u.name for u in uncertainties],
        "bounds": [[u.low, u.high] for u in uncertainties],
    }
    seed = int(np.random.SeedSequence(master_seed, spawn_key=(2,)).generate_state(1)[0])
    matrix = latin.sample(problem, worlds, seed=seed)
    return [{u.name: float(x) for u, x in zip(uncertainties, row, strict=True)} for row in matrix]


def ensemble_worlds(path: str | Path, worlds: int, master_seed: int) -> list[dict[str, float]]:
    """N worlds drawn (without replacement where possible) from a calibration's ensemble."""
    from sim.fileio import read_parquet_table
    from sim.model.coefficients import COEFFICIENTS

    table = read_parquet_table(Path(path), "ensemble file").to_pandas()
    columns = [c for c in table.columns if c in COEFFICIENTS or c in POPULATION_UNCERTAIN]
    if table.empty or not columns:
        raise GovsimError(
            f"ensemble file {path} holds no worlds: it needs rows and columns named after "
            "coefficients (write one with `govsim calibrate`)"
        )
    if not all(np.issubdtype(table[c].dtype, np.number) for c in columns):
        raise GovsimError(f"ensemble file {path}: its uncertainty columns must be numbers")
    rng = np.random.default_rng(np.random.SeedSequence(master_seed, spawn_key=(3,)))
    rows = rng.choice(len(table), size=worlds, replace=worlds > len(table))
    return [{c: float(table.iloc[i][c]) for c in columns} for i in rows]


def world_values(world: dict[str, float]) -> tuple[dict, dict]:
    """(population parameters, coefficient values) of a world, from its raw draws."""
    if not world:
        return {}, {}
    from sim.model.coefficients import COEFFICIENTS, uncertain_value

    params, coefficients = {}, {}
    for name, x in world.items():
        if name in COEFFICIENTS:
            coefficients[name] = uncertain_value(name, x)
        elif name in PARAMETERS:
            kind = PARAMETERS[name].kind
            params[name] = int(round(x)) if kind is int else float(x)
    return params, coefficients
