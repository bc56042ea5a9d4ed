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
    """--set NAME=VALUE, each parameter once (two different values for one name are refused:
    no silent 'last one wins')."""
    overrides: dict = {}
    given: dict[str, str] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--set expects NAME=VALUE, got {item!r}")
        value = parse_value(name, text)
        if name in overrides and overrides[name] != value:
            raise ParameterError(
                f"--set {name} is given twice, as {given[name]} and {text.strip()}; "
                "give each parameter once"
            )
        overrides[name], given[name] = value, text.strip()
    return overrides


def _path(text: str) -> Path:
    """A path argument: an empty one ('') would silently mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a path, got an empty string")
    if "\x00" in text:
        raise argparse.ArgumentTypeError("a path cannot hold a NUL character")
    return Path(text)


def _positive(text: str) -> int:
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text.strip().replace("_", ""))
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
        type=_path,
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
    p.set_defaults(handler=run)


def run(args) -> int:
    import sys

    from sim.experiments import limits
    from sim.experiments.analysis import final_quarter_by_run, mean_interval
    from sim.experiments.runs import check_run_folder, run_scenarios, write_runs

    overrides = _parse_sets(args.sets)
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
        if replacing:
            print(f"govsim run: replacing {replacing} in {args.out}", file=sys.stderr)
        paths = write_runs(args.out, weekly, scenarios, seeds, args.steps)
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
    p.add_argument("experiment", metavar="EXPERIMENT", type=_path, help="experiment TOML file")
    p.add_argument(
        "--workers",
        type=_positive,
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
        "--replications",
        type=_positive,
        default=None,
        help="seeds per design point (overrides the file)",
    )
    p.add_argument("--steps", type=_positive, default=None, help="weeks (overrides the file)")
    p.add_argument(
        "--out", type=_path, default=None, help="results folder (default results/EXPERIMENT-NAME)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=sweep)


def sweep(args) -> int:
    import sys

    from sim.experiments import limits
    from sim.experiments.spec import load_experiment
    from sim.experiments.sweep import run_sweep

    spec = load_experiment(args.experiment).with_overrides(
        replications=args.replications, steps=args.steps
    )
    out = args.out or Path("results") / spec.name
    limits.check_workers(args.workers)
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


# ------------------------------------------------------------------ summarize


def add_summarize(sub) -> None:
    p = sub.add_parser("summarize", help="means, intervals, differences and indices of a sweep")
    p.add_argument("results", metavar="RESULTS", type=_path, help="a results folder")
    p.add_argument(
        "--metrics",
        default=None,
        help="comma-separated metrics (default: all kept, or the main ones for "
        "designs with many points)",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(handler=summarize)


def summarize(args) -> int:
    from sim.experiments import analysis
    from sim.experiments.store import load_results

    results = load_results(args.results)
    metrics = _chosen_metrics(args.metrics, results)
    counts = results.counts
    experiment = results.experiment
    print(
        f"{experiment.title(args.lang)} — {args.results}: {counts['done']} runs done, "
        f"{counts['failed']} failed, {counts['pending']} pending; "
        f"status {results.manifest.status}; code {results.manifest.code_version}"
    )
    if not counts["done"]:
        print("no finished runs yet")
        return 0
    summary = analysis.point_summary(results, metrics)
    print("\nFinal-quarter mean and 95% interval over replications:\n")
    print(_wide_or_long(summary, "mean", args.lang))
    differences = analysis.paired_vs_reference(results, metrics)
    if not differences.empty:
        print("\nPaired difference against the reference (same seeds), 95% interval:\n")
        print(_wide_or_long(differences, "difference", args.lang, with_reference=True))
    indices = analysis.sensitivity(results, metrics)
    if not indices.empty:
        print(f"\nSensitivity ({experiment.design}), 95% interval:\n")
        table = indices.assign(
            metric=[METRICS[m].label(args.lang) for m in indices["metric"]],
            value=[
                fmt_interval(v, lo, hi)
                for v, lo, hi in indices[["value", "low", "high"]].itertuples(index=False)
            ],
        )
        print(render(table[["scenario", "metric", "factor", "index", "value"]]))
    return 0


def _chosen_metrics(text: str | None, results) -> list[str]:
    chosen = list(dict.fromkeys(m.strip() for m in (text or "").split(",") if m.strip()))
    if chosen:
        for metric in chosen:
            if metric not in results.metrics:
                from sim.parameters.validation import unknown_name_message

                raise GovsimError(unknown_name_message(metric, results.metrics, "kept metric"))
        return chosen
    if len(results.manifest.points) > 8:
        return [m for m in MAIN_METRICS if m in results.metrics] or results.metrics
    return results.metrics


def _wide_or_long(frame: pd.DataFrame, value: str, lang: str, with_reference=False) -> str:
    cells = [
        fmt_interval(v, lo, hi)
        for v, lo, hi in frame[[value, "low", "high"]].itertuples(index=False)
    ]
    frame = frame.assign(cell=cells, metric=[METRICS[m].label(lang) for m in frame["metric"]])
    labels = list(dict.fromkeys(frame["label"]))
    if len(labels) <= 8:
        wide = frame.pivot(index="metric", columns="label", values="cell")
        wide = wide.reindex(index=list(dict.fromkeys(frame["metric"])), columns=labels)
        out = render(wide.reset_index().rename(columns={"metric": ""}))
        if with_reference:
            refs = dict(zip(frame["label"], frame["reference"], strict=True))
            out += "\n" + "\n".join(f"  {k}: against {v}" for k, v in refs.items())
        return out
    columns = ["label", *(["reference"] if with_reference else []), "metric", "cell"]
    return render(frame[columns].rename(columns={"cell": value}))


# ------------------------------------------------------------------ serve

# Defaults for the server process (the environment can override them). A browser tab that
# goes away without closing its page (a laptop put to sleep, a killed browser) leaves its
# session on the server: it is dropped after 1 minute without a connected page instead of
# Solara's 24 hours, so memory returns (an open page is never dropped; a page that reconnects
# within the minute keeps its state). Fewer malloc arenas keep freed memory from being
# scattered over many.
SERVER_ENV = {"SOLARA_KERNEL_CULL_TIMEOUT": "1m", "MALLOC_ARENA_MAX": "2"}


def add_serve(sub) -> None:
    p = sub.add_parser(
        "serve",
        help="open the browser app (live model, compare, explore)",
        description="Start the Solara app on 127.0.0.1. RESULTS is one sweep's "
        "folder or a folder holding several (default results/).",
    )
    p.add_argument("results", metavar="RESULTS", type=_path, nargs="?", default=None)
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language at start")
    p.set_defaults(handler=serve)


def serve(args) -> int:
    import os
    import socket
    import sys

    from sim.fileio import path_kind

    root = args.results if args.results is not None else Path("results")
    kind = path_kind(root)
    if args.results is not None and kind != "folder":
        if kind == "missing":
            raise GovsimError(
                f"results folder {root} does not exist; give a folder of sweeps "
                "(default results/) or run `govsim sweep` first"
            )
        raise GovsimError(
            f"{root} is a file, not a folder; give a folder of sweeps (default results/) "
            "or one sweep's folder"
        )
    if not 1 <= args.port <= 65535:
        raise GovsimError(f"--port {args.port} is not a port number (1-65535)")
    with socket.socket() as probe:
        # SO_REUSEADDR: a port whose last connections linger in TIME_WAIT (a server just
        # stopped) is free; only a socket bound or listening on it now makes bind fail
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", args.port))
        except PermissionError:
            raise GovsimError(
                f"port {args.port} needs administrator rights; choose one above 1023 with --port"
            ) from None
        except OSError:
            raise GovsimError(
                f"port {args.port} on 127.0.0.1 is in use; choose another with --port"
            ) from None
    env = {
        **SERVER_ENV,
        **os.environ,
        "GOVSIM_RESULTS_ROOT": str(root.resolve()),
        "GOVSIM_LANG": args.lang,
    }
    print(
        f"govsim serve: open http://127.0.0.1:{args.port}/ (results under {root}; Ctrl-C stops it)",
        flush=True,
    )
    command = [
        sys.executable,
        "-m",
        "sim.app.server",  # Solara's server, with uvicorn settings for a busy machine
        "run",
        "sim.app.main",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--production",
        "--no-open",
        "--no-check-version",
        "--log-level",
        "warning",
    ]
    os.execve(sys.executable, command, env)
    return 0  # not reached


# ------------------------------------------------------------------ report


def add_report(sub) -> None:
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report of a sweep",
        description="One HTML file with the Compare charts, the summary table "
        "with intervals, the scenario parameters and the provenance; it opens "
        "with no network.",
    )
    p.add_argument("results", metavar="RESULTS", type=_path, help="a results folder")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument(
        "--out",
        type=_path,
        default=None,
        help="file to write (default RESULTS/report-LANG.html); an existing file is replaced "
        "only if it is a govsim report",
    )
    p.set_defaults(handler=report)


def report(args) -> int:
    from sim.app.report import write_report

    path = write_report(args.results, args.out, args.lang)
    print(f"report written to {path}")
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


REGISTRY = [
    add_run,
    add_sweep,
    add_summarize,
    add_serve,
    add_report,
    add_scenarios,
    add_params,
    add_metrics,
]
