"""Calibration targets (experiments/calibration.toml): read them, compute the model's value
of each, and say whether it is within tolerance.

python -m sim.experiments.targets [TARGETS]   # the default model against every target
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.errors import GovsimError
from sim.experiments.design import Task, paired_seeds
from sim.experiments.execute import execute
from sim.model import METRIC_NAMES
from sim.model.calibration import Calibration, coefficient_names, with_coefficients
from sim.model.codes import AgeGroup
from sim.model.simulate import final_quarter
from sim.parameters import PARAMETERS, available_scenarios, load_scenario
from sim.parameters.tomlfile import read_toml, where
from sim.parameters.validation import unknown_name_message

DEFAULT = Path(__file__).resolve().parent.parent.parent / "experiments" / "calibration.toml"
KINDS = ("metric", "statistic", "parameter", "coefficient")


class TargetsError(GovsimError):
    """A targets file that cannot be read or names something that does not exist."""


def _online_share(group: str):
    def statistic(model) -> float:
        r = model.residents
        members = (r.age_group == AgeGroup.ELDERLY) == (group == "elderly")
        return float((model.ability[members] > 0.5).mean())

    return statistic


# population statistics: computed on a community as built, under the status quo's procedures
STATISTICS = {
    "online_ability_elderly": _online_share("elderly"),
    "online_ability_under60": _online_share("under60"),
}


@dataclass(frozen=True)
class Target:
    name: str
    title_en: str
    title_zh: str
    kind: str  # metric, statistic, parameter, coefficient
    quantity: str
    scenario: str | None
    index: int | None
    low: float
    high: float
    value: float | None
    tolerance: float | None
    source: str

    def title(self, lang: str = "en") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def centre(self) -> float:
        return self.value if self.value is not None else (self.low + self.high) / 2

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def met(self, x: float) -> bool:
        return bool(np.isfinite(x) and self.low - 1e-12 <= x <= self.high + 1e-12)

    def implausibility(self, x: float) -> float:
        """|model - target| in half-widths of the tolerance (history matching accepts <= 3
        when the half-width is the tolerance; here 1 is the tolerance's edge)."""
        if not np.isfinite(x):
            return float("inf")
        return (
            abs(x - self.centre) / self.half_width
            if self.half_width > 0
            else (0.0 if x == self.centre else float("inf"))
        )


@dataclass(frozen=True)
class Targets:
    targets: tuple[Target, ...]
    n_households: int = 3000
    seeds: int = 8
    steps: int = 104
    source: str = ""
    calibrate: dict = field(default_factory=dict)  # the [calibrate] table, read by calibrate
    text: str = field(default="", repr=False)  # the file's text, for messages with lines


def load_targets(path: str | Path = DEFAULT) -> Targets:
    path = Path(path)
    if path.is_dir():
        raise TargetsError(f"{path} is a folder; give a targets file (TOML)")
    if not path.is_file():
        raise TargetsError(f"targets file {path} does not exist")
    data, text = read_toml(path, TargetsError, "targets")

    def fail(key, message):
        raise TargetsError(f"{where(path, text, key)}: {message}")

    for key in data:
        if key not in ("settings", "target", "calibrate"):
            fail(key, unknown_name_message(key, ("settings", "target", "calibrate"), "table"))
    settings = data.get("settings", {})
    for key in settings:
        if key not in ("n_households", "seeds", "steps"):
            fail(key, unknown_name_message(key, ("n_households", "seeds", "steps"), "setting"))
    table = data.get("target")
    if not isinstance(table, dict) or not table:
        fail("target", "a targets file needs at least one [target.NAME]")
    targets = tuple(_target(name, body, fail) for name, body in table.items())
    try:
        n = int(PARAMETERS["n_households"].kind(settings.get("n_households", 3000)))
    except (TypeError, ValueError):
        fail("n_households", "'n_households' must be a whole number")
    seeds, steps = settings.get("seeds", 8), settings.get("steps", 104)
    for key, value, high in (("seeds", seeds, 1000), ("steps", steps, 1040)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
            fail(key, f"'{key}' must be a whole number from 1 to {high}")
    calibrate = data.get("calibrate", {})
    if not isinstance(calibrate, dict):
        fail("calibrate", "[calibrate] must be a table")
    return Targets(targets, n, seeds, steps, str(path), calibrate, text)


def _target(name: str, body, fail) -> Target:
    if not isinstance(body, dict):
        fail(name, f"[target.{name}] must be a table")
    kinds = [k for k in KINDS if k in body]
    if len(kinds) != 1:
        fail(name, f"target {name!r} needs exactly one of {', '.join(KINDS)}")
    kind = kinds[0]
    quantity = body[kind]
    known = {
        "metric": METRIC_NAMES,
        "statistic": tuple(STATISTICS),
        "parameter": tuple(PARAMETERS),
        "coefficient": coefficient_names(),
    }[kind]
    if quantity not in known:
        fail(name, f"target {name!r}: {unknown_name_message(str(quantity), known, kind)}")
    scenario = body.get("scenario")
    if kind in ("metric", "parameter") and scenario not in available_scenarios():
        msg = unknown_name_message(str(scenario), available_scenarios(), "scenario")
        fail(name, f"target {name!r} needs a named 'scenario': {msg}")
    if "interval" in body:
        interval = body["interval"]
        if not (isinstance(interval, list) and len(interval) == 2 and interval[0] <= interval[1]):
            fail(name, f"target {name!r}: 'interval' must be [low, high]")
        low, high, value, tolerance = float(interval[0]), float(interval[1]), None, None
    elif "value" in body and "tolerance" in body:
        value, tolerance = float(body["value"]), float(body["tolerance"])
        if tolerance < 0:
            fail(name, f"target {name!r}: a tolerance cannot be negative")
        low, high = value - tolerance, value + tolerance
    else:
        fail(name, f"target {name!r} needs 'value' and 'tolerance', or 'interval'")
    return Target(
        name,
        str(body.get("title_en", name)),
        str(body.get("title_zh", name)),
        kind,
        quantity,
        scenario,
        body.get("index"),
        low,
        high,
        value,
        tolerance,
        str(body.get("source", "")),
    )


def population_statistics(targets: Targets, cal: Calibration) -> dict[str, float]:
    """Every population statistic on a community as built (status quo, no warm-up)."""
    import sim

    model = sim.CommunityModel(
        load_scenario("baseline", n_households=targets.n_households, warmup_weeks=0),
        rng=1,
        calibration=cal,
    )
    return {name: statistic(model) for name, statistic in STATISTICS.items()}


def model_values(
    targets: Targets,
    coefficients: dict | None = None,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    seeds: int | None = None,
) -> dict[str, float]:
    """The model's value of every target, with these coefficients (default model: none)."""
    cal = with_coefficients(coefficients)
    stats = population_statistics(targets, cal)
    out = {}
    for t in targets.targets:
        if t.kind == "parameter":
            out[t.name] = float(load_scenario(t.scenario)[t.quantity])
        elif t.kind == "coefficient":
            value = getattr(cal, t.quantity)
            out[t.name] = float(value[t.index] if t.index is not None else value)
        elif t.kind == "statistic":
            out[t.name] = stats[t.quantity]
    metric_targets = [t for t in targets.targets if t.kind == "metric"]
    scenarios = sorted({t.scenario for t in metric_targets})
    metrics = tuple(sorted({t.quantity for t in metric_targets}))
    seed_list = paired_seeds(7, seeds or targets.seeds)
    tasks = [
        Task(
            f"{name}-{r}",
            i,
            r,
            seed,
            dict(load_scenario(name, n_households=targets.n_households, steps=targets.steps)),
            metrics,
            dict(coefficients or {}),
        )
        for i, name in enumerate(scenarios)
        for r, seed in enumerate(seed_list)
    ]
    finals: dict[str, list] = {name: [] for name in scenarios}
    for result in execute(tasks, workers=workers, scheduler=scheduler):
        if result.status == "done":
            finals[scenarios[result.point]].append(final_quarter(result.weekly))
    for t in metric_targets:
        values = [f[t.quantity] for f in finals[t.scenario]]
        out[t.name] = float(np.nanmean(values)) if values else float("nan")
    return out


def table(targets: Targets, columns: dict[str, dict[str, float]], lang: str = "en"):
    """Targets as rows: target, value or interval, one column per model, met?"""
    rows = []
    for t in targets.targets:
        row = {
            "target": t.title(lang),
            "target value": f"{t.value:g} ± {t.tolerance:g}"
            if t.value is not None
            else f"{t.low:g}–{t.high:g}",
        }
        for name, values in columns.items():
            x = values[t.name]
            row[name] = f"{x:.3g}" + ("" if t.met(x) else " ✗")
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    from sim.cli.tables import render

    parser = argparse.ArgumentParser(description="The default model against its targets.")
    parser.add_argument("targets", nargs="?", default=str(DEFAULT))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    targets = load_targets(args.targets)
    values = model_values(targets, workers=args.workers)
    print(render(table(targets, {"default model": values})))
    missed = [t.name for t in targets.targets if not t.met(values[t.name])]
    print("\nevery target met" if not missed else f"\nmissed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Calibration", "Target", "Targets", "load_targets", "model_values", "table"]
