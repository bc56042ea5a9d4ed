"""Reading a results folder for analysis: `load_results` gives the runs and the time series
of the runs the files say are done, with the failed runs' rows added, after every check of
the scan; a folder being compacted by a running sweep is read again once."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.errors import ResultsError
from sim.experiments.manifest import ExperimentInfo, Manifest
from sim.experiments.store.layout import KEYS, MANIFEST, advice, read_manifest, results_folder
from sim.experiments.store.lock import sweep_running
from sim.experiments.store.scan import Scan, apply_scan, scan
from sim.fileio import path_kind


@dataclass
class Results:
    """A sweep's results: `.runs` (one row per run), `.timeseries` (per run and week),
    `.manifest` (the typed manifest: experiment, provenance, points, run statuses)."""

    folder: Path
    manifest: Manifest
    runs: pd.DataFrame
    timeseries: pd.DataFrame

    @property
    def experiment(self) -> ExperimentInfo:
        return self.manifest.experiment

    @property
    def points(self) -> pd.DataFrame:
        """One row per design point: point, scenario, label and the factor values."""
        return pd.DataFrame(
            [
                {"point": p.point, "scenario": p.scenario, "label": p.label} | p.factors
                for p in self.manifest.points
            ]
        )

    @property
    def metrics(self) -> list[str]:
        return list(self.experiment.metrics)

    @property
    def factors(self) -> list[str]:
        return self.experiment.factor_names

    @property
    def complete(self) -> bool:
        return self.manifest.complete

    @property
    def counts(self) -> dict[str, int]:
        return self.manifest.counts()


def load_results(folder: str | Path, *, root: str | Path | None = None) -> Results:
    """Read a results folder (complete, still running, or interrupted).

    Everything is checked: a missing, damaged or foreign file is a ResultsError naming it.
    The run statuses come from the files (so a manifest left `running` by a killed sweep
    shows what is really done, and its status reads `interrupted` when no sweep holds the
    folder). With `root`, files whose real location is outside `root` are refused.
    """
    folder = results_folder(folder)
    manifest, found = _read_folder(folder, root)
    claimed = manifest.counts()
    apply_scan(manifest, found)
    _check_claimed(folder, manifest, claimed)
    if manifest.status == "running" and not sweep_running(folder):
        manifest.status = "interrupted"
    done = {r.run for r in manifest.runs if r.status == "done"}
    runs = found.runs[found.runs["run"].isin(done)].reset_index(drop=True)
    series = found.series[found.series["run"].isin(done)].reset_index(drop=True)
    metrics = list(manifest.experiment.metrics)
    for name, table in (("runs", runs), ("timeseries", series)):
        missing = [m for m in metrics if m not in table.columns]
        if missing and len(table):
            raise ResultsError(
                f"the {name} table of {folder} lacks the metric column(s) {', '.join(missing)} "
                f"that {MANIFEST} lists"
            )
    if "status" not in runs.columns:
        runs.insert(len(KEYS), "status", "done")
    return Results(folder, manifest, _with_failed_runs(runs, manifest), series)


def _read_folder(folder: Path, root) -> tuple[Manifest, Scan]:
    """The manifest and the scan of its files."""
    try:
        manifest = read_manifest(folder, root)
        found = scan(folder, manifest, full=True, strict=True, root=root)
    except ResultsError:
        if not sweep_running(folder):
            raise
        time.sleep(1.0)  # a sweep was compacting its parts as we read: read again, once
        manifest = read_manifest(folder, root)
        found = scan(folder, manifest, full=True, strict=True, root=root)
    return manifest, found


def _check_claimed(folder: Path, manifest: Manifest, claimed: dict[str, int]) -> None:
    """A manifest that says `complete` must have every run's files (`claimed`: its counts
    before the files were scanned)."""
    counts = manifest.counts()
    if manifest.status.startswith("complete") and counts["pending"]:
        missing = [
            name
            for name in ("runs.parquet", "timeseries.parquet")
            if path_kind(folder / name) == "missing"
        ]
        because = f" ({' and '.join(missing)} missing)" if missing else ""
        raise ResultsError(
            f"{folder / MANIFEST} says the sweep is {manifest.status} with {claimed['done']} "
            f"runs done, but only {counts['done']} have their files{because}; "
            f"{advice(folder)}"
        )


def _with_failed_runs(runs: pd.DataFrame, manifest: Manifest) -> pd.DataFrame:
    """The done runs' rows and a row for each failed run, in design order."""
    failed = [
        {
            "run": r.run,
            "point": r.point,
            "replication": r.replication,
            "seed": r.seed,
            "status": "failed",
            "seconds": r.seconds,
            "error": r.error,
        }
        for r in manifest.runs
        if r.status == "failed"
    ]
    if not failed:
        return runs
    failed_frame = pd.DataFrame(failed)
    point_of = [manifest.point(i) for i in failed_frame["point"]]
    failed_frame.insert(2, "scenario", [p.scenario for p in point_of])
    for factor in manifest.experiment.factor_names:
        failed_frame[factor] = [p.factors.get(factor) for p in point_of]
    return (
        pd.concat([runs, failed_frame], ignore_index=True)
        .sort_values(["point", "replication"], kind="stable")
        .reset_index(drop=True)
    )
