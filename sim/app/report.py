"""`govsim report`: one self-contained HTML briefing to pass on.

Key findings first (the same sentences as the Brief page), then the cost-effectiveness and
elderly views, then the Compare charts, then the detail tables with units and rounded
numbers, the parameters and where the numbers come from. Plotly's JavaScript is embedded
once, so the file opens with no network; its toolbar has no upload button; it prints.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import plotly.offline

from sim.app import brief, charts, data
from sim.app.i18n import (
    design_text,
    metric_help,
    metric_title,
    parameter_help,
    parameter_label,
    parameter_unit,
    path_label,
    show_value,
    status_text,
    t,
)
from sim.app.report_target import GENERATOR, check_report_target
from sim.app.tables import html_table
from sim.experiments.files import atomic_write_bytes
from sim.experiments.store import Results, load_results
from sim.parameters import PARAMETERS

CSS = """
body { font-family: Roboto, Arial, "Noto Sans CJK SC", "Source Han Sans SC",
       "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2rem auto; max-width: 1200px;
       color: #222; padding: 0 1rem; line-height: 1.55; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px
     solid #ddd; padding-bottom: .2rem; } h3 { font-size: 1.1rem; }
.note { background: #fff4e5; border-left: 4px solid #f90; padding: .6rem 1rem; }
.findings { background: #f4f7fb; border-left: 4px solid #1f4e9a; padding: .6rem 1.2rem;
            font-size: 1.05rem; }
.findings li { margin: .3rem 0; } .question { font-weight: 600; font-size: 1.1rem; }
.basis { color: #444; font-size: .92rem; }
.govsim-table-wrap { overflow-x: auto; }
table.govsim-table { border-collapse: collapse; font-size: 13px; margin: .5rem 0; }
table.govsim-table th, table.govsim-table td { border: 1px solid #ddd; padding: 4px 8px;
       text-align: left; white-space: nowrap; }
table.govsim-table .num { text-align: right; }
table.govsim-table thead th { background: #f3f5f8; }
.govsim-help { text-decoration: underline dotted #888; }
details { margin: .5rem 0; } .figure { margin: 1rem 0; break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 12px; }
  .modebar-container { display: none !important; }
  h2 { break-after: avoid; } details { display: block; }
}
"""

DRAW_JS = (
    charts.SHAPE_JS
    + """
function govsimDraw(id, fig) {
  const box = document.getElementById(id);
  let narrow = null;
  const draw = () => {
    narrow = box.clientWidth < 640;
    Plotly.react(box, fig.data, govsimLayout(fig, box.clientWidth), fig.config);
  };
  draw();
  window.addEventListener("resize", () => {
    if ((box.clientWidth < 640) !== narrow) draw(); else Plotly.Plots.resize(box);
  });
}
"""
)

TIMESERIES = ("satisfaction_mean", "satisfaction_elderly", "needs_met_rate")


def interval_text(mean: float, low: float, high: float, metric: str, lang: str) -> str:
    """'0.549 (0.548 to 0.551)', rounded by the interval's width."""
    from sim.app.i18n import is_scale

    if mean != mean:
        return "–"
    half = (high - low) / 2 if math.isfinite(low) else float("nan")
    d = brief.decimals(mean, half, is_scale(metric))
    if not math.isfinite(low):
        return brief.number(mean, d)
    joiner = " 至 " if lang == "zh" else " to "
    return f"{brief.number(mean, d)} ({brief.number(low, d)}{joiner}{brief.number(high, d)})"


def summary_table(results: Results, chosen: list[int], lang: str) -> pd.DataFrame:
    """Metrics as rows (with unit and direction), points as columns: 'mean (low to high)'."""
    final = data.final_outcomes(results, chosen, data.compare_metrics(results), lang)
    return _wide(final, "mean", lang)


def difference_table(results, chosen, reference, lang) -> pd.DataFrame:
    diff = data.differences(results, chosen, data.compare_metrics(results), reference, lang)
    return _wide(diff, "difference", lang)


def _wide(frame: pd.DataFrame, value: str, lang: str) -> pd.DataFrame:
    cells = [
        interval_text(v, lo, hi, m, lang)
        for v, lo, hi, m in frame[[value, "low", "high", "metric"]].itertuples(index=False)
    ]
    frame = frame.assign(cell=cells)
    table = frame.pivot(index="metric", columns="label", values="cell")
    table = table.reindex(
        index=list(dict.fromkeys(frame["metric"])), columns=list(dict.fromkeys(frame["label"]))
    )
    table.index = [metric_title(m, lang) for m in table.index]
    return table.reset_index().rename(columns={"index": t("col_metric", lang)})


def parameters_table(
    results: Results, chosen: list[int], lang: str, only_different: bool
) -> pd.DataFrame:
    names = data.point_titles(results, lang)
    params = {p.point: p.parameters for p in results.manifest.points}
    rows = []
    for name, meta in PARAMETERS.items():
        values = [params[p].get(name) for p in chosen]
        if only_different and len({repr(v) for v in values}) < 2:
            continue
        rows.append(
            {
                t("parameter", lang): parameter_label(name, lang),
                t("col_unit", lang): parameter_unit(name, lang),
                t("col_path", lang): path_label(meta.path, lang),
                **{names[p]: show_value(v, lang) for p, v in zip(chosen, values, strict=True)},
            }
        )
    return pd.DataFrame(rows)


def provenance_table(results: Results, lang: str) -> pd.DataFrame:
    m = results.manifest
    counts = results.counts
    packages = ", ".join(f"{k} {v}" for k, v in m.provenance.get("packages", {}).items())
    factors = ("、" if lang == "zh" else ", ").join(
        parameter_label(f, lang) for f in results.factors
    ) or t("factors_none", lang)
    rows = [
        (t("status", lang), status_text(m.status, lang)),
        (t("runs", lang), t("runs_counts", lang, **counts)),
        (t("seeds", lang), t("seeds_text", lang, n=len(m.seeds), master=m.master_seed)),
        (
            t("design", lang),
            t("design_text", lang, design=design_text(m.experiment.design, lang), factors=factors),
        ),
        (t("code_version", lang), m.code_version),
        (t("spec_hash", lang), m.spec_hash),
        (t("packages", lang), packages),
        (t("started", lang), m.started or "–"),
        (t("finished", lang), m.finished or "–"),
    ]
    return pd.DataFrame(rows, columns=[t("col_item", lang), t("value", lang)])


class Figures:
    """Numbered figure blocks for one report."""

    def __init__(self, lang: str):
        self.lang = lang
        self.count = 0

    def __call__(self, fig: dict, filename: str = "govsim-chart") -> str:
        self.count += 1
        fid = f"govsim-figure-{self.count}"
        body = charts.to_json({**fig, "config": charts.plot_config(self.lang, filename)})
        body = body.replace("</", "<\\/")  # never closes the script element early
        return (
            f'<div class="figure"><div id="{fid}" class="govsim-figure"></div>'
            f"<script>govsimDraw({fid!r}, {body});</script></div>"
        )


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


@dataclass
class _Report:
    """What every section of one report needs: the results, the chosen points and their
    reference, the language, the figure numbering (shared, so figures count in page order),
    the scenarios' colours and titles."""

    results: Results
    chosen: list[int]
    reference: int
    lang: str
    figure: Figures
    colours: dict
    titles: dict


def build_report(
    results: Results,
    lang: str = "en",
    chosen: list[int] | None = None,
    reference: int | None = None,
    outcome: str | None = None,
    budget: float = 0.0,
) -> str:
    """The report as one HTML string (Plotly's JavaScript included): its sections in order,
    each built by one function below."""
    results = brief.with_household_cost(results)
    chosen = chosen or data.default_selection(results)
    reference = reference if reference is not None else data.reference_for(results, chosen)
    report = _Report(
        results,
        chosen,
        reference,
        lang,
        Figures(lang),
        data.colours_by_label(results, lang),
        data.point_titles(results, lang),
    )
    parts = _opening(report)
    if results.counts["done"] and len(chosen) > 1:
        parts += _findings(report, outcome, budget)
    if results.counts["done"]:
        parts += _charts(report) + _outcome_tables(report)
    parts += _parameters(report) + _provenance(report)
    return _page(results.experiment.title(lang), "\n".join(parts), lang)


def _opening(report: _Report) -> list[str]:
    """Title, when and from which folder, the experiment's description, and a note when the
    results are partial (a reader must know before reading any number)."""
    results, lang, esc = report.results, report.lang, html.escape
    experiment = results.experiment
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M ") + ("UTC" if lang == "en" else "世界时")
    parts = [
        f"<h1>{esc(t('report_title', lang, title=experiment.title(lang)))}</h1>",
        f"<p class='basis'>{esc(t('generated', lang, when=when, folder=str(results.folder)))}</p>",
    ]
    description = experiment.raw.get(f"description_{lang}") or (
        experiment.description if lang == "en" else ""
    )
    if description:
        parts.append(f"<p>{esc(description)}</p>")
    note = data.progress_note(results)
    if note:
        note = {**note, "status": status_text(note["status"], lang)}
        parts.append(f'<p class="note">{esc(t("partial", lang, **note))}</p>')
    return parts


def _findings(report: _Report, outcome: str | None, budget: float) -> list[str]:
    """The Brief page's answer: key findings, each scenario against the reference, the basis
    of the numbers, then the cost-effectiveness and aged-60+ views."""
    results, lang, esc = report.results, report.lang, html.escape
    reference_title = report.titles[report.reference]
    choices = brief.outcome_choices(results)
    if outcome not in choices:
        outcome = brief.DEFAULT_OUTCOME if brief.DEFAULT_OUTCOME in choices else choices[0]
    numbers = brief.compute(results, report.chosen, report.reference, outcome, lang)
    findings = brief.key_findings(numbers, budget, lang, as_html=True)
    experiment = results.experiment
    weeks = experiment.steps or results.manifest.point(report.chosen[0]).parameters.get("steps", "")
    basis = t(
        "brief_basis",
        lang,
        runs=f"{results.counts['done']:,}",
        replications=experiment.replications,
        weeks=weeks,
        reference=reference_title,
    )
    parts = [
        f"<h2>{esc(t('key_findings', lang))}</h2>",
        '<div class="findings">',
        f'<p class="question">{findings[0]}</p>',
        _list(findings[1:]),
        f"<h3>{esc(t('per_scenario', lang, reference=reference_title))}</h3>",
        _list(brief.scenario_sentences(numbers, lang, as_html=True)),
        "</div>",
        f'<p class="basis">{esc(basis)}</p>',
    ]
    table = brief.cost_effectiveness(numbers, budget)
    fig = charts.cost_effectiveness_figure(
        table, outcome, reference_title, budget, lang, report.colours
    )
    parts.append(report.figure(fig, "govsim-cost-effectiveness"))
    old = brief.elderly_view(numbers)
    if not old.empty:
        parts.append(report.figure(charts.elderly_figure(old, reference_title, lang), "govsim-60"))
        parts.append(_list(brief.elderly_sentences(numbers, lang, as_html=True)))
    return parts


def _charts(report: _Report) -> list[str]:
    """The Compare page's charts: weekly series, final quarter, age groups, differences."""
    results, chosen, lang, colours = report.results, report.chosen, report.lang, report.colours
    figure = report.figure
    metrics = data.compare_metrics(results)
    parts = [f"<h2>{html.escape(t('report_charts', lang))}</h2>"]
    for metric in (m for m in TIMESERIES if m in results.metrics):
        band = data.timeseries_band(results, chosen, metric, lang)
        parts.append(figure(charts.timeseries_figure(band, metric, lang, colours)))
    final = data.final_outcomes(results, chosen, metrics, lang)
    parts.append(figure(charts.final_figure(final, lang, colours=colours)))
    if any(m in results.metrics for pair in data.AGE_PAIRS.values() for m in pair):
        parts.append(figure(charts.age_figure(data.age_breakdown(results, chosen, lang), lang)))
    if len(chosen) > 1:
        diff = data.differences(results, chosen, metrics, report.reference, lang)
        parts.append(figure(charts.difference_figure(diff, lang, colours=colours)))
    return parts


def _outcome_tables(report: _Report) -> list[str]:
    """The detail tables: every metric's mean and, with two or more points, its paired
    difference from the reference, each with its interval and the metric's help."""
    results, chosen, reference, lang = report.results, report.chosen, report.reference, report.lang
    esc = html.escape
    helps = {metric_title(m, lang): metric_help(m, lang) for m in data.compare_metrics(results)}
    parts = [
        f"<h2>{esc(t('summary_table', lang))}</h2>",
        html_table(summary_table(results, chosen, lang), helps),
    ]
    if len(chosen) > 1:
        title = t("difference_table", lang, reference=report.titles[reference])
        parts.append(f"<h2>{esc(title)}</h2>")
        parts.append(html_table(difference_table(results, chosen, reference, lang), helps))
    return parts


def _parameters(report: _Report) -> list[str]:
    """The parameters that differ between the chosen points, then all of them (folded)."""
    results, chosen, lang, esc = report.results, report.chosen, report.lang, html.escape
    different = parameters_table(results, chosen, lang, only_different=True)
    param_help = {parameter_label(n, lang): parameter_help(n, lang) for n in PARAMETERS}
    everything = parameters_table(results, chosen, lang, only_different=False)
    return [
        f"<h2>{esc(t('scenario_params', lang))}</h2>",
        f"<h3>{esc(t('params_title', lang))}</h3>",
        html_table(different, param_help, numeric_from=3)
        if not different.empty
        else f"<p>{esc(t('no_param_diff', lang))}</p>",
        f"<details><summary>{esc(t('all_params', lang))}</summary>"
        f"{html_table(everything, param_help, numeric_from=3)}</details>",
    ]


def _provenance(report: _Report) -> list[str]:
    """Where the numbers come from: status, runs, seeds, design, code and package versions."""
    lang = report.lang
    return [
        f"<h2>{html.escape(t('provenance', lang))}</h2>",
        html_table(provenance_table(report.results, lang), numeric_from=9),
    ]


def _page(title: str, body: str, lang: str) -> str:
    """The whole HTML document around the sections: styles, Plotly's JavaScript, drawing."""
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8">{GENERATOR}<meta name="viewport" content="width=device-width, '
        f'initial-scale=1"><title>{html.escape(title)}</title><style>{CSS}</style>'
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
        f"<script>{DRAW_JS}</script>"
        f"</head><body>\n{body}\n</body></html>\n"
    )


def write_report(folder: str | Path, out: str | Path | None = None, lang: str = "en") -> Path:
    """Write the report of a results folder (default: FOLDER/report-LANG.html).

    Nothing but a govsim report is ever replaced (see `check_report_target`)."""
    results = load_results(folder)
    path = Path(out) if out is not None else Path(folder) / f"report-{lang}.html"
    check_report_target(path, folder)
    atomic_write_bytes(path, build_report(results, lang).encode("utf-8"))
    return path
