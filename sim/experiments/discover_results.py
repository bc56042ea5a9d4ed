"""`govsim discover` on a results folder: the (x, y) table of a sweep's points, then PRIM.

x: one row per design point, its world's draws (a sweep with worlds) and factor values;
y: the outcome of interest at that point — its final-quarter mean below or above a value,
or worse than the reference scenario's point at the same factors in the same world.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.errors import GovsimError
from sim.experiments.analysis import done_runs
from sim.experiments.discover import Box, describe, find_boxes
from sim.model import METRICS
from sim.model.metrics import on_unit_scale
from sim.parameters.validation import unknown_name_message


@dataclass
class Found:
    headline: str
    sentences: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    x: pd.DataFrame = field(default_factory=pd.DataFrame)
    y: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def xy_table(results, metric: str) -> tuple[pd.DataFrame, pd.Series, list]:
    """x (draws and factors per point), the mean `metric` per point, and the points."""
    if metric not in results.metrics:
        raise GovsimError(unknown_name_message(metric, results.metrics, "kept metric"))
    points = list(results.manifest.points)
    columns = sorted({k for p in points for k in p.uncertain} | set(results.factors))
    if not columns:
        raise GovsimError(
            f"results folder {results.folder} has no uncertainties (worlds) and no factors: "
            "there is nothing to find a region in; discover needs a sweep with [uncertainties] "
            "and worlds, or [factors]"
        )
    x = pd.DataFrame([{**p.uncertain, **p.factors} for p in points])[columns].astype(float)
    runs = done_runs(results)
    means = runs.groupby("point")[metric].mean().reindex([p.point for p in points])
    return x, means.reset_index(drop=True), points


def discover_in_results(
    results,
    metric: str,
    *,
    below=None,
    above=None,
    worse_than=None,
    scenario: str | None = None,
    lang: str = "en",
) -> Found:
    """PRIM boxes where the outcome happens; with `scenario`, among that policy's points only
    (its own region, not one pooled over policies)."""
    x, means, points = xy_table(results, metric)
    names = sorted({p.scenario for p in points})
    if scenario is not None and scenario not in names:
        raise GovsimError("--scenario " + unknown_name_message(scenario, names, "scenario"))
    meta = METRICS[metric]
    finite = means[np.isfinite(means)]
    if below is not None or above is not None:
        value = below if below is not None else above
        if on_unit_scale(metric) and not 0 <= value <= 1:
            raise GovsimError(f"{value:g} is outside the range of {metric} (0 to 1)")
        if len(finite) and not finite.min() <= value <= finite.max():
            lo, hi = finite.min(), finite.max()
            raise GovsimError(
                f"{value:g} is outside what {metric} reached in this sweep ({lo:.3g} to {hi:.3g}):"
                " every point would be on one side"
            )
        y = (means < value) if below is not None else (means > value)
        keep = np.isfinite(means).to_numpy()
        what = f"{meta.label(lang)} {'<' if below is not None else '>'} {value:g}"
    else:
        y, keep, what = _worse(results, means, points, worse_than, meta, lang)
    if scenario is not None:
        keep = np.asarray(keep) & np.array([p.scenario == scenario for p in points])
    x, y = x[keep].reset_index(drop=True), np.asarray(y)[keep]
    boxes = find_boxes(x, y)
    spans = {c: (float(x[c].min()), float(x[c].max())) for c in x.columns}
    unit = "worlds" if any(p.world is not None for p in points) else "design points"
    unit_zh = "世界" if unit == "worlds" else "设计点"
    cases_zh = f"{what}的情形"
    sentences = [
        describe(
            box,
            spans,
            what=what if lang != "zh" else f"出现 {what}",
            cases_word=f"the cases of {what}" if lang != "zh" else cases_zh,
            total_word=unit if lang != "zh" else unit_zh,
            lang=lang,
        )
        for box in boxes
    ]
    share = float(np.mean(y)) if len(y) else float("nan")
    headline = (
        f"{what}: {int(np.sum(y))} of {len(y)} {unit} ({share:.0%})"
        if lang != "zh"
        else f"{what}:{len(y)} 个{unit_zh}中有 {int(np.sum(y))} 个({share:.0%})"
    )
    return Found(headline, sentences, boxes, x, y)


def _worse(results, means, points, reference: str, meta, lang):
    scenarios = {p.scenario for p in points}
    if reference not in scenarios:
        raise GovsimError(
            "--worse-than " + unknown_name_message(reference, sorted(scenarios), "scenario")
        )
    key = {(p.scenario, repr(sorted(p.factors.items())), p.world): i for i, p in enumerate(points)}
    y, keep = [], []
    for i, p in enumerate(points):
        ref = key.get((reference, repr(sorted(p.factors.items())), p.world))
        ok = p.scenario != reference and ref is not None
        diff = means.iloc[i] - means.iloc[ref] if ok else np.nan
        keep.append(ok and np.isfinite(diff))
        y.append(bool(ok and (diff * (meta.better or 1) < 0)))
    word = "worse than" if lang != "zh" else "差于"
    return np.array(y), np.array(keep), f"{meta.label(lang)} {word} {reference}"
