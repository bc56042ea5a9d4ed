"""How many paired seeds a claim needs in each world.

A world's verdict rests on its own seed interval. With a fixed handful of seeds, a test
whose effect is real but small relative to its seed-to-seed spread shows "no detectable
effect" in most worlds, and the share of worlds in which the claim holds then measures the
seeds, not the coefficients. So each claim gets the seeds that would detect its effect at
the reference point (the effect and spread measured there on 30 seeds, at the worlds'
community size and horizon) with 90% power: the smallest n with

    |effect| >= (t(0.975, n-1) + z(0.9)) * sd / sqrt(n)   and
    |effect| - min_effect >= z(0.9) * sd / sqrt(n),

over the claim's tests that hold at the reference point, clipped to [low, high]. A world
where the effect is much smaller than at the reference may still show no effect: that is a
finding about the world, which PRIM boxes then describe.
"""

from __future__ import annotations

import math

from scipy import stats

POWER = 0.9


def seeds_for(effect: float, sd: float, min_effect: float, *, low: int, high: int) -> int:
    """Seeds to detect `effect` (paired differences with spread `sd`) with 90% power."""
    size = abs(effect)
    if not (math.isfinite(size) and math.isfinite(sd)) or size <= min_effect:
        return high
    if sd <= 0:
        return low
    z = stats.norm.ppf(POWER)
    for n in range(max(low, 2), high + 1):
        t = stats.t.ppf(0.975, n - 1)
        if size >= (t + z) * sd / math.sqrt(n) and size - min_effect >= z * sd / math.sqrt(n):
            return n
    return high


def claim_seeds(claim, reference_verdicts, *, low: int, high: int) -> int:
    """Seeds in each world for `claim`, from its verdicts at the matching reference point."""
    tests = {t.name: t for t in claim.tests}
    needed = [
        seeds_for(v.effect, v.sd, tests[v.test].min_effect, low=low, high=high)
        for v in reference_verdicts
        if v.verdict == "holds" and not tests[v.test].either
    ]
    return max(needed, default=low)
