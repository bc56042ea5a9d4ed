"""Figures of several panels in a grid, each with its title above it (one per metric or
measure), that stack in one column on a narrow screen; bar panels with 95% intervals per
scenario (`panel_bars`) and per age group (`age_bars`).
"""

from __future__ import annotations

import math

from sim.app.charts.layout import (
    AGE_COLOURS,
    colour_of,
    error_bars,
    floats,
    interval_hover,
    styled_figure,
    wrap_title,
)
from sim.app.i18n import metric_title, t

PANEL_PX = 210  # height of one panel


def panel_grid(titles: list[str], cols: int, panel_px: int = PANEL_PX) -> dict:
    """Axes of a grid of panels with their titles above them, and the height they need
    (axis k > 0 is x{k+1}/y{k+1})."""
    n = max(len(titles), 1)
    cols = max(min(cols, n), 1)
    rows = math.ceil(n / cols)
    lines = max((tt.count("<br>") + 1 for tt in titles), default=1)
    gap_px = 16 * lines + 34
    plot_px = rows * panel_px + (rows - 1) * gap_px
    hspace = 0.07 if cols > 1 else 0.0
    width = (1 - hspace * (cols - 1)) / cols
    layout: dict = {"annotations": []}
    for k, title in enumerate(titles):
        r, c = divmod(k, cols)
        x0 = c * (width + hspace)
        y1 = 1 - r * (panel_px + gap_px) / plot_px
        y0 = y1 - panel_px / plot_px
        suffix = "" if k == 0 else str(k + 1)
        layout[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}"}
        layout[f"yaxis{suffix}"] = {"domain": [max(y0, 0.0), min(y1, 1.0)], "anchor": f"x{suffix}"}
        layout["annotations"].append(
            {
                "text": title,
                "x": x0 + width / 2,
                "y": min(y1, 1.0),
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "yshift": 4,
                "showarrow": False,
                "font": {"size": 12},
            }
        )
    layout["plot_px"] = plot_px
    layout["title_px"] = 16 * lines + 8
    return layout


def panel_axes(k: int) -> dict:
    suffix = "" if k == 0 else str(k + 1)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def panel_figure(
    traces, titles, cols, title, x_axis: dict, y_axis: dict, below_px: int = 30, **extra
) -> dict:
    """A figure of panels: the title, then the panels with their own titles, then the legend
    `below_px` under the last row (room for tick labels). On a narrow screen (the chart
    widget reads layout.meta.narrow) the panels stack in one column."""
    top = 34 + 20 * (title.count("<br>") + 1)

    def styled(layout: dict) -> dict:
        for key, axis in layout.items():
            if key.startswith("xaxis"):
                axis.update(x_axis)
            elif key.startswith("yaxis"):
                axis.update(y_axis)
        plot_px, title_px = layout.pop("plot_px"), layout.pop("title_px")
        layout["margin"] = {"l": 64, "r": 20, "t": top + title_px, "b": below_px + 80}
        layout["height"] = plot_px + top + title_px + below_px + 80
        layout["legend"] = {
            "orientation": "h",
            "x": 0,
            "y": -below_px / plot_px,
            "yanchor": "top",
        }
        return layout

    wide = styled(panel_grid(titles, cols))
    narrow = styled(panel_grid(titles, 1, panel_px=190))
    narrow["panel_titles_px"] = narrow["margin"]["t"] - top
    height = wide.pop("height")
    return styled_figure(traces, title, height, **wide, **extra, meta={"narrow": narrow})


def panel_bars(frame, value, title, lang, colours, zero_line, cols) -> dict:
    """One panel per metric, one bar per point with its 95% interval."""
    metrics = list(dict.fromkeys(frame["metric"]))
    labels = list(dict.fromkeys(frame["label"]))
    cells = {key: part for key, part in frame.groupby(["metric", "label"], sort=False)}
    traces = []
    for k, metric in enumerate(metrics):
        for i, label in enumerate(labels):
            bar = cells.get((metric, label))
            if bar is None:
                continue
            traces.append(
                {
                    "type": "bar",
                    "x": [label],
                    "y": floats(bar[value]),
                    "error_y": error_bars(bar, value),
                    "name": label,
                    "marker": {"color": colour_of(colours, label, i)},
                    "legendgroup": label,
                    "showlegend": k == 0,
                    "customdata": bar[["low", "high"]].to_numpy().tolist(),
                    "hovertemplate": interval_hover(metric, lang),
                    **panel_axes(k),
                }
            )
    titles = [wrap_title(metric_title(m, lang), 26) for m in metrics]
    zero = {"zeroline": zero_line, "zerolinecolor": "#777", "zerolinewidth": 1}
    return panel_figure(traces, titles, cols, title, {"showticklabels": False}, zero)


def age_bars(table, value, measures, lang, titles, title, zero_line) -> dict:
    traces = []
    for k, measure in enumerate(measures):
        part = table[table["measure"] == measure]
        for group in ("elderly", "nonelderly"):
            rows = part[part["group"] == group]
            if rows.empty:
                continue
            traces.append(
                {
                    "type": "bar",
                    "x": [wrap_title(x, 12) for x in rows["label"]],
                    "y": floats(rows[value]),
                    "error_y": error_bars(rows, value),
                    "name": t(group, lang),
                    "marker": {"color": AGE_COLOURS[group]},
                    "legendgroup": group,
                    "showlegend": k == 0,
                    "customdata": rows[["low", "high"]].to_numpy().tolist(),
                    "hovertemplate": interval_hover(
                        rows["metric"].iloc[0], lang, f"{t(group, lang)} · %{{x}}"
                    ),
                    **panel_axes(k),
                }
            )
    zero = {"zeroline": zero_line, "zerolinecolor": "#777", "zerolinewidth": 1}
    x_axis = {"tickfont": {"size": 11}, "tickangle": 0}
    return panel_figure(traces, titles, 3, title, x_axis, zero, below_px=70, barmode="group")
