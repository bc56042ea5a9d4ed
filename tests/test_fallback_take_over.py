"""Organizations take over open fallback cases with the places they have left (both engines).

Places not used in their week are lost, so after the government's turn and the week's
deadlines an organization with places left takes open fallback cases of its categories:
oldest first, organizations in random turn (sim.model.cases.handling.organizations_take_over,
sim.reference.government.Government.pass_on_fallback).
"""

import numpy as np
import pytest

import sim
from sim.model.cases import handling
from sim.model.codes import Category, Complexity, Outcome, Stage
from sim.reference import ReferenceModel

T = 5  # the week of the setups below
TINY = dict(n_households=100, steps=1, warmup_weeks=0, social_orgs=2)
OFFERS = ({Category.HEALTH}, {Category.SKILLS})  # organization 0, organization 1
# fallback cases, oldest first: two organizations' worth of health, one nobody offers
CATEGORIES = [Category.HEALTH, Category.HEALTH, Category.HEALTH, Category.ELDERLY_CARE]
CATEGORIES += [Category.SKILLS]


def fast_setup(categories, left, ready=T):
    """A tiny community whose only cases wait at the fallback; organizations as OFFERS with
    `left` places left this week."""
    model = sim.CommunityModel(sim.load_scenario("baseline", **TINY), rng=1, keep_case_log=True)
    pipe, cs = model.cases, model.cases.table
    cs.drop(np.ones(len(cs), dtype=bool))
    n = len(categories)
    rows = cs.add(
        n,
        resident=np.arange(n),
        block=0,
        category=np.asarray(categories, dtype=np.int8),
        complexity=int(Complexity.SERVICE),
        arise=np.arange(T - 3, T - 3 + n),
        due=T + 4,
    )
    cs.move(np.arange(rows.start, rows.stop), Stage.FALLBACK, ready=ready)
    for org, offers in zip(model.organizations, OFFERS, strict=True):
        org.categories = np.isin(np.arange(len(Category)), list(offers))
    pipe.week.org_places_left = np.array(left, dtype=np.int64)
    return model


def fast_take_over(model, outcome=None):
    cs = model.cases.table
    if outcome is None:
        outcome = np.zeros(len(cs), dtype=np.int8)
    rng = model.streams.get("handling", T)
    handling.organizations_take_over(model.cases, T, rng, outcome)
    taken = np.flatnonzero(cs.stage == Stage.ORGANIZATION)
    return {int(i): int(cs.org[i]) for i in taken}  # row (oldest first) -> organization


def test_an_organization_with_places_left_takes_open_fallback_cases_of_its_categories():
    model = fast_setup(CATEGORIES, left=[2, 0])
    assert fast_take_over(model) == {0: 0, 1: 0}  # the two oldest health cases
    cs, week = model.cases.table, model.cases.week
    assert (cs.ready[:2] == T + 1).all() and (cs.stage[2:] == Stage.FALLBACK).all()
    assert week.org_taken == 2 and week.org_places_left.tolist() == [0, 0]
    assert model.organizations[0].cases_taken == 2
    assert model.cases.table.moves[Stage.FALLBACK, Stage.ORGANIZATION] == 2


def test_no_take_over_without_places_left_or_the_category():
    model = fast_setup(CATEGORIES, left=[0, 0])
    assert fast_take_over(model) == {} and model.cases.week.org_taken == 0
    model = fast_setup([Category.ELDERLY_CARE, Category.PUBLIC_AFFAIRS], left=[3, 3])
    assert fast_take_over(model) == {} and model.cases.week.org_places_left.tolist() == [3, 3]


def test_only_cases_the_government_has_had_and_still_open_are_taken():
    """A case sent to the fallback this week (ready next week) waits its week there; a case
    closed or given up this week is not taken."""
    model = fast_setup(CATEGORIES, left=[3, 1], ready=T + 1)
    assert fast_take_over(model) == {}
    model = fast_setup(CATEGORIES, left=[3, 1])
    outcome = np.array([Outcome.ABANDONED, Outcome.MET, 0, 0, 0], dtype=np.int8)
    assert fast_take_over(model, outcome) == {2: 0, 4: 1}


@pytest.mark.parametrize("seed", range(5))
def test_places_are_never_exceeded(seed):
    rng = np.random.default_rng(seed)
    categories = rng.choice([Category.HEALTH, Category.SKILLS, Category.CHILD_CARE], 40)
    left = rng.integers(0, 15, size=2)
    model = fast_setup(categories, left=left)
    taken = np.bincount(list(fast_take_over(model).values()), minlength=2)
    for k, offers in enumerate(OFFERS):
        fits = int(np.isin(categories, list(offers)).sum())
        assert taken[k] == min(left[k], fits)  # every place used that a case can fill
    assert (model.cases.week.org_places_left == left - taken).all()


def test_in_a_run_organizations_take_no_more_than_their_places_and_do_take_over():
    model = sim.CommunityModel(
        sim.load_scenario("baseline", n_households=600, steps=30), rng=2, keep_case_log=True
    )
    for _ in range(30):
        model.step()
        week = model.cases.week
        assert week.org_places_left.min() >= 0 and week.org_taken <= week.org_places
        assert week.org_taken + week.org_places_left.sum() == week.org_places
    assert model.cases.table.moves[Stage.FALLBACK, Stage.ORGANIZATION] > 0


# ------------------------------------------------------------------ the reference engine


def reference_setup(categories, left, ready=T):
    """The fast setup's situation in the reference engine."""
    model = ReferenceModel(sim.load_scenario("baseline", **TINY), rng=1)
    register, people = model.register, list(model.people)
    for resident, category in zip(people, categories, strict=False):
        case = register.open(resident, int(category), Complexity.SERVICE, T - 3)
        register.move(case, Stage.FALLBACK, ready=ready)
    for org, offers, places in zip(model.organizations, OFFERS, left, strict=True):
        org.categories, org.places_left = {int(c) for c in offers}, int(places)
    return model


def reference_take_over(model):
    model.government.pass_on_fallback(T, model.streams.get("handling", T))
    cases = sorted(
        (case for org in model.organizations for case in org.in_service), key=lambda n: n.id
    )
    return {case.id: model.organizations.index(case.org) for case in cases}


def test_the_reference_engine_takes_over_the_same_cases():
    for left, ready in (([2, 0], T), ([3, 1], T), ([0, 0], T), ([3, 1], T + 1)):
        fast = fast_take_over(fast_setup(CATEGORIES, left, ready))
        model = reference_setup(CATEGORIES, left, ready)
        assert reference_take_over(model) == fast, (left, ready)
        assert model.register.week.org_taken == len(fast)
        assert [o.places_left for o in model.organizations] == [
            n - list(fast.values()).count(k) for k, n in enumerate(left)
        ]
        for org in model.organizations:
            assert all(c.stage == Stage.ORGANIZATION and c.ready == T + 1 for c in org.in_service)
        held = {c.id for c in model.government.escalated}
        assert held == set(range(len(CATEGORIES))) - set(fast)


def test_the_reference_engine_keeps_within_its_places_in_a_run():
    model = ReferenceModel(sim.load_scenario("baseline", n_households=200, steps=12), rng=3)
    for _ in range(12):
        model.step()
        week = model.register.week
        assert min(o.places_left for o in model.organizations) >= 0
        assert week.org_taken + sum(o.places_left for o in model.organizations) == (week.org_places)
