"""The Compare page: weekly series with bands, final-quarter outcomes, residents aged 60+
and under 60, paired differences, the parameters that differ, and downloads."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import solara

from sim.app import brief, charts, data, exports, state
from sim.app.i18n import (
    metric_help,
    metric_label,
    parameter_help,
    parameter_label,
    parameter_unit,
    path_label,
    show_value,
    t,
)
from sim.app.shared import ComparisonDownloads, choose_points, slug, use_results
from sim.app.widgets import Chart, Table, labelled_select


def parameter_table(results, chosen: list[int], lang: str) -> tuple[pd.DataFrame, dict]:
    """Parameters that differ between the chosen points, with units and help (tooltips)."""
    table = data.parameter_differences(results, chosen, lang)
    if table.empty:
        return table, {}
    label_col, unit_col, path_col = (
        t("col_parameter", lang),
        t("col_unit", lang),
        t("col_path", lang),
    )
    shown = pd.DataFrame(
        {
            label_col: [parameter_label(p, lang) for p in table["parameter"]],
            unit_col: [parameter_unit(p, lang) for p in table["parameter"]],
            path_col: [path_label(p, lang) for p in table["path"]],
        }
    )
    for column in table.columns[2:]:
        shown[column] = [show_value(v, lang) for v in table[column]]
    helps = {parameter_label(p, lang): parameter_help(p, lang) for p in table["parameter"]}
    return shown, helps


@solara.component
def ComparePage():
    loaded = use_results()
    if loaded is not None:
        CompareChooser(*loaded)


@solara.component
def CompareChooser(folder: str, raw):
    results = solara.use_memo(lambda: brief.with_household_cost(raw), [id(raw)])
    picked = choose_points(folder, results)
    if picked is not None:
        CompareBody(folder, results, *picked)


def weekly_choices(results) -> list[str]:
    """The metrics measured week by week (and the household cost, when the runs have it)."""
    weekly = results.timeseries.columns
    choices = [m for m in results.metrics if m in weekly]
    if brief.COST in weekly and brief.COST not in choices:
        choices.append(brief.COST)
    return choices


@solara.component
def CompareBody(folder: str, results, chosen: list[int], reference: int):
    """Everything below the pickers, one piece per section. The metric shown by week is
    read here, where its picker is drawn (hooks here run on every render, in order); each
    chart memoizes its own figure."""
    lang = state.lang.value
    choices = weekly_choices(results)
    metric = state.compare_metric.value if state.compare_metric.value in choices else choices[0]
    colours = data.colours_by_label(results, lang)
    metric_picker(metric, choices, lang)
    WeeklyChart(results, chosen, metric, lang, colours)
    FinalChart(results, chosen, lang, colours)
    if any(m in results.metrics for pair in data.AGE_PAIRS.values() for m in pair):
        AgeChart(results, chosen, lang)
    DifferenceChart(results, chosen, reference, lang, colours)
    parameters_section(results, chosen, lang)
    solara.HTML(
        tag="h3", unsafe_innerHTML=html.escape(t("downloads", lang)), classes=["govsim-noprint"]
    )
    ComparisonDownloads(
        results,
        chosen,
        reference,
        state.outcome.value or brief.DEFAULT_OUTCOME,
        float(state.budget.value or 0),
    )
    TomlDownload(folder, results, chosen, lang)


def metric_picker(metric: str, choices: list[str], lang: str) -> None:
    """The metric to follow week by week, with its explanation underneath. A plain function,
    not a component: its two elements sit directly in the page's column."""
    labelled_select(
        t("metric", lang),
        metric,
        {m: metric_label(m, lang) for m in choices},
        state.compare_metric.set,
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(metric_help(metric, lang)),
        style={"color": "#555", "font-size": "13px", "margin": "-8px 0 4px"},
    )


@solara.component
def WeeklyChart(results, chosen: list[int], metric: str, lang: str, colours: dict):
    """The chosen metric week by week, each scenario with its 95% band."""
    fig = solara.use_memo(
        lambda: charts.timeseries_figure(
            data.timeseries_band(results, chosen, metric, lang), metric, lang, colours
        ),
        [id(results), tuple(chosen), lang, metric],
    )
    Chart(fig, lang, f"govsim-{metric}-by-week")


@solara.component
def FinalChart(results, chosen: list[int], lang: str, colours: dict):
    """Final-quarter means of every compared metric, with their intervals."""
    fig = solara.use_memo(
        lambda: charts.final_figure(
            data.final_outcomes(results, chosen, data.compare_metrics(results), lang),
            lang,
            colours=colours,
        ),
        [id(results), tuple(chosen), lang],
    )
    Chart(fig, lang, "govsim-final-quarter")


@solara.component
def AgeChart(results, chosen: list[int], lang: str):
    """Residents aged 60+ against those under 60 (the page shows it only when the runs
    measure both)."""
    fig = solara.use_memo(
        lambda: charts.age_figure(data.age_breakdown(results, chosen, lang), lang),
        [id(results), tuple(chosen), lang],
    )
    Chart(fig, lang, "govsim-age-groups")


@solara.component
def DifferenceChart(results, chosen: list[int], reference: int, lang: str, colours: dict):
    """Paired differences from the reference scenario, with their intervals."""
    fig = solara.use_memo(
        lambda: charts.difference_figure(
            data.differences(
                results, chosen, data.compare_metrics(results), reference=reference, lang=lang
            ),
            lang,
            colours=colours,
        ),
        [id(results), tuple(chosen), reference, lang],
    )
    Chart(fig, lang, "govsim-differences")


def parameters_section(results, chosen: list[int], lang: str) -> None:
    """The parameters that differ between the chosen scenarios (or a line saying none do).
    A plain function, not a component: its heading and table sit directly in the page."""
    solara.HTML(tag="h3", unsafe_innerHTML=html.escape(t("params_title", lang)))
    table, helps = parameter_table(results, chosen, lang)
    if table.empty:
        solara.Text(t("no_param_diff", lang))
    else:
        Table(table, helps, numeric_from=3)


@solara.component
def TomlDownload(folder: str, results, chosen: list[int], lang: str):
    """One chosen scenario's parameters as a TOML file to run again; which one is kept per
    results folder in the session, and only this row reads it."""
    titles = data.point_titles(results, lang)
    kept = state.toml_point.value
    point = kept[1] if kept and kept[0] == folder and kept[1] in chosen else chosen[-1]
    scenario = results.manifest.point(point).scenario
    with solara.Row(
        classes=["govsim-noprint"], style={"flex-wrap": "wrap", "align-items": "center"}
    ):
        labelled_select(
            t("download_toml", lang),
            point,
            {p: titles[p] for p in chosen},
            lambda p: state.toml_point.set((folder, p)),
        )
        solara.FileDownload(
            lambda: exports.point_toml(results, point),
            filename=f"{slug(Path(str(results.folder)).name)}-{slug(scenario)}-{point}.toml",
            label=t("download_point_toml", lang, scenario=titles[point]),
            mime_type="application/toml",
        )
