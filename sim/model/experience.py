"""Step 4: the week's case outcomes move residents' satisfaction, expectation, trust, efficacy.

Expectation disconfirmation (Van Ryzin 2004): an encounter satisfies by how far its
performance exceeds the resident's expectation; expectations follow own experience and the
community's visible standard (what others got, plus what the platform shows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules

if TYPE_CHECKING:
    from sim.model.community import CommunityModel


class Experience:
    """Turns the case pipeline's experiences into resident state; keeps the visible standard."""

    def __init__(self, model: CommunityModel):
        self.model = model
        a, b = model.cal.initial_expectation_beta
        self.standard_smoothed = float(a / (a + b))  # the community's smoothed performance
        self.visible_standard = self.standard_smoothed

    def absorb(self, t: int, rng: np.random.Generator | None = None) -> None:
        """Each closed, failed or unreported need this week is an experience."""
        m, c, r = self.model, self.model.cal, self.model.residents
        who, perf, reported, closed = m.cases.experiences()
        mean_perf = float(perf.mean()) if perf.size else float("nan")
        self.standard_smoothed, self.visible_standard = rules.visible_standard(
            self.standard_smoothed,
            mean_perf,
            c.standard_smoothing,
            c.platform_showcase,
            m.platform(),
        )

        idx, inverse, count = np.unique(who, return_inverse=True, return_counts=True)
        s = rules.encounter_satisfaction(
            perf,
            r.expectation[who],
            c.disconfirmation_slope,
            c.performance_slope,
            c.performance_neutral - r.disposition[who],
        )
        s_mean = np.bincount(inverse, weights=s, minlength=idx.size) / np.maximum(count, 1)
        p_mean = np.bincount(inverse, weights=perf, minlength=idx.size) / np.maximum(count, 1)
        w_sat = rules.experience_weight(count, c.satisfaction_weight)
        r.satisfaction[idx] = rules.absorb(r.satisfaction[idx], s_mean, w_sat)
        r.trust[idx] = rules.absorb(r.trust[idx], s_mean, c.trust_experience_rate * w_sat)

        # rules.update_expectation for everyone: without an experience the weight is 0 and
        # leaves E as it is before the pull, so the first step is taken for `idx` only
        moved = r.expectation.copy()
        weight = rules.experience_weight(count, c.expectation_rate)
        moved[idx] = rules.absorb(moved[idx], p_mean, weight)
        rules.pull_to_standard(moved, self.visible_standard, c.standard_pull, out=r.expectation)
        self._efficacy(who[reported.astype(bool)], closed[reported.astype(bool)])

    def _efficacy(self, who: np.ndarray, closed: np.ndarray) -> None:
        """Efficacy moves toward the share of one's own reported cases that were resolved."""
        if not who.size:
            return
        r, c = self.model.residents, self.model.cal
        idx, inverse, count = np.unique(who, return_inverse=True, return_counts=True)
        success = np.bincount(inverse, weights=closed.astype(float)) / count
        r.efficacy[idx] = rules.absorb(
            r.efficacy[idx], success, rules.experience_weight(count, c.efficacy_rate)
        )
