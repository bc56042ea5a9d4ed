"""The results store: one folder per sweep, written run by run so that nothing finished is lost.

    manifest.json            spec, spec hash, code and package versions, seeds, design points,
                             start/end, status of every run
    parts/timeseries/R.parquet, parts/runs/R.parquet   one finished run (the run part, written
                             last, marks it complete)
    parts/failed/R.json      a run that raised, with its error
    runs.parquet, timeseries.parquet   all runs, compacted when the sweep has no run left to do
    .lock                    held (flock) by the sweep writing the folder

Every file is written to a temporary name and renamed, so a reader or a killed writer never
sees half a file. Tables are sorted by design point and replication, so the same spec gives
the same files whatever the executor, the number of workers or the interruptions.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds

from sim.errors import GovsimError
from sim.experiments.design import DesignPoint, Task
from sim.experiments.execute import RunResult
from sim.experiments.files import atomic_write_json, atomic_write_parquet
from sim.experiments.manifest import ExperimentInfo, Manifest, PointInfo, RunStatus
from sim.experiments.provenance import code_version, provenance
from sim.experiments.spec import ExperimentSpec
from sim.model.simulate import final_quarter

MANIFEST = "manifest.json"
KEYS = ["run", "point", "scenario", "replication", "seed"]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SweepLock:
    """An exclusive lock on a results folder, released by the OS if the holder dies."""

    def __init__(self, folder: Path):
        self.path = folder / ".lock"
        self.handle = None

    def acquire(self) -> None:
        handle = open(self.path, "a+")  # noqa: SIM115 - held open for the sweep's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise GovsimError(
                f"results folder {self.path.parent} is being written by another sweep "
                f"({holder}); wait for it to finish or choose another folder with --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}, since {now()}")
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


class ResultsStore:
    """Writes one sweep's folder; use `open_for_sweep`, then `record` each result, `finish`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.parts = self.folder / "parts"
        self.lock = SweepLock(self.folder)
        self.manifest: Manifest | None = None
        self._last_manifest_write = 0.0
        self._runs: dict[str, RunStatus] = {}  # the manifest's runs, kept current by record()

    # -------------------------------------------------------------- opening

    @classmethod
    def open_for_sweep(
        cls,
        folder: Path,
        spec: ExperimentSpec,
        points: list[DesignPoint],
        tasks: list[Task],
        *,
        resume: bool,
        session: dict,
    ) -> ResultsStore:
        """Check the folder, take its lock and write the manifest; nothing is overwritten."""
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise GovsimError(f"results folder {folder} is a file; give a folder with --out")
        store = cls(folder)
        if (folder / ".lock").exists():
            store.lock.acquire()  # refuses at once if another sweep is writing here
        try:
            existing = folder / MANIFEST
            if existing.exists() and not resume:
                raise GovsimError(
                    f"results folder {folder} already holds a sweep; use --resume to finish "
                    "it, or --out to write a new one elsewhere"
                )
            others = [p for p in folder.iterdir() if p.name != ".lock"] if folder.exists() else []
            if not existing.exists() and others:
                raise GovsimError(
                    f"results folder {folder} is not empty and holds no sweep; "
                    "choose an empty or new folder with --out"
                )
            try:
                for sub in ("runs", "timeseries", "failed"):
                    (folder / "parts" / sub).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise GovsimError(
                    f"cannot create results folder {folder}: {exc.strerror}"
                ) from None
            if store.lock.handle is None:
                store.lock.acquire()
            if existing.exists():
                store.manifest = read_manifest(folder)
                if store.manifest.spec_hash != spec.spec_hash():
                    raise GovsimError(
                        f"results folder {folder} holds a sweep of a different experiment "
                        f"(spec hash {store.manifest.spec_hash}, this one {spec.spec_hash()}); "
                        "an unchanged experiment file and the same --replications/--steps are "
                        "needed to resume"
                    )
            else:
                store.manifest = new_manifest(spec, points, tasks)
            reconcile(store.manifest, folder)  # the files say what is done; from here, record()
            store._runs = {r.run: r for r in store.manifest.runs}
            store.manifest.sessions.append(session)
            store.manifest.status = "running"
            store.manifest.finished = None
            store.write_manifest(force=True)
        except BaseException:
            store.lock.release()
            raise
        return store

    # -------------------------------------------------------------- writing

    def done_runs(self) -> set[str]:
        return {run for run, r in self._runs.items() if r.status == "done"}

    def record(self, result: RunResult, point: DesignPoint, factors: list[str]) -> None:
        """Write one finished run: its time series, then its row (which marks it complete)."""
        keys = {
            "run": result.run,
            "point": result.point,
            "scenario": point.scenario,
            "replication": result.replication,
            "seed": result.seed,
        }
        entry = self._runs[result.run]
        entry.status, entry.seconds, entry.error = result.status, result.seconds, result.error
        if result.status != "done":
            atomic_write_json(
                self.parts / "failed" / f"{result.run}.json",
                {**keys, "seconds": result.seconds, "error": result.error},
            )
            return
        weekly = result.weekly
        series = pd.concat(
            [
                pd.DataFrame({k: [v] * len(weekly) for k, v in keys.items()}),
                weekly.reset_index(drop=True),
            ],
            axis=1,
        )
        atomic_write_parquet(self.parts / "timeseries" / f"{result.run}.parquet", series)
        final = final_quarter(weekly)
        row = {
            **keys,
            "status": "done",
            "seconds": result.seconds,
            "error": None,
            **{f: point.factors.get(f) for f in factors},
            **final.to_dict(),
        }
        atomic_write_parquet(self.parts / "runs" / f"{result.run}.parquet", pd.DataFrame([row]))
        (self.parts / "failed" / f"{result.run}.json").unlink(missing_ok=True)  # a retry worked

    def write_manifest(self, *, force: bool = False) -> None:
        """Rewrite the manifest with the run statuses kept by record() (at most every 5 s)."""
        if not force and time.monotonic() - self._last_manifest_write < 5:
            return
        atomic_write_json(self.folder / MANIFEST, self.manifest.to_dict())
        self._last_manifest_write = time.monotonic()

    def finish(self, status: str) -> None:
        """Final manifest; when no run is left pending, compact the parts into two tables."""
        if status == "complete" and self.manifest.complete:
            self.compact()
            failed = self.manifest.counts()["failed"]
            status = "complete" if not failed else "complete with failures"
        self.manifest.status = status
        self.manifest.finished = now()
        atomic_write_json(self.folder / MANIFEST, self.manifest.to_dict())

    def compact(self) -> None:
        runs = _read_runs(self.folder)
        series = _read_timeseries(self.folder)
        atomic_write_parquet(self.folder / "timeseries.parquet", series)
        atomic_write_parquet(self.folder / "runs.parquet", runs)
        for sub in ("runs", "timeseries"):
            for part in (self.parts / sub).glob("*.parquet"):
                part.unlink()

    def close(self) -> None:
        self.lock.release()


