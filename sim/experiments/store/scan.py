"""Scanning a results folder: what its files say, each checked against the manifest (key
columns, spec hash, run names), and the run statuses that follow from them. The files, not
the manifest, say which runs are done."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.errors import GovsimError, ResultsError
from sim.experiments.manifest import Manifest
from sim.experiments.store.layout import (
    DTYPES,
    KEYS,
    MANIFEST,
    SPEC_HASH_KEY,
    TABLE_KEYS,
    advice,
    confine,
)
from sim.fileio import os_problem, path_kind, read_json, read_parquet_table


@dataclass
class Scan:
    """What the files of a results folder hold: the done runs' rows, the runs with a time
    series, the failed records, and (when reading leniently, for --resume) the files that
    could not be read and will be redone."""

    runs: pd.DataFrame
    series: pd.DataFrame
    failed: dict
    problems: list


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
                    raise ResultsError(f"{exc}; {advice(folder)}") from None
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
                raise ResultsError(f"{exc}; {advice(folder)}") from None
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
