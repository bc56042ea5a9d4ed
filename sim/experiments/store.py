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

Reading never trusts the folder: every file goes through `sim.fileio`, the key columns are
checked against the manifest (a manifest copied from another sweep is caught), Parquet files
carry the spec hash in their metadata, and the run statuses always come from the files, so
a manifest left `running` by `kill -9` is read as it really stands. A run counts as done
only once both its files are written.
"""

from __future__ import annotations

import fcntl
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from sim.errors import GovsimError, OutputError, ResultsError
from sim.experiments.design import DesignPoint, Task
from sim.experiments.execute import RunResult
from sim.experiments.files import (
    atomic_write_json,
    atomic_write_parquet,
    orphan_temporaries,
    write_error,
)
from sim.experiments.manifest import (
    ExperimentInfo,
    Manifest,
    ManifestError,
    PointInfo,
    RunStatus,
)
from sim.experiments.provenance import code_version, provenance
from sim.experiments.spec import ExperimentSpec
from sim.fileio import os_problem, path_kind, read_json, read_parquet_table
from sim.model.simulate import final_quarter

MANIFEST = "manifest.json"
KEYS = ["run", "point", "scenario", "replication", "seed"]
TABLE_KEYS = {"runs": [*KEYS, "seconds"], "timeseries": [*KEYS, "step"]}
DTYPES = {
    "run": "object",
    "scenario": "object",
    "point": "int64",
    "replication": "int64",
    "seed": "int64",
    "step": "int64",
    "seconds": "float64",
}
SPEC_HASH_KEY = "govsim.spec_hash"  # in the Parquet metadata of every table a sweep writes
PART_DIRS = ("runs", "timeseries", "failed")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SweepLock:
    """An exclusive lock on a results folder, released by the OS if the holder dies."""

    def __init__(self, folder: Path):
        self.path = folder / ".lock"
        self.handle = None

    def acquire(self) -> None:
        """Take the lock. A lock file left by a sweep that died is taken over (the OS
        released its flock when the process ended); a live holder is refused."""
        try:
            handle = open(self.path, "a+")  # noqa: SIM115 - held open for the sweep's lifetime
        except OSError as exc:
            raise OutputError(
                f"cannot lock results folder {self.path.parent}: {os_problem(exc)}"
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read(200).strip() or "another process"
            handle.close()
            raise GovsimError(
                f"results folder {self.path.parent} is being written by another sweep "
                f"({holder}); wait for it to finish or choose another folder with --out"
            ) from None
        except OSError as exc:
            handle.close()
            raise OutputError(
                f"cannot lock results folder {self.path.parent}: {os_problem(exc)}"
            ) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} on {socket.gethostname()}, since {now()}")
            handle.flush()
        except OSError as exc:
            handle.close()
            raise write_error(self.path, exc) from None
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
            try:
                for sub in PART_DIRS:
                    (folder / "parts" / sub).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(
                    f"cannot create results folder {folder}: {os_problem(exc)}"
                ) from None
            if store.lock.handle is None:
                store.lock.acquire()
            store._remove_temporaries()
            if has_manifest:
                store.manifest = read_manifest(folder)
                if store.manifest.spec_hash not in (spec.spec_hash(), spec.legacy_spec_hash()):
                    raise GovsimError(
                        f"results folder {folder} holds a sweep of a different experiment "
                        f"(spec hash {store.manifest.spec_hash}, this one {spec.spec_hash()}); "
                        "an unchanged experiment file and the same --replications/--steps are "
                        "needed to resume"
                    )
                if {r.run for r in store.manifest.runs} != {t.run for t in tasks}:
                    raise GovsimError(
                        f"{folder / MANIFEST} lists other runs than this experiment gives "
                        "(written by another version of govsim?); finish it with that version "
                        "or start a new folder with --out"
                    )
                # the files say what is done (a damaged part file is run again); from here on,
                # record() keeps the statuses
                reconcile(store.manifest, folder, strict=False, problems=store.problems)
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


def enclosing_results_folder(path: Path, *, include_self: bool = True) -> Path | None:
    """The results folder (one with a govsim manifest) that `path` is in, if any."""
    try:
        path = Path(path).absolute()
    except OSError:
        return None
    candidates = [path, *path.parents] if include_self else list(path.parents)
    for folder in candidates:
        if path_kind(folder / MANIFEST) == "file" and path_kind(folder / "parts") == "folder":
            return folder
    return None


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


def read_manifest(folder: Path, root: Path | None = None) -> Manifest:
    """The typed manifest of a results folder; anything wrong is a ResultsError naming it."""
    folder = _results_folder(folder)
    path = folder / MANIFEST
    if path_kind(path) == "missing" and not path.is_symlink():
        raise ResultsError(
            f"{folder} is not a govsim results folder (it has no {MANIFEST}); "
            "run `govsim sweep` to make one"
        )
    confine(path, root)
    data = read_json(path, "manifest", ManifestError)
    try:
        return Manifest.from_dict(data, path)
    except GovsimError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        raise ManifestError(f"{path} is damaged: {type(exc).__name__}: {exc}") from None


def _results_folder(folder) -> Path:
    if not isinstance(folder, str | os.PathLike):
        raise ResultsError(
            f"a results folder is a path (str or pathlib.Path), not {type(folder).__name__}"
        )
    if not str(folder).strip():
        raise ResultsError("the results folder name is empty")
    folder = Path(folder)
    kind = path_kind(folder)
    if kind == "missing":
        raise ResultsError(f"results folder {folder} does not exist")
    if kind != "folder":
        raise ResultsError(f"{folder} is a file, not a results folder")
    return folder


def confine(path: Path, root: Path | None) -> None:
    """Refuse a file whose real location (symbolic links followed) is outside `root`."""
    if root is None:
        return
    try:
        real, base = Path(path).resolve(), Path(root).resolve()
    except (OSError, RuntimeError) as exc:
        raise ResultsError(f"cannot follow {path}: {exc}") from None
    if not real.is_relative_to(base):
        raise ResultsError(
            f"{path} is a symbolic link to {real}, outside the results root {base}; it is not read"
        )


def sweep_running(folder: Path) -> bool:
    """True when a sweep holds the folder's lock right now (it is being written)."""
    try:
        with open(Path(folder) / ".lock", "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    except OSError:
        return False


# ------------------------------------------------------------------ reading


@dataclass
class Scan:
    """What the files of a results folder hold: the done runs' rows, the runs with a time
    series, the failed records, and (when reading leniently, for --resume) the files that
    could not be read and will be redone."""

    runs: pd.DataFrame
    series: pd.DataFrame
    failed: dict
    problems: list


def _advice(folder: Path) -> str:
    return f"`govsim sweep EXPERIMENT --resume --out {folder}` runs them again"


def _table_files(folder: Path, name: str, root: Path | None) -> tuple[Path | None, list[Path]]:
    compacted = folder / f"{name}.parquet"
    if path_kind(compacted) == "missing" and not compacted.is_symlink():
        compacted = None
    parts_dir = folder / "parts" / name
    parts = []
    if path_kind(parts_dir) == "folder":
        try:
            parts = sorted(p for p in parts_dir.glob("*.parquet"))
        except OSError as exc:
            raise ResultsError(f"cannot list {parts_dir}: {os_problem(exc)}") from None
    for path in ([compacted] if compacted else []) + parts:
        confine(path, root)
    return compacted, parts


def _check_metadata(path: Path, metadata, manifest: Manifest) -> None:
    written = (metadata or {}).get(SPEC_HASH_KEY.encode())
    if written is not None and written.decode("utf-8", "replace") != manifest.spec_hash:
        raise ResultsError(
            f"{path} was written by another sweep (spec hash {written.decode('utf-8', 'replace')}"
            f", the manifest's is {manifest.spec_hash}); was {MANIFEST} or this file copied "
            "from another results folder?"
        )


def _read_one(path: Path, what: str, manifest: Manifest, columns, required):
    table = read_parquet_table(path, what, ResultsError, columns, required)
    _check_metadata(path, table.schema.metadata, manifest)
    return table


def _read_parts(parts, what, manifest, columns, required, strict, problems, folder):
    """The part files as one table; a damaged part is an error (strict) or skipped."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not parts:
        return None
    try:
        dataset = ds.dataset([str(p) for p in parts], format="parquet")
        table = dataset.to_table(columns=columns)
        for path, fragment in zip(parts, dataset.get_fragments(), strict=True):
            schema = fragment.physical_schema
            if not set(required) <= set(schema.names):
                raise ValueError(f"{path} lacks columns")
            _check_metadata(path, schema.metadata, manifest)
        return table
    except GovsimError:
        raise
    except Exception:  # noqa: BLE001 - some part is damaged: read them one by one to name it
        tables = []
        for path in parts:
            try:
                tables.append(_read_one(path, what, manifest, columns, required))
            except ResultsError as exc:
                if strict or "another sweep" in str(exc):
                    raise ResultsError(f"{exc}; {_advice(folder)}") from None
                problems.append(str(exc))
        if not tables:
            return None
        try:
            return pa.concat_tables(tables, promote_options="permissive")
        except (pa.ArrowException, ValueError) as exc:
            raise ResultsError(f"the part files of {what} do not fit together: {exc}") from None


def _read_table(
    folder: Path,
    name: str,
    manifest: Manifest,
    *,
    columns: list[str] | None,
    strict: bool,
    problems: list,
    root: Path | None,
) -> pd.DataFrame:
    """One table (compacted file and part files), checked against the manifest: the key
    columns are there, of the right kind, and every run is one of the manifest's runs.
    `columns`: None for every column, else the key columns and these."""
    import pyarrow as pa

    compacted, parts = _table_files(folder, name, root)
    required = TABLE_KEYS[name]
    wanted = None if columns is None else list(dict.fromkeys([*required, *columns]))
    tables = []
    if compacted is not None:
        tables.append(_read_one(compacted, f"{name} table", manifest, wanted, required))
    part_table = _read_parts(
        parts, f"{name} part file", manifest, wanted, required, strict, problems, folder
    )
    if part_table is not None:
        tables.append(part_table)
    if not tables:
        return pd.DataFrame({c: pd.Series(dtype=DTYPES.get(c, "float64")) for c in required})
    try:
        frames = [t.to_pandas() for t in tables]
    except (pa.ArrowException, ValueError, TypeError) as exc:
        raise ResultsError(f"the {name} tables of {folder} cannot be read: {exc}") from None
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    where = (
        str(compacted) if compacted is not None and not parts else f"the {name} files of {folder}"
    )
    table = _checked_keys(table, name, manifest, where)
    subset = ["run", "step"] if name == "timeseries" else ["run"]
    table = table.drop_duplicates(subset=subset, keep="first")
    order = ["point", "replication", "step"] if name == "timeseries" else ["point", "replication"]
    return table.sort_values(order, kind="stable").reset_index(drop=True)


def _checked_keys(table: pd.DataFrame, name: str, manifest: Manifest, where: str) -> pd.DataFrame:
    """The key columns as the manifest says they are, or a ResultsError naming the table."""
    for column in TABLE_KEYS[name]:
        if column not in table.columns:
            raise ResultsError(f"{where}: not a govsim {name} table (no '{column}' column)")
    for column in TABLE_KEYS[name]:
        if table[column].isna().any():
            raise ResultsError(f"{where}: the '{column}' column has empty values")
    numeric = [c for c in ("point", "replication", "seed", "step", "seconds") if c in table]
    for column in numeric:
        if not pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(
            table[column]
        ):
            raise ResultsError(f"{where}: the '{column}' column does not hold numbers")
    if not all(isinstance(r, str) for r in table["run"].head(1000)):
        raise ResultsError(f"{where}: the 'run' column does not hold run names")
    expected = _manifest_keys(manifest)
    keys = table[KEYS].drop_duplicates()
    merged = keys.merge(expected, on="run", how="left", suffixes=("", "_manifest"))
    unknown = merged["point_manifest"].isna()
    if unknown.any():
        run = merged.loc[unknown, "run"].iloc[0]
        raise ResultsError(
            f"{where}: run {run!r} is not one of the runs of {MANIFEST}; the files do not "
            f"belong to this manifest (was {MANIFEST} copied from another results folder?)"
        )
    for column in ("point", "scenario", "replication", "seed"):
        differs = merged[column] != merged[f"{column}_manifest"]
        if differs.any():
            row = merged[differs].iloc[0]
            raise ResultsError(
                f"{where}: run {row['run']} has {column} {row[column]} there but "
                f"{row[f'{column}_manifest']} in {MANIFEST}; the files do not belong to this "
                f"manifest (was {MANIFEST} copied from another results folder?)"
            )
    if len(keys) != keys["run"].nunique():
        raise ResultsError(f"{where}: a run appears with two different keys")
    return table


def _manifest_keys(manifest: Manifest) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "run": [r.run for r in manifest.runs],
            "point": [r.point for r in manifest.runs],
            "scenario": [manifest.point(r.point).scenario for r in manifest.runs],
            "replication": [r.replication for r in manifest.runs],
            "seed": [r.seed for r in manifest.runs],
        }
    )


def _read_failed(folder: Path, manifest: Manifest, strict: bool, problems: list, root) -> dict:
    failed = {}
    directory = folder / "parts" / "failed"
    if path_kind(directory) != "folder":
        return failed
    known = {r.run for r in manifest.runs}
    try:
        paths = sorted(directory.glob("*.json"))
    except OSError as exc:
        raise ResultsError(f"cannot list {directory}: {os_problem(exc)}") from None
    for path in paths:
        try:
            confine(path, root)
            record = read_json(path, "failed-run record", ResultsError)
            if not isinstance(record, dict) or not isinstance(record.get("run"), str):
                raise ResultsError(f"failed-run record {path} has no 'run' name")
            if record["run"] not in known:
                raise ResultsError(
                    f"failed-run record {path} names run {record['run']!r}, which is not one "
                    f"of the runs of {MANIFEST}"
                )
            seconds = record.get("seconds")
            error = record.get("error")
            record = {
                "run": record["run"],
                "seconds": float(seconds)
                if isinstance(seconds, int | float) and not isinstance(seconds, bool)
                else None,
                "error": error
                if isinstance(error, str)
                else (None if error is None else str(error)),
            }
        except ResultsError as exc:
            if strict:
                raise ResultsError(f"{exc}; {_advice(folder)}") from None
            problems.append(str(exc))
            continue
        failed[record["run"]] = record
    return failed


def scan(
    folder: Path,
    manifest: Manifest,
    *,
    full: bool,
    strict: bool = True,
    root: Path | None = None,
) -> Scan:
    """Read what the files of `folder` say (checked against `manifest`)."""
    folder = Path(folder)
    problems: list[str] = []
    run_columns = None if full else ["seconds"]
    runs = _read_table(
        folder, "runs", manifest, columns=run_columns, strict=strict, problems=problems, root=root
    )
    series = _read_table(
        folder,
        "timeseries",
        manifest,
        columns=None if full else [],
        strict=strict,
        problems=problems,
        root=root,
    )
    failed = _read_failed(folder, manifest, strict, problems, root)
    return Scan(runs, series, failed, problems)


def apply_scan(manifest: Manifest, found: Scan) -> Manifest:
    """Set each run's status from the files: done (its row and its time series are both
    there), failed (a failed record), else pending."""
    with_series = set(found.series["run"])
    seconds = pd.to_numeric(found.runs["seconds"], errors="coerce")
    done = {
        run: float(s) if s == s else None
        for run, s in zip(found.runs["run"], seconds, strict=True)
        if run in with_series
    }
    for run in manifest.runs:
        if run.run in done:
            run.status, run.seconds, run.error = "done", done[run.run], None
        elif run.run in found.failed:
            record = found.failed[run.run]
            run.status, run.seconds, run.error = "failed", record["seconds"], record["error"]
        else:
            run.status, run.seconds, run.error = "pending", None, None
    return manifest


def reconcile(
    manifest: Manifest,
    folder: Path,
    *,
    strict: bool = True,
    root: Path | None = None,
    problems: list | None = None,
) -> Manifest:
    """Set each run's status in the manifest from the files: done, failed or pending.

    strict: a damaged file is a ResultsError; otherwise (for --resume) a damaged part file's
    run is counted pending, so it is run again, and the problem is added to `problems`.
    """
    found = scan(folder, manifest, full=False, strict=strict, root=root)
    if problems is not None:
        problems.extend(found.problems)
    return apply_scan(manifest, found)


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
    folder = _results_folder(folder)
    try:
        manifest = read_manifest(folder, root)
        found = scan(folder, manifest, full=True, strict=True, root=root)
    except ResultsError:
        if not sweep_running(folder):
            raise
        time.sleep(1.0)  # a sweep was compacting its parts as we read: read again, once
        manifest = read_manifest(folder, root)
        found = scan(folder, manifest, full=True, strict=True, root=root)
    claimed = manifest.counts()
    apply_scan(manifest, found)
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
            f"{_advice(folder)}"
        )
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
            failed_frame[factor] = [p.factors.get(factor) for p in point_of]
        runs = (
            pd.concat([runs, failed_frame], ignore_index=True)
            .sort_values(["point", "replication"], kind="stable")
            .reset_index(drop=True)
        )
    return Results(folder, manifest, runs, series)
