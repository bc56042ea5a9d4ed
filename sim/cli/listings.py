"""`govsim scenarios`, `params`, `metrics`: what the model knows."""

from __future__ import annotations

import pandas as pd

from sim.cli.tables import render
from sim.model import METRICS
from sim.parameters import PARAMETERS, PATHS, available_scenarios, load_scenario

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
