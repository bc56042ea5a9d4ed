"""The Explore page: a heatmap over two factors of a grid sweep, or sensitivity indices of
a sampled design (Sobol, Morris, Latin hypercube)."""

from __future__ import annotations

import solara

from sim.app import charts, data, state
from sim.app.i18n import design_text, metric_label, parameter_label, t
from sim.app.shared import use_results
from sim.app.widgets import Chart, labelled_select


@solara.component
def ExplorePage():
    loaded = use_results()
    if loaded is not None:
        ExploreBody(loaded[1])


@solara.component
def ExploreBody(results):
    lang = state.lang.value
    kind = data.explore_kind(results)
    experiment = results.experiment
    if kind is None:
        solara.Info(
            t(
                "explore_none",
                lang,
                design=design_text(experiment.design, lang),
                factors=("、" if lang == "zh" else ", ").join(
                    parameter_label(f, lang) for f in results.factors
                )
                or t("factors_none", lang),
            )
        )
        return
    metrics = data.explorable_metrics(results)
    metric = state.explore_metric.value if state.explore_metric.value in metrics else metrics[0]
    labelled_select(
        t("metric", lang),
        metric,
        {m: metric_label(m, lang) for m in metrics},
        state.explore_metric.set,
    )
    if kind == "sensitivity":
        Sensitivity(results, metric)
    else:
        Heatmap(results, metric)


@solara.component
def Sensitivity(results, metric: str):
    lang = state.lang.value
    experiment = results.experiment
    indices = solara.use_memo(lambda: data.sensitivity(results, metric), [id(results), metric])
    if indices.empty:  # a point without finished runs, or a metric undefined somewhere
        solara.Warning(t("no_indices", lang))
        return
    titles = {}
    for p in results.manifest.points:
        info = experiment.scenario(p.scenario)
        titles[p.scenario] = info.title(lang) if info else p.scenario
    Chart(charts.sensitivity_figure(indices, metric, experiment.design, lang, titles), lang)


@solara.component
def Heatmap(results, metric: str):
    lang = state.lang.value
    factors = results.factors
    axes = state.explore_axes.value
    x, y = axes if len(axes) == 2 and set(axes) <= set(factors) else (factors[0], factors[1])
    names = {f: parameter_label(f, lang) for f in factors}
    with solara.Row(style={"flex-wrap": "wrap"}):
        labelled_select(t("x_factor", lang), x, names, lambda v: state.explore_axes.set((v, y)))
        labelled_select(t("y_factor", lang), y, names, lambda v: state.explore_axes.set((x, v)))
    figure = solara.use_memo(
        lambda: (
            None
            if x == y
            else charts.heatmap_figure(data.heatmap(results, metric, x, y), metric, x, y, lang)
        ),
        [id(results), metric, x, y, lang],
    )
    if figure is not None:
        Chart(figure, lang, f"govsim-{metric}-heatmap")
