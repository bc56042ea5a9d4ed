"""Where `govsim report` may write: only over its own reports, never into a results folder
but as that folder's own report-*.html, never through a link or onto a folder or device.

Kept apart from the report's content (sim.app.report), which imports these."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from sim.errors import OutputError
from sim.experiments.store import enclosing_results_folder
from sim.fileio import path_kind

GENERATOR = '<meta name="generator" content="govsim">'  # how `report --out` knows its own files


def is_report(path: Path) -> bool:
    """Whether the file at `path` is a report govsim wrote (its head carries GENERATOR; older
    reports are known by their table style)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192).decode("utf-8", "replace")
    except OSError:
        return False
    return GENERATOR in head or ("<!DOCTYPE html>" in head and "table.govsim-table" in head)


def check_report_target(path: Path, folder: str | Path | None = None) -> None:
    """Refuse to write a report where it would destroy something govsim did not write: an
    existing file that is not a govsim report, a folder, a device or pipe, a symbolic link,
    and any file inside a results folder other than the report-*.html files of the results
    folder `folder` being reported."""
    path = Path(path)
    if path.name in ("", ".", ".."):
        raise OutputError(f"--out {path} is not a file name; give one ending in .html")
    kind = path_kind(path)
    if path.is_symlink():
        raise OutputError(f"--out {path} is a symbolic link; give the file itself")
    if kind == "folder":
        raise OutputError(f"--out {path} is a folder; give a file name ending in .html")
    if kind == "other":
        raise OutputError(
            f"--out {path} is a device, pipe or socket, not a file; it is not replaced"
        )
    if path_kind(path.parent) != "folder":
        raise OutputError(f"cannot write {path}: folder {path.parent} does not exist")
    sweep = enclosing_results_folder(path.parent)
    own = (
        sweep is not None
        and folder is not None
        and path.parent.resolve() == Path(folder).resolve()
        and fnmatch(path.name, "report-*.html")
    )
    if sweep is not None and not own:
        raise OutputError(
            f"--out {path} is inside the results folder {sweep}, where only its own "
            "report-*.html files are written; choose another name or folder"
        )
    if kind == "file" and not own and not is_report(path):
        raise OutputError(
            f"--out {path} exists and is not a govsim report; it is not replaced. Choose "
            "another name, or move the file away first"
        )
