"""`govsim summarize`, `govsim report`, `govsim serve`: read and show results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.cli.options import add_coefficients_option, coefficients_from, path_arg
from sim.cli.tables import fmt, fmt_interval, render
from sim.errors import GovsimError
from sim.model import MAIN_METRICS, METRICS

# ------------------------------------------------------------------ summarize


def add_summarize(sub) -> None:
    p = sub.add_parser("summarize", help="means, intervals, differences and indices of a sweep")
    p.add_argument("results", metavar="RESULTS", type=path_arg, help="a results folder")
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
    from sim.experiments.robust import has_worlds

    if has_worlds(results):
        print(_across_worlds(results, metrics, args.lang))
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
        indices, left_out = top_factors(indices)
        table = indices.assign(
            metric=[METRICS[m].label(args.lang) for m in indices["metric"]],
            value=[
                fmt_interval(v, lo, hi)
                for v, lo, hi in indices[["value", "low", "high"]].itertuples(index=False)
            ],
        )
        print(render(table[["scenario", "metric", "factor", "index", "value"]]))
        if left_out:
            print(
                f"\n(the {TOP_FACTORS} most influential of {left_out + TOP_FACTORS} factors per "
                "metric; every index: sim.experiments.analysis.sensitivity)"
            )
    return 0


TOP_FACTORS = 10
RANKED_BY = ("mu_star", "ST", "spearman")  # the index each design ranks factors by


def top_factors(indices: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """With many factors (a sensitivity over coefficients), the TOP_FACTORS that move each
    metric most, by mu* (morris), ST (sobol) or |rho| (lhs); and how many were left out."""
    factors = indices["factor"].nunique()
    if factors <= TOP_FACTORS + 2:
        return indices, 0
    rank = indices[indices["index"].isin(RANKED_BY)].assign(size=lambda f: f["value"].abs())
    keep = (
        rank.sort_values("size", ascending=False).groupby(["scenario", "metric"]).head(TOP_FACTORS)
    )
    chosen = set(zip(keep["scenario"], keep["metric"], keep["factor"], strict=True))
    mask = [
        (s, m, f) in chosen
        for s, m, f in indices[["scenario", "metric", "factor"]].itertuples(index=False)
    ]
    order = keep.set_index(["scenario", "metric", "factor"])["size"]
    shown = indices[mask].assign(
        _size=lambda f: [
            order[k] for k in zip(f["scenario"], f["metric"], f["factor"], strict=True)
        ]
    )
    shown = shown.sort_values(["scenario", "metric", "_size"], ascending=[True, True, False])
    return shown.drop(columns="_size"), factors - TOP_FACTORS


def _across_worlds(results, metrics, lang: str) -> str:
    """Per policy against the reference: across worlds and, apart, within a world's seeds."""
    from sim.experiments.robust import across_worlds

    table = across_worlds(results, metrics, lang=lang if lang == "zh" else None)
    worlds = results.experiment.worlds
    shown = pd.DataFrame(
        {
            "policy": table["policy"],
            "metric": [METRICS[m].label(lang) for m in table["metric"]],
            "median across worlds": [fmt(v) for v in table["median"]],
            "5–95% of worlds": [f"{fmt(a)} to {fmt(b)}" for a, b in table[["p5", "p95"]].values],
            "better / worse in": [
                f"{w:.0%} / {v:.0%} of worlds"
                for w, v in table[["win_rate", "loss_rate"]].itertuples(index=False)
            ],
            "seeds: 95% ± (one world)": [fmt(h) for h in table["seed_half_width"]],
        }
    )
    reference = table["reference"].iloc[0] if len(table) else "?"
    return (
        f"\nAgainst {reference}, paired on seeds within each of {worlds} plausible worlds.\n"
        "Across worlds: the median difference, its 5–95% range and the shares of worlds where "
        "the policy does better or worse by more than a negligible amount (0.005 on 0–1 "
        "scales) — the model's uncertainty.\nWithin one world: the seed "
        "interval's half-width, median over worlds (chance alone). They are not the same "
        "thing.\n\n" + render(shown)
    )


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
    p.add_argument("results", metavar="RESULTS", type=path_arg, nargs="?", default=None)
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="language at start")
    add_coefficients_option(p)
    p.set_defaults(handler=serve)


def serve(args) -> int:
    import os
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
    _check_port(args.port)
    coefficients = coefficients_from(args)  # checked here, read again by the live page
    env = {
        **SERVER_ENV,
        **os.environ,
        "GOVSIM_RESULTS_ROOT": str(root.resolve()),
        "GOVSIM_LANG": args.lang,
    }
    if coefficients:
        env["GOVSIM_COEFFICIENTS"] = str(Path(args.coefficients).resolve())
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


def _check_port(port: int) -> None:
    """Refuse a port that is not one, or that the server could not listen on right now."""
    import socket

    if not 1 <= port <= 65535:
        raise GovsimError(f"--port {port} is not a port number (1-65535)")
    with socket.socket() as probe:
        # SO_REUSEADDR: a port whose last connections linger in TIME_WAIT (a server just
        # stopped) is free; only a socket bound or listening on it now makes bind fail
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except PermissionError:
            raise GovsimError(
                f"port {port} needs administrator rights; choose one above 1023 with --port"
            ) from None
        except OSError:
            raise GovsimError(
                f"port {port} on 127.0.0.1 is in use; choose another with --port"
            ) from None


# ------------------------------------------------------------------ report


def add_report(sub) -> None:
    p = sub.add_parser(
        "report",
        help="write a self-contained HTML report of a sweep",
        description="One HTML file with the Compare charts, the summary table "
        "with intervals, the scenario parameters and the provenance; it opens "
        "with no network.",
    )
    p.add_argument("results", metavar="RESULTS", type=path_arg, help="a results folder")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument(
        "--out",
        type=path_arg,
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
