"""Results folders under the results root the server was started with: finding them,
opening one by the name the browser shows, and remembering what was read.

Results folders are only ever found by walking that root, and only Parquet and JSON are
read: a name picked in the browser cannot point anywhere else, and nothing is unpickled. A
folder that cannot be read is listed with the reason, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.errors import GovsimError
from sim.experiments.store import MANIFEST, Results, load_results, read_manifest
from sim.fileio import path_kind


@dataclass(frozen=True)
class Folder:
    """A results folder found under the root: its name relative to the root, and either its
    status or why it cannot be read."""

    name: str
    path: Path
    status: str | None = None
    error: str | None = None


def discover(root: Path, depth: int = 2) -> list[Folder]:
    """Results folders at or below `root` (up to `depth` levels), never outside it.

    A folder that cannot be read (no permission, a symbolic link out of the root or round in
    a circle, a damaged manifest) never stops the walk: it is skipped, or listed with its
    error, and every other folder is still found."""
    try:
        root = Path(root).resolve()
    except (OSError, RuntimeError):
        return []
    if path_kind(root) != "folder":
        return []
    found = []
    level = [root]
    for _ in range(depth + 1):
        nxt = []
        for folder in level:
            try:
                has_manifest = (folder / MANIFEST).is_file() or (folder / MANIFEST).is_symlink()
            except OSError:
                continue
            if has_manifest:
                found.append(_describe(root, folder))
                continue  # a sweep's own subfolders (parts/) are not sweeps
            nxt.extend(_subfolders(root, folder))
        level = nxt
    return found


def _subfolders(root: Path, folder: Path) -> list[Path]:
    """The visible subfolders of `folder` whose real location is inside `root`."""
    out = []
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return out
    for child in children:
        try:
            if child.name.startswith(".") or not child.is_dir():
                continue
            if child.resolve().is_relative_to(root):
                out.append(child)
        except (OSError, RuntimeError):
            continue  # unreadable, or a symbolic link going round in a circle
    return out


def _describe(root: Path, folder: Path) -> Folder:
    name = str(folder.relative_to(root)) if folder != root else "."
    try:
        manifest = read_manifest(folder, root)
    except GovsimError as exc:
        return Folder(name, folder, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad folder must not hide the others
        return Folder(name, folder, error=f"cannot read {folder}: {type(exc).__name__}: {exc}")
    return Folder(name, folder, status=manifest.status)


def open_folder(root: Path, name: str) -> Results:
    """Load the results folder called `name` under `root` (only names `discover` lists);
    no file whose real location is outside `root` is read."""
    for folder in discover(root):
        if folder.name == name:
            if folder.error:
                raise GovsimError(folder.error)
            return load_results(folder.path, root=Path(root).resolve())
    raise GovsimError(f"no results folder named {name!r} under {Path(root)}")


# ------------------------------------------------------------------ a cache of folders

_CACHE: dict[tuple, Results] = {}
_CACHE_SIZE = 4


def _stamp(path: Path) -> tuple:
    """What changes when a sweep writes: the manifest's and the tables' modification times."""
    out = []
    for name in (MANIFEST, "runs.parquet", "timeseries.parquet", "parts"):
        try:
            out.append((path / name).stat().st_mtime_ns)
        except OSError:
            out.append(None)
    return tuple(out)


def open_folder_cached(root: Path, name: str) -> Results:
    """`open_folder`, remembered across sessions until the folder's files change (a
    running sweep is re-read when it writes)."""
    for folder in discover(root):
        if folder.name == name:
            if folder.error:
                raise GovsimError(folder.error)
            key = (str(folder.path), _stamp(folder.path))
            if key not in _CACHE:
                results = load_results(folder.path)
                while len(_CACHE) >= _CACHE_SIZE:
                    _CACHE.pop(next(iter(_CACHE)))
                _CACHE[key] = results
            return _CACHE[key]
    raise GovsimError(f"no results folder named {name!r} under {Path(root)}")
