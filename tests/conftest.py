"""Shared fixtures: a small community that runs in a fraction of a second."""

import pytest

import sim

SMALL = {"n_households": 300, "steps": 30}


@pytest.fixture
def small():
    return sim.load_scenario("baseline", **SMALL)
