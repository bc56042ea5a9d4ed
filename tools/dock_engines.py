"""Docking: final-quarter means of every metric, fast vs reference engine, per scenario.

    .venv/bin/python tools/dock_engines.py [--households 300] [--steps 52] [--seeds 4]
        [--first-seed 1] [--scenarios baseline,combined] [--csv out.csv]

Prints, per scenario and metric, the mean over seeds of each engine's final-quarter mean,
the difference and a z score (difference over its standard error across seeds).
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

import sim
from sim.model.simulate import ENGINES


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--households", type=int, default=300)
    ap.add_argument("--steps", type=int, default=52)
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--scenarios", default=",".join(sim.available_scenarios()))
    ap.add_argument("--csv", default=None)
    args = ap.parse_args()
    rows = []
    for name in args.scenarios.split(","):
        scenario = sim.load_scenario(name, n_households=args.households, steps=args.steps)
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            for engine in ENGINES:
                fq = sim.final_quarter(sim.simulate(scenario, seed=seed, engine=engine))
                rows.append({"scenario": name, "seed": seed, "engine": engine, **fq})
    runs = pd.DataFrame(rows)
    if args.csv:
        runs.to_csv(args.csv, index=False)
    for name, part in runs.groupby("scenario", sort=False):
        by_engine = {
            engine: rows.set_index("seed").drop(columns=["scenario", "engine"])
            for engine, rows in part.groupby("engine")
        }
        fast, ref = by_engine["fast"], by_engine["reference"]
        se = np.sqrt(fast.var() / len(fast) + ref.var() / len(ref))
        table = pd.DataFrame(
            {"fast": fast.mean(), "reference": ref.mean(), "diff": ref.mean() - fast.mean()}
        )
        table["z"] = table["diff"] / se.replace(0, np.nan)
        print(f"\n== {name} ({args.households} households, {args.steps} weeks, {len(fast)} seeds)")
        print(table.to_string(float_format=lambda x: f"{x:.4f}"))


if __name__ == "__main__":
    main()
