"""Benchmark the fast engine against the reference engine (prints figures, asserts nothing).

    python experiments/benchmark_engines.py [--sizes 300 3000 30000] [--sample-weeks 4]

Side by side in one process, pinned to one core, on the baseline scenario: runs per second
of each engine, a run being the default one (build, 52-week warm-up, 104 weeks), and their
ratio. Where a full reference run would take minutes (above `--full-up-to` households), the
reference engine's build is timed and its weekly cost measured over `--sample-weeks` weeks,
and the run time is build + 156 weeks at that cost; such figures are marked "(est.)".
Target (issue "A second engine to check the first"): the fast engine at least 50 times
faster at 3,000 households.
"""

from __future__ import annotations

import argparse
import time

from benchmark_model import one_core  # this folder: python experiments/...

import sim
from sim.model.simulate import engine_model

WEEKS = 52 + 104  # the default warm-up and horizon


def full_run(engine: str, households: int, seed: int) -> float:
    scenario = sim.load_scenario("baseline", n_households=households)
    start = time.perf_counter()
    sim.simulate(scenario, seed=seed, engine=engine)
    return time.perf_counter() - start


def estimated_run(engine: str, households: int, sample_weeks: int, seed: int) -> float:
    """Build (with a one-week warm-up) plus `sample_weeks` weeks, scaled to a full run."""
    scenario = sim.load_scenario("baseline", n_households=households, warmup_weeks=1)
    start = time.perf_counter()
    model = engine_model(engine)(scenario, rng=seed)
    built = time.perf_counter()
    model.run_for(sample_weeks)
    per_week = (time.perf_counter() - built) / sample_weeks
    return (built - start) + per_week * (WEEKS - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000, 30000])
    parser.add_argument("--repeat", type=int, default=3, help="fast-engine runs per size")
    parser.add_argument("--full-up-to", type=int, default=3000)
    parser.add_argument("--sample-weeks", type=int, default=4)
    args = parser.parse_args()
    print(f"govsim {sim.__version__}: {one_core()}; a run = build + {WEEKS} weeks (baseline)")
    print(f"{'households':>10}  {'fast runs/s':>12}  {'reference runs/s':>18}  {'ratio':>8}")
    for households in args.sizes:
        fast = min(full_run("fast", households, seed) for seed in range(args.repeat))
        if households <= args.full_up_to:
            mark, reference = "", full_run("reference", households, 0)
        else:
            reference, mark = (
                estimated_run("reference", households, args.sample_weeks, 0),
                " (est.)",
            )
        print(
            f"{households:>10,}  {1 / fast:>12.3f}  {1 / reference:>12.4f}{mark:<6}  "
            f"{reference / fast:>7.0f}x"
        )


if __name__ == "__main__":
    main()
