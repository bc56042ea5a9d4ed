"""Size limits, checked before any work starts: a typo (one zero too many) must end with a
message naming the limit, not with a MemoryError after minutes, or with a folder nobody can
read.

    replications (file or --replications)   at most MAX_REPLICATIONS
    seeds of `govsim run` (--seeds)         at most MAX_REPLICATIONS; scenarios x seeds at most
                                            MAX_RUN_RUNS; the last seed at most 2^63 - 1
    levels or values of one factor          at most MAX_LEVELS
    worlds (file or --worlds)               at most MAX_WORLDS
    design points (scenarios x design)      at most MAX_POINTS
    runs of a sweep (points x replications) at most MAX_RUNS
    memory to hold the results              at most half of this machine's memory
"""

from __future__ import annotations

import math
import os

from sim.errors import LimitError

MAX_SEED = 2**63 - 1
MAX_REPLICATIONS = 10_000
MAX_RUN_RUNS = 10_000
MAX_LEVELS = 1_000
MAX_POINTS = 100_000
MAX_RUNS = 1_000_000
MAX_WORKERS = 1_024
MAX_WORLDS = 100_000
BYTES_PER_VALUE = 8
BYTES_PER_ROW = 150  # keys of a time-series row (run, point, scenario, replication, seed, step)


def memory_limit() -> int:
    """Half of this machine's physical memory (or 4 GiB when it cannot be found out)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def results_bytes(runs: int, steps: int, metrics: int) -> int:
    """About how much memory reading (or compacting) the weekly results takes: the table and
    its Parquet copy."""
    return 2 * runs * steps * (metrics * BYTES_PER_VALUE + BYTES_PER_ROW)


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def check_replications(n: int, what: str = "replications =") -> None:
    if n > MAX_REPLICATIONS:
        raise LimitError(
            f"{what} {n:,} is more than the limit of {MAX_REPLICATIONS:,} replications; "
            "split the work into several experiments if you really need more"
        )


def check_levels(name: str, n: int) -> None:
    if n > MAX_LEVELS:
        raise LimitError(
            f"factor '{name}' has {n:,} levels, more than the limit of {MAX_LEVELS:,} per factor"
        )


def check_worlds(n: int, what: str = "worlds =") -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_WORLDS:
        raise LimitError(f"{what} {n!r} is not allowed: a whole number from 1 to {MAX_WORLDS:,}")


def check_workers(n: int) -> None:
    if n > MAX_WORKERS:
        raise LimitError(f"--workers {n:,} is more than the limit of {MAX_WORKERS:,} workers")


def check_sweep_size(points: int, replications: int, steps: int, metrics: int) -> None:
    """Refuse a sweep whose points, runs or memory go past the limits (before any work)."""
    if points > MAX_POINTS:
        raise LimitError(
            f"the design has {points:,} points, more than the limit of {MAX_POINTS:,} design "
            "points; use fewer levels, factors, samples or scenarios"
        )
    runs = points * replications
    if runs > MAX_RUNS:
        raise LimitError(
            f"the sweep has {points:,} points x {replications:,} replications = {runs:,} runs, "
            f"more than the limit of {MAX_RUNS:,} runs per sweep; use fewer points or "
            "replications"
        )
    need, limit = results_bytes(runs, steps, metrics), memory_limit()
    if need > limit:
        raise LimitError(
            f"the results of {runs:,} runs x {steps:,} weeks x {metrics} metrics would need about "
            f"{_size(need)} of memory, more than the limit of {_size(limit)} (half of this "
            "machine's memory); keep fewer metrics, weeks or runs"
        )


def check_run_size(scenarios: int, first_seed: int, seeds: int, steps: int, metrics: int) -> None:
    """Limits of `govsim run` (everything is held in memory in one process)."""
    if seeds > MAX_REPLICATIONS:
        raise LimitError(
            f"--seeds {seeds:,} is more than the limit of {MAX_REPLICATIONS:,} seeds; for "
            "large studies write an experiment file and use `govsim sweep`"
        )
    last = first_seed + seeds - 1
    if last > MAX_SEED:
        raise LimitError(
            f"--seed {first_seed} with --seeds {seeds} goes up to seed {last}, past the largest "
            f"seed, 2^63 - 1 = {MAX_SEED}"
        )
    runs = scenarios * seeds
    if runs > MAX_RUN_RUNS:
        raise LimitError(
            f"{scenarios} scenarios x {seeds:,} seeds = {runs:,} runs, more than the limit of "
            f"{MAX_RUN_RUNS:,} for `govsim run`; use `govsim sweep` with an experiment file"
        )
    need, limit = results_bytes(runs, steps, metrics), memory_limit()
    if need > limit:
        raise LimitError(
            f"{runs:,} runs x {steps:,} weeks would need about {_size(need)} of memory, more "
            f"than the limit of {_size(limit)} (half of this machine's memory)"
        )


def sampled_points(design: str, samples: int, factors: int) -> int:
    """How many points SALib draws per scenario (before drawing them)."""
    if design == "sobol":
        return samples * (factors + 2)
    if design == "morris":
        return samples * (factors + 1)
    return samples


def grid_points(levels: list[int]) -> int:
    return math.prod(levels) if levels else 1


def oat_points(levels: list[int]) -> int:
    return 1 + sum(n - 1 for n in levels)
