"""The shape of one coefficient's entry, and how a reason becomes a plausible range.

The tables beside this module (one per group of MODEL.md section 6) call `entry`; the
registry itself is `sim.model.coefficients.COEFFICIENTS`. Defaults are never written here:
they are read from `Calibration`, the one place the model's numbers live.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.model.calibration import DEFAULT_CALIBRATION

GROUPS: dict[str, tuple[str, str]] = {
    "population": ("Population", "人口"),
    "needs": ("Needs", "需求"),
    "reporting": ("Reporting", "诉求反映"),
    "handling": ("Handling", "诉求办理"),
    "experience": ("Experience, satisfaction, trust", "体验、满意度与信任"),
    "activities": ("Activities", "社区活动"),
    "governance": ("Governance participation", "共治参与"),
    "government": ("Government and platform", "政府与平台"),
    "cost": ("Cost", "成本"),
}

JUDGED = 0.30  # where only judgement stands behind a value: ±30% of it
NARROW = 0.05  # a definition: ±5%, a narrow range kept only so that samplers can run
JUDGED_PREFIX = "±30% of the default (judgement"
DEFINITION_PREFIX = "Definition, not uncertain behaviour"

# Tuples of probabilities (rows for complexity_probs) or weights that the model normalizes:
# a common factor would leave them unchanged, so their factor multiplies every element but
# the first (the odds of the other outcomes against the first) and they are renormalized.
TILTED = frozenset({"household_adults", "complexity_probs", "org_category_weights"})
SUM_TO_ONE = frozenset({"household_adults", "complexity_probs"})
ORDERED = frozenset({"org_quality_range", "effort_bounds"})  # (low, high) pairs


@dataclass(frozen=True)
class Coefficient:
    """One coefficient of `Calibration`: what it means, what evidence allows, what the
    equations allow. For a tuple, `low`/`high` are a factor on every element (1 inside)."""

    name: str
    group: str
    default: object
    low: float
    high: float
    hard_low: float
    hard_high: float
    unit: str
    label_en: str
    label_zh: str
    source: str

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    @property
    def scaled(self) -> bool:
        """A tuple: its uncertainty is one common factor on its elements."""
        return isinstance(self.default, tuple)

    @property
    def integer(self) -> bool:
        """An int, or a tuple of ints: values are rounded."""
        return all(isinstance(x, int) and not isinstance(x, bool) for x in flat(self.default))

    @property
    def definition(self) -> bool:
        """A definition or measurement mapping rather than uncertain behaviour."""
        return self.source.startswith(DEFINITION_PREFIX)

    @property
    def judged(self) -> bool:
        """Only judgement stands behind its range (±30% of the default)."""
        return self.source.startswith(JUDGED_PREFIX)


@dataclass(frozen=True)
class Kind:
    """A unit and the bounds its equations allow (for each element of a tuple)."""

    unit: str
    hard_low: float
    hard_high: float


def flat(value) -> list:
    """The numbers of a number or a (nested) tuple, in order."""
    if isinstance(value, tuple | list):
        return [x for item in value for x in flat(item)]
    return [value]


def _clean(x: float) -> float:
    return float(f"{x:.10g}")


def _around(name: str, default, share: float, kind: Kind) -> tuple[float, float, str]:
    """default × (1 ± share), or for a tuple the factor 1 ± share, within the hard bounds;
    the note says where the hard bounds cut the range."""
    if isinstance(default, tuple):
        low, high = 1.0 - share, 1.0 + share
        if name in TILTED:
            return low, high, ""
        for x in flat(default):
            if x > 0:
                high = min(high, kind.hard_high / x)
                low = max(low, kind.hard_low / x)
            elif x < 0:
                high = min(high, kind.hard_low / x)
                low = max(low, kind.hard_high / x)
        low, high = math.ceil(low * 100 - 1e-9) / 100, math.floor(high * 100 + 1e-9) / 100
        capped = (low, high) != (1.0 - share, 1.0 + share)
        note = f", capped so that every element stays within {_span(kind)}" if capped else ""
        return low, high, note
    if default == 0:
        raise ValueError(f"{name}: a default of 0 needs an absolute plausible range")
    low, high = sorted((default * (1.0 - share), default * (1.0 + share)))
    note = ""
    if low < kind.hard_low or high > kind.hard_high:
        note = f", capped at the hard bounds {_span(kind)}"
    return _clean(max(low, kind.hard_low)), _clean(min(high, kind.hard_high)), note


def _span(kind: Kind) -> str:
    return f"{kind.hard_low:g}–{kind.hard_high:g}"


def entry(
    group: str,
    name: str,
    kind: Kind,
    label_en: str,
    label_zh: str,
    reason: str,
    *,
    source: str | None = None,
    plausible: tuple[float, float] | None = None,
    definition: bool = False,
    hard: tuple[float, float] | None = None,
) -> Coefficient:
    """One registry entry. The plausible range is `plausible` with its `source` (an interval
    from evidence), or for a definition a narrow range, or else ±30% of the default."""
    default = getattr(DEFAULT_CALIBRATION, name)
    if hard is not None:
        kind = Kind(kind.unit, *hard)
    if source is not None:
        low, high = plausible
        text = f"{source}. {reason}" if reason else source
    elif definition:
        if isinstance(default, int):
            low, high = default - 0.4, default + 0.4  # every value rounds to the default
            span = "a range that rounds to the default"
        else:
            low, high, _ = _around(name, default, NARROW, kind)
            span = "a narrow range (±5%)"
        text = f"{DEFINITION_PREFIX}: {reason}; {span}"
    elif plausible is not None:
        low, high = plausible
        text = f"Judgement: {reason}"
    else:
        low, high, note = _around(name, default, JUDGED, kind)
        text = f"{JUDGED_PREFIX}{note}): {reason}"
    if not low <= high:
        raise ValueError(f"{name}: plausible range {low}–{high}")
    return Coefficient(
        name=name,
        group=group,
        default=default,
        low=low,
        high=high,
        hard_low=kind.hard_low,
        hard_high=kind.hard_high,
        unit=kind.unit,
        label_en=label_en,
        label_zh=label_zh,
        source=text,
    )


# The kinds of coefficient (units and what the equations allow)
SHARE = Kind("share 0–1", 0.0, 1.0)
PROBABILITY = Kind("probability 0–1", 0.0, 1.0)
PER_WEEK = Kind("probability per week", 0.0, 1.0)
SHARE_PER_WEEK = Kind("share per week", 0.0, 1.0)
PER_EXPERIENCE = Kind("weight per experience", 0.0, 1.0)
QUALITY = Kind("quality 0–1", 0.0, 1.0)
PERFORMANCE = Kind("performance 0–1", 0.0, 1.0)
SKILL = Kind("skill 0–1", 0.0, 1.0)
LITERACY = Kind("literacy 0–1", 0.0, 1.0)
LOGIT = Kind("logit", -20.0, 20.0)
LOGIT_WEIGHT = Kind("logit per unit", 0.0, 20.0)
MULTIPLIER = Kind("multiplier", 0.0, 10.0)
BETA = Kind("Beta shape parameters", 0.01, 100.0)
WEEKS = Kind("weeks", 0.0, 52.0)
NEEDS = Kind("needs per resident-week", 0.0, 1.0)
HOURS = Kind("hours", 0.1, 40.0)
