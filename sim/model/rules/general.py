"""Helpers every rule may use: logistic, stochastic rounding, ranks, Gini, neighbours."""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    """Logistic function 1 / (1 + e^-x), computed without overflow warnings."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def stochastic_round(x, u):
    """Round x down or up with P(up) = frac(x), so the mean is x (u uniform in [0,1))."""
    x = np.asarray(x, dtype=float)
    base = np.floor(x)
    return (base + (u < x - base)).astype(np.int64)


def rank_within_groups(group, order_key):
    """0-based rank of each item within its group, by ascending `order_key` (ties by index)."""
    group = np.asarray(group)
    n = group.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.lexsort((order_key, group))  # lexsort is stable: ties keep index order
    sorted_group = group[idx]
    starts = np.r_[0, np.flatnonzero(sorted_group[1:] != sorted_group[:-1]) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    ranks = np.empty(n, dtype=np.int64)
    ranks[idx] = np.arange(n) - run_start
    return ranks


def work_before_within_groups(group, order_key, work):
    """Per item, the work of the items before it in its group by ascending `order_key` (ties
    by index): an item fits a budget `places` of its group when this plus its own work is at
    most `places`. With every item's work 1 this is rank_within_groups."""
    group = np.asarray(group)
    n = group.size
    if n == 0:
        return np.zeros(0)
    idx = np.lexsort((order_key, group))
    sorted_group = group[idx]
    sorted_work = np.broadcast_to(np.asarray(work, dtype=float), (n,))[idx]
    total = np.cumsum(sorted_work) - sorted_work  # work before, over all groups
    starts = np.r_[0, np.flatnonzero(sorted_group[1:] != sorted_group[:-1]) + 1]
    run_start = np.repeat(total[starts], np.diff(np.r_[starts, n]))
    before = np.empty(n)
    before[idx] = total - run_start
    return before


