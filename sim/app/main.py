"""The Solara app of `govsim serve`: Brief, Compare, Explore and the Live model, in English
or Chinese.

Started by `govsim serve` (which sets GOVSIM_RESULTS_ROOT and GOVSIM_LANG); also runnable
as `solara run sim.app.main`. The Brief is the first page when the results root holds a
results folder, the Live model otherwise. Reactive state (`sim.app.state`) is per session.
"""

from __future__ import annotations

import solara
import solara.lab

from sim.app import folders, state
from sim.app.i18n import t
from sim.app.page_brief import BriefPage
from sim.app.page_compare import ComparePage
from sim.app.page_explore import ExplorePage
from sim.app.page_live import LivePage
from sim.app.widgets import CSS, configure_server

configure_server()

TABS = (
    ("tab_brief", "mdi-text-box-outline", BriefPage),
    ("tab_compare", "mdi-chart-bar", ComparePage),
    ("tab_explore", "mdi-grid", ExplorePage),
    ("tab_live", "mdi-play-circle-outline", LivePage),
)
LIVE_TAB = 3


def first_tab() -> int:
    return 0 if folders.discover(state.ROOT) else LIVE_TAB


@solara.component
def Page():
    lang = state.lang.value
    tab = state.active_tab.value
    if tab is None:
        tab = first_tab()
    solara.Title(t("app_title", lang))
    solara.Style(CSS)
    with solara.AppBar():
        solara.Button(
            t("language", lang),
            text=True,
            icon_name="mdi-translate",
            on_click=lambda: state.lang.set("zh" if state.lang.value == "en" else "en"),
            classes=["govsim-language"],
        )
    with solara.AppBarTitle():
        solara.Text(t("app_title", lang))
    with solara.Column(classes=["govsim-page"]):
        with solara.lab.Tabs(value=tab, on_value=state.active_tab.set):
            for key, icon, _ in TABS:
                solara.lab.Tab(t(key, lang), icon_name=icon)
        # only the shown page is rendered: a page's state lives in sim.app.state
        TABS[tab][2]()
