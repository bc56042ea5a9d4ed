"""Plotly figures from the tables in `sim.app.data`; shared by the browser and the report.

Every trace carries a `name` (a scenario label, an age group, a factor) so tests and readers
can tell what is drawn; every title and axis label is in the chosen language.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from sim.app.i18n import metric_label, t

PALETTE = qualitative.Plotly
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, Arial, sans-serif"


def json_safe(values) -> list:
    """Values as (nested) lists with None for NaN: widgets talk JSON, which has no NaN."""
    array = np.asarray(values, dtype=float)
    return np.where(np.isnan(array), None, array).tolist()


def _colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        font_family=FONT,
        template="plotly_white",
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.15},
    )
    return fig


def _errors(frame: pd.DataFrame, value: str = "mean") -> dict:
    upper = (frame["high"] - frame[value]).fillna(0)
    lower = (frame[value] - frame["low"]).fillna(0)
    return {"type": "data", "array": upper, "arrayminus": lower, "visible": True}


def timeseries_figure(band: pd.DataFrame, metric: str, lang: str = "en") -> go.Figure:
    """One line per point with its 95% band, by week."""
    fig = go.Figure()
    for i, (label, part) in enumerate(band.groupby("label", sort=False)):
        colour = _colour(i)
        fig.add_trace(
            go.Scatter(
                x=np.r_[part["step"], part["step"][::-1]],
                y=np.r_[part["high"].fillna(part["mean"]), part["low"].fillna(part["mean"])[::-1]],
                fill="toself",
                fillcolor=_rgba(colour, 0.18),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                name=f"{label} (95%)",
                legendgroup=label,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=part["step"],
                y=part["mean"],
                mode="lines",
                name=label,
                line={"color": colour, "width": 2},
                legendgroup=label,
            )
        )
    fig.update_xaxes(title=t("week", lang), tickformat="d")
    fig.update_yaxes(title=metric_label(metric, lang))
    return _layout(fig, t("timeseries_title", lang, metric=metric_label(metric, lang)), 420)


def _wrap(text: str, width: int = 22) -> str:
    """Break a long subplot title onto lines (<br>), at spaces when there are any."""
    if len(text) <= width:
        return text
    if " " not in text:
        return "<br>".join(text[i : i + width // 2] for i in range(0, len(text), width // 2))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _titles(fig: go.Figure) -> go.Figure:
    fig.update_annotations(font_size=12)
    return fig


def _grid(n: int, cols: int) -> tuple[int, int]:
    cols = min(cols, n)
    return math.ceil(n / cols), cols


def _panel_bars(
    frame: pd.DataFrame,
    value: str,
    title: str,
    lang: str,
    colour_offset: int,
    zero_line: bool,
    cols: int,
) -> go.Figure:
    """One panel per metric, one bar per point with its 95% interval."""
    metrics = list(dict.fromkeys(frame["metric"]))
    labels = list(dict.fromkeys(frame["label"]))
    rows, cols = _grid(max(len(metrics), 1), cols)
    fig = make_subplots(
        rows=rows, cols=cols, subplot_titles=[_wrap(metric_label(m, lang)) for m in metrics]
    )
    for k, metric in enumerate(metrics):
        part = frame[frame["metric"] == metric]
        row, col = k // cols + 1, k % cols + 1
        for i, label in enumerate(labels):
            bar = part[part["label"] == label]
            fig.add_trace(
                go.Bar(
                    x=[label],
                    y=bar[value],
                    error_y=_errors(bar, value),
                    name=label,
                    marker_color=_colour(i + colour_offset),
                    legendgroup=label,
                    showlegend=k == 0,
                ),
                row=row,
                col=col,
            )
        if zero_line:
            fig.add_hline(y=0, line_color="#888", line_width=1, row=row, col=col)
    fig.update_xaxes(showticklabels=False)
    return _titles(_layout(fig, title, 260 * rows + 100))


def final_figure(final: pd.DataFrame, lang: str = "en", cols: int = 4) -> go.Figure:
    """Final-quarter bars with 95% intervals: one panel per metric, one bar per point."""
    return _panel_bars(final, "mean", t("final_title", lang), lang, 0, False, cols)


def age_figure(age: pd.DataFrame, lang: str = "en") -> go.Figure:
    """Elderly and non-elderly side by side, for each measure and point."""
    measures = list(dict.fromkeys(age["measure"]))
    fig = make_subplots(rows=1, cols=len(measures), subplot_titles=[t(m, lang) for m in measures])
    for k, measure in enumerate(measures):
        part = age[age["measure"] == measure]
        for i, group in enumerate(("elderly", "nonelderly")):
            rows = part[part["group"] == group]
            fig.add_trace(
                go.Bar(
                    x=rows["label"],
                    y=rows["mean"],
                    error_y=_errors(rows),
                    name=t(group, lang),
                    marker_color=_colour(i + 6),
                    legendgroup=group,
                    showlegend=k == 0,
                ),
                row=1,
                col=k + 1,
            )
    fig.update_layout(barmode="group")
    return _titles(_layout(fig, t("age_title", lang), 420))


def difference_figure(diff: pd.DataFrame, lang: str = "en", cols: int = 4) -> go.Figure:
    """Paired differences from the reference with 95% intervals, one panel per metric."""
    reference = diff["reference"].iloc[0] if len(diff) else ""
    title = t("diff_title", lang, reference=reference)
    return _panel_bars(diff, "difference", title, lang, 1, True, cols)


def heatmap_figure(table: pd.DataFrame, metric: str, x: str, y: str, lang: str = "en") -> go.Figure:
    from sim.app.i18n import parameter_label

    fig = go.Figure(
        go.Heatmap(
            z=table.to_numpy(),
            x=[str(v) for v in table.columns],
            y=[str(v) for v in table.index],
            colorscale="Viridis",
            name=metric_label(metric, lang),
            colorbar={"title": metric_label(metric, lang)},
            text=np.round(table.to_numpy(), 3),
            texttemplate="%{text}",
        )
    )
    fig.update_xaxes(title=parameter_label(x, lang), type="category")
    fig.update_yaxes(title=parameter_label(y, lang), type="category")
    return _layout(fig, t("heatmap_title", lang, metric=metric_label(metric, lang)), 480)


MAIN_INDEX = {"sobol": "ST", "morris": "mu_star", "lhs": "spearman"}


def sensitivity_figure(
    indices: pd.DataFrame, metric: str, design: str, lang: str = "en"
) -> go.Figure:
    """Indices with 95% intervals per factor (Sobol S1 and ST, Morris mu*, LHS rank
    correlation), one group per scenario."""
    from sim.app.i18n import parameter_label

    fig = go.Figure()
    shown = ["S1", "ST"] if design == "sobol" else [MAIN_INDEX[design]]
    for i, (key, part) in enumerate(
        indices[indices["index"].isin(shown)].groupby(["scenario", "index"], sort=False)
    ):
        part = part.sort_values("value")
        fig.add_trace(
            go.Bar(
                y=[parameter_label(f, lang) for f in part["factor"]],
                x=part["value"],
                orientation="h",
                name=f"{key[0]} {key[1]}",
                marker_color=_colour(i),
                error_x=_errors(part, "value"),
            )
        )
    fig.update_layout(barmode="group")
    height = 160 + 28 * indices["factor"].nunique() * len(shown)
    return _layout(
        fig,
        t("sensitivity_title", lang, metric=metric_label(metric, lang), design=design),
        max(360, height),
    )


def grid_figure(
    values: np.ndarray,
    outlines: tuple[list, list],
    workers: tuple[list, list],
    measure_label: str,
    lang: str = "en",
) -> go.Figure:
    """The community: households coloured by a measure, block edges, grid workers."""
    fig = go.Figure(
        go.Heatmap(
            z=json_safe(values),  # an empty cell (no household) is a gap
            zmin=0,
            zmax=1,
            colorscale="RdYlGn",
            colorbar={"title": measure_label},
            name=measure_label,
            hovertemplate="x %{x}, y %{y}: %{z:.2f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=outlines[0],
            y=outlines[1],
            mode="lines",
            name="blocks",
            line={"color": "black", "width": 2},
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=workers[0],
            y=workers[1],
            mode="markers",
            name="grid workers",
            marker={
                "symbol": "diamond",
                "size": 11,
                "color": "#1f3b99",
                "line": {"color": "white", "width": 1.5},
            },
        )
    )
    fig.update_yaxes(scaleanchor="x", visible=False, autorange="reversed")
    fig.update_xaxes(visible=False)
    fig = _layout(fig, t("grid", lang), 470)
    fig.update_layout(showlegend=False, width=470, margin={"l": 10, "r": 10, "t": 50, "b": 10})
    fig.update_traces(colorbar={"thickness": 12}, selector={"type": "heatmap"})
    fig.update_layout(title_font_size=13)
    return fig


def live_metrics_figure(frame: pd.DataFrame, metrics: list[str], lang: str = "en") -> go.Figure:
    """Main metrics of the running model, week by week."""
    fig = go.Figure()
    for i, metric in enumerate(metrics):
        fig.add_trace(
            go.Scatter(
                x=frame["step"],
                y=frame[metric],
                mode="lines",
                name=metric_label(metric, lang),
                line={"color": _colour(i)},
            )
        )
    fig.update_xaxes(title=t("week", lang), tickformat="d")
    fig.update_yaxes(title=t("value", lang), range=[0, 1])
    fig = _layout(fig, t("main_metrics", lang), 470)
    fig.update_layout(width=470, legend_font_size=10, title_font_size=13)
    return fig
