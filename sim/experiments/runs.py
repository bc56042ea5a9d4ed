"""Run named scenarios on paired seeds in this process (`govsim run`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.experiments.files import (
    atomic_write_csv,
    atomic_write_json,
    atomic_write_parquet,
    ensure_output_dir,
)
from sim.experiments.provenance import provenance
from sim.model import simulate
from sim.parameters import Scenario


def run_scenarios(
    scenarios: list[Scenario], seeds: list[int], steps: int | None = None
) -> pd.DataFrame:
    """Every scenario on every seed (the same seeds for all: paired); one row per run-week."""
    frames = []
    for scenario in scenarios:
        for seed in seeds:
            frame = simulate(scenario, seed=seed, steps=steps)
            frame.insert(0, "seed", seed)
            frame.insert(0, "scenario", scenario.name)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def write_runs(
    out: Path, weekly: pd.DataFrame, scenarios: list[Scenario], seeds: list[int], steps: int | None
) -> list[Path]:
    """Write the weekly table (Parquet and CSV) and the resolved parameters into `out`."""
    out = ensure_output_dir(out)
    paths = [out / "weekly.parquet", out / "weekly.csv", out / "parameters.json"]
    atomic_write_parquet(paths[0], weekly)
    atomic_write_csv(paths[1], weekly)
    atomic_write_json(
        paths[2],
        {
            "seeds": seeds,
            "steps": steps,
            "scenarios": {s.name: s.to_dict() for s in scenarios},
            "provenance": provenance(),
        },
    )
    return paths
