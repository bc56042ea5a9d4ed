"""The Live model page: the community grid and its main measures as the model runs.

Our own controls instead of Mesa's SolaraViz, so that everything is in the chosen language
and nothing is for developers only: a scenario picker, Play/Pause, One week and Restart in
words, a week counter with a progress bar, and the parameters from the registry as sliders
showing their values and units (grouped by policy path, with their help as tooltips).

The model steps in a background thread while playing; after each week it takes a
snapshot (grids and metrics) that the charts draw, so drawing never reads a model in the
middle of a step.
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import solara

from sim.app import charts, data, state
from sim.app.i18n import (
    COLOUR_MEASURES,
    parameter_help,
    parameter_label,
    parameter_unit,
    path_label,
    show_value,
    t,
)
from sim.app.widgets import Chart, labelled_select
from sim.model import CommunityModel
from sim.parameters import PARAMETERS, available_scenarios, load_scenario

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
WEEK_SECONDS = 0.25  # pace of Play
SEED = "rng"


@lru_cache(maxsize=64)
def scenario_values(name: str) -> dict:
    """Every parameter of a named scenario, plus the seed."""
    return {**dict(load_scenario(name)), SEED: 1}


@lru_cache(maxsize=64)
def scenario_titles(lang: str) -> dict[str, str]:
    return {name: load_scenario(name).title(lang) for name in available_scenarios()}


@dataclass(frozen=True)
class Frame:
    """What the charts draw after a week: taken from the model between steps."""

    model: object
    week: int
    steps: int
    running: bool
    grids: dict
    metrics: pd.DataFrame


@lru_cache(maxsize=8)
def _outlines(model) -> tuple:
    return data.block_outlines(model.layout.cell_block), data.worker_positions(model)


def snapshot(model) -> Frame:
    return Frame(
        model=model,
        week=model.observed_weeks,
        steps=int(model.params["steps"]),
        running=bool(model.running),
        grids={m: data.household_values(model, m) for m in COLOUR_MEASURES},
        metrics=model.metrics_frame()[["step", *LIVE_METRICS]],
    )


def build(values: dict):
    """A new model for the given inputs; its first frame."""
    params = {k: v for k, v in values.items() if k in PARAMETERS}
    params["n_households"] = min(int(params["n_households"]), LIVE_MAX_HOUSEHOLDS)
    model = CommunityModel(params, rng=int(values.get(SEED, 1)))
    return model, snapshot(model)


def restart(values: dict | None = None) -> None:
    """Stop, then build the model afresh from `values` (default: the inputs' values)."""
    state.live_playing.set(False)
    values = dict(values if values is not None else state.live_pending.value)
    try:
        model, frame = build(values)
    except Exception as exc:  # noqa: BLE001 - a bad value must not take the page down
        state.live_error.set(str(exc))
        return
    state.live_error.set(None)
    state.live_applied.set(values)
    state.live_pending.set(values)
    state.live_model.set(model)
    state.live_frame.set(frame)


def step_once() -> None:
    model = state.live_model.value
    if model is None or not model.running:
        return
    model.step()
    state.live_frame.set(snapshot(model))


def choose_scenario(name: str) -> None:
    state.live_scenario.set(name)
    restart(scenario_values(name))


# ------------------------------------------------------------------ controls


@solara.component
def Buttons():
    lang = state.lang.value
    frame = state.live_frame.value
    playing = state.live_playing.value
    finished = frame is not None and not frame.running
    with solara.Row(style={"flex-wrap": "wrap", "gap": "6px", "align-items": "center"}):
        solara.Button(
            t("pause", lang) if playing else t("play", lang),
            icon_name="mdi-pause" if playing else "mdi-play",
            color="primary",
            on_click=lambda: state.live_playing.set(not state.live_playing.value),
            disabled=finished,
            classes=["govsim-play"],
        )
        solara.Button(
            t("step", lang),
            icon_name="mdi-skip-next",
            color="primary",
            outlined=True,
            on_click=step_once,
            disabled=playing or finished,
            classes=["govsim-step"],
        )
        changed = state.live_pending.value != state.live_applied.value
        solara.Button(
            t("apply", lang) if changed else t("reset", lang),
            icon_name="mdi-restart",
            color="warning" if changed else "primary",
            outlined=not changed,
            on_click=lambda: restart(),
            classes=["govsim-reset"],
        )
        solara.Button(
            t("hide_settings", lang) if state.settings_open.value else t("show_settings", lang),
            icon_name="mdi-tune",
            text=True,
            on_click=lambda: state.settings_open.set(not state.settings_open.value),
            classes=["govsim-settings-toggle"],
        )


@solara.component
def Status():
    lang = state.lang.value
    frame = state.live_frame.value
    if frame is None:
        return
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(t("week_of", lang, week=frame.week, steps=frame.steps)),
        classes=["govsim-live-status"],
        attributes={"role": "status", "aria-live": "polite"},
    )
    solara.ProgressLinear(value=100 * frame.week / max(frame.steps, 1))
    if not frame.running:
        solara.Info(t("finished_run", lang))
    if state.live_pending.value != state.live_applied.value:
        solara.Warning(t("pending_changes", lang))
    if state.live_error.value:
        solara.Error(t("live_error", lang, error=state.live_error.value))


