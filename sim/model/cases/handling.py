"""Step 3 of the case pipeline: who works on open cases this week (MODEL.md 3.3).

Grid workers take their queue up to capacity (first reported first, platform-tracked cases
earlier, or by urgency with `case_triage`; a case reported offline costs extra work where
it must be typed into the platform); volunteers settle simple cases left over; service cases
are referred to organizations with room, else to the government's fallback; government
closes escalated cases at the rate its information lag allows; once the week's deadlines
have passed, organizations fill the places they have left with open fallback cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.codes import Category, Channel, Complexity, Outcome, Stage

if TYPE_CHECKING:
    from sim.model.cases.pipeline import CasePipeline

URGENT = (Category.ELDERLY_CARE, Category.HEALTH)  # the paper's 痛点难点: triage puts them first
URGENT_CATEGORY = np.isin(np.arange(len(Category)), URGENT)  # by category code (a lookup)


def on_platform(channel: np.ndarray) -> np.ndarray:
    """Cases entered on the platform when reported: online, or at an assisted desk."""
    return (channel == Channel.ONLINE) | (channel == Channel.ASSISTED)


def queue_order(pipe: CasePipeline, queue: np.ndarray) -> np.ndarray:
    """Sort key of queued cases, smallest first: the week reported (first come, first
    served; cases reported on the platform brought forward, as the platform tracks them),
    blended by `case_triage` with urgency: the last week the worker can act for the case
    to be met in time (least slack first), brought forward `triage_urgent_weeks` for care
    and health needs and put back `triage_late_weeks` for cases already late."""
    m, cs, c = pipe.model, pipe.table, pipe.model.cal
    triage = m.levers["case_triage"]
    fifo = cs.reported[queue].astype(float)
    # platform cases are tracked against their time limits (接诉即办 assessment), so
    # workers take them earlier the more the community runs on its platform
    tracked = on_platform(cs.channel[queue]) * (c.tracked_priority_weeks * m.platform())
    fifo = fifo - tracked
    if triage == 0:
        return fifo
    # least slack first: the last week the worker can act for the case still to be met
    # (its deadline less the weeks an organization or the government needs after them)
    lead = np.array([0.0, 1.0, c.gov_delay_weeks])[cs.complexity[queue]]
    act_by = cs.due[queue] - lead - c.triage_urgent_weeks * URGENT_CATEGORY[cs.category[queue]]
    # cases that can still be met come before those already late (rescue what can be)
    act_by = act_by + c.triage_late_weeks * (cs.due[queue] < m.week)
    return (1 - triage) * fifo + triage * act_by


def workers_handle(
    pipe: CasePipeline, t: int, rng: np.random.Generator, outcome: np.ndarray
) -> None:
    """Each worker takes queued cases up to capacity: first reported first, or by urgency."""
    m, cs, staff = pipe.model, pipe.table, pipe.model.workforce
    capacity = staff.update_capacity(m)
    places = rules.stochastic_round(capacity, rng.random(staff.n))
    queue = np.flatnonzero(cs.stage == Stage.WORKER)
    by_hand = rules.entry_work(
        m.levers["digitization"], m.levers["data_integration"], m.cal.data_entry_burden
    )
    work = np.where(on_platform(cs.channel[queue]), 1.0, by_hand)
    before = rules.work_before_within_groups(cs.block[queue], queue_order(pipe, queue), work)
    handled = queue[before + work <= places[cs.block[queue]]]
    pipe.week.worker_handled = handled.size
    pipe.week.worker_places = int(places.sum())
    staff.cases_handled += np.bincount(cs.block[handled], minlength=staff.n)
    complexity = cs.complexity[handled]
    simple = handled[complexity == Complexity.SIMPLE]
    pipe.close(simple, staff.quality[cs.block[simple]], t, outcome)
    cs.move(handled[complexity == Complexity.SERVICE], Stage.REFERRAL)
    cs.move(handled[complexity == Complexity.COMPLEX], Stage.GOVERNMENT, ready=t + 1)


def volunteers_handle(
    pipe: CasePipeline, t: int, rng: np.random.Generator, outcome: np.ndarray
) -> None:
    """Volunteers settle simple cases still queued, with last week's volunteer hours."""
    cs, c, work = pipe.table, pipe.model.cal, pipe.model.workforce
    places = rules.stochastic_round(
        work.volunteer_hours / c.volunteer_hours_per_case, rng.random(work.n)
    )
    queue = np.flatnonzero((cs.stage == Stage.WORKER) & (cs.complexity == Complexity.SIMPLE))
    queue = queue[outcome[queue] == Outcome.OPEN]
    rank = rules.rank_within_groups(cs.block[queue], queue_order(pipe, queue))
    settled = queue[rank < places[cs.block[queue]]]
    pipe.week.volunteer_handled = settled.size
    pipe.close(settled, c.volunteer_quality, t, outcome)


