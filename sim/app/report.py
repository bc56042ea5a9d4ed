"""`govsim report`: one self-contained HTML briefing to pass on.

Key findings first (the same sentences as the Brief page), then the cost-effectiveness and
elderly views, then the Compare charts, then the detail tables with units and rounded
numbers, the parameters and where the numbers come from. Plotly's JavaScript is embedded
once, so the file opens with no network; its toolbar has no upload button; it prints.
"""

from __future__ import annotations

import html
import math
from datetime import UTC, datetime
from fnmatch import fnmatch
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
from sim.app.tables import html_table
from sim.errors import OutputError
from sim.experiments.files import atomic_write_bytes
from sim.experiments.store import Results, enclosing_results_folder, load_results
from sim.fileio import path_kind
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
GENERATOR = '<meta name="generator" content="govsim">'  # how `report --out` knows its own files


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


def build_report(
    results: Results,
    lang: str = "en",
    chosen: list[int] | None = None,
    reference: int | None = None,
    outcome: str | None = None,
    budget: float = 0.0,
) -> str:
    """The report as one HTML string (Plotly's JavaScript included)."""
    results = brief.with_household_cost(results)
    chosen = chosen or data.default_selection(results)
    reference = reference if reference is not None else data.reference_for(results, chosen)
    experiment = results.experiment
    title = experiment.title(lang)
    figure = Figures(lang)
    colours = data.colours_by_label(results, lang)
    titles = data.point_titles(results, lang)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M ") + ("UTC" if lang == "en" else "世界时")
    esc = html.escape
    parts = [
        f"<h1>{esc(t('report_title', lang, title=title))}</h1>",
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
    if results.counts["done"] and len(chosen) > 1:
        choices = brief.outcome_choices(results)
        outcome = (
            outcome
            if outcome in choices
            else (brief.DEFAULT_OUTCOME if brief.DEFAULT_OUTCOME in choices else choices[0])
        )
        numbers = brief.compute(results, chosen, reference, outcome, lang)
        findings = brief.key_findings(numbers, budget, lang, as_html=True)
        weeks = experiment.steps or results.manifest.point(chosen[0]).parameters.get("steps", "")
        parts += [
            f"<h2>{esc(t('key_findings', lang))}</h2>",
            '<div class="findings">',
            f'<p class="question">{findings[0]}</p>',
            _list(findings[1:]),
            f"<h3>{esc(t('per_scenario', lang, reference=titles[reference]))}</h3>",
            _list(brief.scenario_sentences(numbers, lang, as_html=True)),
            "</div>",
            '<p class="basis">'
            + esc(
                t(
                    "brief_basis",
                    lang,
                    runs=f"{results.counts['done']:,}",
                    replications=experiment.replications,
                    weeks=weeks,
                    reference=titles[reference],
                )
            )
            + "</p>",
        ]
        parts.append(
            figure(
                charts.cost_effectiveness_figure(
                    brief.cost_effectiveness(numbers, budget),
                    outcome,
                    titles[reference],
                    budget,
                    lang,
                    colours,
                ),
                "govsim-cost-effectiveness",
            )
        )
        old = brief.elderly_view(numbers)
        if not old.empty:
            parts.append(figure(charts.elderly_figure(old, titles[reference], lang), "govsim-60"))
            parts.append(_list(brief.elderly_sentences(numbers, lang, as_html=True)))
    if results.counts["done"]:
        metrics = data.compare_metrics(results)
        parts.append(f"<h2>{esc(t('report_charts', lang))}</h2>")
        for metric in (m for m in TIMESERIES if m in results.metrics):
            band = data.timeseries_band(results, chosen, metric, lang)
            parts.append(figure(charts.timeseries_figure(band, metric, lang, colours)))
        final = data.final_outcomes(results, chosen, metrics, lang)
        parts.append(figure(charts.final_figure(final, lang, colours=colours)))
        if any(m in results.metrics for pair in data.AGE_PAIRS.values() for m in pair):
            parts.append(figure(charts.age_figure(data.age_breakdown(results, chosen, lang), lang)))
        if len(chosen) > 1:
            diff = data.differences(results, chosen, metrics, reference, lang)
            parts.append(figure(charts.difference_figure(diff, lang, colours=colours)))
        helps = {metric_title(m, lang): metric_help(m, lang) for m in metrics}
        parts.append(f"<h2>{esc(t('summary_table', lang))}</h2>")
        parts.append(html_table(summary_table(results, chosen, lang), helps))
        if len(chosen) > 1:
            parts.append(
                f"<h2>{esc(t('difference_table', lang, reference=titles[reference]))}</h2>"
            )
            parts.append(html_table(difference_table(results, chosen, reference, lang), helps))
    parts.append(f"<h2>{esc(t('scenario_params', lang))}</h2>")
    different = parameters_table(results, chosen, lang, only_different=True)
    param_help = {parameter_label(n, lang): parameter_help(n, lang) for n in PARAMETERS}
    parts.append(f"<h3>{esc(t('params_title', lang))}</h3>")
    parts.append(
        html_table(different, param_help, numeric_from=3)
        if not different.empty
        else f"<p>{esc(t('no_param_diff', lang))}</p>"
    )
    everything = parameters_table(results, chosen, lang, only_different=False)
    parts.append(
        f"<details><summary>{esc(t('all_params', lang))}</summary>"
        f"{html_table(everything, param_help, numeric_from=3)}</details>"
    )
    parts.append(f"<h2>{esc(t('provenance', lang))}</h2>")
    parts.append(html_table(provenance_table(results, lang), numeric_from=9))
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8">{GENERATOR}<meta name="viewport" content="width=device-width, '
        f'initial-scale=1"><title>{esc(title)}</title><style>{CSS}</style>'
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


def is_report(path: Path) -> bool:
    """Whether the file at `path` is a report govsim wrote (its head carries GENERATOR; older
    reports are known by their table style)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192).decode("utf-8", "replace")
    except OSError:
        return False
    return GENERATOR in head or ("<!DOCTYPE html>" in head and "table.govsim-table" in head)


def check_report_target(path: Path, folder: str | Path | None = None) -> None:
    """Refuse to write a report where it would destroy something govsim did not write: an
    existing file that is not a govsim report, a folder, a device or pipe, a symbolic link,
    and any file inside a results folder other than the report-*.html files of the results
    folder `folder` being reported."""
    path = Path(path)
    if path.name in ("", ".", ".."):
        raise OutputError(f"--out {path} is not a file name; give one ending in .html")
    kind = path_kind(path)
    if path.is_symlink():
        raise OutputError(f"--out {path} is a symbolic link; give the file itself")
    if kind == "folder":
        raise OutputError(f"--out {path} is a folder; give a file name ending in .html")
    if kind == "other":
        raise OutputError(
            f"--out {path} is a device, pipe or socket, not a file; it is not replaced"
        )
    if path_kind(path.parent) != "folder":
        raise OutputError(f"cannot write {path}: folder {path.parent} does not exist")
    sweep = enclosing_results_folder(path.parent)
    own = (
        sweep is not None
        and folder is not None
        and path.parent.resolve() == Path(folder).resolve()
        and fnmatch(path.name, "report-*.html")
    )
    if sweep is not None and not own:
        raise OutputError(
            f"--out {path} is inside the results folder {sweep}, where only its own "
            "report-*.html files are written; choose another name or folder"
        )
    if kind == "file" and not own and not is_report(path):
        raise OutputError(
            f"--out {path} exists and is not a govsim report; it is not replaced. Choose "
            "another name, or move the file away first"
        )
