"""Writing a sweep's results folder: opened once (checked, locked, its manifest written or
brought up to date for --resume), then each finished run written as its own part files, and
at the end compacted into two tables. See the package docstring for the layout."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from sim.errors import GovsimError, OutputError
from sim.experiments.design import DesignPoint, Task
from sim.experiments.execute import RunResult
from sim.experiments.files import atomic_write_json, atomic_write_parquet, orphan_temporaries
from sim.experiments.manifest import ExperimentInfo, Manifest, PointInfo, RunStatus
from sim.experiments.provenance import code_version, model_fingerprint, provenance
from sim.experiments.spec import ExperimentSpec
from sim.experiments.store.layout import (
    MANIFEST,
    PART_DIRS,
    SPEC_HASH_KEY,
    enclosing_results_folder,
    now,
    read_manifest,
)
from sim.experiments.store.lock import SweepLock
from sim.experiments.store.scan import reconcile, scan
from sim.fileio import os_problem, path_kind
from sim.model.simulate import final_quarter


class ResultsStore:
    """Writes one sweep's folder; use `open_for_sweep`, then `record` each result, `finish`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.parts = self.folder / "parts"
        self.lock = SweepLock(self.folder)
        self.manifest: Manifest | None = None
        self._last_manifest_write = 0.0
        self._runs: dict[str, RunStatus] = {}  # the manifest's runs, kept current by record()
        self.problems: list[str] = []  # damaged files found on --resume (their runs are redone)

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
        """Check the folder, take its lock and write the manifest; nothing is overwritten.

        A folder that a sweep left before writing its first manifest (only `.lock` and
        empty `parts/` folders) counts as empty. On --resume, the manifest is brought up to
        date from the files, damaged part files are redone, and orphan temporary files are
        removed.
        """
        folder = Path(folder)
        _check_output_folder(folder)
        store = cls(folder)
        if (folder / ".lock").exists():
            store.lock.acquire()  # refuses at once if another sweep is writing here
        try:
            existing = folder / MANIFEST
            has_manifest = path_kind(existing) != "missing" or existing.is_symlink()
            if has_manifest and not resume:
                raise GovsimError(
                    f"results folder {folder} already holds a sweep; use --resume to finish "
                    "it, or --out to write a new one elsewhere"
                )
            if not has_manifest and path_kind(folder) == "folder":
                _check_unstarted(folder, resume)
            _make_part_dirs(folder)
            if store.lock.handle is None:
                store.lock.acquire()
            store._remove_temporaries()
            if has_manifest:
                store.manifest = store._resumed_manifest(spec, tasks)
            else:
                store.manifest = new_manifest(spec, points, tasks)
            store._runs = {r.run: r for r in store.manifest.runs}
            store.manifest.sessions.append(session)
            store.manifest.status = "running"
            store.manifest.finished = None
            store.write_manifest(force=True)
        except BaseException:
            store.lock.release()
            raise
        return store

    def _resumed_manifest(self, spec: ExperimentSpec, tasks: list[Task]) -> Manifest:
        """The folder's manifest, if it is a sweep of this experiment, with the statuses the
        files give: a damaged part file's run is pending (run again); from here on, record()
        keeps the statuses."""
        folder = self.folder
        manifest = read_manifest(folder)
        if manifest.spec_hash not in (spec.spec_hash(), spec.legacy_spec_hash()):
            raise GovsimError(
                f"results folder {folder} holds a sweep of a different experiment "
                f"(spec hash {manifest.spec_hash}, this one {spec.spec_hash()}); "
                "an unchanged experiment file and the same --replications/--steps are "
                "needed to resume"
            )
        # a folder without a fingerprint was written before govsim recorded one, by a model
        # that has changed since (model 2): no more comparable than a different fingerprint
        made_by, now = manifest.provenance.get("model_fingerprint"), model_fingerprint()
        if made_by != now:
            raise GovsimError(
                f"results folder {folder} was made by another version of the model (its "
                f"rules or NumPy changed since: fingerprint {made_by or 'not recorded'}, now "
                f"{now}); its runs and new ones would not be comparable. "
                "Start a new folder with --out, or delete this one to run it again"
            )
        if {r.run for r in manifest.runs} != {t.run for t in tasks}:
            raise GovsimError(
                f"{folder / MANIFEST} lists other runs than this experiment gives "
                "(written by another version of govsim?); finish it with that version "
                "or start a new folder with --out"
            )
        reconcile(manifest, folder, strict=False, problems=self.problems)
        return manifest

    def _remove_temporaries(self) -> None:
        """Temporary files of a writer that was killed (ours, by their name) are removed."""
        for directory in (self.folder, *(self.parts / sub for sub in PART_DIRS)):
            for tmp in orphan_temporaries(directory):
                try:
                    tmp.unlink()
                except OSError as exc:
                    raise OutputError(f"cannot remove {tmp}: {os_problem(exc)}") from None

    # -------------------------------------------------------------- writing

    def done_runs(self) -> set[str]:
        return {run for run, r in self._runs.items() if r.status == "done"}

    def record(self, result: RunResult, point: DesignPoint, factors: list[str]) -> None:
        """Write one finished run: its time series, then its row (which marks it complete).

        The manifest's count changes only after the files are written: a full disk or a
        read-only folder never leaves it claiming a run that has no file."""
        keys = {
            "run": result.run,
            "point": result.point,
            "scenario": point.scenario,
            "replication": result.replication,
            "seed": result.seed,
        }
        entry = self._runs[result.run]
        meta = {SPEC_HASH_KEY: self.manifest.spec_hash}
        if result.status != "done":
            atomic_write_json(
                self.parts / "failed" / f"{result.run}.json",
                {**keys, "seconds": result.seconds, "error": result.error},
            )
            entry.status, entry.seconds, entry.error = result.status, result.seconds, result.error
            return
        weekly = result.weekly
        series = pd.concat(
            [
                pd.DataFrame({k: [v] * len(weekly) for k, v in keys.items()}),
                weekly.reset_index(drop=True),
            ],
            axis=1,
        )
        atomic_write_parquet(self.parts / "timeseries" / f"{result.run}.parquet", series, meta)
        final = final_quarter(weekly)
        row = {
            **keys,
            "status": "done",
            "seconds": result.seconds,
            "error": None,
            **{f: point.factors.get(f) for f in factors},
            **({"world": point.world, **point.uncertain} if point.world is not None else {}),
            **final.to_dict(),
        }
        atomic_write_parquet(
            self.parts / "runs" / f"{result.run}.parquet", pd.DataFrame([row]), meta
        )
        entry.status, entry.seconds, entry.error = result.status, result.seconds, result.error
        failed = self.parts / "failed" / f"{result.run}.json"
        try:
            failed.unlink(missing_ok=True)  # a retry worked
        except OSError as exc:
            raise OutputError(f"cannot remove {failed}: {os_problem(exc)}") from None

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
        found = scan(self.folder, self.manifest, full=True)
        done = self.done_runs()
        meta = {SPEC_HASH_KEY: self.manifest.spec_hash}
        series = found.series[found.series["run"].isin(done)].reset_index(drop=True)
        runs = found.runs[found.runs["run"].isin(done)].reset_index(drop=True)
        atomic_write_parquet(self.folder / "timeseries.parquet", series, meta)
        atomic_write_parquet(self.folder / "runs.parquet", runs, meta)
        for sub in ("runs", "timeseries"):
            for part in (self.parts / sub).glob("*.parquet"):
                try:
                    part.unlink()
                except OSError as exc:
                    raise OutputError(f"cannot remove {part}: {os_problem(exc)}") from None

    def close(self) -> None:
        self.lock.release()


