"""Build the synthetic community: grid layout, management blocks, households and residents.

Only the population stream is used here, and the population depends only on
`n_households` and `elderly_share`, so scenarios compared on one seed share the same people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.model.calibration import K_TYPES, Calibration
from sim.model.codes import AgeGroup

NEVER = -10_000  # the "last week" of something that has not happened yet


@dataclass(frozen=True)
class Blocks:
    """The management blocks (网格) cut for one `households_per_worker`: contiguous runs of
    exactly that many households along the layout's path, the last block smaller with a
    part-time worker, so that every worker serves the same households per full-time post
    and the community has exactly n / households_per_worker workers (MODEL.md 3.3)."""

    household_block: np.ndarray  # block id of each household
    n_blocks: int
    cell_block: np.ndarray  # block id of every cell (empty ones too), shape (height, width)
    fte: np.ndarray  # full-time equivalent of each block's worker (1, the last one <= 1)
    seat: np.ndarray  # the household in the middle of each block, where its worker sits
    households_per_worker: int


@dataclass
class Layout:
    """Where households live (fixed for a community) and the blocks in force."""

    width: int
    height: int
    household_cell: np.ndarray  # flat cell index (y * width + x) of each household
    blocks: Blocks | None = None

    @property
    def household_xy(self) -> tuple[np.ndarray, np.ndarray]:
        return self.household_cell % self.width, self.household_cell // self.width

    @property
    def household_block(self) -> np.ndarray:
        return self.blocks.household_block

    @property
    def n_blocks(self) -> int:
        return self.blocks.n_blocks

    @property
    def cell_block(self) -> np.ndarray:
        return self.blocks.cell_block


def grid_shape(n_households: int, occupancy: float) -> tuple[int, int]:
    """Near-square grid with room for n households at the given occupancy; odd height so the
    block path can turn from one strip into the next."""
    width = max(1, math.ceil(math.sqrt(n_households / occupancy)))
    height = max(1, math.ceil(n_households / (occupancy * width)))
    if height % 2 == 0:
        height += 1
    return width, height


def path_order(width: int, height: int, strip_width: int) -> np.ndarray:
    """Rank of every cell along a path that snakes through vertical strips.

    Consecutive cells on the path are neighbours, so any run of the path is a contiguous
    area: cutting it into runs of households gives compact, contiguous blocks.
    """
    y, x = np.divmod(np.arange(width * height), width)
    strip = x // strip_width
    offset = x - strip * strip_width
    strip_w = np.minimum(strip_width, width - strip * strip_width)
    row = np.where(strip % 2 == 0, y, height - 1 - y)
    col = np.where(row % 2 == 0, offset, strip_w - 1 - offset)
    key = (strip * height + row) * strip_width + col
    rank = np.empty(width * height, dtype=np.int64)
    rank[np.argsort(key, kind="stable")] = np.arange(width * height)
    return rank


def build_layout(n_households: int, cal: Calibration, rng: np.random.Generator) -> Layout:
    """Households on randomly drawn cells; the same whatever the policy (blocks come later)."""
    width, height = grid_shape(n_households, cal.occupancy)
    cells = np.sort(rng.choice(width * height, size=n_households, replace=False))
    return Layout(width, height, cells)


def cut_blocks(layout: Layout, households_per_worker: int, cal: Calibration) -> Blocks:
    """Blocks of `households_per_worker` households along a snaking path (see `Blocks`)."""
    n, hpw = layout.household_cell.size, households_per_worker
    strip = min(layout.width, max(1, round(math.sqrt(hpw / cal.occupancy))))
    rank = path_order(layout.width, layout.height, strip)
    order = np.argsort(rank[layout.household_cell], kind="stable")  # households along the path
    n_blocks = max(1, math.ceil(n / hpw))
    position_block = np.minimum(np.arange(n) // hpw, n_blocks - 1)
    household_block = np.empty(n, dtype=np.int64)
    household_block[order] = position_block
    # an empty cell belongs to the block of the next household along the path
    next_household = np.searchsorted(rank[layout.household_cell[order]], rank)
    cell_block = position_block[np.minimum(next_household, n - 1)]
    fte = np.ones(n_blocks)
    fte[-1] = (n - (n_blocks - 1) * hpw) / hpw
    first = np.arange(n_blocks) * hpw
    size = np.minimum(hpw, n - first)
    return Blocks(
        household_block=household_block,
        n_blocks=n_blocks,
        cell_block=cell_block.reshape(layout.height, layout.width),
        fte=fte,
        seat=order[first + size // 2],
        households_per_worker=hpw,
    )


@dataclass
class Residents:
    """Resident columns (one row per adult resident); the model's components update them and
    each `Resident` agent reads its own row."""

    household: np.ndarray
    age_group: np.ndarray
    has_children: np.ndarray
    literacy: np.ndarray
    preferences: np.ndarray  # residents x K_TYPES, rows sum to 1
    satisfaction: np.ndarray
    expectation: np.ndarray  # of services (E_s)
    expectation_activity: np.ndarray  # of activities (E_a)
    trust: np.ndarray
    habit: np.ndarray
    efficacy: np.ndarray
    disposition: np.ndarray  # lasting trait: how well they think of what they hear, in P units
    last_attended: np.ndarray  # week of the last activity attended (NEVER if none)
    last_offline_act: np.ndarray  # week of the last offline governance act
    last_online_act: np.ndarray  # week of the last online governance act
    preference_known: np.ndarray  # the community knows what this resident likes (bool)
    last_type: np.ndarray  # activity type last attended (-1 none): its novelty wears off
    fatigue: np.ndarray  # how much of that type's appeal is worn off, in [0, 1)

    @property
    def n(self) -> int:
        return self.household.size


def build_residents(
    n_households: int, elderly_share: float, cal: Calibration, rng: np.random.Generator
) -> Residents:
    sizes = rng.choice(np.arange(1, 5), size=n_households, p=cal.household_adults)
    household = np.repeat(np.arange(n_households), sizes)
    n = household.size
    u_age = rng.random(n)
    youth_cut = elderly_share + (1 - elderly_share) * cal.youth_share_of_under60
    age = np.where(
        u_age < elderly_share,
        AgeGroup.ELDERLY,
        np.where(u_age < youth_cut, AgeGroup.YOUTH, AgeGroup.MIDDLE),
    )
    working = age != AgeGroup.ELDERLY
    working_age_home = np.bincount(household, weights=working, minlength=n_households) > 0
    children_home = working_age_home & (rng.random(n_households) < cal.children_prob)
    has_children = children_home[household] & working

    literacy = np.empty(n)
    preferences = np.empty((n, K_TYPES))
    for group in AgeGroup:
        members = np.flatnonzero(age == group)
        a, b = cal.literacy_beta[group]
        literacy[members] = rng.beta(a, b, size=members.size)
        preferences[members] = rng.dirichlet(cal.preference_alpha[group], size=members.size)
    # a resident who likes nothing at all would divide by zero in the match; floor it
    preferences = np.maximum(preferences, 1e-9)
    preferences /= preferences.sum(axis=1, keepdims=True)

    return Residents(
        household=household,
        age_group=age.astype(np.int8),
        has_children=has_children,
        literacy=literacy,
        preferences=preferences,
        satisfaction=rng.beta(*cal.initial_satisfaction_beta, size=n),
        expectation=rng.beta(*cal.initial_expectation_beta, size=n),
        expectation_activity=rng.beta(*cal.initial_expectation_beta, size=n),
        trust=rng.beta(*cal.initial_trust_beta, size=n),
        habit=rng.beta(*cal.initial_habit_beta, size=n),
        efficacy=np.full(n, cal.initial_efficacy),
        disposition=rng.normal(0.0, cal.disposition_sd, size=n),
        last_attended=np.full(n, NEVER, dtype=np.int32),
        last_offline_act=np.full(n, NEVER, dtype=np.int32),
        last_online_act=np.full(n, NEVER, dtype=np.int32),
        preference_known=np.zeros(n, dtype=bool),
        last_type=np.full(n, -1, dtype=np.int8),
        fatigue=np.zeros(n),
    )
