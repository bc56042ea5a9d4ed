"""Every parameter in the registry changes some metric (none is read-only decoration)."""

import pytest

import sim
from sim.parameters import PARAMETERS

BASE = {"n_households": 1200, "steps": 30}  # big enough for several grids


def other_value(p):
    if p.kind is bool:
        return not p.default
    if p.name == "steps":
        return 20
    if p.name == "n_households":
        return 1500
    if p.name == "warmup_weeks":
        return 10
    if p.name == "budget":  # binding: below what the status quo's levers cost
        return 10.0
    target = p.high if p.default - p.low < p.high - p.default else p.low
    return p.kind(p.default + (target - p.default) * 0.8)


@pytest.fixture(scope="module")
def reference():
    return sim.simulate(sim.load_scenario("baseline", **BASE), seed=21)


@pytest.mark.parametrize("p", PARAMETERS.values(), ids=lambda p: p.name)
def test_parameter_changes_some_metric(p, reference):
    changed = sim.simulate(
        sim.load_scenario("baseline", **{**BASE, p.name: other_value(p)}), seed=21
    )
    if p.name == "steps":
        assert len(changed) == 20
        return
    differing = [
        m for m in sim.METRIC_NAMES if not changed[m].fillna(-1).equals(reference[m].fillna(-1))
    ]
    assert differing, f"{p.name} changed no metric"
