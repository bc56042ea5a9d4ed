"""Benchmark a district (not a test: it prints figures, it asserts nothing).

    python experiments/benchmark_district.py [--households 450000] [--weeks 52]

A district of ~450,000 households (about a million residents, each a Mesa agent) is built
and run for 52 weeks in a subprocess of its own, pinned to one core, so that its peak
memory (ru_maxrss) is the district's alone. It prints the build time, the time of the weeks
and the peak memory.
Targets (issue 8): build + 52 weeks under 30 s; peak memory under 2.5 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = """
import json, os, resource, sys, time
try:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
except (AttributeError, OSError):
    pass
import sim
households, weeks = int(sys.argv[1]), int(sys.argv[2])
scenario = sim.load_scenario("baseline", n_households=households, warmup_weeks=0)
start = time.perf_counter()
model = sim.CommunityModel(scenario, rng=1)
built = time.perf_counter()
model.run_for(weeks)
done = time.perf_counter()
print(json.dumps({
    "residents": model.residents.n,
    "build_s": built - start,
    "weeks_s": done - built,
    "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
"""


def run_district(households: int, weeks: int) -> dict:
    """Build and run in a fresh interpreter; its ru_maxrss is then the district's peak."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(households), str(weeks)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=450_000)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    r = run_district(args.households, args.weeks)
    total = r["build_s"] + r["weeks_s"]
    print(
        f"district, {args.households:,} households ({r['residents']:,} residents), one core: "
        f"build {r['build_s']:.1f} s + {args.weeks} weeks {r['weeks_s']:.1f} s = {total:.1f} s "
        f"(target 30 s); peak memory {r['peak_bytes'] / 1e9:.2f} GB (target 2.5 GB)"
    )


if __name__ == "__main__":
    main()
