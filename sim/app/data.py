"""The tables behind every chart of the browser and the report (pure functions, no drawing).

Results folders are found and opened by `sim.app.folders` (whose functions can be imported
from here too); the live model's grids are read here from a model between its steps.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from sim.app.folders import Folder as Folder  # re-exported, as are the three below
from sim.app.folders import discover as discover
from sim.app.folders import open_folder as open_folder
from sim.app.folders import open_folder_cached as open_folder_cached
from sim.app.i18n import parameter_label, parameter_unit, show_value
from sim.experiments import analysis
from sim.experiments.store import Results
from sim.model import MAIN_METRICS, METRIC_NAMES
from sim.parameters import PARAMETERS

# Colour-blind-safe colours (Okabe & Ito), fixed per named scenario so that a scenario keeps
# its colour in every chart whatever is chosen; other points take the rest in sweep order.
SCENARIO_COLOURS = {
    "baseline": "#7F7F7F",
    "tech_empowerment": "#0072B2",
    "refined_services": "#009E73",
    "personalized_needs": "#E69F00",
    "combined": "#CC79A7",
    "digital_only": "#D55E00",
    "combined_equal_cost": "#56B4E9",
}
SPARE_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#332288",
    "#882255",
    "#44AA99",
    "#AA4499",
    "#117733",
    "#999933",
)

AGE_PAIRS = {
    "satisfaction": ("satisfaction_elderly", "satisfaction_nonelderly"),
    "participation": ("participation_elderly", "participation_nonelderly"),
    "needs_met": ("needs_met_elderly", "needs_met_nonelderly"),
}


# ------------------------------------------------------------------ results


def progress_note(results: Results) -> dict | None:
    """Counts for the 'sweep not complete' message, or None for a complete sweep."""
    counts = results.counts
    if results.complete and not counts["failed"]:
        return None
    return {
        "done": counts["done"],
        "total": sum(counts.values()),
        "failed": counts["failed"],
        "status": results.manifest.status,
    }


# ------------------------------------------------------------------ compare


def default_selection(results: Results, most: int = 8) -> list[int]:
    """The points a page starts with: the reference and the next ones (eight: the seven
    named scenarios of paper_paths fit, equal cost included)."""
    ids = [p.point for p in results.manifest.points]
    reference = results.experiment.reference
    first = [p.point for p in results.manifest.points if p.scenario == reference][:1]
    return (first + [i for i in ids if i not in first])[:most]


def compare_metrics(results: Results) -> list[str]:
    """Metrics for the Compare charts: the main ones the sweep kept (or all it kept), with
    weekly cost shown as cost per household per year when the runs carry it."""
    kept = results.metrics
    main = [m for m in MAIN_METRICS if m in kept] or list(kept)
    per_household = "cost_per_household_year"
    if per_household in results.runs.columns:
        main = [per_household if m == "cost" else m for m in main]
        if per_household not in main:
            main.append(per_household)
    return list(dict.fromkeys(main))


def point_titles(results: Results, lang: str = "en") -> dict[int, str]:
    """What to call each point: its scenario's title in `lang`, then its factor values with
    their labels and units in `lang` ('Technology empowerment · Digitization 0.5')."""
    experiment = results.experiment
    out = {}
    for p in results.manifest.points:
        info = experiment.scenario(p.scenario)
        name = info.title(lang) if info else p.scenario
        if p.factors:
            shown = [
                f"{parameter_label(k, lang)} {show_value(v, lang)}"
                + (f" {u}" if (u := _short_unit(k, lang)) else "")
                for k, v in p.factors.items()
            ]
            name = f"{name} · " + ("\uff0c" if lang == "zh" else ", ").join(shown)
        out[p.point] = name
    return _unique(out, lang)


def _unique(names: dict[int, str], lang: str) -> dict[int, str]:
    """Points that would share a title (an integer factor sampled to the same value, two
    scenarios with one title) get their point number added."""
    counts = Counter(names.values())
    word = "设计点" if lang == "zh" else "point"
    return {p: f"{n} ({word} {p})" if counts[n] > 1 else n for p, n in names.items()}


def _short_unit(name: str, lang: str) -> str:
    """A parameter's unit after its value, except the 0–1 levels (obvious from the value)."""
    meta = PARAMETERS.get(name)
    if meta is None or meta.is_level or meta.kind is bool:
        return ""
    return parameter_unit(name, lang)


