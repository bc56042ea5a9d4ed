"""Helpers of the hostile-input suite: small results folders to damage, a way to run `govsim`
in this process, and a fingerprint of every file so a test can say nothing was changed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.experiments.design import design_points, tasks
from sim.experiments.execute import run_task
from sim.experiments.spec import load_experiment
from sim.experiments.store import MANIFEST, ResultsStore
from sim.experiments.sweep import run_sweep

ROOT = Path(__file__).resolve().parent.parent

GRID = """
[experiment]
title_en = "Hostile grid"
scenarios = ["baseline", "combined"]
replications = 2
master_seed = 5
steps = 4
metrics = ["satisfaction_mean", "participation_rate", "needs_met_rate", "backlog"]
[fixed]
n_households = 100
"""

LHS = """
[experiment]
design = "lhs"
samples = 6
replications = 1
master_seed = 3
steps = 3
metrics = ["satisfaction_mean", "participation_rate"]
[fixed]
n_households = 100
[factors]
event_variety = { range = [1, 3] }
"""

TINY = "[fixed]\nn_households = 100\n"


@dataclass(frozen=True)
class Base:
    """Results folders built once per session, copied into each case's folder."""

    folder: Path
    complete: Path  # a finished grid sweep (compacted tables)
    partial: Path  # the same sweep stopped after 3 runs (part files, status running)
    lhs: Path  # a finished LHS sweep whose integer factor rounds to repeated values
    other: Path  # the same grid with another master seed (for a manifest copied across)
    grid_file: Path


def build_base(folder: Path) -> Base:
    folder.mkdir(parents=True, exist_ok=True)
    grid = folder / "grid.toml"
    grid.write_text(GRID, encoding="utf-8")
    run_sweep(load_experiment(grid), folder / "complete", progress=False)
    other = folder / "other.toml"
    other.write_text(GRID.replace("master_seed = 5", "master_seed = 6"), encoding="utf-8")
    run_sweep(load_experiment(other), folder / "other", progress=False)
    lhs = folder / "lhs.toml"
    lhs.write_text(LHS, encoding="utf-8")
    run_sweep(load_experiment(lhs), folder / "lhs", progress=False)
    _partial(load_experiment(grid), folder / "partial", 3)
    for path in (folder / "complete", folder / "other", folder / "lhs", folder / "partial"):
        (path / ".lock").unlink(missing_ok=True)
    return Base(
        folder,
        folder / "complete",
        folder / "partial",
        folder / "lhs",
        folder / "other",
        grid,
    )


def _partial(spec, out: Path, n: int) -> None:
    """A sweep that stopped after `n` runs, as a killed one leaves it (no compaction)."""
    points = design_points(spec)
    all_tasks = tasks(spec, points)
    store = ResultsStore.open_for_sweep(out, spec, points, all_tasks, resume=False, session={})
    for task in all_tasks[:n]:
        store.record(run_task(task), points[task.point], [])
    store.write_manifest(force=True)
    store.close()


def copy_results(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def edit_manifest(folder: Path, change) -> None:
    path = folder / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)  # changes `data` in place
    path.write_text(json.dumps(data), encoding="utf-8")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def foreign_parquet(path: Path) -> None:
    pd.DataFrame({"a": [1, 2], "b": ["x", "y"]}).to_parquet(path)


def fingerprint(*roots: Path) -> dict[str, str]:
    """Hash of every regular file under `roots` (symbolic links by their target name)."""
    out = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in filenames + [d for d in dirnames if Path(dirpath, d).is_symlink()]:
                path = Path(dirpath, name)
                if path.is_symlink():
                    out[str(path)] = "link:" + os.readlink(path)
                elif path.is_file():
                    out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    out[str(path)] = "special"
    return out


def changed(before: dict[str, str], after: dict[str, str], *, allow_new: bool) -> list[str]:
    """Files that existed before and were changed or removed (and, unless allow_new, files
    that appeared)."""
    problems = [f"changed or removed: {p}" for p, h in before.items() if after.get(p) != h]
    if not allow_new:
        problems += [f"new file: {p}" for p in after if p not in before and not _ours(p)]
    return problems


def _ours(path: str) -> bool:
    """Files a refused command may leave: none, except the lock file of a folder it locked."""
    return Path(path).name == ".lock"
