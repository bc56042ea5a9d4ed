"""Downloads: the comparison as CSV and Excel (the numbers behind every chart, with units,
directions and the parameters of every scenario), and a scenario as a TOML file that
`govsim run` and `sim.load_scenario` accept. Everything is made in memory, nothing uploaded.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pandas as pd

from sim.app import brief, data
from sim.app.i18n import (
    metric_better,
    metric_label,
    metric_unit,
    parameter_label,
    parameter_title,
    parameter_unit,
    path_label,
    t,
)
from sim.parameters import PARAMETERS


def _direction(metric: str, lang: str) -> str:
    return t({1: "higher", -1: "lower", 0: "neither"}[metric_better(metric)], lang)


def _metric_columns(frame: pd.DataFrame, lang: str) -> dict:
    """A table's metric as people read it: label, unit, better direction, and its id."""
    return {
        t("col_metric", lang): [metric_label(m, lang) for m in frame["metric"]],
        t("col_unit", lang): [metric_unit(m, lang) for m in frame["metric"]],
        t("col_direction", lang): [_direction(m, lang) for m in frame["metric"]],
        "metric_id": frame["metric"].to_list(),
    }


def comparison_tables(
    results,
    chosen: list[int],
    reference: int,
    lang: str = "en",
    outcome: str = brief.DEFAULT_OUTCOME,
    budget: float = 0.0,
) -> dict[str, pd.DataFrame]:
    """The comparison as named tables (sheet key -> table), headers in `lang`."""
    results = brief.with_household_cost(results)
    metrics = list(
        dict.fromkeys(
            [m for m in results.metrics if m in results.runs.columns]
            + ([brief.COST] if brief.COST in results.runs.columns else [])
        )
    )
    numbers = brief.compute(results, chosen, reference, outcome, lang)
    return {
        "about": about_table(results, lang),
        "summary": outcomes_table(results, chosen, metrics, lang),
        "differences": changes_table(results, chosen, reference, metrics, lang),
        "cost": cost_table(numbers, outcome, budget, lang),
        "elderly": elderly_table(numbers, lang),
        "timeseries": weekly_table(results, chosen, lang),
        "parameters": parameter_table(results, chosen, lang),
    }


def _scenarios(results, lang: str) -> tuple[dict, dict]:
    """Each point's title in `lang` and its scenario's name."""
    scenario_of = {p.point: p.scenario for p in results.manifest.points}
    return data.point_titles(results, lang), scenario_of


def outcomes_table(results, chosen: list[int], metrics: list[str], lang: str) -> pd.DataFrame:
    """Final-quarter mean and 95% interval per chosen scenario and metric."""
    titles, scenario_of = _scenarios(results, lang)
    final = data.final_outcomes(results, chosen, metrics, lang)
    return pd.DataFrame(
        {
            t("col_scenario", lang): final["point"].map(titles),
            "scenario_id": final["point"].map(scenario_of),
            **_metric_columns(final, lang),
            t("col_mean", lang): final["mean"],
            t("col_low", lang): final["low"],
            t("col_high", lang): final["high"],
            t("col_runs", lang): final["n"],
        }
    )


def changes_table(
    results, chosen: list[int], reference: int, metrics: list[str], lang: str
) -> pd.DataFrame:
    """Paired change from the reference and its 95% interval per scenario and metric."""
    titles, scenario_of = _scenarios(results, lang)
    diff = data.differences(results, chosen, metrics, reference=reference, lang=lang)
    return pd.DataFrame(
        {
            t("col_scenario", lang): diff["point"].map(titles),
            "scenario_id": diff["point"].map(scenario_of),
            t("col_reference", lang): titles[reference],
            **_metric_columns(diff, lang),
            t("col_difference", lang): diff["difference"],
            t("col_diff_low", lang): diff["low"],
            t("col_diff_high", lang): diff["high"],
            t("col_runs", lang): diff["n"],
        }
    )


def cost_table(numbers, outcome: str, budget: float, lang: str) -> pd.DataFrame:
    """The Brief's cost-effectiveness: gain and added cost per scenario, and the budget."""
    cost = brief.cost_effectiveness(numbers, budget)
    return pd.DataFrame(
        {
            t("col_scenario", lang): cost["label"],
            t("col_metric", lang): metric_label(outcome, lang),
            t("col_difference", lang): cost["gain"],
            t("col_diff_low", lang): cost["gain_low"],
            t("col_diff_high", lang): cost["gain_high"],
            t("col_cost", lang): cost["cost"],
            t("col_cost_low", lang): cost["cost_low"],
            t("col_cost_high", lang): cost["cost_high"],
            t("col_within_budget", lang): [
                t("yes" if x else "no", lang) for x in cost["within_budget"]
            ],
        }
    )


def elderly_table(numbers, lang: str) -> pd.DataFrame:
    """The Brief's changes for residents aged 60+ and under 60."""
    old = brief.elderly_view(numbers)
    return pd.DataFrame(
        {
            t("col_scenario", lang): old["label"],
            t("col_measure", lang): [t(m, lang) for m in old["measure"]],
            t("col_group", lang): [t(g, lang) for g in old["group"]],
            t("col_unit", lang): [metric_unit(m, lang) for m in old["metric"]],
            "metric_id": old["metric"],
            t("col_difference", lang): old["difference"],
            t("col_diff_low", lang): old["low"],
            t("col_diff_high", lang): old["high"],
            t("col_runs", lang): old["n"],
        }
    )