point_names = point_titles  # the name the pages and tests used first


def colours(results: Results) -> dict[int, str]:
    """A fixed colour per point: by scenario when each scenario has one point (named
    scenarios always get the same colour), else by the point's place in the sweep."""
    points = results.manifest.points
    if len({p.scenario for p in points}) < len(points):
        return {p.point: SPARE_COLOURS[i % len(SPARE_COLOURS)] for i, p in enumerate(points)}
    fixed = {
        p.point: SCENARIO_COLOURS[p.scenario] for p in points if p.scenario in SCENARIO_COLOURS
    }
    spare = [c for c in SPARE_COLOURS if c not in fixed.values()] or list(SPARE_COLOURS)
    others = [p.point for p in points if p.point not in fixed]
    return fixed | {p: spare[i % len(spare)] for i, p in enumerate(others)}


def colours_by_label(results: Results, lang: str = "en") -> dict[str, str]:
    titles = point_titles(results, lang)
    return {titles[p]: c for p, c in colours(results).items()}


def timeseries_band(
    results: Results, chosen: list[int], metric: str, lang: str = "en"
) -> pd.DataFrame:
    """Per chosen point and week: mean of `metric` over replications and its 95% interval."""
    series = results.timeseries
    part = series[series["point"].isin(chosen)]
    grouped = part.groupby(["point", "step"])[metric].agg(["mean", "std", "count"]).reset_index()
    half = analysis.half_width(grouped["std"], grouped["count"])
    grouped["low"], grouped["high"] = grouped["mean"] - half, grouped["mean"] + half
    grouped["label"] = grouped["point"].map(point_names(results, lang))
    order = {p: i for i, p in enumerate(chosen)}
    grouped = grouped.sort_values(
        ["point", "step"], key=lambda s: s.map(order) if s.name == "point" else s, kind="stable"
    )
    return grouped.rename(columns={"count": "n"})[
        ["point", "label", "step", "mean", "low", "high", "n"]
    ].reset_index(drop=True)


def final_outcomes(
    results: Results, chosen: list[int], metrics: list[str], lang: str = "en"
) -> pd.DataFrame:
    """Per chosen point and metric: final-quarter mean over replications and its interval."""
    summary = analysis.point_summary(results, metrics, lang=lang)
    summary = summary.assign(label=summary["point"].map(point_titles(results, lang)))
    return _in_order(summary[summary["point"].isin(chosen)], chosen)


def _in_order(frame: pd.DataFrame, chosen: list[int]) -> pd.DataFrame:
    order = {p: i for i, p in enumerate(chosen)}
    return frame.sort_values("point", key=lambda s: s.map(order), kind="stable").reset_index(
        drop=True
    )


def age_breakdown(results: Results, chosen: list[int], lang: str = "en") -> pd.DataFrame:
    """Elderly and non-elderly values of satisfaction, participation and needs met."""
    wanted = [m for pair in AGE_PAIRS.values() for m in pair if m in results.metrics]
    summary = final_outcomes(results, chosen, wanted, lang)
    measure = {m: k for k, pair in AGE_PAIRS.items() for m in pair}
    group = {m: ("elderly" if m.endswith("_elderly") else "nonelderly") for m in wanted}
    return summary.assign(
        measure=summary["metric"].map(measure), group=summary["metric"].map(group)
    )


def reference_for(results: Results, chosen: list[int]) -> int:
    """The point differences are taken against (see analysis.reference_among)."""
    return analysis.reference_among(results, chosen)


