"""The case pipeline: a need's whole life, from arising to its outcome, in one component.

Life cycle (stages are `Stage`, outcomes `Outcome`; a need ends exactly once)::

    arise ─► UNREPORTED ── its deadline passes ──────────────────────► Outcome.UNREPORTED
               │ reported (online, to the worker, assisted) or FOUND (visit, data flag)
               ├─► WORKER ── simple: settled by the worker ─────────► MET or LATE
               │     ├── service ─► REFERRAL
               │     └── complex ─► GOVERNMENT
               └─► routed directly (online or assisted report, shared data):
                     service ─► REFERRAL, complex ─► GOVERNMENT

    REFERRAL ── an organization with room takes it ─► ORGANIZATION ── next week ─► MET or LATE
             └─ no organization known or free ─► FALLBACK ── rate 1/(f·D) ─► MET or LATE
    FALLBACK ── still open after the government's turn and the deadlines: an organization
                of its category with places left this week takes it ─► ORGANIZATION
    GOVERNMENT ── closes at rate 1/D (information lag) ──────────────► MET or LATE
    any reported stage ── still open `abandon_after` deadlines after arising ─► ABANDONED
    ORGANIZATION ── its organization's contract ends when the policy starts ─► REFERRAL

Workers take their queue first reported first, or by urgency with `case_triage`; volunteers
then settle simple cases left in the queue, with the hours they gave last week.

Closing by the deadline (`due`) is MET, after it LATE; a late case stays in its queue.
`TRANSITIONS` lists these arrows; a traced run (`keep_case_log=True`) counts every stage
change so that a test can check each arrow is taken and no other.

The component owns the case table, the counters of needs due and met by week, and the
week's summary (`CaseWeek`) that the metrics and the government read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from sim.model import rules
from sim.model.cases import handling
from sim.model.cases.table import NOT_REPORTED, CaseTable
from sim.model.codes import AgeGroup, Channel, Complexity, Outcome, Stage

if TYPE_CHECKING:
    from sim.model.community import CommunityModel

# codes as plain ints: NumPy compares arrays with them faster than with IntEnum members
UNREPORTED, NONE, FOUND = int(Stage.UNREPORTED), int(Channel.UNREPORTED), int(Channel.FOUND)
SERVICE = int(Complexity.SERVICE)
AT_ORGANIZATION = int(Stage.ORGANIZATION)
OPEN, MET, LATE = int(Outcome.OPEN), int(Outcome.MET), int(Outcome.LATE)

TRANSITIONS = frozenset(
    {
        (Stage.UNREPORTED, Stage.WORKER),
        (Stage.UNREPORTED, Stage.REFERRAL),
        (Stage.UNREPORTED, Stage.GOVERNMENT),
        (Stage.WORKER, Stage.REFERRAL),
        (Stage.WORKER, Stage.GOVERNMENT),
        (Stage.REFERRAL, Stage.ORGANIZATION),
        (Stage.REFERRAL, Stage.FALLBACK),
        (Stage.FALLBACK, Stage.ORGANIZATION),
        (Stage.ORGANIZATION, Stage.REFERRAL),
    }
)


@dataclass
class CaseWeek:
    """What the pipeline did this week, for the metrics, the cost and the experiences."""

    reports: np.ndarray = field(  # age group x channel: needs reported this week
        default_factory=lambda: np.zeros((len(AgeGroup), len(Channel)), dtype=np.int64)
    )
    closed: int = 0
    resolution_weeks: float = 0.0
    worker_handled: int = 0
    worker_places: int = 0  # cases the workers could take this week (capacity, rounded)
    volunteer_handled: int = 0
    org_taken: int = 0  # referrals and fallback cases organizations took this week
    org_places: int = 0
    org_places_left: np.ndarray = field(  # per organization, after referral and take-over
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )
    gov_closed: int = 0
    fallback_closed: int = 0
    # experiences of case outcomes: resident, performance, reported?, closed? (in order)
    exp_resident: list = field(default_factory=list)
    exp_perf: list = field(default_factory=list)
    exp_reported: list = field(default_factory=list)
    exp_closed: list = field(default_factory=list)


class CasePipeline:
    """Needs arise, are reported (or not), handled and end; see the module docstring."""

    def __init__(self, model: CommunityModel, keep_log: bool = False):
        self.model = model
        c, r = model.cal, model.residents
        self.table = CaseTable(trace=keep_log)
        self.log: list[dict[str, np.ndarray]] | None = [] if keep_log else None
        self.cumulative_rates = _cumulative_need_rates(r, c)
        self.total_rate = np.ascontiguousarray(self.cumulative_rates[:, -1])
        self.elderly = (r.age_group == AgeGroup.ELDERLY).astype(np.int64)
        self.offline_contact = np.asarray(c.offline_contact_by_age)
        self.coping = np.asarray(c.coping_by_age)
        self.new = slice(0, 0)  # rows of the needs that arose this week
        self.complexity_cuts = rules.complexity_cuts(c.complexity_probs)
        self.deadline = np.asarray(c.deadline_weeks)
        self.self_report = np.asarray(c.self_report_by_category)
        # a reported case is given up in week arise + this (by complexity): abandon_after
        # deadlines after it arose (whole weeks, so integers give the same weeks)
        self.give_up_after = (np.ceil(c.abandon_after * self.deadline) - 1).astype(np.int64)
        # counts by week, from the first week of the warm-up (index 0) on
        self.first_week = 1 - model.params["warmup_weeks"]
        horizon = model.params["steps"] - self.first_week + max(c.deadline_weeks) + 2
        self.due = np.zeros((2, horizon), dtype=np.int64)  # [non-elderly, elderly] x week
        self.met = np.zeros((2, horizon), dtype=np.int64)
        self.unreported = np.zeros(horizon, dtype=np.int64)
        self.week = CaseWeek()

    # ------------------------------------------------------------------ reading

    def backlog(self) -> int:
        """Reported cases still open."""
        return len(self.table) - self.table.count(Stage.UNREPORTED)

    def counts(self, week: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Needs due in `week` and met by then ([non-elderly, elderly]), and unreported."""
        i = week - self.first_week
        return self.due[:, i], self.met[:, i], int(self.unreported[i])

    def needs_met_rate(self, week: int) -> float:
        """Share of the needs due in `week` that were closed by then (NaN if none was due)."""
        due, met, _ = self.counts(week)
        return float(met.sum()) / float(due.sum()) if due.sum() > 0 else float("nan")

    def policy_starts(self, t: int) -> None:
        """New blocks and organizations: cases follow their residents into the new blocks;
        cases at an organization that is no longer contracted go back to referral."""
        m, cs = self.model, self.table
        cs.block[:] = m.resident_block[cs.resident]
        gone = np.flatnonzero((cs.stage == Stage.ORGANIZATION) & (cs.org >= len(m.organizations)))
        cs.move(gone, Stage.REFERRAL, ready=t)
        cs.org[gone] = -1

    # ------------------------------------------------------------------ 1. needs arise

    def arise(self, t: int, rng: np.random.Generator) -> None:
        """Needs arise by category and age group; each gets a complexity and a deadline."""
        self.week = CaseWeek()
        m = self.model
        who, category = rules.need_arrivals(
            rng.random(m.residents.n), self.cumulative_rates, total=self.total_rate
        )
        complexity = rules.need_complexity(rng.random(who.size), category, self.complexity_cuts)
        due = t + self.deadline[complexity] - 1
        self.new = self.table.add(
            who.size,
            resident=who,
            block=m.resident_block[who],
            category=category,
            complexity=complexity,
            arise=t,
            due=due,
        )
        self._count(self.due, self.elderly[who], due)

    def _count(self, counts: np.ndarray, elderly: np.ndarray, week: np.ndarray) -> None:
        """Add one to `counts` [non-elderly/elderly, week] per need (np.add.at, faster)."""
        if week.size:
            flat = elderly * counts.shape[1] + (week - self.first_week)
            counts.ravel()[:] += np.bincount(flat, minlength=counts.size)

    # ------------------------------------------------------------------ 2. reporting

    def report(self, t: int, rng: np.random.Generator) -> None:
        """New needs are reported by a channel or stay unreported; hidden ones may be found."""
        m, cs = self.model, self.table
        p, c, r, work = m.levers, m.cal, m.residents, m.workforce
        new = self.new  # the rows `arise` appended this week
        n_new = new.stop - new.start
        u_channel, u_route = rng.random(n_new), rng.random(n_new)
        u_household = rng.random(p["n_households"])

        who = cs.resident[new]
        platform = m.platform()
        probs = rules.channel_probabilities(
            m.ability[who],
            r.trust[who],
            self.offline_contact[r.age_group[who]],
            work.reach,
            p["assisted_access"],
            platform=platform,
            trust_floor=c.trust_floor,
            assisted_uptake=c.assisted_uptake,
            self_report=self.self_report[cs.category[new]],
        )
        cs.channel[new] = rules.choose_channel(u_channel, *probs)

        waiting = cs.stage == UNREPORTED
        hidden = np.flatnonzero(waiting & (cs.channel == NONE))
        found = hidden[
            u_household[r.household[cs.resident[hidden]]] < handling.discovery(self, hidden)
        ]
        cs.channel[found] = FOUND

        reported = np.flatnonzero(waiting & (cs.channel != NONE))
        cs.reported[reported] = t
        # online and assisted reports of service/complex needs skip the worker's triage when
        # the platform and the grid share data
        route = np.zeros(len(cs), dtype=bool)
        route[new] = u_route < p["data_integration"]
        channel, complexity = cs.channel[reported], cs.complexity[reported]
        is_direct = (
            route[reported] & handling.on_platform(channel) & (complexity != Complexity.SIMPLE)
        )
        cs.move(reported[~is_direct], Stage.WORKER)
        direct = reported[is_direct]
        to = np.where(complexity[is_direct] == SERVICE, Stage.REFERRAL, Stage.GOVERNMENT)
        cs.move(direct, to, ready=t + 1)
        flat = r.age_group[cs.resident[reported]] * len(Channel) + channel
        self.week.reports += np.bincount(flat, minlength=self.week.reports.size).reshape(
            self.week.reports.shape
        )

    # ------------------------------------------------------------------ 3. handling

    def handle(self, t: int, rng: np.random.Generator) -> None:
        """Organizations, grid workers and government work on open cases; deadlines pass;
        organizations fill the places they have left with open fallback cases."""
        outcome = np.zeros(len(self.table), dtype=np.int8)  # Outcome per case this week
        self._organizations_finish(t, outcome)
        handling.workers_handle(self, t, rng, outcome)
        handling.volunteers_handle(self, t, rng, outcome)
        handling.refer(self, t, rng)
        handling.government_closes(self, t, rng, outcome)
        self._deadlines_pass(t, outcome)
        handling.organizations_take_over(self, t, rng, outcome)
        if self.log is not None:
            self._log_finished(outcome, t)
        self.table.drop(outcome != OPEN)

    def _organizations_finish(self, t: int, outcome: np.ndarray) -> None:
        """Organizations close last week's referrals."""
        cs = self.table
        served = np.flatnonzero((cs.stage == AT_ORGANIZATION) & (cs.ready <= t))
        quality = np.array([o.quality for o in self.model.organizations])
        self.close(served, quality[cs.org[served]] if served.size else 0.0, t, outcome)

    def _deadlines_pass(self, t: int, outcome: np.ndarray) -> None:
        """Unreported needs past their deadline fail; reported cases stay queued after the
        deadline (late) until closed or given up after `abandon_after` deadlines."""
        cs = self.table
        still_open = outcome == OPEN
        waiting = cs.stage == UNREPORTED
        unreported = still_open & waiting & (cs.due <= t)
        abandoned = still_open & ~waiting & (cs.arise + self.give_up_after[cs.complexity] <= t)
        self._fail(np.flatnonzero(unreported | abandoned), outcome)

    # ------------------------------------------------------------------ outcomes

    def close(self, idx: np.ndarray, quality, t: int, outcome: np.ndarray) -> None:
        """Cases closed this week: MET by their deadline, else LATE; an experience each."""
        cs, c = self.table, self.model.cal
        if idx.size == 0:
            return
        wait = t - cs.arise[idx]
        perf = rules.performance(
            quality,
            wait,
            self.deadline[cs.complexity[idx]],
            c.timeliness_penalty,
            c.performance_failed,
        )
        in_time = t <= cs.due[idx]
        outcome[idx] = np.where(in_time, MET, LATE)
        met = idx[in_time]
        self._count(self.met, self.elderly[cs.resident[met]], cs.due[met])
        self.week.closed += idx.size
        self.week.resolution_weeks += float((wait + 1).sum())
        self._experience(idx, perf, closed=True)

    def _fail(self, idx: np.ndarray, outcome: np.ndarray) -> None:
        """Needs that end without being closed: UNREPORTED or ABANDONED; an experience each."""
        cs, c = self.table, self.model.cal
        if idx.size == 0:
            return
        unreported = cs.stage[idx] == UNREPORTED
        coping = self.coping[self.model.residents.age_group[cs.resident[idx]]]
        perf = np.where(unreported, c.performance_unreported, c.performance_failed) + coping
        outcome[idx] = np.where(unreported, int(Outcome.UNREPORTED), int(Outcome.ABANDONED))
        weeks = cs.due[idx[unreported]] - self.first_week
        self.unreported += np.bincount(weeks, minlength=self.unreported.size)
        self._experience(idx, perf, closed=False)

    def _experience(self, idx: np.ndarray, perf, closed: bool) -> None:
        w = self.week
        w.exp_resident.append(self.table.resident[idx])
        w.exp_perf.append(np.full(idx.shape, perf, dtype=float))  # perf: one or one per case
        w.exp_reported.append(self.table.stage[idx] != UNREPORTED)
        w.exp_closed.append(np.full(idx.size, closed))

    def experiences(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """This week's experiences: resident, performance, reported?, closed?"""
        w = self.week
        if not w.exp_resident:
            empty = np.zeros(0)
            return np.zeros(0, dtype=np.int64), empty, empty, empty
        return tuple(
            np.concatenate(parts)
            for parts in (w.exp_resident, w.exp_perf, w.exp_reported, w.exp_closed)
        )

    def _log_finished(self, outcome: np.ndarray, t: int) -> None:
        cs = self.table
        idx = np.flatnonzero(outcome)
        self.log.append(
            {
                "id": cs.id[idx].copy(),
                "resident": cs.resident[idx].copy(),
                "arise": cs.arise[idx].copy(),
                "due": cs.due[idx].copy(),
                "channel": cs.channel[idx].copy(),
                "reported": cs.reported[idx] != NOT_REPORTED,
                "outcome": outcome[idx].copy(),
                "week": np.full(idx.size, t),
            }
        )


def _cumulative_need_rates(res, cal) -> np.ndarray:
    """Residents x categories: running sum of weekly need rates (see rules.need_arrivals)."""
    age = res.age_group
    working = age != AgeGroup.ELDERLY
    rates = np.column_stack(
        [
            np.full(res.n, cal.need_rate_public_affairs),
            np.asarray(cal.need_rate_elderly_care)[age],
            np.asarray(cal.need_rate_health)[age],
            np.where(res.has_children & working, cal.need_rate_child_care, 0.0),
            np.asarray(cal.need_rate_skills)[age],
        ]
    )
    return np.cumsum(rates, axis=1)
