"""Figures of the Brief page (and the top of the report): gain against added cost with the
budget, and the paired changes for residents aged 60+ and under 60.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.app.charts.layout import colour_of, hover_format, styled_figure, tick_format, wrap_title
from sim.app.charts.panels import age_bars
from sim.app.i18n import metric_label, metric_title, metric_unit, t


def elderly_figure(table: pd.DataFrame, reference: str, lang="en") -> dict:
    """Paired changes against the reference for residents aged 60+ and under 60: one panel
    per measure (satisfaction, needs met, participation), one pair of bars per scenario."""
    measures = list(dict.fromkeys(table["measure"]))
    titles = []
    for m in measures:
        metric = table.loc[table["measure"] == m, "metric"].iloc[0]
        titles.append(wrap_title(f"{t(m, lang)} ({metric_unit(metric, lang)})", 30))
    title = wrap_title(t("elderly_title", lang, reference=reference), 70)
    return age_bars(table, "difference", measures, lang, titles, title, True)


def _nz(value) -> float:
    return 0.0 if value is None or not math.isfinite(value) else float(value)


def _text_position(cost: float, span: float) -> str:
    """Where a point's label goes, so that labels near the axes' ends stay inside."""
    if cost > 0.65 * span:
        return "top left"
    return "top right" if cost < 0.15 * span else "top center"


def _cost_point(row, colour: str, span: float, lang: str, hover: str) -> dict:
    """One scenario as a marker at (added cost, gain) with both 95% intervals; the reference
    hollow and without intervals, a scenario beyond the budget greyed out."""
    inside = bool(row.within_budget)
    shown = row.label if not row.reference else t("reference_point", lang, reference=row.label)
    if not inside:
        shown = f"{shown} ({t('beyond_budget', lang)})"
    line = colour if inside else "#9a9a9a"
    return {
        "type": "scatter",
        "x": [_nz(row.cost)],
        "y": [_nz(row.gain)],
        "mode": "markers+text",
        "name": shown,
        "text": [wrap_title(shown, 18)],
        "textposition": _text_position(_nz(row.cost), span),
        "textfont": {"color": line, "size": 12},
        "marker": {
            "size": 14,
            "color": "white" if row.reference else (colour if inside else "#d0d0d0"),
            "line": {"color": line, "width": 2},
        },
        "error_x": {
            "type": "data",
            "array": [_nz(row.cost_high - row.cost)],
            "arrayminus": [_nz(row.cost - row.cost_low)],
            "color": line,
            "visible": not row.reference,
        },
        "error_y": {
            "type": "data",
            "array": [_nz(row.gain_high - row.gain)],
            "arrayminus": [_nz(row.gain - row.gain_low)],
            "color": line,
            "visible": not row.reference,
        },
        "hovertemplate": f"{row.label}<br>{hover}",
    }


def _budget_marks(budget: float, top: float, lang: str) -> tuple[list, list]:
    """The shaded area beyond the budget, its dashed edge and its label."""
    shapes = [
        {
            "type": "rect",
            "yref": "paper",
            "x0": budget,
            "x1": top,
            "y0": 0,
            "y1": 1,
            "fillcolor": "#808080",
            "opacity": 0.14,
            "line": {"width": 0},
            "layer": "below",
        },
        {
            "type": "line",
            "yref": "paper",
            "x0": budget,
            "x1": budget,
            "y0": 0,
            "y1": 1,
            "line": {"color": "#444", "dash": "dash", "width": 2},
        },
    ]
    label = {
        "x": budget,
        "y": 1,
        "yref": "paper",
        "xanchor": "right",
        "yanchor": "bottom",
        "showarrow": False,
        "text": t("budget_line", lang, budget=f"{budget:,.0f}"),
        "font": {"size": 12, "color": "#444"},
    }
    return shapes, [label]


def _largest(values: pd.Series, default: float) -> float:
    values = values.astype(float)
    return float(np.nanmax(values)) if values.notna().any() else default


def _gain_range(table: pd.DataFrame) -> list[float]:
    """The gain axis: every interval, zero, and room above for the labels."""
    gains = pd.concat([table["gain_high"], table["gain_low"], table["gain"]]).astype(float)
    low_y = float(np.nanmin(gains)) if gains.notna().any() else 0.0
    high_y = float(np.nanmax(gains)) if gains.notna().any() else 1.0
    pad = 0.15 * max(high_y - low_y, 1e-6)
    return [min(low_y, 0.0) - pad, high_y + 2 * pad]


def cost_effectiveness_figure(
    table: pd.DataFrame,
    outcome: str,
    reference: str,
    budget: float = 0.0,
    lang="en",
    colours=None,
) -> dict:
    """Gain in `outcome` against added cost per household per year, both with 95%
    intervals; the reference at the origin; beyond `budget` greyed out."""
    f = hover_format(outcome)
    hover = (
        f"{t('col_cost', lang)}: %{{x:,.0f}}<br>{t('col_difference', lang)}: %{{y:+{f}}}"
        "<extra></extra>"
    )
    span = max(_largest(pd.concat([table["cost"], pd.Series([budget or 0.0])]), 1.0), 1.0)
    traces = [
        _cost_point(row, colour_of(colours, row.label, i), span, lang, hover)
        for i, row in enumerate(table.itertuples(index=False))
    ]
    axis = {"color": "#999", "width": 1}
    shapes = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0, "y1": 0, "line": axis},
        {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": 0, "x1": 0, "line": axis},
    ]
    annotations = []
    top = max(_largest(pd.concat([table["cost_high"], table["cost"]]), 1.0), 1.0)
    if budget and budget > 0:
        top = max(top, budget) * 1.1
        more_shapes, annotations = _budget_marks(budget, top, lang)
        shapes += more_shapes
    else:
        top *= 1.1
    title = t("cost_title", lang, metric=metric_label(outcome, lang), reference=reference)
    return styled_figure(
        traces,
        wrap_title(title, 70),
        500,
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
        xaxis={
            "title": {"text": t("cost_axis", lang)},
            "tickformat": ",.0f",
            "range": [-0.06 * top, top],
            "zeroline": False,
        },
        yaxis={
            "title": {
                "text": wrap_title(t("gain_axis", lang, metric=metric_title(outcome, lang)), 44)
            },
            "tickformat": tick_format(outcome),
            "range": _gain_range(table),
            "zeroline": False,
        },
    )
