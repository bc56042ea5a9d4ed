"""The regression baseline: every metric of every named scenario, to rounding (sim.baseline).

A failure lists which metric moved, from which week and by how much. If the change was meant,
regenerate with `make baseline` and say in the commit message what moved and why.
"""

import pytest

from sim import baseline


@pytest.mark.parametrize("name", baseline.scenarios())
def test_named_scenario_is_unchanged(name):
    assert baseline.path_of(name).exists(), "no stored baseline: run `make baseline`"
    moved = baseline.differences(baseline.read(name), baseline.compute(name))
    assert not moved, f"{name} changed (run `make baseline` if meant):\n" + "\n".join(moved)


def test_comparison_reports_a_moved_metric():
    stored = baseline.read("baseline")
    fresh = stored.copy()
    fresh.loc[5, "trust_mean"] += 1e-9
    fresh.loc[7, "satisfaction_mean"] *= 1 + 1e-15  # a last-bit difference is rounding
    moved = baseline.differences(stored, fresh)
    assert len(moved) == 1 and moved[0].startswith("trust_mean: differs from week 6")