def _value_text(name: str, value, lang: str) -> str:
    meta = PARAMETERS[name]
    shown = f"{float(value):.2f}" if meta.kind is float else show_value(value, lang)
    unit = parameter_unit(name, lang)
    if not unit or meta.kind is bool:
        return shown
    if meta.is_level or meta.unit == "share":
        return f"{shown}\uff08{unit}\uff09" if lang == "zh" else f"{shown} ({unit})"
    return f"{shown} {unit}"


def set_input(name: str, value) -> None:
    state.live_pending.set({**state.live_pending.value, name: value})


@solara.component
def ParameterInput(name: str, value, lang: str):
    meta = PARAMETERS[name]
    label = parameter_label(name, lang)
    help_text = parameter_help(name, lang)
    if meta.kind is bool:
        with solara.Tooltip(help_text):
            solara.Checkbox(
                label=f"{label}: {_value_text(name, value, lang)}",
                value=bool(value),
                on_value=lambda v: set_input(name, bool(v)),
            )
        return
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'<span title="{html.escape(help_text)}" class="govsim-help">'
            f"{html.escape(label)}</span>"
            f": <b>{html.escape(_value_text(name, value, lang))}</b>"
        ),
        style={"font-size": "14px", "margin-top": "6px"},
    )
    high = min(meta.high, LIVE_MAX_HOUSEHOLDS) if name == "n_households" else meta.high
    if meta.kind is int:
        solara.SliderInt(
            label="",
            value=int(value),
            min=int(meta.low),
            max=int(high),
            step=int(meta.step or 1),
            on_value=lambda v: set_input(name, int(v)),
            thumb_label=True,
        )
    else:
        solara.SliderFloat(
            label="",
            value=float(value),
            min=float(meta.low),
            max=float(high),
            step=float(meta.step or 0.05),
            on_value=lambda v: set_input(name, round(float(v), 6)),
            thumb_label=True,
        )


@solara.component
def Settings():
    lang = state.lang.value
    values = state.live_pending.value
    for path in PATH_ORDER:
        names = [p.name for p in PARAMETERS.values() if p.path == path]
        if not names:
            continue
        with solara.Details(path_label(path, lang), expand=False):
            for name in names:
                ParameterInput(name, values.get(name, PARAMETERS[name].default), lang)
            if path == "population":
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=html.escape(
                        t("live_households_cap", lang, cap=f"{LIVE_MAX_HOUSEHOLDS:,}")
                    ),
                    style={"color": "#666", "font-size": "12px"},
                )
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=(
                        f'<span title="{html.escape(t("seed_help", lang))}" class="govsim-help">'
                        f"{html.escape(t('seed', lang))}</span>: <b>{int(values.get(SEED, 1))}</b>"
                    ),
                    style={"font-size": "14px", "margin-top": "6px"},
                )
                solara.SliderInt(
                    label="",
                    value=int(values.get(SEED, 1)),
                    min=1,
                    max=1000,
                    on_value=lambda v: set_input(SEED, int(v)),
                    thumb_label=True,
                )


# ------------------------------------------------------------------ charts


@solara.component
def Charts():
    lang = state.lang.value
    frame = state.live_frame.value  # LivePage draws Charts only once there is a frame
    measure = state.colour_by.value
    outlines, workers = _outlines(frame.model)
    label = COLOUR_MEASURES[measure][lang == "zh"]
    grid = solara.use_memo(
        lambda: charts.grid_figure(frame.grids[measure], outlines, workers, label, lang),
        [id(frame), measure, lang],
    )
    lines = solara.use_memo(
        lambda: charts.live_metrics_figure(frame.metrics, LIVE_METRICS, lang, frame.steps),
        [id(frame), lang],
    )
    with solara.ColumnsResponsive(default=12, large=[6, 6]):
        with solara.Column():
            with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
                solara.Text(t("colour_by", lang))
                solara.ToggleButtonsSingle(
                    value=COLOUR_MEASURES[measure][lang == "zh"],
                    values=[pair[lang == "zh"] for pair in COLOUR_MEASURES.values()],
                    on_value=lambda shown: state.colour_by.set(
                        next(k for k, v in COLOUR_MEASURES.items() if v[lang == "zh"] == shown)
                    ),
                )
            Chart(grid, lang, "govsim-community")
        Chart(lines, lang, "govsim-live-measures")


@solara.component
def Player():
    """Steps the model while playing (a thread that stops when Play is released)."""
    playing = state.live_playing.value

    def run(cancel: threading.Event):
        while state.live_playing.value and not cancel.is_set():
            model = state.live_model.value
            if model is None or not model.running:
                state.live_playing.set(False)
                return
            start = time.perf_counter()
            try:
                model.step()
            except Exception as exc:  # noqa: BLE001 - shown, not raised into the server
                state.live_error.set(str(exc))
                state.live_playing.set(False)
                return
            if model is state.live_model.value and not cancel.is_set():
                state.live_frame.set(snapshot(model))
            cancel.wait(max(0.0, WEEK_SECONDS - (time.perf_counter() - start)))

    solara.use_thread(run, dependencies=[playing], intrusive_cancel=False)


@solara.component
def LivePage():
    lang = state.lang.value
    if state.live_model.value is None:
        restart(scenario_values(state.live_scenario.value))
        return
    Player()
    with solara.ColumnsResponsive(default=12, large=[4, 8]):
        with solara.Column(classes=["govsim-live-controls"]):
            labelled_select(
                t("scenario", lang),
                state.live_scenario.value,
                scenario_titles(lang),
                choose_scenario,
            )
            Buttons()
            Status()
            if state.settings_open.value:
                Settings()
        with solara.Column():
            if state.live_frame.value is not None:
                Charts()
