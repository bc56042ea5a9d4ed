"""The one registry of the model's coefficients (MODEL.md section 6, "Coefficients").

Every field of `Calibration` — the behavioural and structural coefficients that are not
policy levers — with its group, plausible range, hard bounds, unit, source or reason and
English and Chinese labels. Everything that shows, checks or samples a coefficient reads it
from here: `with_coefficients`, `govsim coefficients`, the table in docs/ODD.md 7.10 and the
uncertainties of experiments.

Plausible range (`low`, `high`): what the evidence allows — a source's interval where one
exists, else ±30% of the default (said so in `source`). For a tuple it is a factor on every
element; tuples of probabilities take it on the odds of all outcomes against the first and
are renormalized. Hard bounds (`hard_low`, `hard_high`): what the equations allow, for each
number. The defaults live in `Calibration` only; the tables are in sim/model/coefficient_groups/.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from types import MappingProxyType

import numpy as np

from sim.errors import ParameterError
from sim.model.calibration import DEFAULT_CALIBRATION, coefficient_names
from sim.model.coefficient_groups import ENTRIES
from sim.model.coefficient_groups.base import (
    GROUPS,
    ORDERED,
    SUM_TO_ONE,
    TILTED,
    Coefficient,
    flat,
)
from sim.parameters.validation import unknown_name_message

_BY_NAME = {e.name: e for e in ENTRIES}
# in the order of Calibration's fields (a test checks that every field has its entry)
COEFFICIENTS: MappingProxyType[str, Coefficient] = MappingProxyType(
    {name: _BY_NAME[name] for name in coefficient_names() if name in _BY_NAME}
)

UNITS_ZH = {
    "share 0–1": "比例 0–1",
    "probability 0–1": "概率 0–1",
    "probability per week": "每周概率",
    "share per week": "每周比例",
    "share per activity": "每次活动的比例",
    "share of tastes": "偏好占比",
    "weight per experience": "每次体验的权重",
    "weight": "权重",
    "quality 0–1": "质量 0–1",
    "performance 0–1": "绩效 0–1",
    "performance 0–1 (standard deviation)": "绩效 0–1(标准差)",
    "satisfaction 0–1": "满意度 0–1",
    "skill 0–1": "技能 0–1",
    "skill 0–1 (standard deviation)": "技能 0–1(标准差)",
    "literacy 0–1": "数字素养 0–1",
    "logit": "对数几率",
    "logit per unit": "对数几率/单位",
    "logit per unit of literacy": "对数几率/单位数字素养",
    "logit per unit of performance": "对数几率/单位绩效",
    "multiplier": "倍数",
    "multiplier per unit of skill": "倍数/单位技能",
    "Beta shape parameters": "Beta分布形状参数",
    "Dirichlet concentration": "狄利克雷分布集中度参数",
    "weeks": "周",
    "time limits": "办理时限的倍数",
    "needs per resident-week": "需求数/(人·周)",
    "hours": "小时",
    "households": "户",
    "households per worker-week": "户/(网格员·周)",
    "cases per worker-week": "件/(网格员·周)",
    "cases per organization-week": "件/(社会组织·周)",
    "cases of work per case": "工作量(件)/件",
    "categories per organization": "类/社会组织",
    "places per event (standard community)": "名额/场(标准社区)",
    "effort (1 = normal)": "投入(1为正常水平)",
    "thousand CNY per week (standard community)": "千元/周(标准社区)",
    "thousand CNY per worker-week": "千元/(网格员·周)",
    "thousand CNY per organization-week (standard community)": "千元/(社会组织·周)(标准社区)",
    "thousand CNY per event (standard community)": "千元/场(标准社区)",
    "thousand CNY per case": "千元/件",
}


def unit_label(c: Coefficient, lang: str = "en") -> str:
    return UNITS_ZH.get(c.unit, c.unit) if lang == "zh" else c.unit


def format_value(value) -> str:
    """A number as 0.25, a tuple as (0.25, 0.4, ...)."""
    if isinstance(value, tuple | list):
        return "(" + ", ".join(format_value(x) for x in value) + ")"
    return f"{value:g}"


def format_range(c: Coefficient) -> str:
    """The plausible range: '0.595–1', '-9.36 to -5.04', or '×0.7–1.3' for a factor."""
    if c.scaled:
        return f"×{c.low:g}–{c.high:g}"
    return f"{c.low:g} to {c.high:g}" if c.low < 0 else f"{c.low:g}–{c.high:g}"


def get_coefficient(name: str) -> Coefficient:
    try:
        return COEFFICIENTS[name]
    except (KeyError, TypeError):
        raise ParameterError(unknown_name_message(str(name), COEFFICIENTS, "coefficient")) from None


def describe(c: Coefficient) -> str:
    """What the equations allow, in words."""
    kind = "integers" if c.integer else "numbers"
    bounds = f"from {c.hard_low:g} to {c.hard_high:g} ({c.unit})"
    if not c.scaled:
        return f"{'an integer' if c.integer else 'a number'} {bounds}"
    rows = isinstance(c.default[0], tuple)
    shape = (
        f"{len(c.default)} lists of {len(c.default[0])} {kind}"
        if rows
        else f"a list of {len(c.default)} {kind}"
    )
    extra = ""
    if c.name in SUM_TO_ONE:
        extra = ", each list adding up to 1" if rows else ", adding up to 1"
    elif c.name in ORDERED:
        extra = ", the first not above the second"
    return f"{shape}, each {bounds}{extra}"


def _number(value, integer: bool):
    """`value` as an int or a float, or None if it is not a finite number of that kind."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return None
    v = float(value)
    if not math.isfinite(v):
        return None
    if integer:
        return int(v) if v.is_integer() else None
    return v


