"""Subcommands. Each `add_*` registers one on the parser; handlers only call the layers below.

The handlers live in modules by job: running (`run_cmds`), reading results (`results_cmds`),
listings (`listings`), calibration (`calibrate`), validation and discovery (`validate`),
docking (`dock`).
"""

from __future__ import annotations

from sim.cli.calibrate import add_calibrate
from sim.cli.coefficients import add_coefficients
from sim.cli.dock import add_dock
from sim.cli.listings import add_metrics, add_params, add_scenarios
from sim.cli.results_cmds import add_report, add_serve, add_summarize
from sim.cli.run_cmds import add_run, add_sweep
from sim.cli.validate import add_discover, add_validate

REGISTRY = [
    add_run,
    add_sweep,
    add_summarize,
    add_serve,
    add_report,
    add_scenarios,
    add_params,
    add_metrics,
    add_coefficients,
    add_calibrate,
    add_validate,
    add_discover,
    add_dock,
]
