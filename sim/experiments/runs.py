"""Run named scenarios on paired seeds in this process (`govsim run`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.errors import OutputError
from sim.experiments.files import (
    atomic_write_csv,
    atomic_write_json,
    atomic_write_parquet,
    ensure_output_dir,
)
from sim.experiments.provenance import provenance
from sim.experiments.store import enclosing_results_folder
from sim.fileio import path_kind, read_json
from sim.model import simulate
from sim.parameters import Scenario

KIND = "govsim-run"
FILES = ("weekly.parquet", "weekly.csv", "parameters.json")


def run_scenarios(
    scenarios: list[Scenario], seeds: list[int], steps: int | None = None, engine: str = "fast"
) -> pd.DataFrame:
    """Every scenario on every seed (the same seeds for all: paired); one row per run-week,
    by the engine named (sim.simulate)."""
    frames = []
    for scenario in scenarios:
        for seed in seeds:
            frame = simulate(scenario, seed=seed, steps=steps, engine=engine)
            frame.insert(0, "seed", seed)
            frame.insert(0, "scenario", scenario.name)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def is_earlier_run(folder: Path) -> bool:
    """Whether `folder` holds what `govsim run --out` wrote (its parameters.json says so)."""
    path = Path(folder) / "parameters.json"
    if path_kind(path) != "file":
        return False
    try:
        data = read_json(path, "parameters file")
    except Exception:  # noqa: BLE001 - unreadable: not ours
        return False
    if not isinstance(data, dict):
        return False
    return data.get("kind") == KIND or {"seeds", "scenarios", "provenance"} <= set(data)


def check_run_folder(out: Path, *, force: bool = False) -> str | None:
    """Refuse an --out folder that `govsim run` must not write into; returns what would be
    replaced ('the earlier run', 'files') or None for an empty or new folder.

    Refused: a file or device; a results folder of a sweep, or anything inside one; a
    non-empty folder that holds no earlier run, unless `force`.
    """
    out = Path(out)
    if not str(out).strip():
        raise OutputError("--out is empty; give the folder to write into")
    kind = path_kind(out)
    if kind in ("file", "other"):
        raise OutputError(f"output folder {out} is a file; give a folder to write into")
    sweep = enclosing_results_folder(out)
    if sweep is not None:
        where = (
            "is the results folder of a sweep"
            if sweep == out.absolute()
            else (f"is inside the results folder {sweep}")
        )
        raise OutputError(
            f"output folder {out} {where}; `govsim run` does not write there, choose "
            "another folder with --out"
        )
    if kind == "missing":
        parent = out.absolute().parent
        while path_kind(parent) == "missing" and parent != parent.parent:
            parent = parent.parent
        if path_kind(parent) != "folder":
            raise OutputError(f"cannot create output folder {out}: {parent} is not a folder")
        return None
    try:
        entries = sorted(p.name for p in out.iterdir())
    except OSError as exc:
        raise OutputError(f"cannot look into output folder {out}: {exc.strerror}") from None
    if not entries:
        return None
    if is_earlier_run(out):
        return "the earlier run's " + ", ".join(f for f in FILES if f in entries)
    if force:
        return "files (--force)" if any(f in entries for f in FILES) else None
    shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
    raise OutputError(
        f"output folder {out} is not empty ({shown}) and holds no earlier `govsim run`; "
        "choose an empty or new folder, or add --force to write "
        f"{', '.join(FILES)} into it"
    )


def write_runs(
    out: Path,
    weekly: pd.DataFrame,
    scenarios: list[Scenario],
    seeds: list[int],
    steps: int | None,
    engine: str = "fast",
) -> list[Path]:
    """Write the weekly table (Parquet and CSV) and the resolved parameters (and the engine
    that ran them) into `out`."""
    out = ensure_output_dir(out)
    paths = [out / "weekly.parquet", out / "weekly.csv", out / "parameters.json"]
    atomic_write_parquet(paths[0], weekly)
    atomic_write_csv(paths[1], weekly)
    atomic_write_json(
        paths[2],
        {
            "kind": KIND,
            "seeds": seeds,
            "steps": steps,
            "engine": engine,
            "scenarios": {s.name: s.to_dict() for s in scenarios},
            "provenance": provenance(),
        },
    )
    return paths
