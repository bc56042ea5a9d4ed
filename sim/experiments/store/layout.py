"""What a results folder is: its file names and key columns, how to tell that a path is
(or is inside) one, and its manifest read without trusting it. Shared by the writer, the
scan and the reader of the store, so that they agree on one layout."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from sim.errors import GovsimError, ResultsError
from sim.experiments.manifest import Manifest, ManifestError
from sim.fileio import MAX_MANIFEST_BYTES, path_kind, read_json

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


def read_manifest(folder: Path, root: Path | None = None) -> Manifest:
    """The typed manifest of a results folder; anything wrong is a ResultsError naming it."""
    folder = results_folder(folder)
    path = folder / MANIFEST
    if path_kind(path) == "missing" and not path.is_symlink():
        raise ResultsError(
            f"{folder} is not a govsim results folder (it has no {MANIFEST}); "
            "run `govsim sweep` to make one"
        )
    confine(path, root)
    data = read_json(path, "manifest", ManifestError, MAX_MANIFEST_BYTES)
    try:
        return Manifest.from_dict(data, path)
    except GovsimError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        raise ManifestError(f"{path} is damaged: {type(exc).__name__}: {exc}") from None


def results_folder(folder) -> Path:
    """`folder` as a Path to an existing folder, or a ResultsError saying what it is."""
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


def advice(folder: Path) -> str:
    """How to have the runs of damaged or missing files done again."""
    return f"`govsim sweep EXPERIMENT --resume --out {folder}` runs them again"
