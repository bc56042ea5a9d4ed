"""A need as an object, and the register that opens, closes and counts them.

A `Case` is one resident's need on its way through MODEL.md 3.1-3.3: it sits in exactly one
place at a time (the resident's hidden needs, a grid worker's queue, the referral pool, an
organization, or the government's desk), and the `CaseRegister` moves it, ends it exactly
once and keeps the counts the metrics read (needs due and met by deadline week, this
week's reports, closures and work done).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.model import rules
from sim.model.codes import Channel, Complexity, Outcome, Stage

if TYPE_CHECKING:
    from sim.reference.model import ReferenceModel
    from sim.reference.residents import Resident

ON_PLATFORM = (Channel.ONLINE, Channel.ASSISTED)  # entered on the platform when reported


@dataclass(eq=False)
class Case:
    """One need: who has it, what it is, when it is due and where it is now."""

    id: int
    resident: Resident
    category: int
    complexity: Complexity
    arise: int
    due: int  # last week in which closing counts as in time
    channel: Channel = Channel.UNREPORTED
    stage: Stage = Stage.UNREPORTED
    reported: int | None = None
    ready: int = 0  # first week the current stage can finish
    org: Any = None  # the organization that took it
    outcome: Outcome = Outcome.OPEN
    ended: int | None = None  # the week it ended

    @property
    def on_platform(self) -> bool:
        return self.channel in ON_PLATFORM


@dataclass
class WeekTally:
    """What happened to cases this week (metrics, costs and the visible standard read it)."""

    reports: Counter = field(default_factory=Counter)  # (age group, channel) -> needs
    closed: int = 0
    resolution_weeks: float = 0.0
    worker_handled: int = 0
    worker_places: int = 0
    volunteer_handled: int = 0
    org_taken: int = 0
    org_places: int = 0
    gov_closed: int = 0
    fallback_closed: int = 0
    performances: list = field(default_factory=list)  # of every experience this week


class CaseRegister:
    """Opens cases, moves them between places, ends them, and counts them by week."""

    def __init__(self, model: ReferenceModel, keep_log: bool = False):
        self.model = model
        self.log: list[Case] | None = [] if keep_log else None  # ended cases, if asked
        c = model.cal
        self.deadline = list(c.deadline_weeks)
        # a reported case is given up in week arise + this: abandon_after deadlines after it
        self.give_up_after = [math.ceil(c.abandon_after * d) - 1 for d in self.deadline]
        self.due: Counter = Counter()  # (elderly?, week) -> needs due that week
        self.met: Counter = Counter()  # (elderly?, due week) -> of those, closed in time
        self.unreported: Counter = Counter()  # due week -> needs never reported
        self.week = WeekTally()
        self.next_id = 0

    def open(self, resident: Resident, category: int, complexity: Complexity, t: int) -> Case:
        case = Case(
            self.next_id, resident, category, complexity, t, t + self.deadline[complexity] - 1
        )
        self.next_id += 1
        self.due[resident.elderly, case.due] += 1
        resident.needs.append(case)
        return case

    # ------------------------------------------------------------------ moving

    def report(self, case: Case, channel: Channel, t: int, direct: bool = False) -> None:
        """A need reaches the community: to the worker's queue, or (direct: reported on the
        platform where it shares data with the grid) straight to a provider or government."""
        case.channel, case.reported = channel, t
        self.week.reports[case.resident.age_group, channel] += 1
        if direct and case.complexity == Complexity.SERVICE:
            self.move(case, Stage.REFERRAL, ready=t + 1)
        elif direct and case.complexity == Complexity.COMPLEX:
            self.move(case, Stage.GOVERNMENT, ready=t + 1)
        else:
            self.move(case, Stage.WORKER)

    def move(self, case: Case, stage: Stage, ready: int | None = None, org=None) -> None:
        self._withdraw(case)
        case.stage = stage
        if ready is not None:
            case.ready = ready
        case.org = org
        self._place(case).append(case)

    def _place(self, case: Case) -> list | None:
        gov = self.model.government
        return {
            Stage.UNREPORTED: None,
            Stage.WORKER: case.resident.worker.queue,
            Stage.REFERRAL: gov.referrals,
            Stage.ORGANIZATION: case.org.in_service if case.org is not None else None,
            Stage.GOVERNMENT: gov.escalated,
            Stage.FALLBACK: gov.escalated,
        }[case.stage]

    def _withdraw(self, case: Case) -> None:
        place = self._place(case)
        if place is not None:
            place.remove(case)

    # ------------------------------------------------------------------ ending

    def close(self, case: Case, quality: float, t: int) -> None:
        """Closed this week: MET by its deadline, else LATE; the resident's experience."""
        c = self.model.cal
        wait = t - case.arise
        perf = float(
            rules.performance(
                quality,
                wait,
                self.deadline[case.complexity],
                c.timeliness_penalty,
                c.performance_failed,
            )
        )
        in_time = t <= case.due
        if in_time:
            self.met[case.resident.elderly, case.due] += 1
        self.week.closed += 1
        self.week.resolution_weeks += wait + 1
        self._end(case, Outcome.MET if in_time else Outcome.LATE, perf, closed=True)

    def fail(self, case: Case) -> None:
        """Ended unclosed: never reported by its deadline, or given up (abandoned)."""
        c = self.model.cal
        hidden = case.stage == Stage.UNREPORTED
        perf = (c.performance_unreported if hidden else c.performance_failed) + c.coping_by_age[
            case.resident.age_group
        ]
        if hidden:
            self.unreported[case.due] += 1
        self._end(case, Outcome.UNREPORTED if hidden else Outcome.ABANDONED, perf, closed=False)

    def _end(self, case: Case, outcome: Outcome, perf: float, closed: bool) -> None:
        self._withdraw(case)
        reported = case.stage != Stage.UNREPORTED
        case.outcome, case.ended = outcome, self.model.week
        if self.log is not None:
            self.log.append(case)
        case.resident.needs.remove(case)
        case.resident.experiences.append((perf, reported, closed))
        self.week.performances.append(perf)

    def deadlines_pass(self, t: int) -> None:
        """Hidden needs past their deadline fail; reported ones still open `abandon_after`
        deadlines after arising are given up."""
        for resident in self.model.people:
            for case in list(resident.needs):
                if case.stage == Stage.UNREPORTED:
                    if case.due <= t:
                        self.fail(case)
                elif case.arise + self.give_up_after[case.complexity] <= t:
                    self.fail(case)

    # ------------------------------------------------------------------ reading

    def counts(self, week: int) -> tuple[list[int], list[int], int]:
        """Needs due in `week` and met by then, [non-elderly, elderly]; unreported ones."""
        due = [self.due[False, week], self.due[True, week]]
        met = [self.met[False, week], self.met[True, week]]
        return due, met, self.unreported[week]

    def needs_met_rate(self, week: int) -> float:
        due, met, _ = self.counts(week)
        return sum(met) / sum(due) if sum(due) > 0 else float("nan")

    def backlog(self) -> int:
        """Reported cases still open."""
        return sum(
            1 for r in self.model.people for case in r.needs if case.stage != Stage.UNREPORTED
        )
