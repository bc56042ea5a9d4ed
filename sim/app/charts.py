"""Plotly figures from the tables in `sim.app.data` and `sim.app.brief`; shared by the
browser and the report.

A figure here is a plain dict, `{"data": [traces], "layout": {...}}`, exactly what plotly.js
draws: building it costs a few milliseconds, where plotly.py's validated objects cost a
tenth of a second or more per figure. `to_json` serializes one (NaN as null).

Every trace carries a `name` (a scenario title, an age group) so tests and readers can tell
what is drawn; every title and axis is in the chosen language with its unit and its
"higher/lower is better" cue from the registries; hover values are rounded; colours are fixed
per scenario (`colours`: label -> colour) and colour-blind safe. `plot_config` is the
toolbar every chart gets: no upload or share button, Plotly's words in Chinese.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.io as pio

from sim.app.data import SPARE_COLOURS
from sim.app.i18n import (
    PLOTLY_ZH,
    design_text,
    is_scale,
    metric_label,
    metric_title,
    metric_unit,
    parameter_label,
    parameter_title,
    t,
)

# Latin letters in a Latin face, Chinese in the first CJK face the machine has
FONT = (
    "Roboto, Arial, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
)
AGE_COLOURS = {"elderly": "#5E3C99", "nonelderly": "#E08214"}  # purple / orange
GRID_SCALE = "Cividis"  # colour-blind safe: dark blue = low, yellow = high
TEMPLATE = pio.templates["plotly_white"].to_plotly_json()
REMOVE_BUTTONS = [
    "sendDataToCloud",
    "sendChartToCloud",
    "downloadJson",
    "editInChartStudio",
    "lasso2d",
    "select2d",
    "toggleSpikelines",
    "hoverCompareCartesian",
    "hoverClosestCartesian",
]


# How a page picks a figure's layout for its width: panels stack on narrow screens.
SHAPE_JS = """
function govsimLayout(fig, width) {
  const layout = Object.assign({}, fig.layout || {});
  const narrow = layout.meta && layout.meta.narrow;
  if (narrow && width > 0 && width < 640) Object.assign(layout, narrow);
  return layout;
}
"""


def plot_config(lang: str = "en", filename: str = "govsim-chart") -> dict:
    """Plotly's config for every chart: a PNG download, zoom and pan, nothing that uploads,
    no logo; Plotly's own words in Chinese when `lang` is zh."""
    config = {
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "modeBarButtonsToRemove": REMOVE_BUTTONS,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
    if lang == "zh":
        config["locale"] = "zh-CN"
        config["locales"] = {"zh-CN": PLOTLY_ZH}
    return config


# ------------------------------------------------------------------ plumbing


def json_safe(values) -> list:
    """Values as (nested) lists with None for NaN: JSON has no NaN."""
    array = np.asarray(values, dtype=float)
    return np.where(np.isnan(array), None, array).tolist()


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(fig: dict) -> str:
    return json.dumps(_clean(fig), separators=(",", ":"), ensure_ascii=False)


def _floats(series) -> list:
    return [None if v is None or v != v else float(v) for v in series]


def hover_format(metric: str) -> str:
    """A d3 format that rounds a metric sensibly in hover labels."""
    if metric in ("backlog", "backlog_cases", "cost_per_household_year", "cost"):
        return ",.1f" if metric == "cost" else ",.0f"
    return ".3f" if is_scale(metric) else ",.2f"


def _tick(metric: str) -> str:
    return ".2f" if is_scale(metric) else ""


def _colour(colours: dict | None, label: str, i: int) -> str:
    if colours and label in colours:
        return colours[label]
    return SPARE_COLOURS[i % len(SPARE_COLOURS)]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def _figure(traces: list, title: str, height: int, **layout) -> dict:
    """A figure dict with the house style; on a narrow screen the title wraps shorter."""
    plain = title.replace("<br>", " ")
    short = {"text": _wrap(plain, 34), "x": 0.01, "xanchor": "left", "font": {"size": 13}}
    meta = layout.pop("meta", {})
    narrow = meta.setdefault("narrow", {})
    narrow["title"] = short
    margin = dict(narrow.get("margin") or layout.get("margin") or {"l": 64, "r": 20, "b": 50})
    margin["t"] = 56 + 20 * short["text"].count("<br>") + narrow.pop("panel_titles_px", 0)
    margin["l"], margin["r"] = min(margin.get("l", 64), 50), min(margin.get("r", 20), 10)
    narrow["margin"] = margin
    layout["meta"] = meta
    base = {
        "template": TEMPLATE,
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "autosize": True,
        "font": {"family": FONT},
        "margin": {"l": 64, "r": 20, "t": 76, "b": 50},
        "legend": {"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
        "hoverlabel": {"font": {"family": FONT}},
    }
    return {"data": traces, "layout": base | layout}


def _errors(frame: pd.DataFrame, value: str = "mean") -> dict:
    upper = (frame["high"] - frame[value]).fillna(0)
    lower = (frame[value] - frame["low"]).fillna(0)
    return {"type": "data", "array": _floats(upper), "arrayminus": _floats(lower), "visible": True}


def _width(text: str) -> int:
    """Display width: a CJK character counts as two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


CLOSING = set(")\uff09\uff0c,\u3001\uff1b;\uff1a:\u3002")


def _wrap(text: str, width: int = 22) -> str:
    """Break a long title onto lines (<br>) of about `width` columns: at spaces in a Latin
    text, between characters in a Chinese one (never starting a line with a closing mark)."""
    if _width(text) <= width:
        return text
    if any(ord(ch) > 0x2E80 for ch in text) or " " not in text:
        lines, line = [], ""
        for ch in text:
            if line and _width(line + ch) > width and ch not in CLOSING:
                lines.append(line)
                line = ""
            line += ch
        return "<br>".join([*lines, line])
    lines, line = [], ""
    for word in text.split():
        if line and _width(line) + 1 + _width(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _interval_hover(metric: str, lang: str, name: str = "%{x}") -> str:
    f = hover_format(metric)
    unit = "" if is_scale(metric) else f" {metric_unit(metric, lang)}"
    low, high = t("col_low", lang), t("col_high", lang)
    return (
        f"{name}<br>%{{y:{f}}}{unit}<br>{low} %{{customdata[0]:{f}}}, "
        f"{high} %{{customdata[1]:{f}}}<extra></extra>"
    )


# ------------------------------------------------------------------ panels


PANEL_PX = 210  # height of one panel


def _panels(titles: list[str], cols: int, panel_px: int = PANEL_PX) -> dict:
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


def _axes(k: int) -> dict:
    suffix = "" if k == 0 else str(k + 1)
    return {"xaxis": f"x{suffix}", "yaxis": f"y{suffix}"}


def _panel_figure(
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

    wide = styled(_panels(titles, cols))
    narrow = styled(_panels(titles, 1, panel_px=190))
    narrow["panel_titles_px"] = narrow["margin"]["t"] - top
    height = wide.pop("height")
    return _figure(traces, title, height, **wide, **extra, meta={"narrow": narrow})


def _panel_bars(frame, value, title, lang, colours, zero_line, cols) -> dict:
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
                    "y": _floats(bar[value]),
                    "error_y": _errors(bar, value),
                    "name": label,
                    "marker": {"color": _colour(colours, label, i)},
                    "legendgroup": label,
                    "showlegend": k == 0,
                    "customdata": bar[["low", "high"]].to_numpy().tolist(),
                    "hovertemplate": _interval_hover(metric, lang),
                    **_axes(k),
                }
            )
    titles = [_wrap(metric_title(m, lang), 26) for m in metrics]
    zero = {"zeroline": zero_line, "zerolinecolor": "#777", "zerolinewidth": 1}
    return _panel_figure(traces, titles, cols, title, {"showticklabels": False}, zero)


# ------------------------------------------------------------------ compare


def timeseries_figure(band: pd.DataFrame, metric: str, lang="en", colours=None) -> dict:
    """One line per point with its 95% band, by week."""
    traces = []
    f = hover_format(metric)
    for i, (label, part) in enumerate(band.groupby("label", sort=False)):
        colour = _colour(colours, label, i)
        steps = part["step"].to_numpy()
        high = part["high"].fillna(part["mean"]).to_numpy()
        low = part["low"].fillna(part["mean"]).to_numpy()
        traces.append(
            {
                "type": "scatter",
                "x": np.r_[steps, steps[::-1]].tolist(),
                "y": _floats(np.r_[high, low[::-1]]),
                "fill": "toself",
                "fillcolor": _rgba(colour, 0.18),
                "line": {"width": 0},
                "hoverinfo": "skip",
                "showlegend": False,
                "name": f"{label} (95%)",
                "legendgroup": label,
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": steps.tolist(),
                "y": _floats(part["mean"]),
                "mode": "lines",
                "name": label,
                "line": {"color": colour, "width": 2},
                "legendgroup": label,
                "hovertemplate": f"{label}<br>{t('week', lang)} %{{x}}: %{{y:{f}}}<extra></extra>",
            }
        )
    return _figure(
        traces,
        _wrap(t("timeseries_title", lang, metric=metric_label(metric, lang)), 70),
        480,
        margin={"l": 64, "r": 20, "t": 76, "b": 110},
        legend={"orientation": "h", "x": 0, "y": -0.28, "yanchor": "top"},
        xaxis={"title": {"text": t("week", lang)}, "tickformat": "d"},
        yaxis={
            "title": {"text": _wrap(metric_title(metric, lang), 40)},
            "tickformat": _tick(metric),
        },
    )


def final_figure(final: pd.DataFrame, lang="en", cols: int = 4, colours=None) -> dict:
    """Final-quarter bars with 95% intervals: one panel per metric, one bar per point."""
    return _panel_bars(final, "mean", t("final_title", lang), lang, colours, False, cols)


def difference_figure(diff: pd.DataFrame, lang="en", cols: int = 4, colours=None) -> dict:
    """Paired differences from the reference with 95% intervals, one panel per metric."""
    reference = diff["reference"].iloc[0] if len(diff) else ""
    title = _wrap(t("diff_title", lang, reference=reference), 70)
    return _panel_bars(diff, "difference", title, lang, colours, True, cols)


def _age_bars(table, value, measures, lang, titles, title, zero_line) -> dict:
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
                    "x": [_wrap(x, 12) for x in rows["label"]],
                    "y": _floats(rows[value]),
                    "error_y": _errors(rows, value),
                    "name": t(group, lang),
                    "marker": {"color": AGE_COLOURS[group]},
                    "legendgroup": group,
                    "showlegend": k == 0,
                    "customdata": rows[["low", "high"]].to_numpy().tolist(),
                    "hovertemplate": _interval_hover(
                        rows["metric"].iloc[0], lang, f"{t(group, lang)} · %{{x}}"
                    ),
                    **_axes(k),
                }
            )
    zero = {"zeroline": zero_line, "zerolinecolor": "#777", "zerolinewidth": 1}
    x_axis = {"tickfont": {"size": 11}, "tickangle": 0}
    return _panel_figure(traces, titles, 3, title, x_axis, zero, below_px=70, barmode="group")


def age_figure(age: pd.DataFrame, lang="en") -> dict:
    """Aged 60+ and under 60 side by side, for each measure and point."""
    measures = list(dict.fromkeys(age["measure"]))
    titles = [f"{t(m, lang)} (0–1)" for m in measures]
    return _age_bars(age, "mean", measures, lang, titles, t("age_title", lang), False)


# ------------------------------------------------------------------ brief


def elderly_figure(table: pd.DataFrame, reference: str, lang="en") -> dict:
    """Paired changes against the reference for residents aged 60+ and under 60: one panel
    per measure (satisfaction, needs met, participation), one pair of bars per scenario."""
    measures = list(dict.fromkeys(table["measure"]))
    titles = []
    for m in measures:
        metric = table.loc[table["measure"] == m, "metric"].iloc[0]
        titles.append(_wrap(f"{t(m, lang)} ({metric_unit(metric, lang)})", 30))
    title = _wrap(t("elderly_title", lang, reference=reference), 70)
    return _age_bars(table, "difference", measures, lang, titles, title, True)


def _nz(value) -> float:
    return 0.0 if value is None or not math.isfinite(value) else float(value)


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
    cost_word, gain_word = t("col_cost", lang), t("col_difference", lang)
    traces = []
    known = pd.concat([table["cost"], pd.Series([budget or 0.0])]).astype(float)
    span = max(float(np.nanmax(known)) if known.notna().any() else 1.0, 1.0)
    for i, row in enumerate(table.itertuples(index=False)):
        colour = _colour(colours, row.label, i)
        inside = bool(row.within_budget)
        shown = row.label if not row.reference else t("reference_point", lang, reference=row.label)
        if not inside:
            shown = f"{shown} ({t('beyond_budget', lang)})"
        line = colour if inside else "#9a9a9a"
        traces.append(
            {
                "type": "scatter",
                "x": [_nz(row.cost)],
                "y": [_nz(row.gain)],
                "mode": "markers+text",
                "name": shown,
                "text": [_wrap(shown, 18)],
                "textposition": "top left"
                if _nz(row.cost) > 0.65 * span
                else "top right"
                if _nz(row.cost) < 0.15 * span
                else "top center",
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
                "hovertemplate": (
                    f"{row.label}<br>{cost_word}: %{{x:,.0f}}<br>{gain_word}: %{{y:+{f}}}"
                    "<extra></extra>"
                ),
            }
        )
    axis = {"color": "#999", "width": 1}
    shapes = [
        {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0, "y1": 0, "line": axis},
        {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": 0, "x1": 0, "line": axis},
    ]
    annotations = []
    costs = pd.concat([table["cost_high"], table["cost"]]).astype(float)
    top = float(np.nanmax(costs)) if costs.notna().any() else 1.0
    top = max(top, 1.0)
    if budget and budget > 0:
        top = max(top, budget) * 1.1
        shapes += [
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
        annotations.append(
            {
                "x": budget,
                "y": 1,
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "text": t("budget_line", lang, budget=f"{budget:,.0f}"),
                "font": {"size": 12, "color": "#444"},
            }
        )
    else:
        top *= 1.1
    gains = pd.concat([table["gain_high"], table["gain_low"], table["gain"]]).astype(float)
    low_y = float(np.nanmin(gains)) if gains.notna().any() else 0.0
    high_y = float(np.nanmax(gains)) if gains.notna().any() else 1.0
    pad = 0.15 * max(high_y - low_y, 1e-6)
    title = t("cost_title", lang, metric=metric_label(outcome, lang), reference=reference)
    return _figure(
        traces,
        _wrap(title, 70),
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
            "title": {"text": _wrap(t("gain_axis", lang, metric=metric_title(outcome, lang)), 44)},
            "tickformat": _tick(outcome),
            "range": [min(low_y, 0.0) - pad, high_y + 2 * pad],
            "zeroline": False,
        },
    )


# ------------------------------------------------------------------ explore


def _level(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def heatmap_figure(table: pd.DataFrame, metric: str, x: str, y: str, lang="en") -> dict:
    f = hover_format(metric)
    z = table.to_numpy(dtype=float)
    trace = {
        "type": "heatmap",
        "z": json_safe(z),
        "x": [_level(v) for v in table.columns],
        "y": [_level(v) for v in table.index],
        "colorscale": "Viridis",
        "name": metric_label(metric, lang),
        "colorbar": {"title": {"text": _wrap(metric_title(metric, lang), 16)}},
        "texttemplate": f"%{{z:{f}}}",
        "hovertemplate": f"%{{x}}, %{{y}}: %{{z:{f}}}<extra></extra>",
    }
    return _figure(
        [trace],
        _wrap(t("heatmap_title", lang, metric=metric_label(metric, lang)), 70),
        520,
        xaxis={"title": {"text": parameter_title(x, lang)}, "type": "category"},
        yaxis={"title": {"text": parameter_title(y, lang)}, "type": "category"},
    )


MAIN_INDEX = {"sobol": "ST", "morris": "mu_star", "lhs": "spearman"}


def sensitivity_figure(
    indices: pd.DataFrame, metric: str, design: str, lang="en", scenario_titles=None
) -> dict:
    """Indices with 95% intervals per factor (Sobol S1 and ST, Morris mu*, LHS rank
    correlation), one group per scenario."""
    shown = ["S1", "ST"] if design == "sobol" else [MAIN_INDEX[design]]
    titles = scenario_titles or {}
    traces = []
    chosen = indices[indices["index"].isin(shown)]
    for i, (key, part) in enumerate(chosen.groupby(["scenario", "index"], sort=False)):
        part = part.sort_values("value")
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [parameter_label(f, lang) for f in part["factor"]],
                "x": _floats(part["value"]),
                "name": f"{titles.get(key[0], key[0])} · {t('index_' + key[1], lang)}",
                "marker": {"color": SPARE_COLOURS[i % len(SPARE_COLOURS)]},
                "error_x": _errors(part, "value"),
                "hovertemplate": "%{y}: %{x:.3f}<extra></extra>",
            }
        )
    height = max(400, 180 + 28 * indices["factor"].nunique() * len(shown))
    title = t(
        "sensitivity_title",
        lang,
        metric=metric_label(metric, lang),
        design=design_text(design, lang),
    )
    return _figure(
        traces,
        _wrap(title, 70),
        height,
        barmode="group",
        xaxis={"title": {"text": t("index_axis", lang)}},
        yaxis={"automargin": True},
    )


# ------------------------------------------------------------------ live model


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
    fig = _figure(
        [heat, edges, people],
        _wrap(t("grid", lang), 44),
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
                "y": _floats(frame[metric]),
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
    fig = _figure(
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
