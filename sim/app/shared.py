"""Pieces the results pages share: the folder picker, loading a folder, choosing scenarios
and the reference, and the download buttons."""

from __future__ import annotations

import html
from pathlib import Path

import solara

from sim.app import data, exports, folders, state
from sim.app.i18n import status_text, t
from sim.errors import GovsimError
from sim.experiments import analysis


def _load(folder_name: str):
    """Results of a folder under ROOT, or the message to show instead (never a traceback)."""
    lang = state.lang.value
    try:
        return folders.open_folder_cached(state.ROOT, folder_name), None
    except GovsimError as exc:
        return None, t("cannot_read", lang, folder=folder_name, problem=str(exc))
    except Exception as exc:  # noqa: BLE001 - a damaged file must not take the app down
        problem = f"{type(exc).__name__}: {exc}"
        return None, t("cannot_read", lang, folder=folder_name, problem=problem)


def folder_names() -> list[str]:
    return [f.name for f in folders.discover(state.ROOT)]


def folder_picker() -> str | None:
    """A picker of the results folders under the root; the folder shown, or None."""
    lang = state.lang.value
    names = folder_names()
    if not names:
        solara.Info(t("no_results", lang, root=str(state.ROOT)))
        return None
    preferred = [n for n in names if Path(n).name == "paper_paths"]
    current = state.folder.value if state.folder.value in names else (preferred or names)[0]
    if len(names) > 1 or state.folder.value not in (None, current):
        solara.Select(
            label=t("results_folder", lang), values=names, value=current, on_value=state.folder.set
        )
    else:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"{html.escape(t('results_folder', lang))}: <b>{html.escape(current)}</b>"
            ),
            style={"color": "#555", "font-size": "14px"},
        )
    return current


def use_results():
    """Pick a folder and load it (a hook: call it first in a page); shows why a folder
    cannot be read, or that its sweep is incomplete. Returns (folder, results) or None."""
    lang = state.lang.value
    folder = folder_picker()
    results, problem = solara.use_memo(
        lambda: _load(folder) if folder else (None, None), [folder, lang]
    )
    if problem:
        solara.Error(problem)
        return None
    if results is None:
        return None
    note = data.progress_note(results)
    if note:
        note = {**note, "status": status_text(note["status"], lang)}
        solara.Warning(t("partial", lang, **note))
    if not results.counts["done"]:
        solara.Info(t("no_runs", lang))
        return None
    return folder, results


def choose_points(folder: str, results) -> tuple[list[int], int] | None:
    """Scenario and reference pickers (by title); the chosen points and the reference, or
    None (with a note) when fewer than two are chosen."""
    lang = state.lang.value
    titles = data.point_titles(results, lang)
    by_title = {v: k for k, v in titles.items()}
    stored = state.points.value
    chosen = (
        [p for p in stored[1] if p in titles]
        if stored and stored[0] == folder
        else data.default_selection(results)
    )
    with solara.ColumnsResponsive(default=12, large=[8, 4]):
        solara.SelectMultiple(
            t("choose_scenarios", lang),
            values=[titles[p] for p in chosen],
            all_values=list(titles.values()),
            on_value=lambda names: state.points.set(
                (folder, [by_title[n] for n in names if n in by_title])
            ),
        )
        if len(chosen) < 2:
            solara.Info(t("need_two", lang))
            return None
        kept = state.reference.value
        reference = (
            kept[1]
            if kept and kept[0] == folder and kept[1] in chosen
            else analysis.reference_among(results, chosen)
        )
        solara.Select(
            label=t("reference", lang),
            values=[titles[p] for p in chosen],
            value=titles[reference],
            on_value=lambda name: state.reference.set((folder, by_title[name])),
        )
    return chosen, reference


def slug(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_" else "-" for c in text)
    return keep.strip("-") or "govsim"


@solara.component
def ComparisonDownloads(results, chosen: list[int], reference: int, outcome: str, budget):
    """CSV and Excel of the comparison (made when clicked), and the print button."""
    from sim.app.widgets import PrintButton

    lang = state.lang.value
    name = slug(Path(str(results.folder)).name)

    def tables():
        return exports.comparison_tables(results, chosen, reference, lang, outcome, budget)

    with solara.Row(classes=["govsim-noprint"], style={"flex-wrap": "wrap", "gap": "8px"}):
        solara.FileDownload(
            lambda: exports.comparison_csv(tables(), lang),
            filename=f"{name}-comparison-{lang}.csv",
            label=t("download_csv", lang),
            mime_type="text/csv",
        )
        solara.FileDownload(
            lambda: exports.comparison_xlsx(tables(), lang),
            filename=f"{name}-comparison-{lang}.xlsx",
            label=t("download_xlsx", lang),
            mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        PrintButton(t("print", lang))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("downloads_note", lang),
        classes=["govsim-noprint"],
        style={"color": "#666", "font-size": "13px"},
    )
