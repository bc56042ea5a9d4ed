"""Setting aside a results folder made by another version of the model.

`--resume` refuses such a folder: its runs and new ones would not be comparable. `make demo`
should still work after a change to the model, so `govsim sweep --resume
--set-aside-other-model` renames the old folder (kept, never deleted) and starts afresh."""

from __future__ import annotations

from pathlib import Path

from sim.errors import OutputError
from sim.experiments.provenance import model_fingerprint
from sim.experiments.store.layout import MANIFEST, read_manifest
from sim.experiments.store.lock import SweepLock
from sim.fileio import os_problem, path_kind


def set_aside_if_other_model(folder: Path) -> Path | None:
    """Rename `folder` to `FOLDER.model-FINGERPRINT` when its sweep was made by another
    version of the model; return the new name, or None when there is nothing to set aside
    (no folder, no manifest, or the same model). A sweep writing the folder is refused."""
    folder = Path(folder)
    if path_kind(folder / MANIFEST) == "missing":
        return None
    made_by = read_manifest(folder).provenance.get("model_fingerprint")
    if made_by == model_fingerprint():
        return None
    target = _free_name(folder, f"model-{made_by or 'unrecorded'}")
    lock = SweepLock(folder)
    lock.acquire()  # refuses if a sweep is writing the folder right now
    try:
        folder.rename(target)
    except OSError as exc:
        raise OutputError(f"cannot rename {folder} to {target}: {os_problem(exc)}") from None
    finally:
        lock.release()
    return target


def _free_name(folder: Path, tag: str) -> Path:
    """FOLDER.TAG, or FOLDER.TAG-2, -3, ... if that is taken: nothing is overwritten."""
    candidate = folder.with_name(f"{folder.name}.{tag}")
    number = 2
    while path_kind(candidate) != "missing" or candidate.is_symlink():
        candidate = folder.with_name(f"{folder.name}.{tag}-{number}")
        number += 1
    return candidate
