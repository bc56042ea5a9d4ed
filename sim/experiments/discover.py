"""Scenario discovery: where in the space of uncertainties (or factors) something happens,
found by PRIM boxes (the `prim` package, a standalone version of EMA Workbench's PRIM) and
said in plain words.

Analysis over a plain (x, y) table, as EMA Workbench keeps it: `x` one row per world (or
design point) and one column per uncertainty, `y` True where the outcome of interest
happens (a claim fails, a metric falls below a threshold).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_CASES = 3  # fewer cases of interest than this: no box is looked for
MIN_POINTS = 12  # fewer worlds or design points than this: a box would describe noise
MAX_DIMS = 3  # a box restricts at most this many dimensions: more would fit the noise of a
# few dozen cases over a hundred coefficients, and nobody can act on an 11-part condition


@dataclass(frozen=True)
class Box:
    """One PRIM box: the restricted dimensions and how well it captures the cases."""

    limits: dict[str, tuple[float, float]]  # restricted dimension -> (low, high)
    coverage: float  # share of the cases of interest inside the box
    density: float  # share of the box's points that are cases of interest
    mass: float  # share of all points inside the box
    trajectory: pd.DataFrame  # the peeling trajectory: coverage, density, mass per step


def find_boxes(x: pd.DataFrame, y, *, threshold: float = 0.5, most: int = 2) -> list[Box]:
    """Up to `most` PRIM boxes for the cases where `y` is True (the next box looks among the
    cases the earlier ones left out)."""
    import prim

    y = np.asarray(y, dtype=bool)
    x = x.reset_index(drop=True).astype(float)
    if len(x) < MIN_POINTS or y.sum() < MIN_CASES or y.all() or x.shape[1] == 0:
        return []
    spans = {c: (float(x[c].min()), float(x[c].max())) for c in x.columns}
    boxes, remaining = [], np.ones(len(x), dtype=bool)
    for _ in range(most):
        sub_x, sub_y = x[remaining].reset_index(drop=True), y[remaining]
        if sub_y.sum() < MIN_CASES or sub_y.all():
            break
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = prim.Prim(sub_x, sub_y, threshold=threshold, threshold_type=">").find_box()
            _simplest_dense_step(box)
        limits = _restricted(box.limits, spans)
        if not limits:
            break
        inside = _inside(x, limits)
        base_rate = y[remaining].mean()
        wanted = max(threshold, min(1.5 * base_rate, (1 + base_rate) / 2))
        if (inside & y).sum() < wanted * inside.sum():
            break  # not much denser than everywhere: the cases are spread, not in a region
        boxes.append(
            Box(
                limits=limits,
                coverage=float((inside & y).sum() / y.sum()),
                density=float((inside & y).sum() / max(inside.sum(), 1)),
                mass=float(inside.mean()),
                trajectory=box.peeling_trajectory[["coverage", "density", "mass"]].copy(),
            )
        )
        remaining &= ~inside
    return boxes


def _simplest_dense_step(box) -> None:
    """Select the densest step of the peeling trajectory that restricts at most MAX_DIMS
    dimensions (the most covering among equally dense ones); PRIM's own choice is the last
    step above the threshold, however many dimensions it restricts."""
    steps = box.peeling_trajectory
    simple = steps[steps["res dim"] <= MAX_DIMS]
    if simple.empty or len(simple) == len(steps):
        return
    best = simple.sort_values(["density", "coverage"], ascending=False).index[0]
    box.select(int(best))


def _restricted(limits: pd.DataFrame, spans: dict) -> dict[str, tuple[float, float]]:
    out = {}
    for name, row in limits.iterrows():
        low, high = float(row["min"]), float(row["max"])
        span_low, span_high = spans[name]
        if low > span_low + 1e-12 or high < span_high - 1e-12:
            out[str(name)] = (low, high)
    return out


def _inside(x: pd.DataFrame, limits: dict) -> np.ndarray:
    inside = np.ones(len(x), dtype=bool)
    for name, (low, high) in limits.items():
        inside &= (x[name] >= low).to_numpy() & (x[name] <= high).to_numpy()
    return inside


def describe(
    box: Box, spans: dict, *, what: str, cases_word: str, total_word: str, lang: str = "en"
) -> str:
    """A box in words: 'fails when worker_capacity < 24 and need_rate_public_affairs >
    0.024: 71% of failures, 9% of worlds' (or in Chinese)."""
    parts = []
    for name, (low, high) in box.limits.items():
        span_low, span_high = spans[name]
        label = _label(name, lang)
        if low > span_low and high < span_high:
            parts.append(f"{_num(low)} ≤ {label} ≤ {_num(high)}")
        elif high < span_high:
            parts.append(f"{label} < {_num(high)}")
        else:
            parts.append(f"{label} > {_num(low)}")
    joiner = " 且 " if lang == "zh" else " and "
    if lang == "zh":
        return (
            f"当 {joiner.join(parts)} 时{what}:占{cases_word}的 {box.coverage:.0%},"
            f"占全部{total_word}的 {box.mass:.0%}"
        )
    return (
        f"{what} when {joiner.join(parts)}: {box.coverage:.0%} of {cases_word}, "
        f"{box.mass:.0%} of {total_word}"
    )


def _label(name: str, lang: str) -> str:
    """The name, with its label in Chinese (names are what researchers type; the label is
    what an official reads)."""
    if lang != "zh":
        return name
    from sim.model.coefficients import COEFFICIENTS
    from sim.parameters import PARAMETERS

    meta = COEFFICIENTS.get(name) or PARAMETERS.get(name)
    return f"{meta.label_zh}({name})" if meta is not None else name


def _num(x: float) -> str:
    return f"{x:.3g}"
