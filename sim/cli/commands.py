"""Subcommands. Each `add_*` registers one on the parser; handlers only call the layers below."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from sim.cli.tables import fmt_interval, render
from sim.errors import GovsimError, ParameterError
from sim.model import MAIN_METRICS, METRICS
from sim.parameters import PARAMETERS, PATHS, available_scenarios, load_scenario, parse_value


def _parse_sets(items: list[str]) -> dict:
    overrides = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--set expects NAME=VALUE, got {item!r}")
        overrides[name.strip()] = parse_value(name.strip(), text)
    return overrides


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("a seed is a whole number from 0 to 2^63 - 1")
    return value


# ------------------------------------------------------------------ run


def add_run(sub) -> None:
    p = sub.add_parser(
        "run",
        help="run one or more scenarios and print final-quarter means",
        description="Run scenarios (names in scenarios/ or TOML paths) on the "
        "same seeds and print the mean of the main metrics over the last 13 "
        "weeks; with several seeds, the 95%% interval too.",
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change a parameter in every scenario given (repeatable)",
    )
    p.add_argument("--seed", type=_seed, default=1, help="first random seed (default 1)")
    p.add_argument(
        "--seeds",
        type=_positive,
        default=1,
        help="replications: seeds SEED, SEED+1, ... (default 1)",
    )
    p.add_argument("--steps", type=_positive, default=None, help="weeks to simulate")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the weekly table (Parquet, CSV) and the parameters",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels in the table")
    p.set_defaults(handler=run)


def run(args) -> int:
    from sim.experiments.analysis import final_quarter_by_run, mean_interval
    from sim.experiments.runs import run_scenarios, write_runs

    overrides = _parse_sets(args.sets)
    if args.steps is not None:
        overrides["steps"] = parse_value("steps", str(args.steps))
    scenarios = [load_scenario(name, **overrides) for name in args.scenarios]
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):
        raise GovsimError(f"a scenario is named twice: {', '.join(names)}")
    seeds = list(range(args.seed, args.seed + args.seeds))
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise GovsimError(f"output folder {args.out} is a file; give a folder to write into")

    weekly = run_scenarios(scenarios, seeds)
    final = final_quarter_by_run(weekly, ["scenario", "seed"])
    table = {"metric": [METRICS[m].label(args.lang) for m in MAIN_METRICS]}
    for scenario in scenarios:
        part = final[final["scenario"] == scenario.name]
        cells = []
        for metric in MAIN_METRICS:
            cells.append(fmt_interval(*mean_interval(part[metric])))
        table[scenario.title(args.lang) if len(scenarios) > 1 else scenario.name] = cells
    what = "last 13 weeks, mean" + (
        f" and 95% interval over {len(seeds)} seeds" if len(seeds) > 1 else f", seed {seeds[0]}"
    )
    print(f"{what}:\n")
    print(render(pd.DataFrame(table)))
    if args.out is not None:
        paths = write_runs(args.out, weekly, scenarios, seeds, args.steps)
        print(f"\nwrote {', '.join(str(p) for p in paths)}")
    return 0


# ------------------------------------------------------------------ listings


def add_scenarios(sub) -> None:
    p = sub.add_parser("scenarios", help="list the named scenarios")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(handler=list_scenarios)


def list_scenarios(args) -> int:
    rows = []
    for name in available_scenarios():
        s = load_scenario(name)
        rows.append({"name": name, "paper": s.paper_section, "title": s.title(args.lang)})
    print(render(pd.DataFrame(rows)))
    return 0


def add_params(sub) -> None:
    p = sub.add_parser("params", help="list the parameters with defaults and ranges")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(handler=list_params)


def list_params(args) -> int:
    rows = [
        {
            "name": p.name,
            "path": PATHS[p.path][args.lang == "zh"],
            "default": str(p.default),
            "range": f"{p.low:g}–{p.high:g}",
            "label": p.label(args.lang),
        }
        for p in PARAMETERS.values()
    ]
    print(render(pd.DataFrame(rows)))
    return 0


def add_metrics(sub) -> None:
    p = sub.add_parser("metrics", help="list the metrics")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(handler=list_metrics)


def list_metrics(args) -> int:
    rows = [{"name": m.name, "unit": m.unit, "label": m.label(args.lang)} for m in METRICS.values()]
    print(render(pd.DataFrame(rows)))
    return 0


REGISTRY = [add_run, add_scenarios, add_params, add_metrics]
