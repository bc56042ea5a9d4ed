"""`govsim run` and `govsim sweep`: run scenarios, run an experiment file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.cli.options import (
    add_coefficients_option,
    coefficients_from,
    parse_sets,
    path_arg,
    positive,
    seed_arg,
)
from sim.cli.tables import fmt_interval, render
from sim.errors import GovsimError, ParameterError
from sim.model import MAIN_METRICS, METRICS
from sim.model.simulate import ENGINES
from sim.parameters import load_scenario, parse_value

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
    p.add_argument("--seed", type=seed_arg, default=1, help="first random seed (default 1)")
    p.add_argument(
        "--seeds",
        type=positive,
        default=1,
        help="replications: seeds SEED, SEED+1, ... (default 1)",
    )
    p.add_argument("--steps", type=positive, default=None, help="weeks to simulate")
    p.add_argument(
        "--out",
        type=path_arg,
        default=None,
        help="folder for the weekly table (Parquet, CSV) and the parameters; an earlier "
        "run's folder is replaced, any other non-empty folder needs --force",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty --out folder that holds no earlier run (only "
        "weekly.parquet, weekly.csv and parameters.json are written)",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels in the table")
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="fast",
        help="fast (whole-array rules, the default) or reference (one agent at a time, "
        "much slower: a check on the fast engine)",
    )
    add_coefficients_option(p)
    p.set_defaults(handler=run)


def run(args) -> int:
    import sys

    from sim.experiments import limits
    from sim.experiments.analysis import final_quarter_by_run, mean_interval
    from sim.experiments.runs import check_run_folder, run_scenarios, write_runs

    overrides = {**coefficients_from(args), **parse_sets(args.sets)}
    if args.steps is not None:
        steps = parse_value("steps", str(args.steps))
        if "steps" in overrides and overrides["steps"] != steps:
            raise ParameterError(
                f"--steps {args.steps} and --set steps={overrides['steps']} disagree; "
                "give the weeks once"
            )
        overrides["steps"] = steps
    scenarios = [load_scenario(name, **overrides) for name in args.scenarios]
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):
        raise GovsimError(f"a scenario is named twice: {', '.join(names)}")
    limits.check_run_size(
        len(scenarios),
        args.seed,
        args.seeds,
        max(int(s["steps"]) for s in scenarios),
        len(METRICS),
    )
    seeds = list(range(args.seed, args.seed + args.seeds))
    replacing = check_run_folder(args.out, force=args.force) if args.out is not None else None

    weekly = run_scenarios(scenarios, seeds, engine=args.engine)
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
        if replacing:
            print(f"govsim run: replacing {replacing} in {args.out}", file=sys.stderr)
        paths = write_runs(args.out, weekly, scenarios, seeds, args.steps, args.engine)
        print(f"\nwrote {', '.join(str(p) for p in paths)}")
    return 0


# ------------------------------------------------------------------ sweep


def add_sweep(sub) -> None:
    p = sub.add_parser(
        "sweep",
        help="run an experiment file into a results folder",
        description="Run every design point of an experiment on its paired "
        "seeds, writing each run to the results folder as it finishes.",
    )
    p.add_argument("experiment", metavar="EXPERIMENT", type=path_arg, help="experiment TOML file")
    p.add_argument(
        "--workers",
        type=positive,
        default=1,
        help="worker processes (or Dask workers with --scheduler local)",
    )
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="a Dask scheduler (tcp://HOST:PORT), or 'local' for a local Dask cluster",
    )
    p.add_argument("--resume", action="store_true", help="finish a sweep in the folder")
    p.add_argument(
        "--set-aside-other-model",
        action="store_true",
        help="with --resume: a folder made by another version of the model is renamed "
        "FOLDER.model-FINGERPRINT (kept) and a new sweep starts (make demo uses this)",
    )
    p.add_argument(
        "--replications",
        type=positive,
        default=None,
        help="seeds per design point (overrides the file)",
    )
    p.add_argument("--steps", type=positive, default=None, help="weeks (overrides the file)")
    p.add_argument(
        "--worlds",
        type=positive,
        default=None,
        help="worlds drawn from the file's [uncertainties] (overrides 'worlds')",
    )
    add_coefficients_option(p)
    p.add_argument(
        "--out",
        type=path_arg,
        default=None,
        help="results folder (default results/EXPERIMENT-NAME)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=sweep)


def sweep(args) -> int:
    import sys

    from sim.experiments import limits
    from sim.experiments.spec import load_experiment
    from sim.experiments.store.aside import set_aside_if_other_model
    from sim.experiments.sweep import run_sweep

    spec = load_experiment(args.experiment).with_overrides(
        replications=args.replications,
        steps=args.steps,
        worlds=args.worlds,
        coefficients=coefficients_from(args),
    )
    out = args.out or Path("results") / spec.name
    limits.check_workers(args.workers)
    if args.set_aside_other_model and args.resume:
        kept = set_aside_if_other_model(out)
        if kept is not None:
            print(
                f"{out} was made by another version of the model: kept as {kept}; "
                "a new sweep starts"
            )
    report = run_sweep(
        spec,
        out,
        workers=args.workers,
        scheduler=args.scheduler,
        resume=args.resume,
        progress=not args.quiet,
    )
    for problem in report.problems[:10]:
        print(f"govsim sweep: warning: {problem}; its run is done again", file=sys.stderr)
    done = report.already_done + report.ran - len(report.failed)
    print(
        f"{spec.name}: {done} of {report.total} runs done ({report.ran} this time), "
        f"{len(report.failed)} failed; results in {out}"
    )
    for run, error in report.failed[:10]:
        print(f"  failed {run}: {error}", file=sys.stderr)
    if report.failed:
        print(f"  details in {out}/manifest.json; rerun them with --resume", file=sys.stderr)
        return 1
    return 0
