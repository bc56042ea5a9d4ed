"""`govsim calibrate`: fit the model's coefficients to the targets of MODEL.md section 10."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.cli.options import path_arg, positive
from sim.cli.tables import fmt, render


def add_calibrate(sub) -> None:
    p = sub.add_parser(
        "calibrate",
        help="fit coefficients to calibration targets (history matching, then a best fit)",
        description="History matching in waves over the plausible ranges of the coefficients "
        "the targets file names in [calibrate] vary, then a best-fit point by Optuna (TPE, "
        "stored in DIR/optuna.db). Writes DIR/ensemble.parquet (accepted worlds), "
        "DIR/best.toml (use with --coefficients), DIR/fit.csv. With --check, only prints "
        "the default model against every target.",
    )
    p.add_argument(
        "targets",
        metavar="TARGETS",
        type=path_arg,
        nargs="?",
        default=Path("experiments") / "calibration.toml",
        help="targets TOML file (default experiments/calibration.toml)",
    )
    p.add_argument("--out", type=path_arg, default=None, help="calibration folder")
    p.add_argument("--waves", type=positive, default=None, help="history-matching waves")
    p.add_argument("--runs-per-wave", type=positive, default=None, help="worlds per wave")
    p.add_argument("--seeds", type=positive, default=None, help="paired seeds per world")
    p.add_argument("--trials", type=positive, default=None, help="best-fit trials")
    p.add_argument("--households", type=positive, default=None, help="community size")
    p.add_argument("--workers", type=positive, default=1, help="worker processes")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="a Dask scheduler")
    p.add_argument("--resume", action="store_true", help="finish a calibration in --out")
    p.add_argument("--check", action="store_true", help="the default model against the targets")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(handler=calibrate)


def calibrate(args) -> int:
    from sim.errors import GovsimError
    from sim.experiments import calibrate as cal
    from sim.experiments.targets import load_targets, model_values, table

    if args.check:
        targets = load_targets(args.targets)
        values = model_values(targets, workers=args.workers, scheduler=args.scheduler)
        print(render(table(targets, {"default model": values}, args.lang)))
        missed = [t.name for t in targets.targets if not t.met(values[t.name])]
        print("\nevery target met" if not missed else f"\nmissed: {', '.join(missed)}")
        return 1 if missed else 0
    if args.out is None:
        raise GovsimError("give the calibration folder with --out DIR (or use --check)")
    plan = cal.load_plan(
        args.targets,
        waves=args.waves,
        worlds=args.runs_per_wave,
        seeds=args.seeds,
        trials=args.trials,
        n_households=args.households,
    )
    summary = cal.calibrate(
        plan,
        args.out,
        workers=args.workers,
        scheduler=args.scheduler,
        resume=args.resume,
        progress=not args.quiet,
    )
    fit = pd.read_csv(Path(args.out) / "fit.csv")
    shown = pd.DataFrame(
        {
            "target": fit["title"],
            "value": [f"{fmt(lo)}–{fmt(hi)}" for lo, hi in fit[["low", "high"]].values],
            "default model": [fmt(x) for x in fit["default"]],
            "best fit": [fmt(x) for x in fit["best_fit"]],
            "ensemble 5–95%": [
                f"{fmt(a)}–{fmt(b)}" for a, b in fit[["ensemble_p5", "ensemble_p95"]].values
            ],
        }
    )
    waves = ", ".join(
        f"wave {w['wave']}: {w['accepted']} of {w['worlds']}" for w in summary["waves"]
    )
    print(f"history matching (worlds accepted): {waves}\n")
    print(render(shown))
    print(f"\nwrote {args.out}/ensemble.parquet, best.toml, fit.csv")
    return 0
