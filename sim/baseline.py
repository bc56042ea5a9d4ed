"""The regression baseline: weekly metrics of every named scenario, stored to rounding.

python -m sim.baseline           # regenerate tests/baseline/*.csv on purpose (`make baseline`)
python -m sim.baseline --check   # compare with the stored tables; exit 1 and say what moved

A change of the model that is not meant to change numbers (a refactor, a faster rule) must
leave these tables identical up to rounding (ROUNDING: NumPy's vectorized sums may differ in
the last bit between processors, which must not fail CI on another machine); a change that
is meant to (a new mechanism, a recalibration) regenerates them in the same commit, and the
commit message says which metrics moved and why.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "baseline"
SIZE = {"n_households": 400, "steps": 40}  # small: the whole set runs in about a second
SEED = 1
ROUNDING = 1e-12  # relative and absolute: rounding, never a change of behaviour


def scenarios() -> list[str]:
    from sim.parameters import available_scenarios

    return available_scenarios()


def compute(name: str) -> pd.DataFrame:
    """The weekly metrics of scenario `name` at the baseline's size and seed."""
    import sim

    return sim.simulate(sim.load_scenario(name, **SIZE), seed=SEED)


def path_of(name: str) -> Path:
    return FOLDER / f"{name}.csv"


def write(name: str, frame: pd.DataFrame) -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path_of(name), index=False, float_format="%.17g")  # round-trips exactly


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(path_of(name))


def differences(stored: pd.DataFrame, fresh: pd.DataFrame) -> list[str]:
    """Lines saying what moved: added or removed columns or weeks, and each metric whose
    values differ by more than rounding (with its first week and the largest change)."""
    lines = []
    for column in stored.columns.difference(fresh.columns):
        lines.append(f"metric {column} is gone")
    for column in fresh.columns.difference(stored.columns):
        lines.append(f"metric {column} is new")
    if len(stored) != len(fresh):
        lines.append(f"{len(fresh)} weeks instead of {len(stored)}")
    rows = min(len(stored), len(fresh))
    for column in (c for c in stored.columns if c in fresh.columns):
        a = stored[column].to_numpy(dtype=float)[:rows]
        b = fresh[column].to_numpy(dtype=float)[:rows]
        same = np.isclose(a, b, rtol=ROUNDING, atol=ROUNDING, equal_nan=True)
        if not same.all():
            first = int(np.flatnonzero(~same)[0])
            change = np.nanmax(np.abs(b - a)) if np.isfinite(b - a).any() else float("nan")
            lines.append(
                f"{column}: differs from week {first + 1} on "
                f"({(~same).sum()} of {rows} weeks; largest change {change:.3g}; "
                f"week {first + 1}: {float(a[first])!r} -> {float(b[first])!r})"
            )
    return lines


def check() -> dict[str, list[str]]:
    """Per scenario, what moved (an empty dict when nothing did)."""
    out = {}
    stored_names = {p.stem for p in FOLDER.glob("*.csv")}
    for name in sorted(stored_names | set(scenarios())):
        if name not in stored_names:
            out[name] = ["no stored baseline: run `python -m sim.baseline`"]
            continue
        if name not in scenarios():
            out[name] = ["a stored baseline of a scenario that no longer exists"]
            continue
        moved = differences(read(name), compute(name))
        if moved:
            out[name] = moved
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    if parser.parse_args(argv).check:
        moved = check()
        for name, lines in moved.items():
            print(f"{name}:", *(f"  {line}" for line in lines), sep="\n")
        if not moved:
            print("every metric of every named scenario is unchanged")
        return 1 if moved else 0
    for path in FOLDER.glob("*.csv"):
        path.unlink()
    for name in scenarios():
        write(name, compute(name))
        print(f"wrote {path_of(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
