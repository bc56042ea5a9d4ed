"""Building the community one household at a time (MODEL.md section 5).

The population parameters and coefficients are the fast engine's (`Calibration`); the
construction is written anew: every household and every resident is drawn with scalar
draws from the population stream, and blocks are cut by walking the grid cell by cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.model.calibration import Calibration
from sim.model.codes import AgeGroup

NEVER = -10_000  # the "last week" of something that has not happened yet


@dataclass
class Household:
    """A household on one cell; its adults are drawn with it."""

    index: int
    x: int
    y: int
    has_children: bool = False
    elderly: bool = False  # some adult is 60+


@dataclass
class Person:
    """The initial state of one adult resident (the agent is built from it)."""

    household: int
    age_group: AgeGroup
    has_children: bool
    literacy: float
    preferences: list[float]
    satisfaction: float
    expectation: float
    expectation_activity: float
    trust: float
    habit: float
    disposition: float


def grid_size(n_households: int, occupancy: float) -> tuple[int, int]:
    """A near-square grid with room for the households at the occupancy; odd height, so a
    path through vertical strips can turn from one strip into the next."""
    width = max(1, math.ceil(math.sqrt(n_households / occupancy)))
    height = max(1, math.ceil(n_households / (occupancy * width)))
    return width, height + (height % 2 == 0)


def place_households(n: int, width: int, height: int, rng) -> list[Household]:
    """Households on distinct random cells, numbered in cell order (row by row)."""
    cells = sorted(int(c) for c in rng.choice(width * height, size=n, replace=False))
    return [Household(i, cell % width, cell // width) for i, cell in enumerate(cells)]


def draw_people(households: list[Household], elderly_share: float, cal: Calibration, rng):
    """The adults of every household, one at a time (sizes, ages, children, literacy,
    tastes, initial satisfaction, expectations, trust, habit, disposition)."""
    youth_cut = elderly_share + (1 - elderly_share) * cal.youth_share_of_under60
    people: list[Person] = []
    for home in households:
        size = 1 + int(rng.choice(4, p=cal.household_adults))
        ages = []
        for _ in range(size):
            u = rng.random()
            if u < elderly_share:
                ages.append(AgeGroup.ELDERLY)
            else:
                ages.append(AgeGroup.YOUTH if u < youth_cut else AgeGroup.MIDDLE)
        working_home = any(a != AgeGroup.ELDERLY for a in ages)
        home.has_children = working_home and rng.random() < cal.children_prob
        home.elderly = AgeGroup.ELDERLY in ages
        for age in ages:
            people.append(_person(home, age, cal, rng))
    return people


def _person(home: Household, age: AgeGroup, cal: Calibration, rng) -> Person:
    a, b = cal.literacy_beta[age]
    tastes = [max(float(p), 1e-9) for p in rng.dirichlet(cal.preference_alpha[age])]
    total = sum(tastes)
    return Person(
        household=home.index,
        age_group=age,
        has_children=home.has_children and age != AgeGroup.ELDERLY,
        literacy=float(rng.beta(a, b)),
        preferences=[p / total for p in tastes],
        satisfaction=float(rng.beta(*cal.initial_satisfaction_beta)),
        expectation=float(rng.beta(*cal.initial_expectation_beta)),
        expectation_activity=float(rng.beta(*cal.initial_expectation_beta)),
        trust=float(rng.beta(*cal.initial_trust_beta)),
        habit=float(rng.beta(*cal.initial_habit_beta)),
        disposition=float(rng.normal(0.0, cal.disposition_sd)),
    )


@dataclass
class Block:
    """A management block (网格): its households, in path order, and its worker's post."""

    index: int
    households: list[int]
    fte: float  # full-time equivalent of its worker: 1, the last block's may be less
    seat: int  # the household in the middle of the block, where its worker sits


def path_cells(width: int, height: int, strip: int):
    """Every cell along a path that snakes down and up vertical strips `strip` cells wide,
    row by row within a strip: consecutive cells are neighbours, so any run of the path is
    a contiguous area."""
    for s, left in enumerate(range(0, width, strip)):
        columns = list(range(left, min(left + strip, width)))
        rows = range(height) if s % 2 == 0 else range(height - 1, -1, -1)
        for r, y in enumerate(rows):
            for x in columns if r % 2 == 0 else reversed(columns):
                yield x, y


def cut_blocks(
    households: list[Household], width: int, height: int, per_worker: int, cal: Calibration
) -> list[Block]:
    """Runs of exactly `per_worker` households along the path, the last run shorter with a
    part-time worker: the community has n / per_worker posts (exact staffing, MODEL.md 3.3)."""
    strip = min(width, max(1, round(math.sqrt(per_worker / cal.occupancy))))
    at = {(h.x, h.y): h.index for h in households}
    order = [at[xy] for xy in path_cells(width, height, strip) if xy in at]
    n_blocks = max(1, math.ceil(len(order) / per_worker))
    blocks = []
    for b in range(n_blocks):
        members = order[b * per_worker : (b + 1) * per_worker]  # the last run may be short
        fte = 1.0 if b < n_blocks - 1 else len(members) / per_worker
        blocks.append(Block(b, members, fte, members[len(members) // 2]))
    return blocks
