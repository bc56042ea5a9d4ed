"""The model as a whole: invariants, case accounting, reproducibility, agents, population."""

import re
import subprocess
import sys
from collections import deque

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.cases.pipeline import TRANSITIONS
from sim.model.codes import AgeGroup, Channel, Outcome
from sim.model.community import WEEK
from sim.model.metrics import METRIC_NAMES

SHARES = [m for m in METRIC_NAMES if sim.METRICS[m].unit == "share 0–1"] + [
    "satisfaction_mean",
    "satisfaction_elderly",
    "satisfaction_nonelderly",
    "satisfaction_gini",
    "satisfaction_low_literacy",
    "satisfaction_high_literacy",
    "trust_mean",
    "platform_quality",
]
SHARES.remove("worker_utilization")
SHARES.remove("org_utilization")


def case_log(model) -> dict:
    """The pipeline's log of ended cases, one array per field."""
    weeks = model.cases.log
    return {k: np.concatenate([week[k] for week in weeks]) for k in weeks[0]}


@pytest.fixture(scope="module")
def combined_run():
    model = sim.CommunityModel(
        sim.load_scenario("combined", n_households=400, steps=40), rng=7, keep_case_log=True
    )
    model.run_for(40)
    return model


@pytest.fixture(scope="module")
def digital_run():
    model = sim.CommunityModel(
        sim.load_scenario("digital_only", n_households=400, steps=40), rng=8, keep_case_log=True
    )
    model.run_for(40)
    return model


def test_one_row_per_week_with_step_and_every_metric(small):
    frame = sim.simulate(small, seed=1)
    assert list(frame.columns) == ["step", *METRIC_NAMES]
    assert frame["step"].tolist() == list(range(1, 31))


@pytest.mark.parametrize("run", ["combined_run", "digital_run"])
def test_metric_values_stay_in_range(run, request):
    frame = request.getfixturevalue(run).metrics_frame()
    for name in SHARES:
        values = frame[name].dropna()
        assert ((values >= 0) & (values <= 1)).all(), name
    assert (frame["satisfaction_gap"].abs() <= 1).all()
    assert (frame[["backlog", "cost", "mean_resolution_weeks"]].fillna(0) >= 0).all().all()
    assert (frame[["worker_utilization", "org_utilization"]].fillna(0) >= 0).all().all()


@pytest.mark.parametrize("run", ["combined_run", "digital_run"])
def test_every_need_ends_exactly_once(run, request):
    model = request.getfixturevalue(run)
    log = case_log(model)
    ended = log["id"]
    assert np.unique(ended).size == ended.size  # nothing ends twice
    still_open = model.cases.table.id
    assert np.intersect1d(ended, still_open).size == 0
    assert ended.size + still_open.size == model.cases.table.next_id  # nothing lost
    outcome = log["outcome"]
    assert set(np.unique(outcome)) <= {
        Outcome.MET,
        Outcome.LATE,
        Outcome.ABANDONED,
        Outcome.UNREPORTED,
    }
    # reported or unreported: hidden needs were never reported, every other one was
    assert (log["reported"] == (outcome != Outcome.UNREPORTED)).all()
    assert (log["channel"][outcome == Outcome.UNREPORTED] == Channel.UNREPORTED).all()
    # closed (in time) or failed: met ones ended by their deadline, late ones after it
    assert (log["week"][outcome == Outcome.MET] <= log["due"][outcome == Outcome.MET]).all()
    assert (log["week"][outcome == Outcome.LATE] > log["due"][outcome == Outcome.LATE]).all()
    assert (
        log["week"][outcome == Outcome.UNREPORTED] == log["due"][outcome == Outcome.UNREPORTED]
    ).all()


def test_needs_met_counts_agree_with_the_case_log(combined_run):
    model = combined_run
    log = case_log(model)
    frame = model.metrics_frame().set_index("step")
    for week in (10, 20, 30):
        due = log["due"] == week
        # every need due in `week` has ended by then (met, hidden) or is late/abandoned later
        met = np.count_nonzero(due & (log["outcome"] == Outcome.MET))
        total = np.count_nonzero(model.cases.table.due == week) + np.count_nonzero(due)
        assert frame.loc[week, "needs_met_rate"] == pytest.approx(met / total)
        hidden = np.count_nonzero(due & (log["outcome"] == Outcome.UNREPORTED))
        assert frame.loc[week, "unreported_share"] == pytest.approx(hidden / total)


