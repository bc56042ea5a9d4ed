"""Figures of the documentation drawn from model runs, as plain SVG (no plotting library).

The load regime (docs/load_regime.svg, ODD section 4): the status quo's needs met in time
over need rates and worker capacity, each from 0.6 to 1.4 times its calibrated value.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

import numpy as np

FACTORS = (0.6, 0.8, 1.0, 1.2, 1.4)


def scaled(cal, need: float, capacity: float):
    """The calibration with every need rate times `need` and worker capacity times `capacity`."""
    return dataclasses.replace(
        cal,
        need_rate_public_affairs=cal.need_rate_public_affairs * need,
        need_rate_elderly_care=tuple(x * need for x in cal.need_rate_elderly_care),
        need_rate_health=tuple(x * need for x in cal.need_rate_health),
        need_rate_child_care=cal.need_rate_child_care * need,
        need_rate_skills=tuple(x * need for x in cal.need_rate_skills),
        worker_capacity=cal.worker_capacity * capacity,
    )


def load_regime(seeds: int = 3, n_households: int = 1000) -> np.ndarray:
    """Mean final-quarter needs met: rows need-rate factors, columns capacity factors."""
    import sim

    scenario = sim.load_scenario("baseline", n_households=n_households)
    grid = np.zeros((len(FACTORS), len(FACTORS)))
    for i, need in enumerate(FACTORS):
        for j, capacity in enumerate(FACTORS):
            cal = scaled(sim.Calibration(), need, capacity)
            runs = [sim.simulate(scenario, seed=s, calibration=cal) for s in range(1, seeds + 1)]
            grid[i, j] = np.mean([sim.final_quarter(f)["needs_met_rate"] for f in runs])
    return grid


def _colour(x: float) -> str:
    """Viridis-like ramp from dark blue (0) to yellow (1), readable under colour blindness."""
    stops = [(0.0, (68, 1, 84)), (0.5, (33, 145, 140)), (1.0, (253, 231, 37))]
    x = float(np.clip(x, 0, 1))
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if x <= b:
            t = (x - a) / (b - a)
            r, g, bl = (round(ca[k] + t * (cb[k] - ca[k])) for k in range(3))
            return f"rgb({r},{g},{bl})"
    return "rgb(253,231,37)"


def svg_heatmap(grid: np.ndarray, title: str) -> str:
    cell, left, top = 70, 150, 60
    w, h = left + cell * len(FACTORS) + 20, top + cell * len(FACTORS) + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        'font-family="Arial, sans-serif" font-size="13">',
        f'<text x="{w / 2}" y="25" text-anchor="middle" font-size="15">{html.escape(title)}</text>',
    ]
    for i, need in enumerate(FACTORS):
        y = top + cell * (len(FACTORS) - 1 - i)
        parts.append(
            f'<text x="{left - 10}" y="{y + cell / 2 + 5}" text-anchor="end">'
            f"need rates ×{need:g}</text>"
        )
        for j, _capacity in enumerate(FACTORS):
            x = left + cell * j
            value = grid[i, j]
            ink = "black" if value > 0.45 else "white"
            outline = ' stroke="black" stroke-width="3"' if FACTORS[i] == FACTORS[j] == 1.0 else ""
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'fill="{_colour(value)}"{outline}/>'
            )
            parts.append(
                f'<text x="{x + cell / 2}" y="{y + cell / 2 + 5}" text-anchor="middle" '
                f'fill="{ink}">{value:.2f}</text>'
            )
    for j, capacity in enumerate(FACTORS):
        x = left + cell * j + cell / 2
        parts.append(
            f'<text x="{x}" y="{top + cell * len(FACTORS) + 20}" text-anchor="middle">'
            f"×{capacity:g}</text>"
        )
    parts.append(
        f'<text x="{left + cell * len(FACTORS) / 2}" y="{top + cell * len(FACTORS) + 45}" '
        'text-anchor="middle">grid-worker capacity</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def write_load_regime(path: Path) -> None:
    grid = load_regime()
    title = "Needs met in time, status quo (the framed cell is the calibration)"
    Path(path).write_text(svg_heatmap(grid, title) + "\n", encoding="utf-8")