def discovery(pipe: CasePipeline, hidden: np.ndarray) -> np.ndarray:
    """Weekly chance each hidden need is found: the worker's visits (elderly households first
    under triage), volunteers' visits to elderly households, data flags of an integrated
    platform, neighbours who take part in deliberation."""
    m, cs, c, work = pipe.model, pipe.table, pipe.model.cal, pipe.model.workforce
    block, who = cs.block[hidden], cs.resident[hidden]
    elderly_visits = work.volunteer_hours * c.volunteer_visit_share / c.volunteer_hours_per_visit
    extra = np.divide(
        elderly_visits,
        work.elderly_households,
        out=np.zeros(work.n),
        where=work.elderly_households > 0,
    )
    home = m.elderly_home[who]
    visited = np.where(home, work.elderly_coverage[block], work.other_coverage[block])
    coverage = visited + home * extra[block]
    deliberating = m.neighbour_grid(m.recently(m.residents.last_offline_act))  # per cell
    return rules.discovery_probability(
        np.minimum(coverage, 1.0),
        work.quality[block],
        c.data_flag_rate,
        m.levers["data_integration"],
        m.platform(),
        neighbours=deliberating[m.resident_cell[who]],
        neighbour_find=c.deliberation_find,
    )


def refer(pipe: CasePipeline, t: int, rng: np.random.Generator) -> None:
    """Service cases go to an organization that offers the category and has room (if the
    referrer knows one), else to the government fallback. Organizations choose in turn."""
    m, c, cs = pipe.model, pipe.model.cal, pipe.table
    pool = np.flatnonzero(cs.stage == Stage.REFERRAL)
    know_rate = c.referral_know_base + (1 - c.referral_know_base) * m.levers["data_integration"]
    candidates = pool[rng.random(pool.size) < know_rate]
    capacity = np.array([o.capacity for o in m.organizations])
    places = rules.stochastic_round(capacity, rng.random(capacity.size))
    pipe.week.org_places = int(places.sum())
    pipe.week.org_places_left = _organizations_take(pipe, t, rng, candidates, places)
    rest = pool[cs.stage[pool] == Stage.REFERRAL]
    cs.move(rest, Stage.FALLBACK, ready=t + 1)


def _organizations_take(
    pipe: CasePipeline, t: int, rng: np.random.Generator, candidates: np.ndarray, places
) -> np.ndarray:
    """Organizations, in random turn, take candidate cases (in table order: oldest first) of
    their categories up to their `places`; the places each has left."""
    m, cs = pipe.model, pipe.table
    left = np.array(places, dtype=np.int64)
    gone = np.zeros(len(cs), dtype=bool)  # taken by an organization (np.isin, but faster)
    for k in rng.permutation(len(m.organizations)):
        taken = m.organizations[k].take_referrals(candidates, cs.category, left[k])
        cs.move(taken, Stage.ORGANIZATION, ready=t + 1)
        cs.org[taken] = k
        gone[taken] = True
        candidates = candidates[~gone[candidates]]
        left[k] -= taken.size
        pipe.week.org_taken += taken.size
    return left


def organizations_take_over(
    pipe: CasePipeline, t: int, rng: np.random.Generator, outcome: np.ndarray
) -> None:
    """After the government's turn and the week's deadlines, organizations with places left
    from referral take open fallback cases the government has had (ready by this week) in
    the categories they offer: oldest first, organizations in random turn, as in `refer`.
    Otherwise a small community, with few cases per organization each week, loses more of
    its places than a large one (places are a loss system) while cases wait at the slower
    fallback."""
    cs, left = pipe.table, pipe.week.org_places_left
    if left.sum() == 0:
        return
    waiting = np.flatnonzero(
        (cs.stage == Stage.FALLBACK) & (cs.ready <= t) & (outcome == Outcome.OPEN)
    )
    if waiting.size:
        pipe.week.org_places_left = _organizations_take(pipe, t, rng, waiting, left)


def government_closes(
    pipe: CasePipeline, t: int, rng: np.random.Generator, outcome: np.ndarray
) -> None:
    """Government closes escalated and fallback cases at the rate its delay allows."""
    m, c, cs = pipe.model, pipe.model.cal, pipe.table
    p, quality = m.levers, m.government.platform_quality
    delay = rules.government_delay(
        c.gov_delay_weeks,
        p["digitization"],
        quality,
        p["data_integration"],
        c.gov_delay_digital_cut,
        c.gov_delay_integration_cut,
    )
    at_gov = np.flatnonzero(
        ((cs.stage == Stage.GOVERNMENT) | (cs.stage == Stage.FALLBACK)) & (cs.ready <= t)
    )
    fallback = cs.stage[at_gov] == Stage.FALLBACK
    rate = np.where(fallback, 1.0 / (delay * c.fallback_delay_factor), 1.0 / delay)
    done = rng.random(at_gov.size) < np.minimum(rate, 1.0)
    pipe.week.gov_closed = int(np.count_nonzero(done & ~fallback))
    pipe.week.fallback_closed = int(np.count_nonzero(done & fallback))
    quality = np.where(fallback[done], c.quality_fallback, c.quality_complex)
    pipe.close(at_gov[done], quality, t, outcome)