def test_no_resident_counted_twice(combined_run):
    model = combined_run
    g = model.groups
    assert g.sizes["elderly"] + g.sizes["nonelderly"] == model.residents.n
    assert g.sizes["youth"] + g.sizes["middle"] + g.sizes["elderly"] == model.residents.n
    assert g.sizes["low_literacy"] + g.sizes["high_literacy"] == model.residents.n
    residents = model.agents_by_type[sim.Resident]
    assert len(residents) == model.residents.n
    assert sorted(a.row for a in residents) == list(range(model.residents.n))
    frame = model.metrics_frame()
    elderly_share = g.sizes["elderly"] / model.residents.n
    mixed = frame["participation_elderly"] * elderly_share + frame["participation_nonelderly"] * (
        1 - elderly_share
    )
    np.testing.assert_allclose(mixed, frame["participation_rate"])


def test_same_seed_same_numbers_other_seed_other_numbers(small):
    a = sim.simulate(small, seed=11)
    pd.testing.assert_frame_equal(a, sim.simulate(small, seed=11))
    assert not a.equals(sim.simulate(small, seed=12))


def test_same_numbers_in_a_fresh_process(small):
    code = (
        "import sim; f = sim.simulate(sim.load_scenario('baseline', n_households=300, "
        "steps=30), seed=11); print(repr(float(f.drop(columns='step').sum().sum())))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    here = float(sim.simulate(small, seed=11).drop(columns="step").sum().sum())
    assert float(out.stdout) == here


def test_mesa_run_for_and_simulate_agree(small):
    model = sim.CommunityModel(small, rng=5)
    model.run_for(10)
    model.run_for(20)
    pd.testing.assert_frame_equal(model.metrics_frame(), sim.simulate(small, seed=5))
    assert model.steps == 30 and not model.running


def test_keyword_overrides_and_mappings_build_the_same_model():
    a = sim.CommunityModel(n_households=200, digitization=0.7, rng=3)
    b = sim.CommunityModel({"n_households": 200, "digitization": 0.7}, rng=3)
    assert dict(a.params) == dict(b.params)
    with pytest.raises(sim.ParameterError, match="did you mean"):
        sim.CommunityModel(n_househlds=200, rng=3)
    with pytest.raises(sim.ParameterError, match="load_scenario"):
        sim.CommunityModel("baseline", rng=3)


def test_agents_read_and_reflect_the_model_state(combined_run):
    model = combined_run
    resident = next(iter(model.agents_by_type[sim.Resident]))
    assert resident.satisfaction == model.residents.satisfaction[resident.row]
    assert resident.age_group in ("youth", "middle", "elderly")
    assert resident.block == model.resident_block[resident.row]
    assert resident.cell in model.grid.all_cells
    rows = [r.row for r in model.agents_by_type[sim.Resident]]
    attended = model.recently(model.residents.last_attended)[rows]
    assert [r.participating for r in model.agents_by_type[sim.Resident]] == list(attended)
    workers = list(model.agents_by_type[sim.GridWorker])
    assert len(workers) == model.layout.n_blocks
    assert sum(w.households for w in workers) == model.params["n_households"]
    assert all(
        model.layout.cell_block[w.cell.coordinate[1], w.cell.coordinate[0]] == w.block
        for w in workers
    )
    assert sum(w.cases_handled for w in workers) > 0
    orgs = list(model.agents_by_type[sim.SocialOrganization])
    assert len(orgs) == model.params["social_orgs"] and all(o.offers for o in orgs)
    assert sum(o.cases_taken for o in orgs) > 0
    gov = next(iter(model.agents_by_type[sim.Government]))
    assert gov is model.government and gov.events_run + sum(o.events_run for o in orgs) > 0


def test_blocks_are_contiguous_and_staffed_exactly():
    """Blocks of exactly households_per_worker households, the last one smaller with a
    part-time worker, so the community has n / households_per_worker workers."""
    model = sim.CommunityModel(n_households=2000, households_per_worker=300, rng=2)
    blocks = model.layout.cell_block
    assert model.layout.n_blocks == 7
    sizes = np.bincount(model.layout.household_block)
    assert sizes.tolist() == [300] * 6 + [200]
    assert model.workforce.fte.sum() == pytest.approx(2000 / 300)
    assert (model.workforce.coverage == model.workforce.coverage[0]).all()
    for b in range(model.layout.n_blocks):
        cells = set(zip(*np.nonzero(blocks == b), strict=True))
        start = next(iter(cells))
        seen, todo = {start}, deque([start])
        while todo:
            y, x = todo.popleft()
            for nxt in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                if nxt in cells and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert seen == cells, f"block {b} is not contiguous"


def test_population_matches_the_calibration_anchors():
    model = sim.CommunityModel(n_households=6000, elderly_share=0.25, rng=4)
    r = model.residents
    elderly = r.age_group == AgeGroup.ELDERLY
    assert elderly.mean() == pytest.approx(0.25, abs=0.015)
    can_use = r.literacy >= 0.5
    assert can_use[elderly].mean() == pytest.approx(0.432, abs=0.03)  # CNNIC Dec 2021, 60+
    assert can_use[~elderly].mean() == pytest.approx(0.80, abs=0.03)  # under 60
    assert np.allclose(r.preferences.sum(axis=1), 1)
    households = np.bincount(r.household)
    assert households.min() >= 1 and households.max() <= 4


def test_undefined_metrics_are_nan_not_errors():
    frame = sim.simulate(
        sim.load_scenario(
            "baseline",
            n_households=100,
            elderly_share=0.0,
            social_orgs=0,
            events_per_week=0,
            steps=3,
            warmup_weeks=0,
        ),
        seed=1,
    )
    assert frame["satisfaction_elderly"].isna().all()
    assert frame["participation_elderly"].isna().all()
    assert frame["org_utilization"].isna().all()
    assert (frame["participation_rate"] == 0).all()
    assert frame["needs_met_elderly"].isna().all() and frame["satisfied_share_elderly"].isna().all()


def test_cases_move_only_along_the_life_cycle(combined_run, digital_run):
    """Every arrow of the case life cycle is taken in these runs, and no other (a policy
    without organizations ends the contracts of the status quo's)."""
    no_orgs = sim.CommunityModel(
        sim.load_scenario("baseline", n_households=400, steps=5, social_orgs=0),
        rng=3,
        keep_case_log=True,
    )
    no_orgs.run_for(5)
    taken = (
        set(combined_run.cases.table.moves)
        | set(digital_run.cases.table.moves)
        | set(no_orgs.cases.table.moves)
    )
    stays = {(a, b) for a, b in taken if a == b}
    assert not stays, f"cases moved to the stage they were in: {stays}"
    assert taken <= TRANSITIONS, f"moves off the life cycle: {taken - TRANSITIONS}"
    assert taken == TRANSITIONS, f"arrows never taken: {TRANSITIONS - taken}"


def test_the_week_runs_its_phases_in_the_documented_order():
    """The docstring of CommunityModel lists the phases of WEEK in the same order."""
    doc = sim.CommunityModel.__doc__
    listed = re.findall(r"^\s+\d\. ([^(\n]+?) \(", doc, flags=re.MULTILINE)
    assert [s.lower() for s in listed] == [p.name for p in WEEK]
    model = sim.CommunityModel(n_households=100, rng=1)
    for phase in WEEK:
        component = getattr(model, phase.component) if phase.component else model
        assert callable(getattr(component, phase.method)), phase


def test_an_extra_stream_changes_no_other_numbers(small, monkeypatch):
    """Streams are found by name: a new process drawing numbers shifts nothing else."""
    import sim.model.community as community

    before = sim.simulate(small, seed=4)

    def draw(t, rng):
        rng.random(1000)

    extra = community.Phase("extra", "", "extra_draws", "an extra process", "draws and drops")
    monkeypatch.setattr(community, "WEEK", (extra, *community.WEEK))
    monkeypatch.setattr(
        community.CommunityModel, "extra_draws", lambda self, t, rng: draw(t, rng), raising=False
    )
    pd.testing.assert_frame_equal(sim.simulate(small, seed=4), before)
