"""Shared fixtures: a small community that runs in a fraction of a second."""

import pytest
from hypothesis import settings

import sim

SMALL = {"n_households": 300, "steps": 30}

# timings vary with the machine's load; correctness, not speed, is tested here
settings.register_profile("govsim", deadline=None)
settings.load_profile("govsim")


@pytest.fixture
def small():
    return sim.load_scenario("baseline", **SMALL)
