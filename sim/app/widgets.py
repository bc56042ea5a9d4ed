"""Building blocks of the browser pages: the chart widget, tables, pickers, downloads, CSS.

`Chart` draws a Plotly figure (a plain dict, see `sim.app.charts`) with a small Vue
component: jupyter-vue is on every Solara page already, and plotly.js (the cartesian
bundle in sim/app/static, served by the app: no network) is fetched once per page while
Solara starts (sim/templates/index.html.j2). A page with five charts thus sends five small
JSON documents instead of five copies of the 5 MB widget bundle that `go.FigureWidget`
carries. A chart sizes itself to its container, stacks its panels on a narrow screen, and
shows a waiting note until drawn.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipyvuetify as v
import pandas as pd
import solara
import traitlets

from sim.app import charts
from sim.app.i18n import t
from sim.app.tables import html_table

LOADER = """
function govsimPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__govsimPlotly) {
    window.__govsimPlotly = new Promise((resolve, reject) => {
      let s = document.getElementById("govsim-plotly");  // the page template's copy
      if (!s) {
        const root = (window.solara && window.solara.rootPath) || "";
        s = document.createElement("script");
        s.id = "govsim-plotly";
        s.src = root + "/static/assets/plotly-cartesian.min.js";
        document.head.appendChild(s);
      }
      s.addEventListener("load", () => resolve(window.Plotly));
      s.addEventListener("error", () => {
        window.__govsimPlotly = null;
        reject(new Error("plotly.js"));
      });
      if (window.Plotly) resolve(window.Plotly);
    });
  }
  return window.__govsimPlotly;
}
"""

# A Vue component (jupyter-vue is on every Solara page already, so nothing more to load)
TEMPLATE = (
    """
<template>
  <div class="govsim-chart" :data-drawn="drawn || null">
    <div class="govsim-chart-wait" role="status" v-show="!drawn">{{ waiting }}</div>
    <div class="govsim-chart-plot" ref="plot"></div>
  </div>
</template>
<script>
"""
    + charts.SHAPE_JS
    + LOADER
    + """
module.exports = {
  data() { return { drawn: 0 }; },
  mounted() {
    this.queue = Promise.resolve();
    this.narrow = null;
    this.observer = new ResizeObserver(() => this.resized());
    this.observer.observe(this.$el);
    this.later();
  },
  beforeDestroy() {
    this.gone = true;
    if (this.observer) this.observer.disconnect();
    if (window.Plotly) window.Plotly.purge(this.$refs.plot);
  },
  watch: { spec() { this.later(); } },
  methods: {
    later() { this.queue = this.queue.then(() => this.draw()); },
    isNarrow() { return this.$el.clientWidth > 0 && this.$el.clientWidth < 640; },
    async draw() {
      if (!this.spec || this.gone) return;
      try {
        const Plotly = await govsimPlotly();
        if (this.gone) return;
        const fig = JSON.parse(this.spec);
        this.narrow = this.isNarrow();
        await Plotly.react(this.$refs.plot, fig.data || [], govsimLayout(fig, this.$el.clientWidth),
                           fig.config || {});
        this.drawn += 1;
      } catch (e) {
        console.warn(e);
      }
    },
    resized() {
      const box = this.$refs.plot;
      if (!window.Plotly || !box || !box.data || !box.offsetWidth) return;
      if (this.isNarrow() !== this.narrow) this.later(); else window.Plotly.Plots.resize(box);
    },
  },
};
</script>
"""
)


class PlotlyChart(v.VuetifyTemplate):
    """A Plotly figure as JSON (data, layout, config), drawn by plotly.js in the page."""

    template = traitlets.Unicode(TEMPLATE).tag(sync=True)
    spec = traitlets.Unicode("").tag(sync=True)
    waiting = traitlets.Unicode("…").tag(sync=True)


STATIC = Path(__file__).resolve().parent / "static"


def configure_server() -> None:
    """Let the server hand out plotly.js (sim/app/static, see its README) at /static/assets/
    (no CDN), and drop Solara's English banner from the pages."""
    try:
        from solara.server import settings
    except ImportError:  # pragma: no cover - the app always runs under solara
        return
    settings.theme.show_banner = False
    if str(STATIC) not in settings.assets.extra_locations:
        settings.assets.extra_locations.append(str(STATIC))


