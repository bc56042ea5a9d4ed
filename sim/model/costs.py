"""What the levers cost, and what a budget can pay (MODEL.md 3.7), in thousand CNY per week.

Items are fixed (wages of the grid workers, the platform as built, venues owned, casework)
or discretionary (training, platform and venue maintenance, assisted desks, organizations'
contracts, events). With a `budget`, the discretionary levers are scaled down by one share
so that the planned weekly cost fits: the same documented rule in every scenario.
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.model.calibration import STANDARD_COMMUNITY, Calibration
from sim.model.rules import budget_share

# discretionary levers: a budget scales each of them by the same share
SCALED_BY_BUDGET = (
    "worker_training",
    "platform_maintenance",
    "assisted_access",
    "events_per_week",
    "facility_maintenance",
)


def items(
    levers: Mapping,
    cal: Calibration,
    *,
    workers: float,
    events: float,
    effort: float = 1.0,
    contract: float = 1.0,
    gov_closed: int = 0,
    fallback_closed: int = 0,
) -> dict[str, tuple[float, bool]]:
    """Each item's weekly cost and whether it is discretionary. `workers` are full-time posts,
    `events` this week's events (each sized for the whole community)."""
    p, c = levers, cal
    scale = p["n_households"] / STANDARD_COMMUNITY
    dig, level = p["digitization"], p["facility_level"]
    return {
        "wages": (workers * effort * c.cost_worker, False),
        "training": (workers * effort * c.cost_worker_training * p["worker_training"], True),
        "platform": (
            scale
            * (
                c.cost_platform * dig
                + c.cost_integration * p["data_integration"]
                + c.cost_simplicity * p["procedure_simplicity"] * dig
            ),
            False,
        ),
        "platform_maintenance": (
            scale * c.cost_maintenance * p["platform_maintenance"] * dig,
            True,
        ),
        "assisted_access": (scale * c.cost_assisted * p["assisted_access"], True),
        "organizations": (scale * c.cost_org * p["social_orgs"] * contract, True),
        "events": (events * scale * (c.cost_event + c.cost_event_facility * level), True),
        "venues": (scale * c.cost_facility_upkeep * level, False),
        "venue_maintenance": (
            scale * c.cost_facility_maintenance * p["facility_maintenance"] * level,
            True,
        ),
        "casework": (c.cost_gov_case * gov_closed + c.cost_fallback_case * fallback_closed, False),
    }


def planned(levers: Mapping, cal: Calibration) -> tuple[float, float]:
    """(fixed, discretionary) weekly cost the levers plan for, before any casework."""
    workers = levers["n_households"] / levers["households_per_worker"]
    planned_items = items(levers, cal, workers=workers, events=levers["events_per_week"])
    fixed = sum(cost for cost, discretionary in planned_items.values() if not discretionary)
    return fixed, sum(cost for cost, discretionary in planned_items.values() if discretionary)


def within_budget(levers: Mapping, cal: Calibration) -> tuple[dict, float]:
    """The levers in force under the budget, and the share of discretionary spending kept
    (1 without a budget). Organizations keep their number; their contracts shrink."""
    budget = levers["budget"] * levers["n_households"] / STANDARD_COMMUNITY
    share = budget_share(*planned(levers, cal), budget)
    if share == 1.0:
        return dict(levers), 1.0
    return {**levers, **{k: levers[k] * share for k in SCALED_BY_BUDGET}}, share


def planned_total(levers: Mapping, cal: Calibration) -> float:
    """Planned weekly cost per standard community of 3,000 households, after the budget."""
    in_force, share = within_budget(levers, cal)
    workers = in_force["n_households"] / in_force["households_per_worker"]
    planned_items = items(
        in_force, cal, workers=workers, events=in_force["events_per_week"], contract=share
    )
    return (
        sum(cost for cost, _ in planned_items.values())
        * STANDARD_COMMUNITY
        / (in_force["n_households"])
    )


def blend(low: Mapping, high: Mapping, share: float) -> dict:
    """The levers `share` of the way from `low` to `high` (whole numbers rounded)."""
    out = dict(low)
    for name, value in high.items():
        if isinstance(value, bool) or value == low[name]:
            continue
        moved = low[name] + share * (value - low[name])
        out[name] = round(moved) if isinstance(value, int) else round(moved, 3)
    return out


def equal_cost_blend(low: Mapping, high: Mapping, budget: float, cal: Calibration) -> dict:
    """The blend of `low` toward `high` whose planned cost per standard community is closest
    to `budget` without exceeding it (bisection on the share)."""
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if planned_total({**blend(low, high, mid), "budget": 0.0}, cal) <= budget:
            lo = mid
        else:
            hi = mid
    return blend(low, high, lo)
