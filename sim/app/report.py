"""`govsim report`: one self-contained HTML file to pass on — the Compare charts, the summary
table with intervals, the scenario parameters and the provenance of the results.

Plotly's JavaScript is embedded once, so the file opens with no network.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from fnmatch import fnmatch
from pathlib import Path

import pandas as pd
import plotly.offline

from sim.app import charts, data
from sim.app.i18n import metric_label, parameter_label, path_label, t
from sim.app.tables import html_table
from sim.errors import OutputError
from sim.experiments.files import atomic_write_bytes
from sim.experiments.store import Results, enclosing_results_folder, load_results
from sim.fileio import path_kind
from sim.parameters import PARAMETERS

CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", Arial, sans-serif;
       margin: 2rem auto; max-width: 1200px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; }
.note { background: #fff4e5; border-left: 4px solid #f90; padding: .6rem 1rem; }
table.govsim-table { border-collapse: collapse; font-size: 13px; margin: .5rem 0; }
table.govsim-table th, table.govsim-table td { border: 1px solid #ddd; padding: 4px 8px;
       text-align: right; }
table.govsim-table th:first-child, table.govsim-table td:first-child { text-align: left; }
table.govsim-table thead th { background: #f3f5f8; }
details { margin: .5rem 0; } .figure { margin: 1rem 0; }
"""

TIMESERIES = ("satisfaction_mean", "participation_rate", "needs_met_rate")
GENERATOR = '<meta name="generator" content="govsim">'  # how `report --out` knows its own files


def _interval(mean: float, low: float, high: float) -> str:
    if mean != mean:
        return "–"
    if low != low:
        return f"{mean:.3g}"
    return f"{mean:.3g} [{low:.3g}, {high:.3g}]"


def summary_table(results: Results, chosen: list[int], lang: str) -> pd.DataFrame:
    """Points as rows, metrics as columns: 'mean [low, high]'."""
    final = data.final_outcomes(results, chosen, data.compare_metrics(results), lang)
    final = final.assign(
        cell=[
            _interval(m, lo, hi)
            for m, lo, hi in final[["mean", "low", "high"]].itertuples(index=False)
        ]
    )
    table = final.pivot(index="label", columns="metric", values="cell")
    table = table.reindex(
        index=list(dict.fromkeys(final["label"])), columns=list(dict.fromkeys(final["metric"]))
    )
    table.columns = [metric_label(m, lang) for m in table.columns]
    return table.reset_index().rename(columns={"label": t("scenario", lang)})


def parameters_table(
    results: Results, chosen: list[int], lang: str, only_different: bool
) -> pd.DataFrame:
    names = data.point_names(results, lang)
    params = {p.point: p.parameters for p in results.manifest.points}
    rows = []
    for name, meta in PARAMETERS.items():
        values = [params[p].get(name) for p in chosen]
        if only_different and len({repr(v) for v in values}) < 2:
            continue
        rows.append(
            {
                t("parameter", lang): parameter_label(name, lang),
                "": name,
                "path": path_label(meta.path, lang),
                **{names[p]: v for p, v in zip(chosen, values, strict=True)},
            }
        )
    return pd.DataFrame(rows)


def provenance_table(results: Results, lang: str) -> pd.DataFrame:
    m = results.manifest
    counts = results.counts
    packages = ", ".join(f"{k} {v}" for k, v in m.provenance.get("packages", {}).items())
    rows = [
        (t("status", lang), m.status),
        (
            t("runs", lang),
            f"{counts['done']} done, {counts['failed']} failed, {counts['pending']} pending",
        ),
        (t("seeds", lang), f"{len(m.seeds)} paired seeds from master seed {m.master_seed}"),
        (t("code_version", lang), m.code_version),
        (t("spec_hash", lang), m.spec_hash),
        (t("packages", lang), packages),
        (t("started", lang), m.started),
        (t("finished", lang), m.finished),
        (
            "design",
            f"{m.experiment.design}; factors: "
            f"{', '.join(results.factors) or t('factors_none', lang)}",
        ),
    ]
    return pd.DataFrame(rows, columns=["", t("value", lang)])


def _figure(fig) -> str:
    fig.update_layout(width=None, autosize=True)
    return (
        '<div class="figure">'
        + fig.to_html(full_html=False, include_plotlyjs=False, config={"responsive": True})
        + "</div>"
    )


def build_report(results: Results, lang: str = "en", chosen: list[int] | None = None) -> str:
    """The report as one HTML string (Plotly's JavaScript included)."""
    chosen = chosen or data.default_selection(results)
    experiment = results.experiment
    title = experiment.title(lang)
    metrics = data.compare_metrics(results)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        f"<h1>{html.escape(t('report_title', lang, title=title))}</h1>",
        f"<p>{html.escape(t('generated', lang, when=when, folder=str(results.folder)))}</p>",
    ]
    if experiment.description:
        parts.append(f"<p>{html.escape(experiment.description)}</p>")
    note = data.progress_note(results)
    if note:
        parts.append(f'<p class="note">{html.escape(t("partial", lang, **note))}</p>')
    if results.counts["done"]:
        for metric in (m for m in TIMESERIES if m in results.metrics):
            band = data.timeseries_band(results, chosen, metric, lang)
            parts.append(_figure(charts.timeseries_figure(band, metric, lang)))
        parts.append(
            _figure(charts.final_figure(data.final_outcomes(results, chosen, metrics, lang), lang))
        )
        if any(m in results.metrics for pair in data.AGE_PAIRS.values() for m in pair):
            parts.append(
                _figure(charts.age_figure(data.age_breakdown(results, chosen, lang), lang))
            )
        if len(chosen) > 1:
            parts.append(
                _figure(
                    charts.difference_figure(
                        data.differences(results, chosen, metrics, lang=lang), lang
                    )
                )
            )
        parts.append(f"<h2>{html.escape(t('summary_table', lang))}</h2>")
        parts.append(html_table(summary_table(results, chosen, lang)))
    parts.append(f"<h2>{html.escape(t('scenario_params', lang))}</h2>")
    different = parameters_table(results, chosen, lang, only_different=True)
    parts.append(f"<h3>{html.escape(t('params_title', lang))}</h3>")
    parts.append(
        html_table(different)
        if not different.empty
        else f"<p>{html.escape(t('no_param_diff', lang))}</p>"
    )
    parts.append(
        f"<details><summary>{html.escape(t('scenario_params', lang))} (all)</summary>"
        f"{html_table(parameters_table(results, chosen, lang, only_different=False))}"
        "</details>"
    )
    parts.append(f"<h2>{html.escape(t('provenance', lang))}</h2>")
    parts.append(html_table(provenance_table(results, lang)))
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8">{GENERATOR}<title>{html.escape(title)}</title><style>{CSS}</style>'
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
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
