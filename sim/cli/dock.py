"""`govsim dock`: the fast and the reference engine compared on every named scenario."""

from __future__ import annotations

import sys
from pathlib import Path

from sim.cli.options import path_arg, positive, seed_arg
from sim.cli.tables import render
from sim.errors import ParameterError


def add_dock(sub) -> None:
    p = sub.add_parser(
        "dock",
        help="compare the fast and the reference engine on every named scenario",
        description="Run both engines (different random draws) on every named scenario and "
        "compare, for every public metric, the final-quarter means: both means, the "
        "difference and its 95%% interval, the standardized difference, and an equivalence "
        "verdict (two one-sided tests: 0.01 on a 0–1 scale, 5%% of the mean otherwise). "
        "Exit status 0 when no metric is significantly non-equivalent, 1 otherwise.",
    )
    p.add_argument("--seeds", type=positive, default=20, help="seeds per engine (default 20)")
    p.add_argument(
        "--master-seed", type=seed_arg, default=20261127, help="the seeds derive from it"
    )
    p.add_argument("--households", type=households, default=300, help="default 300")
    p.add_argument("--steps", type=positive, default=None, help="weeks (default: scenario's)")
    p.add_argument("--scenarios", nargs="+", default=None, metavar="SCENARIO")
    p.add_argument("--metrics", nargs="+", default=None, metavar="METRIC")
    p.add_argument(
        "--engines",
        nargs=2,
        default=("fast", "reference"),
        metavar=("A", "B"),
        help="the two engines (default: fast reference; `fast fast` is an A/A check)",
    )
    p.add_argument("--out", type=path_arg, default=Path("results") / "docking")
    p.add_argument("--markdown", type=path_arg, default=None, help="also write this Markdown")
    p.add_argument("--workers", type=positive, default=1)
    p.add_argument("--scheduler", default=None, metavar="ADDRESS")
    p.set_defaults(handler=dock)


def households(text: str) -> int:
    import argparse

    from sim.parameters import parse_value

    try:
        return int(parse_value("n_households", text))
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def dock(args) -> int:
    from sim.experiments import dock as docking
    from sim.experiments.docking_report import markdown
    from sim.experiments.files import atomic_write_bytes, atomic_write_json, ensure_output_dir

    settings = settings_from(args)
    out = ensure_output_dir(args.out)
    table = docking.run_docking(
        settings, workers=args.workers, scheduler=args.scheduler, progress=_progress
    )
    print(render(terminal_table(table)))
    counts = docking.summary(table)
    print(
        f"\n{counts['equivalent']} equivalent, {counts['inconclusive']} inconclusive, "
        f"{counts['different']} different ({len(table)} scenario-metric pairs)"
    )
    command = "govsim dock " + " ".join(sys.argv[2:])
    table.to_csv(out / "docking.csv", index=False)
    record = {"command": command.strip(), "settings": vars_of(settings)}
    atomic_write_json(out / "docking.json", {**record, "rows": table.to_dict("records")})
    if args.markdown is not None:
        atomic_write_bytes(args.markdown, markdown(table, settings, command.strip()).encode())
    print(f"wrote {out}/docking.csv and docking.json")
    different = table[table["verdict"] == "different"]
    if len(different):
        pairs = ", ".join(f"{r.scenario}/{r.metric}" for r in different.itertuples())
        print(f"significantly non-equivalent: {pairs}", file=sys.stderr)
        return 1
    return 0


def settings_from(args):
    from sim.experiments.dock import DockSettings
    from sim.model import METRIC_NAMES
    from sim.model.simulate import ENGINES
    from sim.parameters import load_scenario

    unknown = [e for e in args.engines if e not in ENGINES]
    if unknown:
        names = ", ".join(ENGINES)
        raise ParameterError(f"unknown engine {unknown[0]!r}; the engines are: {names}")
    settings = DockSettings(
        engines=tuple(args.engines),
        seeds=args.seeds,
        households=args.households,
        steps=args.steps,
        master_seed=args.master_seed,
    )
    if args.scenarios:
        for name in args.scenarios:
            load_scenario(name)  # an unknown name is a clear error, before any run
        settings = _replace(settings, scenarios=tuple(dict.fromkeys(args.scenarios)))
    if args.metrics:
        unknown = [m for m in args.metrics if m not in METRIC_NAMES]
        if unknown:
            raise ParameterError(
                f"unknown metric {', '.join(map(repr, unknown))}; `govsim metrics` lists them"
            )
        settings = _replace(settings, metrics=tuple(dict.fromkeys(args.metrics)))
    return settings


def terminal_table(table):
    """One row per scenario: verdict counts, and the largest standardized difference."""
    import pandas as pd

    rows = []
    for scenario, part in table.groupby("scenario", sort=False):
        worst = part.loc[part["standardized"].abs().fillna(0).idxmax()]
        rows.append(
            {
                "scenario": scenario,
                "equivalent": int((part["verdict"] == "equivalent").sum()),
                "inconclusive": int((part["verdict"] == "inconclusive").sum()),
                "different": int((part["verdict"] == "different").sum()),
                "largest standardized difference": f"{worst['metric']} "
                f"{worst['standardized']:+.2f}",
            }
        )
    return pd.DataFrame(rows)


def vars_of(settings) -> dict:
    from dataclasses import asdict

    return asdict(settings)


def _replace(settings, **changes):
    from dataclasses import replace

    return replace(settings, **changes)


def _progress(done: int, total: int) -> None:
    if done == total or done % max(1, total // 10) == 0:
        print(f"docking: {done} of {total} runs", file=sys.stderr, flush=True)
