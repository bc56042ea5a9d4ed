"""Benchmark sweeps (prints figures, asserts nothing).

    python experiments/benchmark_sweep.py [--replications 30] [--experiment FILE] [--worlds N]

Runs experiments/paper_paths.toml (or FILE; `--worlds` for a sweep over plausible worlds,
such as experiments/paper_paths_worlds.toml) into temporary folders with 1 and 2 local
worker processes and with a local Dask cluster of 2 workers; prints runs per minute, the
parallel efficiency (speed-up over 1 worker divided by 2) and the Dask path's overhead
against local processes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sim.experiments.spec import load_experiment
from sim.experiments.store import load_results
from sim.experiments.sweep import run_sweep

EXPERIMENT = Path(__file__).resolve().parent / "paper_paths.toml"


def timed(spec, folder: Path, **how) -> tuple[float, int]:
    start = time.perf_counter()
    run_sweep(spec, folder, progress=False, **how)
    elapsed = time.perf_counter() - start
    return elapsed, load_results(folder).counts["done"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--replications", type=int, default=None, help="seeds per scenario (default: the file's 30)"
    )
    parser.add_argument("--experiment", type=Path, default=EXPERIMENT)
    parser.add_argument("--worlds", type=int, default=None, help="worlds (a worlds sweep)")
    args = parser.parse_args()
    spec = load_experiment(args.experiment).with_overrides(
        replications=args.replications, worlds=args.worlds
    )
    with tempfile.TemporaryDirectory() as tmp:
        rows = {}
        for name, how in (
            ("1 process", {"workers": 1}),
            ("2 processes", {"workers": 2}),
            ("local Dask, 2 workers", {"workers": 2, "scheduler": "local"}),
        ):
            seconds, runs = timed(spec, Path(tmp) / name.replace(" ", "_").replace(",", ""), **how)
            rows[name] = seconds
            print(
                f"{name:>22}: {runs} runs in {seconds:6.1f} s = {60 * runs / seconds:6.1f} runs/min"
            )
    one, two, dask = rows["1 process"], rows["2 processes"], rows["local Dask, 2 workers"]
    print(f"parallel efficiency with 2 processes: {one / two / 2:.0%} (speed-up {one / two:.2f}x)")
    print(
        f"Dask overhead against 2 local processes: {dask / two - 1:+.0%} "
        f"({dask - two:+.1f} s on this sweep, cluster start-up included)"
    )


if __name__ == "__main__":
    main()
