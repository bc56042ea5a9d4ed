"""Units: the registries' units as people read them in English and Chinese, and which of them
lie on a 0–1 scale (where an effect smaller than `NEGLIGIBLE` does not matter)."""

from __future__ import annotations

from sim.model.metrics import NEGLIGIBLE_EFFECT, SCALE_UNITS

# The registries' units as people read them (a unit missing here is shown as written).
UNITS = {
    "0–1": ("0–1", "0–1"),
    "share 0–1": ("share 0–1", "比例 0–1"),
    "share": ("share 0–1", "比例 0–1"),
    "level 0–1": ("level 0–1", "水平 0–1"),
    "weeks": ("weeks", "周"),
    "cases": ("cases", "件"),
    "cases per 1,000 households": ("cases per 1,000 households", "件/千户"),
    "thousand CNY per week": ("thousand CNY per week", "千元/周"),
    "thousand CNY per week per 3,000 households": (
        "thousand CNY per week per 3,000 households",
        "千元/周(每 3000 户)",
    ),
    "CNY": ("CNY", "元"),
    "CNY per household per year": ("CNY per household per year", "元/户/年"),
    "hours per week per 1,000 residents": ("hours per week per 1,000 residents", "小时/周/千人"),
    "requests per resident per year": ("requests per resident per year", "件/人/年"),
    "ratio minus 1": ("ratio minus 1", "比值减 1"),
    "households": ("households", "户"),
    "organizations per community": ("organizations per community", "个/社区"),
    "activity types": ("activity types", "类"),
    "events per community-week": ("events per week", "场/周"),
    "on/off": ("on/off", "开/关"),
}

# Units whose numbers lie on 0–1: an effect under NEGLIGIBLE is "no meaningful effect".
UNIT_SCALES = SCALE_UNITS
NEGLIGIBLE = NEGLIGIBLE_EFFECT
