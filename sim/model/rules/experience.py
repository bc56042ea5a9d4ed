"""Rules of experience (4): expectation disconfirmation, expectations, the visible standard."""

from __future__ import annotations

import numpy as np

from sim.model.rules.general import sigmoid


def encounter_satisfaction(perf, expectation, slope, level_slope=0.0, neutral=0.5):
    """Performance and its disconfirmation: s = sigmoid(a (P - P0) + k (P - E)).

    Van Ryzin (2004) and the meta-analysis of Zhang et al. (2022) find both a direct effect
    of performance and the effect of performance against expectation."""
    return sigmoid(level_slope * (perf - neutral) + slope * (perf - expectation))


def experience_weight(count, rate):
    """Weight of `count` experiences each of weight `rate`: 1 - (1 - rate)^count."""
    return 1.0 - (1.0 - rate) ** count


def absorb(state, target, weight):
    """Move state toward target by weight: x + weight (target - x) (weight 0 leaves x)."""
    return state + weight * (target - state)


def update_expectation(expectation, mean_perf, weight, standard, pull):
    """E <- E + weight (P - E) + pull (standard - E), clipped to [0, 1]."""
    return pull_to_standard(absorb(expectation, mean_perf, weight), standard, pull)


def pull_to_standard(expectation, standard, pull, out=None):
    """The second half of update_expectation: E + pull (standard - E), clipped to [0, 1]
    (computed in place, into `out` if given)."""
    pulled = standard - expectation
    pulled *= pull
    pulled += expectation
    return np.clip(pulled, 0.0, 1.0, out=out)


def visible_standard(previous, mean_perf, smoothing, showcase, platform):
    """What residents see as normal service: a smoothed community mean + the platform's showcase."""
    smoothed = previous if np.isnan(mean_perf) else previous + smoothing * (mean_perf - previous)
    return smoothed, min(1.0, smoothed + showcase * platform)
