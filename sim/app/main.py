"""The Solara app of `govsim serve`: Live model, Compare and Explore, in English or Chinese.

Started by `govsim serve` (which sets GOVSIM_RESULTS_ROOT and GOVSIM_LANG); also runnable
as `solara run sim.app.main`. Reactive state created at module level is per browser session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import solara
from mesa.visualization import SolaraViz

from sim.app import charts, data
from sim.app.i18n import (
    COLOUR_MEASURES,
    metric_label,
    parameter_label,
    path_label,
    t,
)
from sim.app.tables import html_table
from sim.errors import GovsimError
from sim.model import CommunityModel
from sim.parameters import PARAMETERS, available_scenarios, load_scenario

ROOT = Path(os.environ.get("GOVSIM_RESULTS_ROOT", "results"))
LIVE_METRICS = [
    "satisfaction_mean",
    "satisfaction_elderly",
    "participation_rate",
    "governance_participation_rate",
    "needs_met_rate",
    "platform_quality",
]
LIVE_MAX_HOUSEHOLDS = 20_000  # keeps the live page responsive
PATH_ORDER = ("technology", "services", "culture", "government", "population")
PATH_TAGS = {  # the paper's section of each path, kept short so slider tracks keep room
    "technology": ("4.1", "4.1"),
    "services": ("4.2", "4.2"),
    "culture": ("4.3", "4.3"),
    "government": ("gov", "政府"),
    "population": ("community", "社区"),
}

lang = solara.reactive(os.environ.get("GOVSIM_LANG", "en"))
live_scenario = solara.reactive("baseline")
live_values: solara.Reactive[dict] = solara.reactive({})
live_model = solara.reactive(None)  # kept while the user visits other tabs
active_tab = solara.reactive(0)
colour_by = solara.reactive("satisfaction")
compare_folder: solara.Reactive[str | None] = solara.reactive(None)
compare_points: solara.Reactive[list[str]] = solara.reactive([])
compare_metric = solara.reactive("satisfaction_mean")
explore_folder: solara.Reactive[str | None] = solara.reactive(None)
explore_metric = solara.reactive("satisfaction_mean")
explore_axes: solara.Reactive[tuple] = solara.reactive(())


# ------------------------------------------------------------------ shared pieces


def Figure(figure, width: int = 1150):
    """A Plotly figure at a fixed width (the widget does not size itself to the page)."""
    figure.update_layout(width=width)
    return solara.FigurePlotly(figure)


def metric_picker(choice: solara.Reactive[str], metrics: list[str]) -> str:
    """A metric select showing labels in the current language; returns the metric shown."""
    metric = choice.value if choice.value in metrics else metrics[0]
    by_label = {metric_label(m, lang.value): m for m in metrics}
    solara.Select(
        label=t("metric", lang.value),
        value=metric_label(metric, lang.value),
        values=list(by_label),
        on_value=lambda label: choice.set(by_label[label]),
    )
    return metric


@solara.component
def Table(frame: pd.DataFrame):
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html_table(frame),
        style={"overflow-x": "auto", "font-size": "14px"},
    )


def _load(folder_name: str):
    """Results of a folder under ROOT, or the message to show instead (never a traceback)."""
    try:
        return data.open_folder(ROOT, folder_name), None
    except GovsimError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a damaged file must not take the app down
        return None, f"cannot read results folder {folder_name}: {type(exc).__name__}: {exc}"


def use_results(choice: solara.Reactive[str | None]):
    """Pick a results folder and load it (a hook: call it first in a page). Shows why a
    folder cannot be read, or that its sweep is incomplete; None when there is nothing."""
    folder = folder_picker(choice)
    results, problem = solara.use_memo(lambda: _load(folder) if folder else (None, None), [folder])
    if problem:
        solara.Error(problem)
    elif results is not None and (note := data.progress_note(results)):
        solara.Warning(t("partial", lang.value, **note))
    return results


def folder_picker(choice: solara.Reactive[str | None]) -> str | None:
    """A picker of the results folders found under the root (a helper called inside a
    page's render); returns the folder shown, or None when there is none."""
    names = [f.name for f in data.discover(ROOT)]
    if not names:
        solara.Info(t("no_results", lang.value, root=str(ROOT)))
        return None
    preferred = [n for n in names if Path(n).name == "paper_paths"]
    current = choice.value if choice.value in names else (preferred or names)[0]
    solara.Select(
        label=t("results_folder", lang.value), values=names, value=current, on_value=choice.set
    )
    return current


# ------------------------------------------------------------------ live model


class LiveCommunity(CommunityModel):
    """The model as the live page builds it: a named scenario plus the inputs' values.

    SolaraViz rebuilds it on Reset with the current inputs (and Mesa's own empty scenario,
    which is ignored); the values in force are kept so the inputs show them after a
    language switch.
    """

    def __init__(self, scenario=None, *, base: str = "baseline", rng: int = 1, **overrides):
        named = load_scenario(base)
        in_force = {**{k: named[k] for k in PARAMETERS}, **overrides, "rng": rng}
        if live_values.value != in_force:
            live_values.set(in_force)
        super().__init__(named, rng=rng, **overrides)


def model_params(values: dict, lang_code: str) -> dict:
    """Mesa SolaraViz inputs generated from the parameter registry, grouped by policy path."""
    params: dict = {"base": live_scenario.value}
    for path in PATH_ORDER:
        for p in (p for p in PARAMETERS.values() if p.path == path):
            label = f"[{PATH_TAGS[path][lang_code == 'zh']}] {p.label(lang_code)}"
            value = values.get(p.name, p.default)
            if p.kind is bool:
                params[p.name] = {"type": "Checkbox", "value": bool(value), "label": label}
                continue
            high = min(p.high, LIVE_MAX_HOUSEHOLDS) if p.name == "n_households" else p.high
            params[p.name] = {
                "type": "SliderInt" if p.kind is int else "SliderFloat",
                "value": value,
                "min": p.low,
                "max": high,
                "step": p.step or (1 if p.kind is int else 0.05),
                "label": label,
            }
    params["rng"] = {
        "type": "SliderInt",
        "value": values.get("rng", 1),
        "min": 1,
        "max": 1000,
        "step": 1,
        "label": "Seed" if lang_code == "en" else "随机种子",
    }
    return params


@solara.component
def LiveFigure(build, refresh, key: tuple, step: int):
    """A Plotly widget built once per `key` whose traces `refresh` updates in place each
    step: sending one array per step instead of a whole figure keeps stepping fast.

    The update happens during render, not in an effect: widget messages sent from an effect
    wait for the next render, so the chart would always show the week before.
    """
    widget = solara.use_memo(lambda: go.FigureWidget(build()), list(key))
    last = solara.use_ref(None)
    if last.current != (widget, step):  # idempotent: once per week and widget
        with widget.batch_update():
            refresh(widget)
        last.current = (widget, step)
    solara.display(widget)


def GridView(model):
    """The community grid for SolaraViz: households coloured by the chosen measure."""
    measure, code = colour_by.value, lang.value
    label = COLOUR_MEASURES[measure][code == "zh"]

    def build():
        outlines = data.block_outlines(model.layout.cell_block)
        return charts.grid_figure(
            data.household_values(model, measure),
            outlines,
            data.worker_positions(model),
            label,
            code,
        )

    def refresh(widget):
        widget.data[0].z = charts.json_safe(data.household_values(model, measure))

    with solara.Column() as main:
        solara.ToggleButtonsSingle(
            value=colour_by, values=list(COLOUR_MEASURES), on_value=colour_by.set
        )
        LiveFigure(build, refresh, (model, measure, code), model.observed_weeks)
    return main


def MetricsView(model):
    """Main metrics of the running model (Plotly), updated every step."""
    code = lang.value

    def build():
        return charts.live_metrics_figure(model.metrics_frame(), LIVE_METRICS, code)

    def refresh(widget):
        frame = model.metrics_frame()
        for trace, metric in zip(widget.data, LIVE_METRICS, strict=True):
            trace.x, trace.y = charts.json_safe(frame["step"]), charts.json_safe(frame[metric])

    return LiveFigure(build, refresh, (model, code), model.observed_weeks)


@solara.component
def LivePage():
    def choose(name: str):
        live_scenario.set(name)
        live_model.set(LiveCommunity(base=name))

    if live_model.value is None:
        live_model.set(LiveCommunity(base=live_scenario.value))
        return
    solara.Select(
        label=t("scenario", lang.value),
        values=available_scenarios(),
        value=live_scenario.value,
        on_value=choose,
    )
    solara.Text(t("live_reset_hint", lang.value))
    values = live_values.value or {**dict(load_scenario(live_scenario.value)), "rng": 1}
    SolaraViz(
        live_model,
        components=[(GridView, 0), (MetricsView, 0)],
        model_params=model_params(values, lang.value),
        name=t("tab_live", lang.value),
        play_interval=150,
    ).key(f"live-{live_scenario.value}")


# ------------------------------------------------------------------ compare


@solara.component
def ComparePage():
    results = use_results(compare_folder)
    if results is None:
        return
    if not results.counts["done"]:
        return
    names = data.point_names(results, lang.value)
    by_name = {v: k for k, v in names.items()}
    chosen_names = [n for n in compare_points.value if n in by_name]
    if not chosen_names:
        chosen_names = [names[p] for p in data.default_selection(results)]
    solara.SelectMultiple(
        t("choose_scenarios", lang.value),
        all_values=list(names.values()),
        values=chosen_names,
        on_value=compare_points.set,
    )
    chosen = [by_name[n] for n in chosen_names]
    if len(chosen) < 2:
        solara.Info(t("need_two", lang.value))
        return
    metrics = data.compare_metrics(results)
    metric = metric_picker(compare_metric, results.metrics)
    Figure(
        charts.timeseries_figure(
            data.timeseries_band(results, chosen, metric, lang.value), metric, lang.value
        )
    )
    Figure(
        charts.final_figure(data.final_outcomes(results, chosen, metrics, lang.value), lang.value)
    )
    if any(m in results.metrics for pair in data.AGE_PAIRS.values() for m in pair):
        Figure(charts.age_figure(data.age_breakdown(results, chosen, lang.value), lang.value))
    Figure(
        charts.difference_figure(
            data.differences(results, chosen, metrics, lang=lang.value), lang.value
        )
    )
    solara.Markdown(f"### {t('params_title', lang.value)}")
    table = data.parameter_differences(results, chosen, lang.value)
    if table.empty:
        solara.Text(t("no_param_diff", lang.value))
    else:
        table = table.assign(
            path=[path_label(p, lang.value) for p in table["path"]],
            parameter=[parameter_label(p, lang.value) for p in table["parameter"]],
        )
        Table(table)


# ------------------------------------------------------------------ explore


@solara.component
def ExplorePage():
    results = use_results(explore_folder)
    if results is None:
        return
    kind = data.explore_kind(results)
    experiment = results.experiment
    if kind is None or not results.counts["done"]:
        solara.Info(
            t(
                "explore_none",
                lang.value,
                design=experiment.design,
                factors=", ".join(results.factors) or t("factors_none", lang.value),
            )
        )
        return
    metric = metric_picker(explore_metric, data.explorable_metrics(results))
    if kind == "sensitivity":
        indices = data.sensitivity(results, metric)
        if indices.empty:  # a point without finished runs, or a metric undefined somewhere
            solara.Warning(t("no_indices", lang.value))
            return
        Figure(charts.sensitivity_figure(indices, metric, experiment.design, lang.value))
        return
    factors = results.factors
    x, y = (
        explore_axes.value
        if len(explore_axes.value) == 2 and set(explore_axes.value) <= set(factors)
        else (factors[0], factors[1])
    )
    with solara.Row():
        solara.Select(
            label=t("x_factor", lang.value),
            value=x,
            values=factors,
            on_value=lambda v: explore_axes.set((v, y)),
        )
        solara.Select(
            label=t("y_factor", lang.value),
            value=y,
            values=factors,
            on_value=lambda v: explore_axes.set((x, v)),
        )
    if x == y:
        return
    Figure(charts.heatmap_figure(data.heatmap(results, metric, x, y), metric, x, y, lang.value))


# ------------------------------------------------------------------ the page


@solara.component
def Page():
    solara.Title(t("app_title", lang.value))
    with solara.AppBar():
        solara.Button(
            t("language", lang.value),
            text=True,
            icon_name="mdi-translate",
            on_click=lambda: lang.set("zh" if lang.value == "en" else "en"),
            classes=["govsim-language"],
        )
    with solara.lab.Tabs(value=active_tab):
        solara.lab.Tab(t("tab_live", lang.value))
        solara.lab.Tab(t("tab_compare", lang.value))
        solara.lab.Tab(t("tab_explore", lang.value))
    # only the shown page is rendered, so the live model's sidebar leaves with its page
    (LivePage, ComparePage, ExplorePage)[active_tab.value]()