def differences(
    results: Results,
    chosen: list[int],
    metrics: list[str],
    reference: int | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Per chosen point (but the reference) and metric: paired difference and interval."""
    reference = reference_for(results, chosen) if reference is None else reference
    pairs = {p: reference for p in chosen if p != reference}
    diff = analysis.paired_differences(results, pairs, metrics, lang=lang)
    titles = point_titles(results, lang)
    return diff.assign(label=diff["point"].map(titles), reference=titles[reference])


def parameter_differences(results: Results, chosen: list[int], lang: str = "en") -> pd.DataFrame:
    """Parameters whose values differ between the chosen points, one column per point."""
    params = {p.point: p.parameters for p in results.manifest.points}
    labels = point_names(results, lang)
    rows = []
    for name, meta in PARAMETERS.items():
        values = [params[p].get(name) for p in chosen]
        if len({repr(v) for v in values}) > 1:
            rows.append(
                {
                    "parameter": name,
                    "path": meta.path,
                    **{labels[p]: v for p, v in zip(chosen, values, strict=True)},
                }
            )
    return pd.DataFrame(rows, columns=["parameter", "path", *[labels[p] for p in chosen]])


# ------------------------------------------------------------------ explore


def explore_kind(results: Results) -> str | None:
    if results.experiment.sampled:
        return "sensitivity"
    if results.experiment.design == "grid" and len(results.factors) >= 2:
        return "heatmap"
    return None


def heatmap(
    results: Results, metric: str, x: str, y: str, scenario: str | None = None
) -> pd.DataFrame:
    """Mean final-quarter `metric` for each (y, x) pair of factor levels, averaged over
    replications and over any other factors; rows are y levels, columns x levels."""
    runs = analysis.done_runs(results)
    if scenario is not None:
        runs = runs[runs["scenario"] == scenario]
    return (
        runs.pivot_table(index=y, columns=x, values=metric, aggfunc="mean")
        .sort_index()
        .sort_index(axis=1)
    )


def sensitivity(results: Results, metric: str) -> pd.DataFrame:
    """Sensitivity indices of `metric` (see sim.experiments.analysis.sensitivity)."""
    return analysis.sensitivity(results, [metric])


def explorable_metrics(results: Results) -> list[str]:
    return [m for m in METRIC_NAMES if m in results.metrics]


# ------------------------------------------------------------------ the live model


def household_values(model, measure: str) -> np.ndarray:
    """Grid (height x width) of each household's mean resident `measure`; NaN where empty.

    measure: 'satisfaction', 'trust' (resident columns) or 'participating' (attended in the
    last `recent_weeks` weeks).
    """
    if measure == "participating":
        values = model.recently(model.residents.last_attended).astype(float)
    else:
        values = getattr(model.residents, measure)
    lay = model.layout
    cells = lay.width * lay.height
    total = np.bincount(model.resident_cell, weights=values, minlength=cells)
    count = np.bincount(model.resident_cell, minlength=cells)
    grid = np.divide(total, count, out=np.full(cells, np.nan), where=count > 0)
    return grid.reshape(lay.height, lay.width)


def block_outlines(cell_block: np.ndarray) -> tuple[list, list]:
    """Line segments (x, y lists with None breaks) along edges between different blocks, in
    cell coordinates where cell (x, y) spans x-0.5..x+0.5."""
    xs, ys = [], []
    vertical = np.argwhere(cell_block[:, 1:] != cell_block[:, :-1])  # between x and x+1
    for y, x in vertical:
        xs += [x + 0.5, x + 0.5, None]
        ys += [y - 0.5, y + 0.5, None]
    horizontal = np.argwhere(cell_block[1:, :] != cell_block[:-1, :])  # between y and y+1
    for y, x in horizontal:
        xs += [x - 0.5, x + 0.5, None]
        ys += [y + 0.5, y + 0.5, None]
    return xs, ys


def worker_positions(model) -> tuple[list[int], list[int]]:
    coords = [w.cell.coordinate for w in model.workers]
    return [c[0] for c in coords], [c[1] for c in coords]