def _check_output_folder(folder: Path) -> None:
    """Refuse an --out that is empty, a file, or inside another results folder."""
    if not str(folder).strip():
        raise OutputError("the results folder name is empty; give one with --out")
    if path_kind(folder) in ("file", "other"):
        raise OutputError(f"results folder {folder} is a file; give a folder with --out")
    enclosing = enclosing_results_folder(folder, include_self=False)
    if enclosing is not None:
        raise OutputError(
            f"{folder} is inside the results folder {enclosing}; give a folder of its own "
            "with --out"
        )


def _make_part_dirs(folder: Path) -> None:
    try:
        for sub in PART_DIRS:
            (folder / "parts" / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create results folder {folder}: {os_problem(exc)}") from None


def _check_unstarted(folder: Path, resume: bool) -> None:
    """Refuse a non-empty folder without a manifest, unless all it holds is what a sweep
    killed before its first manifest write leaves: `.lock`, empty `parts/` folders and
    temporary files."""

    def leftover(path: Path, depth: int) -> bool:
        if path.name == ".lock" and depth == 0:
            return True
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            return True
        if depth == 0 and path.name == "parts" and path.is_dir():
            return all(leftover(p, 1) for p in path.iterdir())
        if depth == 1 and path.name in PART_DIRS and path.is_dir():
            return all(leftover(p, 2) for p in path.iterdir())
        return False

    try:
        others = [p for p in folder.iterdir() if not leftover(p, 0)]
    except OSError as exc:
        raise OutputError(f"cannot look into results folder {folder}: {os_problem(exc)}") from None
    if not others:
        return
    runs = [p for p in others if p.name in ("parts", "runs.parquet", "timeseries.parquet")]
    if runs:
        raise GovsimError(
            f"results folder {folder} holds run files but no {MANIFEST} (was it deleted?); "
            "it cannot be resumed without it: move the folder away and start again, or choose "
            "another folder with --out"
        )
    what = "holds no sweep to resume" if resume else "is not empty and holds no sweep"
    raise GovsimError(
        f"results folder {folder} {what} (it has {others[0].name}); choose an empty or new "
        "folder with --out"
    )


def new_manifest(spec: ExperimentSpec, points: list[DesignPoint], tasks: list[Task]) -> Manifest:
    return Manifest(
        experiment=ExperimentInfo.from_dict(spec.to_dict(), "the experiment"),
        spec_hash=spec.spec_hash(),
        code_version=code_version(),
        provenance=provenance(),
        master_seed=spec.master_seed,
        seeds=sorted({t.seed for t in tasks}, key=[t.seed for t in tasks].index),
        points=[
            PointInfo(
                p.point,
                p.scenario,
                p.label,
                p.factors,
                p.params,
                p.sample,
                p.world,
                p.uncertain,
                p.coefficients,
            )
            for p in points
        ],
        runs=[RunStatus(t.run, t.point, t.replication, t.seed) for t in tasks],
        started=now(),
    )