def weekly_table(results, chosen: list[int], lang: str) -> pd.DataFrame:
    """Weekly mean and 95% interval of every Compare metric, per chosen scenario."""
    titles, scenario_of = _scenarios(results, lang)
    weekly = []
    for metric in data.compare_metrics(results):
        band = data.timeseries_band(results, chosen, metric, lang)
        weekly.append(
            pd.DataFrame(
                {
                    t("col_scenario", lang): band["point"].map(titles),
                    "scenario_id": band["point"].map(scenario_of),
                    t("col_metric", lang): metric_label(metric, lang),
                    t("col_unit", lang): metric_unit(metric, lang),
                    "metric_id": metric,
                    t("col_week", lang): band["step"],
                    t("col_mean", lang): band["mean"],
                    t("col_low", lang): band["low"],
                    t("col_high", lang): band["high"],
                    t("col_runs", lang): band["n"],
                }
            )
        )
    return pd.concat(weekly, ignore_index=True) if weekly else pd.DataFrame()


def about_table(results, lang: str) -> pd.DataFrame:
    m = results.manifest
    rows = [
        (t("about_title", lang), results.experiment.title(lang)),
        (t("about_folder", lang), str(results.folder)),
        (t("about_generated", lang), datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        (t("code_version", lang), m.code_version),
        (t("spec_hash", lang), m.spec_hash),
        (t("seeds", lang), t("seeds_text", lang, n=len(m.seeds), master=m.master_seed)),
        (t("description", lang), t("about_note", lang)),
    ]
    return pd.DataFrame(rows, columns=[t("col_item", lang), t("value", lang)])


def parameter_table(results, chosen: list[int], lang: str) -> pd.DataFrame:
    """Every parameter with its label, unit and path, one value column per chosen point."""
    titles = data.point_titles(results, lang)
    params = {p.point: p.parameters for p in results.manifest.points}
    rows = []
    for name, meta in PARAMETERS.items():
        rows.append(
            {
                t("col_parameter", lang): parameter_label(name, lang),
                t("col_unit", lang): parameter_unit(name, lang),
                t("col_path", lang): path_label(meta.path, lang),
                "parameter_id": name,
                **{titles[p]: params[p].get(name) for p in chosen},
            }
        )
    return pd.DataFrame(rows)


def comparison_csv(tables: dict[str, pd.DataFrame], lang: str = "en") -> bytes:
    """One tidy CSV: outcomes, changes and weekly means stacked with a 'table' column, then
    every scenario's parameters as columns (UTF-8 with BOM so Excel reads the Chinese)."""
    pieces = []
    for key in ("summary", "differences", "timeseries"):
        frame = tables[key]
        if frame.empty:
            continue
        pieces.append(frame.assign(**{t("col_table", lang): t(f"sheet_{key}", lang)}))
    long = pd.concat(pieces, ignore_index=True)
    long = long[[t("col_table", lang), *[c for c in long.columns if c != t("col_table", lang)]]]
    params = tables["parameters"]
    scenario_col = t("col_scenario", lang)
    values = params.drop(columns=[c for c in params.columns[:4]]).T
    values.columns = [parameter_title(n, lang) for n in params["parameter_id"]]
    long = long.merge(values, left_on=scenario_col, right_index=True, how="left")
    return long.to_csv(index=False).encode("utf-8-sig")


def comparison_xlsx(tables: dict[str, pd.DataFrame], lang: str = "en") -> bytes:
    """An Excel workbook, one sheet per table, headers bold, columns sized, panes frozen."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        book = writer.book
        bold = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F3F5F8"}
        )
        for key, frame in tables.items():
            sheet_name = t(f"sheet_{key}", lang)[:31]
            frame.to_excel(writer, sheet_name=sheet_name, index=False)
            sheet = writer.sheets[sheet_name]
            for i, column in enumerate(frame.columns):
                sheet.write(0, i, str(column), bold)
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                sheet.set_column(i, i, min(max(10, longest + 2), 48))
            sheet.freeze_panes(1, 1)
    return buffer.getvalue()


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def scenario_toml(
    parameters: dict,
    title_en: str,
    title_zh: str,
    note: str = "",
) -> str:
    """A scenario file with every parameter (no `extends`): `govsim run FILE.toml` runs it."""
    lines = [
        "# govsim scenario written by the browser app"
        + (f" ({note})" if note else "")
        + f", {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "# Run it with: govsim run THIS_FILE.toml",
        "[scenario]",
        f"title_en = {_toml_value(title_en)}",
        f"title_zh = {_toml_value(title_zh)}",
        "",
        "[parameters]",
    ]
    for name, meta in PARAMETERS.items():
        if name in parameters:
            lines.append(
                f"{name} = {_toml_value(meta.kind(parameters[name]))}  # {meta.label_en}"
                f" ({meta.unit})"
            )
    return "\n".join(lines) + "\n"


def point_toml(results, point: int) -> str:
    """The parameters of one design point of a results folder as a runnable scenario file."""
    info = results.manifest.point(point)
    titles_en = data.point_titles(results, "en")
    titles_zh = data.point_titles(results, "zh")
    return scenario_toml(
        info.parameters,
        titles_en[point],
        titles_zh[point],
        note=f"{results.folder.name}, point {point}",
    )