def figure_spec(fig: dict, lang: str, filename: str = "govsim-chart") -> str:
    """The JSON the widget draws: the figure plus the toolbar config for `lang`."""
    return charts.to_json({**fig, "config": charts.plot_config(lang, filename)})


@solara.component
def Chart(fig, lang: str, filename: str = "govsim-chart"):
    """A figure drawn in the page (rebuilt only when the figure object changes)."""
    spec = solara.use_memo(lambda: figure_spec(fig, lang, filename), [id(fig), lang])
    return PlotlyChart.element(spec=spec, waiting=t("loading", lang))


@solara.component
def Table(frame: pd.DataFrame, helps: dict | None = None, numeric_from: int = 1):
    solara.HTML(tag="div", unsafe_innerHTML=html_table(frame, helps, numeric_from))


def labelled_select(
    label: str, value: str, options: dict[str, str], on_value: Callable[[str], None]
) -> None:
    """A select showing labels (options: key -> label) and reporting the key chosen."""
    by_label = {v: k for k, v in options.items()}
    solara.Select(
        label=label,
        value=options.get(value, next(iter(options.values()))),
        values=list(options.values()),
        on_value=lambda shown: on_value(by_label[shown]),
    )


CSS = """
.govsim-chart { width: 100%; position: relative; min-height: 80px; }
.govsim-chart-plot { width: 100%; }
.govsim-chart-wait { padding: 1.5rem; color: #555; font-size: 15px; }
.govsim-chart-wait::before { content: ""; display: inline-block; width: 14px; height: 14px;
  margin-right: 8px; border: 2px solid #90a4c8; border-top-color: #1f4e9a;
  border-radius: 50%; animation: govsim-spin .8s linear infinite; vertical-align: -2px; }
@keyframes govsim-spin { to { transform: rotate(360deg); } }
.govsim-table-wrap { overflow-x: auto; max-width: 100%; }
table.govsim-table { border-collapse: collapse; font-size: 14px; margin: .4rem 0; }
table.govsim-table th, table.govsim-table td { border: 1px solid #ddd; padding: 4px 8px;
  text-align: left; white-space: nowrap; }
table.govsim-table .num { text-align: right; }
table.govsim-table thead th { background: #f3f5f8; }
.govsim-help { text-decoration: underline dotted #888; cursor: help; }
.govsim-brief { font-size: 16px; line-height: 1.6; max-width: 980px; color: #1d1d1d; }
.govsim-brief li { margin: .35rem 0; }
.govsim-brief strong { font-weight: 700; color: #111; }
.govsim-brief .govsim-question { font-size: 18px; font-weight: 600; margin: .2rem 0 .5rem; }
.govsim-basis { color: #444; font-size: 14px; max-width: 980px; }
.govsim-section { margin-top: 1.2rem; }
.govsim-live-status { font-size: 18px; font-weight: 600; }
.govsim-param-help { color: #555; font-size: 12px; margin: -6px 0 6px; }
.govsim-page { max-width: 1400px; padding: 4px 8px 40px; }
.govsim-page .v-slider__thumb-label { font-size: 11px; }
.govsim-page .v-btn-toggle { flex-wrap: wrap; }
.govsim-page .v-btn { max-width: 100%; }
.govsim-page .v-btn__content { white-space: normal; flex-shrink: 1; }
.govsim-page .solara-file-download-container .v-btn { height: auto !important;
  min-height: 36px; padding-top: 4px; padding-bottom: 4px; }
@media (max-width: 600px) {
  .govsim-page { padding: 0 2px 40px; }
  .govsim-brief { font-size: 15px; }
  .v-toolbar__title { font-size: 16px !important; }
}
@media print {
  .v-app-bar, header, .v-tabs, .govsim-noprint, .v-input, .v-btn, .solara-footer,
  .modebar-container { display: none !important; }
  .v-main { padding-top: 0 !important; }
  .govsim-page { max-width: none; }
  .govsim-chart { break-inside: avoid; }
  a[href]::after { content: ""; }
}
"""


@solara.component
def PrintButton(label: str):
    """A button that opens the browser's print dialog (save as PDF from there)."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            '<button type="button" class="govsim-print v-btn v-btn--outlined theme--light '
            'v-size--default primary--text govsim-noprint" onclick="window.print()">'
            '<span class="v-btn__content"><i aria-hidden="true" class="v-icon notranslate '
            'v-icon--left mdi mdi-printer theme--light"></i>'
            f"{html.escape(label)}</span></button>"
        ),
    )
