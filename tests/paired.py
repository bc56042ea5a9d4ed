"""Paired-seed comparisons for the stylized-fact tests: every arm runs on the same seeds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

import sim
from sim.experiments.analysis import mean_interval

SEEDS = tuple(range(1, 31))  # MODEL.md section 9: at least 30 paired seeds


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def positive(self) -> bool:
        return self.low > 0

    def negative(self) -> bool:
        return self.high < 0

    def __str__(self) -> str:
        return f"{self.mean:+.4f} [{self.low:+.4f}, {self.high:+.4f}]"


def interval(values) -> Interval:
    return Interval(*mean_interval(np.asarray(values, dtype=float)))


@cache
def _weekly(base: str, items: tuple, seeds: tuple, calibration) -> tuple[pd.DataFrame, ...]:
    scenario = sim.load_scenario(base, **dict(items))
    return tuple(sim.simulate(scenario, seed=s, calibration=calibration) for s in seeds)


def weekly(base: str = "baseline", *, calibration=None, seeds=SEEDS, **params):
    """One weekly frame per seed (cached: facts share arms)."""
    return _weekly(base, tuple(sorted(params.items())), tuple(seeds), calibration)


def window(frames, metric: str, first: int, last: int) -> np.ndarray:
    """Per seed, the mean of `metric` over weeks first..last (inclusive)."""
    return np.array([f.loc[(f.step >= first) & (f.step <= last), metric].mean() for f in frames])


def final(frames, metric: str) -> np.ndarray:
    """Per seed, the mean of `metric` over the final quarter (sim.final_quarter)."""
    return np.array([sim.final_quarter(f[["step", metric]])[metric] for f in frames])
