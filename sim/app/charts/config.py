"""How a figure reaches a page: its JSON (`to_json`, NaN as null), the toolbar config every
chart gets (`plot_config`: a PNG download, nothing that uploads, Plotly's words in Chinese)
and the JavaScript that picks a figure's layout for the width it is drawn at (`SHAPE_JS`).
"""

from __future__ import annotations

import json
import math

import numpy as np

from sim.app.i18n import PLOTLY_ZH

REMOVE_BUTTONS = [
    "sendDataToCloud",
    "sendChartToCloud",
    "downloadJson",
    "editInChartStudio",
    "lasso2d",
    "select2d",
    "toggleSpikelines",
    "hoverCompareCartesian",
    "hoverClosestCartesian",
]


# How a page picks a figure's layout for its width: panels stack on narrow screens.
SHAPE_JS = """
function govsimLayout(fig, width) {
  const layout = Object.assign({}, fig.layout || {});
  const narrow = layout.meta && layout.meta.narrow;
  if (narrow && width > 0 && width < 640) Object.assign(layout, narrow);
  return layout;
}
"""


def plot_config(lang: str = "en", filename: str = "govsim-chart") -> dict:
    """Plotly's config for every chart: a PNG download, zoom and pan, nothing that uploads,
    no logo; Plotly's own words in Chinese when `lang` is zh."""
    config = {
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "showEditInChartStudio": False,
        "modeBarButtonsToRemove": REMOVE_BUTTONS,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
    if lang == "zh":
        config["locale"] = "zh-CN"
        config["locales"] = {"zh-CN": PLOTLY_ZH}
    return config


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return _clean(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(fig: dict) -> str:
    return json.dumps(_clean(fig), separators=(",", ":"), ensure_ascii=False)
