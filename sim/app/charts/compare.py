"""Figures of the Compare page (and the report's detail): weekly series with 95% bands,
final-quarter bars, paired differences from the reference, aged 60+ and under 60.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.app.charts.layout import (
    colour_of,
    floats,
    hover_format,
    rgba,
    styled_figure,
    tick_format,
    wrap_title,
)
from sim.app.charts.panels import age_bars, panel_bars
from sim.app.i18n import metric_label, metric_title, t


def timeseries_figure(band: pd.DataFrame, metric: str, lang="en", colours=None) -> dict:
    """One line per point with its 95% band, by week."""
    traces = []
    f = hover_format(metric)
    for i, (label, part) in enumerate(band.groupby("label", sort=False)):
        colour = colour_of(colours, label, i)
        steps = part["step"].to_numpy()
        high = part["high"].fillna(part["mean"]).to_numpy()
        low = part["low"].fillna(part["mean"]).to_numpy()
        traces.append(
            {
                "type": "scatter",
                "x": np.r_[steps, steps[::-1]].tolist(),
                "y": floats(np.r_[high, low[::-1]]),
                "fill": "toself",
                "fillcolor": rgba(colour, 0.18),
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
                "y": floats(part["mean"]),
                "mode": "lines",
                "name": label,
                "line": {"color": colour, "width": 2},
                "legendgroup": label,
                "hovertemplate": f"{label}<br>{t('week', lang)} %{{x}}: %{{y:{f}}}<extra></extra>",
            }
        )
    return styled_figure(
        traces,
        wrap_title(t("timeseries_title", lang, metric=metric_label(metric, lang)), 70),
        480,
        margin={"l": 64, "r": 20, "t": 76, "b": 110},
        legend={"orientation": "h", "x": 0, "y": -0.28, "yanchor": "top"},
        xaxis={"title": {"text": t("week", lang)}, "tickformat": "d"},
        yaxis={
            "title": {"text": wrap_title(metric_title(metric, lang), 40)},
            "tickformat": tick_format(metric),
        },
    )


def final_figure(final: pd.DataFrame, lang="en", cols: int = 4, colours=None) -> dict:
    """Final-quarter bars with 95% intervals: one panel per metric, one bar per point."""
    return panel_bars(final, "mean", t("final_title", lang), lang, colours, False, cols)


def difference_figure(diff: pd.DataFrame, lang="en", cols: int = 4, colours=None) -> dict:
    """Paired differences from the reference with 95% intervals, one panel per metric."""
    reference = diff["reference"].iloc[0] if len(diff) else ""
    title = wrap_title(t("diff_title", lang, reference=reference), 70)
    return panel_bars(diff, "difference", title, lang, colours, True, cols)


def age_figure(age: pd.DataFrame, lang="en") -> dict:
    """Aged 60+ and under 60 side by side, for each measure and point."""
    measures = list(dict.fromkeys(age["measure"]))
    titles = [f"{t(m, lang)} (0–1)" for m in measures]
    return age_bars(age, "mean", measures, lang, titles, t("age_title", lang), False)
