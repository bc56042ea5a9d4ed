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

The figures are built by page (`brief`, `compare`, `explore`, `live`) on the shared house
style (`layout`) and grids of panels (`panels`); `config` is how a figure reaches a page.
Every public name is importable from `sim.app.charts`.
"""

from sim.app.charts.brief import cost_effectiveness_figure, elderly_figure
from sim.app.charts.compare import age_figure, difference_figure, final_figure, timeseries_figure
from sim.app.charts.config import SHAPE_JS, plot_config, to_json
from sim.app.charts.explore import heatmap_figure, sensitivity_figure
from sim.app.charts.layout import hover_format, json_safe
from sim.app.charts.live import grid_figure, live_metrics_figure

__all__ = [
    "SHAPE_JS",
    "age_figure",
    "cost_effectiveness_figure",
    "difference_figure",
    "elderly_figure",
    "final_figure",
    "grid_figure",
    "heatmap_figure",
    "hover_format",
    "json_safe",
    "live_metrics_figure",
    "plot_config",
    "sensitivity_figure",
    "timeseries_figure",
    "to_json",
]
