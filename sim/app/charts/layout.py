"""The house style every figure shares: fonts, the white template, titles that wrap (shorter
on a narrow screen), colours per scenario, hover and tick formats that round, error bars,
and lists with None for NaN (JSON has no NaN).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.io as pio

from sim.app.data import SPARE_COLOURS
from sim.app.i18n import is_scale, metric_unit, t

# Latin letters in a Latin face, Chinese in the first CJK face the machine has
FONT = (
    "Roboto, Arial, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
)
AGE_COLOURS = {"elderly": "#5E3C99", "nonelderly": "#E08214"}  # purple / orange
TEMPLATE = pio.templates["plotly_white"].to_plotly_json()


def json_safe(values) -> list:
    """Values as (nested) lists with None for NaN: JSON has no NaN."""
    array = np.asarray(values, dtype=float)
    return np.where(np.isnan(array), None, array).tolist()


def floats(series) -> list:
    return [None if v is None or v != v else float(v) for v in series]


def hover_format(metric: str) -> str:
    """A d3 format that rounds a metric sensibly in hover labels."""
    if metric in ("backlog", "backlog_cases", "cost_per_household_year", "cost"):
        return ",.1f" if metric == "cost" else ",.0f"
    return ".3f" if is_scale(metric) else ",.2f"


def tick_format(metric: str) -> str:
    return ".2f" if is_scale(metric) else ""


def colour_of(colours: dict | None, label: str, i: int) -> str:
    if colours and label in colours:
        return colours[label]
    return SPARE_COLOURS[i % len(SPARE_COLOURS)]


def rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def styled_figure(traces: list, title: str, height: int, **layout) -> dict:
    """A figure dict with the house style; on a narrow screen the title wraps shorter."""
    plain = title.replace("<br>", " ")
    short = {"text": wrap_title(plain, 34), "x": 0.01, "xanchor": "left", "font": {"size": 13}}
    meta = layout.pop("meta", {})
    narrow = meta.setdefault("narrow", {})
    narrow["title"] = short
    margin = dict(narrow.get("margin") or layout.get("margin") or {"l": 64, "r": 20, "b": 50})
    margin["t"] = 56 + 20 * short["text"].count("<br>") + narrow.pop("panel_titles_px", 0)
    margin["l"], margin["r"] = min(margin.get("l", 64), 50), min(margin.get("r", 20), 10)
    narrow["margin"] = margin
    layout["meta"] = meta
    base = {
        "template": TEMPLATE,
        "title": {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "height": height,
        "autosize": True,
        "font": {"family": FONT},
        "margin": {"l": 64, "r": 20, "t": 76, "b": 50},
        "legend": {"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"},
        "hoverlabel": {"font": {"family": FONT}},
    }
    return {"data": traces, "layout": base | layout}


def error_bars(frame: pd.DataFrame, value: str = "mean") -> dict:
    upper = (frame["high"] - frame[value]).fillna(0)
    lower = (frame[value] - frame["low"]).fillna(0)
    return {"type": "data", "array": floats(upper), "arrayminus": floats(lower), "visible": True}


def display_width(text: str) -> int:
    """Display width: a CJK character counts as two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


CLOSING = set(")\uff09\uff0c,\u3001\uff1b;\uff1a:\u3002")


# Full-width marks a Chinese title line may end with (comma, enumeration comma, colon, ...).
BREAK_AFTER = "\uff0c\u3001\uff1a\uff1b\u3002\uff01\uff1f\uff09,;:"


def wrap_title(text: str, width: int = 22) -> str:
    """Break a long title onto lines (<br>) of about `width` columns: at spaces in a Latin
    text; in a Chinese one after the line's last punctuation mark when that keeps at least
    half the line (so that a word like 网格员 is not cut), else between characters, never
    starting a line with a closing mark."""
    if display_width(text) <= width:
        return text
    if any(ord(ch) > 0x2E80 for ch in text) or " " not in text:
        lines, line = [], ""
        for ch in text:
            if line and display_width(line + ch) > width and ch not in CLOSING:
                cut = max(line.rfind(mark) for mark in BREAK_AFTER) + 1
                cut = cut if cut * 2 >= len(line) else len(line)
                lines.append(line[:cut].rstrip())
                line = line[cut:].lstrip()
            line += ch
        return "<br>".join([*lines, line])
    lines, line = [], ""
    for word in text.split():
        if line and display_width(line) + 1 + display_width(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def interval_hover(metric: str, lang: str, name: str = "%{x}") -> str:
    f = hover_format(metric)
    unit = "" if is_scale(metric) else f" {metric_unit(metric, lang)}"
    low, high = t("col_low", lang), t("col_high", lang)
    return (
        f"{name}<br>%{{y:{f}}}{unit}<br>{low} %{{customdata[0]:{f}}}, "
        f"{high} %{{customdata[1]:{f}}}<extra></extra>"
    )