def gini(values, bins: int = 4096):
    """Gini coefficient of values in [0, 1], O(n) through a histogram of `bins` bins.

    Values are grouped by bin and each bin represented by its mean, so the result is exact
    whenever distinct values fall in distinct bins and otherwise off by far less than 1/bins.
    NaN for an empty array or a zero mean.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float("nan")
    index = np.minimum((np.clip(values, 0.0, 1.0) * bins).astype(np.int64), bins - 1)
    whole_counts = np.bincount(index, minlength=bins)
    counts = whole_counts.astype(float)
    sums = np.bincount(index, weights=values, minlength=bins)
    total = sums.sum()
    if total <= 0:
        return float("nan")
    n = values.size
    # With groups sorted by value: G = sum_i (2 c_i - n - 1) x_i / (n * total), applied per bin
    # to the block of c_k equal values x_k occupying ranks r+1..r+c_k. (Counts are summed as
    # integers, several times faster than as floats and the same numbers.)
    before = np.cumsum(whole_counts).astype(float) - counts
    rank_sum = counts * (2 * before + counts + 1)  # sum of 2 * rank over the bin's block
    return float(
        ((rank_sum - (n + 1) * counts) * np.divide(sums, np.maximum(counts, 1))).sum() / (n * total)
    )


def box_sum(grid):
    """Sum over each cell's 3x3 box (the cell and its 8 Moore neighbours), zero outside the
    grid. The box is separable: rows, then columns."""
    grid = np.asarray(grid, dtype=float)
    padded = np.zeros((grid.shape[0] + 2, grid.shape[1] + 2))
    padded[1:-1, 1:-1] = grid
    rows = padded[:, :-2] + padded[:, 1:-1] + padded[:, 2:]
    return rows[:-2] + rows[1:-1] + rows[2:]


def neighbour_share(grid_value, grid_count, influence: float = 1.0, around_count=None):
    """Share of residents in the 8 surrounding cells (Moore) having some property.

    `grid_value` counts residents with the property per cell, `grid_count` residents per
    cell (2-D arrays of the grid's shape); the cell itself is left out. 0 where no
    neighbours live; scaled by `influence`. `around_count` (residents around each cell) may
    be passed when it is known already.
    """
    grid_value = np.asarray(grid_value, dtype=float)
    if around_count is None:
        around_count = box_sum(grid_count) - grid_count
    around = box_sum(grid_value) - grid_value
    share = np.divide(around, around_count, out=np.zeros(around.shape), where=around_count > 0)
    return influence * share


class MooreNeighbours:
    """neighbour_share on one grid whose residents per cell never change, for repeated use.

    The same numbers as neighbour_share, with the work that does not change done once: the
    padded grid is reused, and the residents around each cell are kept as a divisor with
    1 where nobody lives around (there the count with the property is 0 too, and 0 / 1 is
    the 0 that neighbour_share gives). Sums are taken in neighbour_share's order.
    """

    def __init__(self, grid_count):
        grid_count = np.asarray(grid_count, dtype=float)
        around_count = box_sum(grid_count) - grid_count
        self.divisor = np.where(around_count > 0, around_count, 1.0)
        self.padded = np.zeros((grid_count.shape[0] + 2, grid_count.shape[1] + 2))
        # share_counts sums whole counts in the narrowest integers that hold a 3x3 box
        small = 9 * grid_count.max(initial=0) < np.iinfo(np.int16).max
        self.padded_counts = np.zeros(self.padded.shape, dtype=np.int16 if small else np.int32)

    def share(self, grid_value, influence: float = 1.0):
        padded = self.padded
        padded[1:-1, 1:-1] = grid_value
        rows = padded[:, :-2] + padded[:, 1:-1]  # box_sum, in place where it can be
        rows += padded[:, 2:]
        around = rows[:-2] + rows[1:-1]
        around += rows[2:]
        around -= grid_value
        around /= self.divisor
        if influence != 1.0:  # (x * 1.0 is x: a pass over the grid saved)
            around *= influence
        return around

    def share_counts(self, counts, influence: float = 1.0):
        """share for whole counts of residents with a property (at most the residents of
        each cell): the same numbers, summed as small integers, which are exact in any
        order and a fraction of the memory traffic of floats (half the time on a large
        grid)."""
        padded = self.padded_counts
        padded[1:-1, 1:-1] = counts
        rows = padded[:, :-2] + padded[:, 1:-1]
        rows += padded[:, 2:]
        around = rows[:-2] + rows[1:-1]
        around += rows[2:]
        around -= padded[1:-1, 1:-1]
        share = np.divide(around, self.divisor)  # the float division of the same integers
        if influence != 1.0:
            share *= influence
        return share


SIGMOID_MARGIN = 1e-12  # far above the few ulps by which a computed sigmoid can err
_CUTS = np.arange(-8.0, 5.0)
_CUT_SIGMOIDS = sigmoid(_CUTS)


def below_sigmoid(u, x, scale=None, where=None):
    """Exactly `u < sigmoid(x)` (or `u < scale * sigmoid(x)`, scale >= 0; `& where` if given),
    computing the sigmoid only where the answer is not already known.

    Uniforms mostly fall far above small probabilities, and a sigmoid costs about as much as
    twenty additions. For a cut x0, every x <= x0 has sigmoid(x) <= sigmoid(x0) (monotone; the
    margin covers rounding), so u >= scale (sigmoid(x0) + margin) can never be below: only
    the others are computed, with the same operations as the direct formula, so the answer
    is the same to the bit. The cut is chosen on a sample and changes only the speed.
    """
    u, x = np.asarray(u, dtype=float), np.asarray(x, dtype=float)
    if x.size < 4096:
        p = sigmoid(x) if scale is None else scale * sigmoid(x)
        below = u < p
        return below if where is None else below & where
    # cost of a cut: the share of x above it plus the share of u below its sigmoid
    sample = np.sort(x[:: max(1, x.size // 512)])
    above = 1.0 - np.searchsorted(sample, _CUTS, side="right") / sample.size
    cut = float(_CUTS[np.argmin(above + _CUT_SIGMOIDS)])
    sure_above = float(sigmoid(cut)) + SIGMOID_MARGIN
    ceiling = sure_above if scale is None else scale * sure_above
    maybe = (x > cut) | (u < ceiling)
    if where is not None:
        maybe &= where
    idx = np.flatnonzero(maybe)
    p = sigmoid(x[idx])
    if scale is not None:
        p = (scale[idx] if np.ndim(scale) else scale) * p
    below = np.zeros(x.shape, dtype=bool)
    below[idx] = u[idx] < p
    return below
