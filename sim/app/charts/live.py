"""Figures of the Live page: the community grid (households coloured by a measure, block
edges, grid workers) and the main measures of the running model week by week.
"""

from __future__ import annotations

import pandas as pd

from sim.app.charts.layout import floats, json_safe, styled_figure, wrap_title
from sim.app.data import SPARE_COLOURS
from sim.app.i18n import metric_label, t

GRID_SCALE = "Cividis"  # colour-blind safe: dark blue = low, yellow = high


def grid_figure(values, outlines, workers, measure_label: str, lang="en") -> dict:
    """The community: households coloured by a measure (cividis), block edges, workers."""
    heat = {
        "type": "heatmap",
        "z": json_safe(values),  # an empty cell (no household) is a gap
        "zmin": 0,
        "zmax": 1,
        "colorscale": GRID_SCALE,
        "colorbar": {"title": {"text": f"{measure_label}<br>(0–1)"}, "thickness": 12},
        "name": measure_label,
        "hovertemplate": f"{measure_label}: %{{z:.2f}}<extra></extra>",
    }
    edges = {
        "type": "scatter",
        "x": list(outlines[0]),
        "y": list(outlines[1]),
        "mode": "lines",
        "name": t("blocks", lang),
        "line": {"color": "white", "width": 2},
        "hoverinfo": "skip",
    }
    people = {
        "type": "scatter",
        "x": list(workers[0]),
        "y": list(workers[1]),
        "mode": "markers",
        "name": t("grid_workers", lang),
        "marker": {
            "symbol": "diamond",
            "size": 11,
            "color": "#E69F00",
            "line": {"color": "black", "width": 1.5},
        },
        "hoverinfo": "skip",
    }
    fig = styled_figure(
        [heat, edges, people],
        wrap_title(t("grid", lang), 44),
        470,
        showlegend=False,
        margin={"l": 10, "r": 10, "t": 64, "b": 10},
        xaxis={"visible": False, "constrain": "domain"},
        yaxis={"visible": False, "scaleanchor": "x", "autorange": "reversed"},
    )
    fig["layout"]["title"]["font"]["size"] = 13
    return fig


LIVE_COLOURS = {
    "satisfaction_mean": "#0072B2",
    "satisfaction_elderly": "#56B4E9",
    "participation_rate": "#E69F00",
    "governance_participation_rate": "#CC79A7",
    "needs_met_rate": "#009E73",
    "platform_quality": "#7F7F7F",
}


def live_metrics_figure(
    frame: pd.DataFrame, metrics: list[str], lang="en", steps: int | None = None
) -> dict:
    """Main measures of the running model, week by week over the whole run (the elderly
    line dashed, so that it never hides the overall one)."""
    traces = []
    mode = "lines+markers" if len(frame) < 12 else "lines"
    for i, metric in enumerate(metrics):
        traces.append(
            {
                "type": "scatter",
                "x": frame["step"].tolist(),
                "y": floats(frame[metric]),
                "mode": mode,
                "marker": {"size": 5},
                "name": metric_label(metric, lang),
                "line": {
                    "color": LIVE_COLOURS.get(metric, SPARE_COLOURS[i % len(SPARE_COLOURS)]),
                    "dash": "dash" if metric.endswith("_elderly") else "solid",
                    "width": 2.5 if metric == "satisfaction_mean" else 2,
                },
                "hovertemplate": f"{metric_label(metric, lang)}: %{{y:.3f}}<extra></extra>",
            }
        )
    fig = styled_figure(
        traces,
        t("main_metrics", lang),
        470,
        hovermode="x unified",
        legend={"orientation": "h", "y": -0.2, "x": 0, "font": {"size": 11}},
        xaxis={
            "title": {"text": t("week", lang)},
            "tickformat": "d",
            "range": [0, max(steps or 0, len(frame), 1)],
        },
        yaxis={"title": {"text": t("value", lang) + " (0–1)"}, "range": [0, 1]},
    )
    fig["layout"]["title"]["font"]["size"] = 13
    return fig
