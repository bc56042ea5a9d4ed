"""Every word the browser, the report and the downloads show, in English and Chinese: the
functions that look them up and put them together.

The words themselves are data in `sim.app.catalogue`: `TEXT` (sentences and labels),
`UNITS` (the registries' units as people read them), `METRIC_HELP_ZH` (Chinese help for
metrics whose registry entry has none yet), `PLOTLY_ZH` (Plotly's toolbar and number
formats); they can be imported from here too. Parameter and metric labels, units, help and
"better" directions come from their registries (`sim.PARAMETERS`, `sim.METRICS`); this
module only puts them into words.
"""

from __future__ import annotations

from sim.app.catalogue.metrics import EXTRA_METRIC_LABELS, METRIC_HELP_ZH
from sim.app.catalogue.plotly_zh import PLOTLY_ZH as PLOTLY_ZH  # re-exported
from sim.app.catalogue.sentences import FULL_WIDTH as FULL_WIDTH  # re-exported
from sim.app.catalogue.sentences import TEXT
from sim.app.catalogue.units import NEGLIGIBLE as NEGLIGIBLE  # re-exported
from sim.app.catalogue.units import UNIT_SCALES, UNITS
from sim.model import METRICS
from sim.parameters import PARAMETERS, PATHS

LANGS = ("en", "zh")

COLOUR_MEASURES = {
    "satisfaction": TEXT["satisfaction"],
    "participating": TEXT["participation"],
    "trust": TEXT["trust"],
}


# ------------------------------------------------------------------ lookups


def t(key: str, lang: str = "en", **values) -> str:
    """The text for `key` in `lang`, with {placeholders} filled."""
    text = TEXT[key][lang == "zh"]
    return text.format(**values) if values else text


def mid_sentence(label: str, lang: str = "en") -> str:
    """A label inside an English sentence: "Needs met in time" -> "needs met in time" (an
    initial capital only: "GDP" and Chinese are unchanged)."""
    if lang == "en" and len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def join_words(items: list[str], lang: str = "en") -> str:
    """'a, b and c' (or 'a、b和c')."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return t("list_and", lang).join(items[:-1]) + t("list_last", lang) + items[-1]


def unit_text(unit: str, lang: str = "en") -> str:
    pair = UNITS.get(unit)
    return pair[lang == "zh"] if pair else unit


def metric_label(name: str, lang: str = "en") -> str:
    if name in METRICS:
        return METRICS[name].label(lang)
    pair = EXTRA_METRIC_LABELS.get(name)
    return pair[lang == "zh"] if pair else name


def metric_unit(name: str, lang: str = "en") -> str:
    """The metric's unit from the registry, in `lang` ('' when unknown)."""
    meta = METRICS.get(name)
    if meta is None:
        return unit_text("CNY per household per year", lang) if name in EXTRA_METRIC_LABELS else ""
    own = getattr(meta, f"unit_{lang}", None)
    return own or unit_text(meta.unit, lang)


def metric_help(name: str, lang: str = "en") -> str:
    meta = METRICS.get(name)
    if lang == "zh":
        own = getattr(meta, "help_zh", "") if meta is not None else ""
        return own or METRIC_HELP_ZH.get(name, "")
    return getattr(meta, "help_en", "") if meta is not None else ""


def metric_better(name: str) -> int:
    """+1 higher is better, -1 lower is better, 0 neither (from the registry)."""
    if name in EXTRA_METRIC_LABELS and name not in METRICS:
        return -1
    meta = METRICS.get(name)
    return int(getattr(meta, "better", 0)) if meta is not None else 0


def direction_text(name: str, lang: str = "en") -> str:
    return t(
        {1: "higher_better", -1: "lower_better", 0: "neither_better"}[metric_better(name)], lang
    )


def is_scale(name: str) -> bool:
    """Does the metric lie on 0–1 (a level, share or mean of a 0–1 state)?"""
    meta = METRICS.get(name)
    return meta is not None and meta.unit in UNIT_SCALES


def metric_title(name: str, lang: str = "en", direction: bool = True) -> str:
    """'Label (unit, higher is better)': for axes, headers and sentences."""
    bits = [metric_unit(name, lang)]
    if direction and metric_better(name):
        bits.append(direction_text(name, lang))
    inner = ("\uff0c" if lang == "zh" else ", ").join(b for b in bits if b)
    if not inner:
        return metric_label(name, lang)
    if lang == "zh":
        return f"{metric_label(name, lang)}\uff08{inner}\uff09"
    return f"{metric_label(name, lang)} ({inner})"


def parameter_label(name: str, lang: str = "en") -> str:
    return PARAMETERS[name].label(lang) if name in PARAMETERS else name


def parameter_unit(name: str, lang: str = "en") -> str:
    meta = PARAMETERS.get(name)
    if meta is None:
        return ""
    own = getattr(meta, f"unit_{lang}", None)
    return own or unit_text(meta.unit, lang)


def parameter_help(name: str, lang: str = "en") -> str:
    return PARAMETERS[name].help(lang) if name in PARAMETERS else ""


def parameter_title(name: str, lang: str = "en") -> str:
    unit = parameter_unit(name, lang)
    label = parameter_label(name, lang)
    if not unit:
        return label
    return f"{label}\uff08{unit}\uff09" if lang == "zh" else f"{label} ({unit})"


def path_label(path: str, lang: str = "en") -> str:
    return PATHS[path][lang == "zh"] if path in PATHS else path


def status_text(status: str, lang: str = "en") -> str:
    key = f"status_{status}"
    return t(key, lang) if key in TEXT else status


def design_text(design: str, lang: str = "en") -> str:
    key = f"design_{design}"
    return t(key, lang) if key in TEXT else design


def show_value(value, lang: str = "en") -> str:
    """A parameter value as people read it: 0.5, 3,000, on/off."""
    if isinstance(value, bool):
        return t("on" if value else "off", lang)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