def _typed(value, default):
    """`value` shaped and typed like `default`, or None."""
    if isinstance(default, tuple):
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if not isinstance(value, list | tuple) or len(value) != len(default):
            return None
        items = [_typed(v, d) for v, d in zip(value, default, strict=True)]
        return None if any(i is None for i in items) else tuple(items)
    return _number(value, isinstance(default, int) and not isinstance(default, bool))


def _broken_rule(c: Coefficient, value) -> str | None:
    """What a well-shaped value breaks, or None."""
    for i, x in enumerate(flat(value)):
        if not c.hard_low <= x <= c.hard_high:
            where = f"element {i + 1} is {x:g}, " if c.scaled else ""
            return f"{where}outside {c.hard_low:g}–{c.hard_high:g}"
    if c.name in SUM_TO_ONE:
        rows = value if isinstance(value[0], tuple) else (value,)
        for i, row in enumerate(rows):
            if abs(sum(row) - 1.0) > 1e-6:
                which = f"row {i + 1} adds" if len(rows) > 1 else "they add"
                return f"{which} up to {sum(row):g}"
    if c.name in ORDERED and value[0] > value[1]:
        return "the first is above the second"
    if c.name in TILTED and sum(flat(value)) <= 0:
        return "the weights add up to 0"
    return None


def validate_coefficient(name: str, value) -> object:
    """`value` as the coefficient's type (a tuple for a list), or ParameterError saying
    what is allowed."""
    c = get_coefficient(name)
    typed = _typed(value, c.default)
    problem = None if typed is None else _broken_rule(c, typed)
    if typed is None or problem:
        detail = f" ({problem})" if problem else ""
        raise ParameterError(
            f"coefficient '{name}' = {value!r} is not allowed{detail}: expected {describe(c)}"
        )
    return typed


def check_together(value_of: Callable[[str], object]) -> None:
    """Rules that join two coefficients, given a function from name to value."""
    total, bounds = value_of("effort_total"), value_of("effort_bounds")
    if total < bounds[1]:
        raise ParameterError(
            f"coefficient 'effort_total' = {total:g} is below the highest service effort "
            f"{bounds[1]:g} ('effort_bounds'): activity effort would fall below 0"
        )
    offered = sum(w > 0 for w in value_of("org_category_weights"))
    if value_of("org_categories") > offered:
        raise ParameterError(
            f"coefficient 'org_categories' = {value_of('org_categories')} is more than the "
            f"{offered} categories with a positive weight in 'org_category_weights'"
        )


def validate_coefficients(values: Mapping) -> dict:
    """Each value validated, and the rules joining coefficients checked (others default)."""
    out = {name: validate_coefficient(name, value) for name, value in values.items()}
    check_together(lambda n: out[n] if n in out else getattr(DEFAULT_CALIBRATION, n))
    return out


def _round(x: float) -> int:
    return math.floor(x + 0.5)  # half up: the same rule for every integer coefficient


def _tilt(row: tuple, x: float) -> tuple:
    """Scale the odds of every outcome against the first by x, then renormalize."""
    if isinstance(row[0], tuple):
        return tuple(_tilt(r, x) for r in row)
    scaled = [row[0], *(p * x for p in row[1:])]
    total = sum(scaled)
    return tuple(p / total for p in scaled) if total > 0 else row


def uncertain_value(name: str, x: float) -> object:
    """The coefficient's value in a world where its uncertainty takes `x`: x itself for a
    number, the default times x for a tuple (probability tuples: their odds against the
    first outcome, renormalized); rounded for integers, clipped to the hard bounds."""
    c = get_coefficient(name)
    factor = _number(x, integer=False)
    if factor is None:
        raise ParameterError(f"uncertainty '{name}' takes a finite number, not {x!r}")
    if c.scaled and factor == 1.0:
        return c.default
    if c.name in TILTED:
        return _tilt(c.default, max(factor, 0.0))

    def one(v: float, integer: bool):
        v = min(max(v, c.hard_low), c.hard_high)
        return _round(v) if integer else v

    if not c.scaled:
        return one(factor, c.integer)

    def scale(d):
        if isinstance(d, tuple):
            return tuple(scale(e) for e in d)
        return one(d * factor, isinstance(d, int))

    return scale(c.default)


__all__ = [
    "COEFFICIENTS",
    "GROUPS",
    "UNITS_ZH",
    "Coefficient",
    "check_together",
    "describe",
    "format_range",
    "format_value",
    "get_coefficient",
    "uncertain_value",
    "unit_label",
    "validate_coefficient",
    "validate_coefficients",
]
