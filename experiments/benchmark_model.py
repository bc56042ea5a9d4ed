"""Benchmark the model (not a test: it prints figures, it asserts nothing).

    python experiments/benchmark_model.py [--repeat 5] [--large 100000] [--weeks 20]

1. The default community (3,000 households, 52 warm-up weeks + 104 weeks), build
   included, on one core.
2. Stepping at a large community: resident-weeks per second after the build.
Targets (issue 8): (1) under 0.25 s; (2) 12 million or more. The district (450,000
households) is measured by experiments/benchmark_district.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import sim


def one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def default_community(repeat: int) -> list[float]:
    scenario = sim.load_scenario("baseline")
    times = []
    for seed in range(repeat):
        start = time.perf_counter()
        model = sim.CommunityModel(scenario, rng=seed)
        model.run_for(scenario["steps"])
        times.append(time.perf_counter() - start)
    return times


def stepping_rate(households: int, weeks: int, name: str) -> tuple[float, float, int]:
    model = sim.CommunityModel(sim.load_scenario(name, n_households=households), rng=1)
    model.run_for(2)  # first weeks fill the queues
    start = time.perf_counter()
    model.run_for(weeks)
    elapsed = time.perf_counter() - start
    return model.residents.n * weeks / elapsed, elapsed / weeks, model.residents.n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=20)
    args = parser.parse_args()
    print(f"govsim {sim.__version__}: {one_core()}")

    times = default_community(args.repeat)
    best, median = min(times), statistics.median(times)
    print(
        f"default community, 3,000 households x 104 weeks, build included: best {best:.3f} s, "
        f"median {median:.3f} s over {args.repeat} seeds -> {0.25 / median:.2f}x the 0.25 s target"
    )

    for name in ("baseline", "combined"):
        rate, per_week, residents = stepping_rate(args.large, args.weeks, name)
        print(
            f"{name}, {args.large:,} households ({residents:,} residents): {per_week * 1e3:.1f} ms"
            f" per week = {rate / 1e6:.2f} M resident-weeks/s -> {rate / 12e6:.2f}x the 12 M target"
        )


if __name__ == "__main__":
    main()
