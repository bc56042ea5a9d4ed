"""The app's state: reactive values created at module level are per browser session.

Kept in one module so that every page reads the same language, results folder and choice
of scenarios (the Brief and Compare pages share them).
"""

from __future__ import annotations

import os
from pathlib import Path

import solara

ROOT = Path(os.environ.get("GOVSIM_RESULTS_ROOT", "results"))

lang = solara.reactive(os.environ.get("GOVSIM_LANG", "en"))
active_tab: solara.Reactive[int | None] = solara.reactive(None)

# results pages (Brief, Compare, Explore)
folder: solara.Reactive[str | None] = solara.reactive(None)
points: solara.Reactive[tuple] = solara.reactive(())  # (folder, [point, ...])
reference: solara.Reactive[tuple] = solara.reactive(())  # (folder, point)
outcome: solara.Reactive[str | None] = solara.reactive(None)
budget = solara.reactive(0)  # CNY per household per year, 0 = no limit
compare_metric = solara.reactive("satisfaction_mean")
toml_point: solara.Reactive[tuple] = solara.reactive(())  # (folder, point)
explore_metric = solara.reactive("satisfaction_mean")
explore_axes: solara.Reactive[tuple] = solara.reactive(())

# the live model
live_scenario = solara.reactive("baseline")
live_pending: solara.Reactive[dict] = solara.reactive({})  # the inputs' values
live_applied: solara.Reactive[dict] = solara.reactive({})  # the values of the running model
live_model = solara.reactive(None)
live_frame = solara.reactive(None)  # what the charts show: a snapshot taken after a step
live_playing = solara.reactive(False)
live_error: solara.Reactive[str | None] = solara.reactive(None)
colour_by = solara.reactive("satisfaction")
settings_open = solara.reactive(True)
