"""Plausible worlds: draws of the uncertainties that the calibration targets do not rule out.

A Latin hypercube over the coefficients' plausible ranges also draws worlds that the data
of MODEL.md section 10 contradict (a queue that never clears, a community where a third of
residents are satisfied before any reform). A claim need not hold there, so `govsim
validate` screens candidate worlds first, as history matching does (Andrianakis et al.
2015): each candidate runs the targets' scenarios on a few paired seeds, and it is kept
when every target's implausibility (distance from the target's centre in half-widths of
its interval, sim.experiments.targets) is at most the cutoff.

The cutoff is 1.5 half-widths: a target's interval is read as the range of values the data
allow (about two standard deviations each side), so 1.5 half-widths is Pukelsheim's three
standard deviations. Candidates are drawn in batches of N (each batch its own Latin
hypercube, seeded from the master seed) until N are kept or the cap of MAX_BATCHES batches
is reached; the kept worlds are the first N in drawing order, so the same settings give the
same worlds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.experiments.worlds import Uncertainty, draw_worlds

CUTOFF = 1.5  # half-widths of a target's interval (three standard deviations)
MAX_BATCHES = 6  # at most 6N candidates for N worlds
SCREEN_SEEDS = 2  # paired seeds per candidate and target scenario


@dataclass
class Screening:
    """What the screen did: every candidate with its target values and whether it was kept."""

    candidates: pd.DataFrame  # one row per candidate: draws, target values, implausibility
    kept: list[dict]  # the worlds, as draws
    cutoff: float
    targets: list[str] = field(default_factory=list)

    @property
    def rejected_by(self) -> dict[str, int]:
        """Per target: how many candidates it alone or with others ruled out."""
        out = {}
        for name in self.targets:
            out[name] = int((self.candidates[f"{name}.implausibility"] > self.cutoff).sum())
        return {k: v for k, v in out.items() if v}

    def as_dict(self) -> dict:
        return {
            "cutoff": self.cutoff,
            "candidates": len(self.candidates),
            "accepted": int(self.candidates["accepted"].sum()),
            "kept": len(self.kept),
            "rejected_by": self.rejected_by,
        }


def screen_worlds(
    uncertainties: tuple[Uncertainty, ...],
    n: int,
    master_seed: int,
    *,
    targets_path=None,
    cutoff: float = CUTOFF,
    n_households: int = 1000,
    seeds: int = SCREEN_SEEDS,
    workers: int = 1,
    scheduler: str | None = None,
    max_batches: int = MAX_BATCHES,
) -> Screening:
    """Up to `n` worlds over `uncertainties` that every calibration target allows."""
    from sim.experiments.calibrate import Plan, evaluate_draws, implausibility
    from sim.experiments.targets import DEFAULT, load_targets

    targets = load_targets(targets_path or DEFAULT)
    plan = Plan(targets, uncertainties, seeds=seeds, n_households=n_households,
                master_seed=master_seed)  # fmt: skip
    names = [t.name for t in targets.targets]
    frames, kept = [], []
    for batch in range(max_batches):
        draws = draw_worlds(uncertainties, n, master_seed + 7919 * batch)
        frame = evaluate_draws(plan, draws, workers=workers, scheduler=scheduler)
        for t in targets.targets:
            frame[f"{t.name}.implausibility"] = [t.implausibility(x) for x in frame[t.name]]
        frame["implausibility"] = implausibility(plan, frame)  # the worst target's
        frame["accepted"] = frame["implausibility"] <= cutoff
        frame["batch"] = batch
        frames.append(frame)
        kept += [draws[i] for i in np.flatnonzero(frame["accepted"].to_numpy())]
        if len(kept) >= n:
            break
    candidates = pd.concat(frames, ignore_index=True)
    return Screening(candidates, kept[:n], cutoff, names)