# ------------------------------------------------------------------ manifest


def new_manifest(spec: ExperimentSpec, points: list[DesignPoint], tasks: list[Task]) -> Manifest:
    return Manifest(
        experiment=ExperimentInfo.from_dict(spec.to_dict(), "the experiment"),
        spec_hash=spec.spec_hash(),
        code_version=code_version(),
        provenance=provenance(),
        master_seed=spec.master_seed,
        seeds=sorted({t.seed for t in tasks}, key=[t.seed for t in tasks].index),
        points=[
            PointInfo(p.point, p.scenario, p.label, p.factors, p.params, p.sample) for p in points
        ],
        runs=[RunStatus(t.run, t.point, t.replication, t.seed) for t in tasks],
        started=now(),
    )


def read_manifest(folder: Path) -> Manifest:
    folder = Path(folder)
    if not folder.exists():
        raise GovsimError(f"results folder {folder} does not exist")
    if not folder.is_dir():
        raise GovsimError(f"{folder} is a file, not a results folder")
    path = folder / MANIFEST
    if not path.exists():
        raise GovsimError(
            f"{folder} is not a govsim results folder (it has no {MANIFEST}); "
            "run `govsim sweep` to make one"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GovsimError(f"cannot read {path}: {exc}") from None
    return Manifest.from_dict(data, path)


def reconcile(manifest: Manifest, folder: Path) -> Manifest:
    """Set each run's status in the manifest from the files: done, failed or pending."""
    done = {}
    if (Path(folder) / "runs.parquet").exists() or any(
        (Path(folder) / "parts" / "runs").glob("*.parquet")
    ):
        table = _read_runs(folder)
        done = dict(zip(table["run"], table["seconds"], strict=True))
    failed = {}
    for path in (Path(folder) / "parts" / "failed").glob("*.json"):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue  # a half-written record cannot exist (atomic writes); be lenient anyway
        failed[record["run"]] = record
    for run in manifest.runs:
        if run.run in done:
            run.status, run.seconds, run.error = "done", float(done[run.run]), None
        elif run.run in failed:
            record = failed[run.run]
            run.status, run.seconds, run.error = (
                "failed",
                record.get("seconds"),
                record.get("error"),
            )
        else:
            run.status, run.seconds, run.error = "pending", None, None
    return manifest


# ------------------------------------------------------------------ reading


def _read_table(folder: Path, name: str, order: list[str]) -> pd.DataFrame:
    folder = Path(folder)
    frames = []
    compacted = folder / f"{name}.parquet"
    if compacted.exists():
        frames.append(pd.read_parquet(compacted))
    parts = (
        sorted((folder / "parts" / name).glob("*.parquet"))
        if (folder / "parts" / name).exists()
        else []
    )
    if parts:
        frames.append(ds.dataset([str(p) for p in parts], format="parquet").to_table().to_pandas())
    if not frames:
        return pd.DataFrame(columns=KEYS)
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    subset = ["run", "step"] if "step" in table.columns else ["run"]
    table = table.drop_duplicates(subset=subset, keep="first")
    return table.sort_values(order, kind="stable").reset_index(drop=True)


def _read_runs(folder: Path) -> pd.DataFrame:
    return _read_table(folder, "runs", ["point", "replication"])


def _read_timeseries(folder: Path) -> pd.DataFrame:
    table = _read_table(folder, "timeseries", ["point", "replication", "step"])
    done = set(_read_runs(folder)["run"])
    return table[table["run"].isin(done)].reset_index(drop=True)  # only runs marked complete


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


def load_results(folder: str | Path) -> Results:
    """Read a results folder (complete, still running, or interrupted)."""
    folder = Path(folder)
    manifest = reconcile(read_manifest(folder), folder)
    runs = _read_runs(folder)
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
    if failed:
        failed_frame = pd.DataFrame(failed)
        point_of = [manifest.point(i) for i in failed_frame["point"]]
        failed_frame.insert(2, "scenario", [p.scenario for p in point_of])
        for factor in manifest.experiment.factor_names:
            failed_frame[factor] = [p.factors[factor] for p in point_of]
        runs = (
            pd.concat([runs, failed_frame], ignore_index=True)
            .sort_values(["point", "replication"], kind="stable")
            .reset_index(drop=True)
        )
    return Results(folder, manifest, runs, _read_timeseries(folder))
