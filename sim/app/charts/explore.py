"""Figures of the Explore page: a heatmap over two factors of a grid sweep, and sensitivity
indices with their 95% intervals (Sobol, Morris, Latin hypercube).
"""

from __future__ import annotations

import pandas as pd

from sim.app.charts.layout import (
    error_bars,
    floats,
    hover_format,
    json_safe,
    styled_figure,
    wrap_title,
)
from sim.app.data import SPARE_COLOURS
from sim.app.i18n import (
    design_text,
    metric_label,
    metric_title,
    parameter_label,
    parameter_title,
    t,
)


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
        "colorbar": {"title": {"text": wrap_title(metric_title(metric, lang), 16)}},
        "texttemplate": f"%{{z:{f}}}",
        "hovertemplate": f"%{{x}}, %{{y}}: %{{z:{f}}}<extra></extra>",
    }
    return styled_figure(
        [trace],
        wrap_title(t("heatmap_title", lang, metric=metric_label(metric, lang)), 70),
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
                "x": floats(part["value"]),
                "name": f"{titles.get(key[0], key[0])} · {t('index_' + key[1], lang)}",
                "marker": {"color": SPARE_COLOURS[i % len(SPARE_COLOURS)]},
                "error_x": error_bars(part, "value"),
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
    return styled_figure(
        traces,
        wrap_title(title, 70),
        height,
        barmode="group",
        xaxis={"title": {"text": t("index_axis", lang)}},
        yaxis={"automargin": True},
    )
