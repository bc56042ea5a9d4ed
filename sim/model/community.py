"""The community model: residents, grid workers, social organizations and the government."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import OrthogonalMooreGrid
from mesa.experimental.scenarios import Scenario as MesaScenario

from sim.errors import ParameterError
from sim.model import rules
from sim.model.agents import Government, GridWorker, Resident, SocialOrganization
from sim.model.calibration import (
    ASSISTED,
    CATEGORIES,
    COMPLEX,
    DEFAULT_CALIBRATION,
    ELDERLY,
    FOUND,
    K_TYPES,
    NONE,
    ONLINE,
    SERVICE,
    SIMPLE,
    STANDARD_COMMUNITY,
    Calibration,
)
from sim.model.cases import FALLBACK, GOV, LATENT, ORG, REFERRAL, WORKER, CaseTable
from sim.model.metrics import METRIC_NAMES, GroupMeans, observe
from sim.model.population import build_layout, build_residents, cumulative_need_rates
from sim.model.seeds import check_seed, check_weeks
from sim.model.streams import RandomStreams
from sim.parameters import DEFAULTS, Scenario
from sim.parameters.scenario import default_scenario

NEVER = -10_000  # "last week" of something that has not happened
# What happened to a case this week: still open; closed by its deadline (met); closed after
# it (late); given up after `abandon_after` deadlines (abandoned); never reported (hidden).
OPEN, MET, LATE, ABANDONED, HIDDEN = range(5)
OUTCOMES = ("open", "met", "late", "abandoned", "hidden")


@dataclass
class WeekTally:
    """Counts gathered during one week for the metrics and the cost."""

    reports: np.ndarray = field(default_factory=lambda: np.zeros((3, 5), dtype=np.int64))
    closed: int = 0
    resolution_weeks: float = 0.0
    worker_handled: int = 0
    worker_capacity: float = 0.0
    org_taken: int = 0
    org_capacity: float = 0.0
    gov_closed: int = 0
    fallback_closed: int = 0
    events: int = 0
    exp_resident: list = field(default_factory=list)  # experiences of case outcomes
    exp_perf: list = field(default_factory=list)
    exp_reported: list = field(default_factory=list)
    exp_closed: list = field(default_factory=list)


class CommunityModel(mesa.Model):
    """Urban community governance under technology, service and culture policies.

    One step is one week, in this order (MODEL.md section 3):

    1. Needs arise: each resident may get a need of a category that depends on age group
       and household; each need has a complexity (simple, service, complex) and a deadline.
    2. Reporting: a new need is reported online, to the grid worker, through assisted
       access, or not at all (distrust lowers all three); hidden needs may be found by the
       worker's household visits or flagged by integrated data.
    3. Handling: organizations finish last week's referrals; grid workers handle their
       queues up to capacity (simple cases settled, service cases referred, complex ones
       escalated); referrals go to a matching organization with room, else to the slower
       government fallback; government closes escalated cases at a rate set by its
       information lag; cases past their deadline fail.
    4. Experience: every closed, failed or hidden need is an experience that moves
       satisfaction (expectation disconfirmation), expectation (with the pull of the
       community's visible standard), trust and efficacy.
    5. Activities: this week's events get types (traditional programme or targeted to known
       preferences); residents attend by preference match, neighbours, trust, habit and
       age-dependent cost, within venue places; attending is an experience and builds habit.
    6. Governance participation: offline acts (more likely with age, shared spaces) and
       online acts (need literacy and the platform), both driven by trust, efficacy and
       neighbours.
    7. Government: pays the week's cost, maintains (or lets age) the platform and, in
       responsive mode, reviews outcomes each quarter and shifts effort.
    8. Observation: one row of metrics (sim.model.metrics).

    Resident state lives in NumPy columns (`self.residents`, `self.last_attended`, ...)
    and the rules in `sim.model.rules` apply to whole arrays; `Resident` agents read their
    row. Random numbers come from `self.streams`, derived from the model's generator.
    The govsim scenario in force is `self.params` (`self.scenario` is Mesa's own, empty).
    """

    def __init__(
        self,
        scenario: Scenario | Mapping[str, Any] | None = None,
        *,
        rng: int | np.random.Generator | None = None,
        calibration: Calibration | None = None,
        keep_case_log: bool = False,
        **overrides: Any,
    ):
        super().__init__(rng=check_seed(rng, "rng"))
        self.params = _as_scenario(scenario, overrides)
        self.cal = calibration or DEFAULT_CALIBRATION
        self.streams = RandomStreams(self.rng)
        p, c = self.params, self.cal
        self.scale = p["n_households"] / STANDARD_COMMUNITY

        self._build_community()
        self._build_workers()
        self._build_organizations()
        self.government = Government(self)

        n = self.residents.n
        self.cases = CaseTable()
        self.last_attended = np.full(n, NEVER, dtype=np.int32)
        self.last_offline_act = np.full(n, NEVER, dtype=np.int32)
        self.last_online_act = np.full(n, NEVER, dtype=np.int32)
        horizon = p["steps"] + max(c.deadline_weeks) + 2
        self.due_count = np.zeros((2, horizon), dtype=np.int64)  # [non-elderly, elderly] x week
        self.met_count = np.zeros((2, horizon), dtype=np.int64)
        self.unreported_count = np.zeros(horizon, dtype=np.int64)
        self.standard_smoothed = float(
            c.initial_expectation_beta[0] / sum(c.initial_expectation_beta)
        )
        self.visible_standard = self.standard_smoothed
        self.week = WeekTally()
        self.case_log: list[dict[str, np.ndarray]] | None = [] if keep_case_log else None
        self._match_cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
        self._rows: list[list[float]] = []
        self._rotation = 0  # untargeted events held so far: the traditional programme's cycle

    # ------------------------------------------------------------------ building

    def _build_community(self) -> None:
        p, c = self.params, self.cal
        rng = self.streams.get("population")
        self.layout = build_layout(p["n_households"], p["households_per_worker"], c, rng)
        self.residents = r = build_residents(p["n_households"], p["elderly_share"], c, rng)
        lay = self.layout
        self.resident_cell = lay.household_cell[r.household]
        self.resident_block = lay.household_block[r.household]
        self.cell_residents = (
            np.bincount(self.resident_cell, minlength=lay.width * lay.height)
            .reshape(lay.height, lay.width)
            .astype(float)
        )
        self.cumulative_rates = cumulative_need_rates(r, c)
        self.complexity_cumprobs = np.cumsum(np.asarray(c.complexity_probs), axis=1)
        self.deadline = np.asarray(c.deadline_weeks)
        self.self_report = np.asarray(c.self_report_by_category)
        self.ability = rules.online_ability(
            r.literacy,
            p["procedure_simplicity"],
            c.literacy_slope,
            c.ability_threshold_hard,
            c.ability_threshold_gain,
        )
        self.groups = GroupMeans(r.age_group, r.literacy, c.can_use_threshold)
        self.population_demand = r.preferences.mean(axis=0)

        self.grid = OrthogonalMooreGrid((lay.width, lay.height), torus=False, random=self.random)
        cells = self.grid._cells
        xs, ys = lay.household_xy
        household_cells = [cells[(int(x), int(y))] for x, y in zip(xs, ys, strict=True)]
        for row, household in enumerate(r.household):
            Resident(self, row, household_cells[household])

    def _build_workers(self) -> None:
        p, c, lay = self.params, self.cal, self.layout
        rng = self.streams.get("workers")
        b = lay.n_blocks
        training = p["worker_training"]
        noise = rng.normal(0.0, c.worker_noise, size=(2, b))
        self.worker_skill = np.clip(
            c.worker_skill_base + c.worker_skill_gain * training + noise[0], 0.0, 1.0
        )
        self.worker_digital = np.clip(
            c.worker_digital_base + c.worker_digital_gain * training + noise[1], 0.0, 1.0
        )
        self.block_households = np.bincount(lay.household_block, minlength=b)
        visits = c.visit_households_per_week * (1 + c.visit_training_gain * training)
        self.visit_coverage = np.minimum(1.0, visits / self.block_households)
        self.worker_quality = c.worker_quality_base + c.worker_quality_gain * self.worker_skill
        self.worker_capacity = np.zeros(b)
        self.reach = rules.worker_reach(p["n_households"] / b, c.reachable_households)
        # each worker sits at the household in the middle of its block's path
        first = np.searchsorted(lay.household_block, np.arange(b))
        middle = first + self.block_households // 2
        xs, ys = lay.household_xy
        self.workers = [
            GridWorker(
                self,
                k,
                self.grid._cells[(int(xs[m]), int(ys[m]))],
                float(self.worker_skill[k]),
                float(self.worker_digital[k]),
                int(self.block_households[k]),
            )
            for k, m in enumerate(middle)
        ]

    def _build_organizations(self) -> None:
        p, c = self.params, self.cal
        rng = self.streams.get("organizations")
        self.organizations = []
        weights = np.asarray(c.org_category_weights)
        for _ in range(p["social_orgs"]):
            offered = rng.choice(
                len(CATEGORIES), size=c.org_categories, replace=False, p=weights / weights.sum()
            )
            categories = np.zeros(len(CATEGORIES), dtype=bool)
            categories[offered] = True
            quality = rng.uniform(*c.org_quality_range)
            self.organizations.append(SocialOrganization(self, categories, quality))

    # ------------------------------------------------------------------ helpers

    def recently(self, last_week: np.ndarray) -> np.ndarray:
        """Happened within the last `recent_weeks` weeks (this week included)."""
        return (self.steps - last_week) < self.cal.recent_weeks

    def platform(self) -> float:
        """How much of the online service works this week (digitization x quality)."""
        return rules.platform_reach(
            self.params["digitization"], self.government.platform_quality, self.cal.platform_floor
        )

    def backlog(self) -> int:
        return int(np.count_nonzero(self.cases.stage != LATENT))

    def _grid_counts(self, mask: np.ndarray) -> np.ndarray:
        lay = self.layout
        return np.bincount(
            self.resident_cell, weights=mask, minlength=lay.width * lay.height
        ).reshape(lay.height, lay.width)

    def _neighbour_share(self, mask: np.ndarray) -> np.ndarray:
        grid = rules.neighbour_share(
            self._grid_counts(mask), self.cell_residents, self.cal.neighbour_influence
        )
        return grid.ravel()[self.resident_cell]

    # ------------------------------------------------------------------ the week

    def step(self) -> None:
        t = self.steps
        self.week = WeekTally()
        self.arise_needs(t)
        self.report_needs(t)
        self.handle_cases(t)
        self.absorb_case_experiences()
        self.hold_activities(t)
        self.governance_acts(t)
        self.run_government(t)
        self._rows.append(list(observe(self).values()))
        if t >= self.params["steps"]:
            self.running = False

    def arise_needs(self, t: int) -> None:
        """1. Needs arise by category and age group; each gets a complexity and a deadline."""
        g = self.streams.get("needs", t)
        who, category = rules.need_arrivals(g.random(self.residents.n), self.cumulative_rates)
        complexity = rules.need_complexity(g.random(who.size), category, self.complexity_cumprobs)
        due = t + self.deadline[complexity] - 1
        self.cases.add(
            who.size,
            resident=who,
            block=self.resident_block[who],
            category=category,
            complexity=complexity,
            arise=t,
            due=due,
        )
        elderly = (self.residents.age_group[who] == ELDERLY).astype(np.int64)
        np.add.at(self.due_count, (elderly, due), 1)

    def report_needs(self, t: int) -> None:
        """2. New needs are reported by a channel or stay hidden; hidden ones may be found."""
        p, c, cs, r = self.params, self.cal, self.cases, self.residents
        g = self.streams.get("reporting", t)
        new = np.flatnonzero(cs.arise == t)
        u_channel, u_route = g.random(new.size), g.random(new.size)
        u_household = g.random(p["n_households"])

        who = cs.resident[new]
        platform = self.platform()
        offline_pref = np.asarray(c.offline_contact_by_age)[r.age_group[who]]
        probs = rules.channel_probabilities(
            self.ability[who],
            r.trust[who],
            offline_pref,
            self.reach,
            p["assisted_access"],
            platform=platform,
            trust_floor=c.trust_floor,
            assisted_uptake=c.assisted_uptake,
            self_report=self.self_report[cs.category[new]],
        )
        cs.channel[new] = rules.choose_channel(u_channel, *probs)

        hidden = np.flatnonzero((cs.stage == LATENT) & (cs.channel == NONE))
        discover = rules.discovery_probability(
            self.visit_coverage,
            (c.worker_quality_base + c.worker_quality_gain * self.worker_skill),
            c.data_flag_rate,
            p["data_integration"],
            platform,
        )
        found = hidden[u_household[r.household[cs.resident[hidden]]] < discover[cs.block[hidden]]]
        cs.channel[found] = FOUND

        reported = np.flatnonzero((cs.stage == LATENT) & (cs.channel != NONE))
        cs.reported[reported] = t
        cs.stage[reported] = WORKER
        # online and assisted reports of service/complex needs skip the worker's triage when
        # the platform and the grid share data
        route = np.zeros(len(cs), dtype=bool)
        route[new] = u_route < p["data_integration"]
        direct = reported[
            route[reported]
            & np.isin(cs.channel[reported], (ONLINE, ASSISTED))
            & (cs.complexity[reported] != SIMPLE)
        ]
        cs.stage[direct] = np.where(cs.complexity[direct] == SERVICE, REFERRAL, GOV)
        cs.ready[direct] = t + 1
        np.add.at(self.week.reports, (r.age_group[cs.resident[reported]], cs.channel[reported]), 1)

    def handle_cases(self, t: int) -> None:
        """3. Organizations, grid workers and government work on open cases; deadlines pass."""
        p, c, cs = self.params, self.cal, self.cases
        g = self.streams.get("handling", t)
        outcome = np.zeros(len(cs), dtype=np.int8)  # OPEN ... HIDDEN, see OUTCOMES

        # organizations finish last week's referrals
        served = np.flatnonzero((cs.stage == ORG) & (cs.ready <= t))
        org_quality = np.array([o.quality for o in self.organizations])
        self._close(served, org_quality[cs.org[served]] if served.size else 0.0, t, outcome)

        # grid workers handle their queues, first reported first
        gov = self.government
        self.worker_capacity = rules.worker_capacity(
            c.worker_capacity,
            self.worker_skill,
            self.worker_digital,
            p["digitization"],
            gov.platform_quality,
            c.digital_capacity_gain,
            gov.service_effort,
        )
        places = rules.stochastic_round(self.worker_capacity, g.random(self.layout.n_blocks))
        queue = np.flatnonzero(cs.stage == WORKER)
        order = cs.reported[queue].astype(np.int64) * (cs.next_id + 1) + cs.id[queue]
        handled = queue[rules.rank_within_groups(cs.block[queue], order) < places[cs.block[queue]]]
        self.week.worker_handled = handled.size
        self.week.worker_capacity = float(self.worker_capacity.sum())
        for worker, count in zip(
            self.workers, np.bincount(cs.block[handled], minlength=len(self.workers)), strict=True
        ):
            worker.cases_handled += int(count)
        simple = handled[cs.complexity[handled] == SIMPLE]
        self._close(simple, self.worker_quality[cs.block[simple]], t, outcome)
        cs.stage[handled[cs.complexity[handled] == SERVICE]] = REFERRAL
        escalated = handled[cs.complexity[handled] == COMPLEX]
        cs.stage[escalated] = GOV
        cs.ready[escalated] = t + 1

        self._refer(t, g)

        # government closes escalated and fallback cases at the rate its delay allows
        delay = rules.government_delay(
            c.gov_delay_weeks,
            p["digitization"],
            gov.platform_quality,
            p["data_integration"],
            c.gov_delay_digital_cut,
            c.gov_delay_integration_cut,
        )
        at_gov = np.flatnonzero(((cs.stage == GOV) | (cs.stage == FALLBACK)) & (cs.ready <= t))
        fallback = cs.stage[at_gov] == FALLBACK
        rate = np.where(fallback, 1.0 / (delay * c.fallback_delay_factor), 1.0 / delay)
        done = g.random(at_gov.size) < np.minimum(rate, 1.0)
        self.week.gov_closed = int(np.count_nonzero(done & ~fallback))
        self.week.fallback_closed = int(np.count_nonzero(done & fallback))
        self._close(
            at_gov[done],
            np.where(fallback[done], c.quality_fallback, c.quality_complex),
            t,
            outcome,
        )

        # hidden needs past their deadline fail unreported; reported cases stay in their queue
        # after the deadline (late) until closed or given up
        still_open = outcome == OPEN
        hidden = still_open & (cs.stage == LATENT) & (cs.due <= t)
        give_up = cs.arise + np.ceil(c.abandon_after * self.deadline[cs.complexity]) - 1
        abandoned = still_open & (cs.stage != LATENT) & (give_up <= t)
        self._fail(np.flatnonzero(hidden | abandoned), t, outcome)
        if self.case_log is not None:
            self._log_finished(outcome, t)
        cs.drop(outcome != OPEN)

    def _refer(self, t: int, g: np.random.Generator) -> None:
        """Service cases go to an organization that offers the category and has room (if the
        referrer knows one), else to the government fallback. Organizations choose in turn."""
        c, cs = self.cal, self.cases
        pool = np.flatnonzero(cs.stage == REFERRAL)
        know = (
            g.random(pool.size)
            < c.referral_know_base + (1 - c.referral_know_base) * self.params["data_integration"]
        )
        candidates = pool[know]
        capacity = np.array([o.capacity for o in self.organizations])
        places = rules.stochastic_round(capacity, g.random(capacity.size))
        for k in g.permutation(len(self.organizations)):
            taken = self.organizations[k].take_referrals(candidates, cs.category, places[k])
            cs.stage[taken] = ORG
            cs.org[taken] = k
            cs.ready[taken] = t + 1
            candidates = candidates[~np.isin(candidates, taken)]
            self.week.org_taken += taken.size
        self.week.org_capacity = float(capacity.sum())
        rest = pool[cs.stage[pool] == REFERRAL]
        cs.stage[rest] = FALLBACK
        cs.ready[rest] = t + 1

    def _close(self, idx: np.ndarray, quality, t: int, outcome: np.ndarray) -> None:
        cs, c = self.cases, self.cal
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
        elderly = (self.residents.age_group[cs.resident[met]] == ELDERLY).astype(np.int64)
        np.add.at(self.met_count, (elderly, cs.due[met]), 1)
        self.week.closed += idx.size
        self.week.resolution_weeks += float((wait + 1).sum())
        self._experience(idx, perf, closed=True)

    def _fail(self, idx: np.ndarray, t: int, outcome: np.ndarray) -> None:
        cs, c = self.cases, self.cal
        if idx.size == 0:
            return
        hidden = cs.stage[idx] == LATENT
        coping = np.asarray(c.coping_by_age)[self.residents.age_group[cs.resident[idx]]]
        perf = np.where(hidden, c.performance_unreported, c.performance_failed) + coping
        outcome[idx] = np.where(hidden, HIDDEN, ABANDONED)
        np.add.at(self.unreported_count, cs.due[idx[hidden]], 1)
        self._experience(idx, perf, closed=False)

    def _experience(self, idx: np.ndarray, perf, closed: bool) -> None:
        w = self.week
        w.exp_resident.append(self.cases.resident[idx])
        w.exp_perf.append(np.broadcast_to(perf, idx.shape).astype(float))
        w.exp_reported.append(self.cases.stage[idx] != LATENT)
        w.exp_closed.append(np.full(idx.size, closed))

    def _log_finished(self, outcome: np.ndarray, t: int) -> None:
        cs = self.cases
        idx = np.flatnonzero(outcome)
        self.case_log.append(
            {
                "id": cs.id[idx].copy(),
                "resident": cs.resident[idx].copy(),
                "arise": cs.arise[idx].copy(),
                "due": cs.due[idx].copy(),
                "channel": cs.channel[idx].copy(),
                "reported": cs.reported[idx] >= 0,
                "outcome": outcome[idx].copy(),
                "week": np.full(idx.size, t),
            }
        )

    def absorb_case_experiences(self) -> None:
        """4. Case outcomes move satisfaction, expectation, trust and efficacy."""
        c, r, w = self.cal, self.residents, self.week
        if w.exp_resident:
            who = np.concatenate(w.exp_resident)
            perf = np.concatenate(w.exp_perf)
            reported = np.concatenate(w.exp_reported)
            closed = np.concatenate(w.exp_closed)
        else:
            who = np.zeros(0, dtype=np.int64)
            perf = reported = closed = np.zeros(0)
        mean_perf = float(perf.mean()) if perf.size else float("nan")
        self.standard_smoothed, self.visible_standard = rules.visible_standard(
            self.standard_smoothed,
            mean_perf,
            c.standard_smoothing,
            c.platform_showcase,
            self.platform(),
        )

        idx, inverse, count = np.unique(who, return_inverse=True, return_counts=True)
        s = rules.encounter_satisfaction(perf, r.expectation[who], c.disconfirmation_slope)
        s_mean = np.bincount(inverse, weights=s, minlength=idx.size) / np.maximum(count, 1)
        p_mean = np.bincount(inverse, weights=perf, minlength=idx.size) / np.maximum(count, 1)
        w_sat = rules.experience_weight(count, c.satisfaction_weight)
        r.satisfaction[idx] = rules.absorb(r.satisfaction[idx], s_mean, w_sat)
        r.trust[idx] = rules.absorb(r.trust[idx], s_mean, c.trust_experience_rate * w_sat)

        weight = np.zeros(r.n)
        target = np.zeros(r.n)
        weight[idx] = rules.experience_weight(count, c.expectation_rate)
        target[idx] = p_mean
        r.expectation[:] = rules.update_expectation(
            r.expectation, target, weight, self.visible_standard, c.standard_pull
        )

        rep = np.flatnonzero(reported)
        if rep.size:
            ridx, rinv, rcount = np.unique(who[rep], return_inverse=True, return_counts=True)
            success = np.bincount(rinv, weights=closed[rep].astype(float)) / rcount
            r.efficacy[ridx] = rules.absorb(
                r.efficacy[ridx], success, rules.experience_weight(rcount, c.efficacy_rate)
            )

    def hold_activities(self, t: int) -> None:
        """5. Events are held; residents attend within venue places; attending is an experience."""
        p, c, r = self.params, self.cal, self.residents
        g = self.streams.get("activities", t)
        u_want = g.random(r.n)
        neighbours = self._neighbour_share(self.recently(self.last_attended).astype(float))

        gov = self.government
        events = int(
            rules.stochastic_round(
                p["events_per_week"] * self.scale * gov.activity_effort, g.random()
            )
        )
        targeted = g.random(events) < p["preference_targeting"]
        noise = c.targeting_noise * (1 - p["data_integration"])
        known = self.population_demand * np.exp(noise * g.standard_normal(K_TYPES))
        counts, targeted_counts = rules.event_type_counts(
            events, targeted, p["event_variety"], known, g.random(events), self._rotation
        )
        self._rotation += events - int(targeted.sum())
        self.week.events = events
        self._credit_organizers(events, g)

        best, match = self._best_match(counts > 0)
        frequency = np.where(best >= 0, counts[best] / self.scale, 0.0)
        cost = np.asarray(c.attend_cost_by_age)[r.age_group]
        invited_share = np.divide(targeted_counts, counts, out=np.zeros(K_TYPES), where=counts > 0)
        invited = np.where(best >= 0, invited_share[best], 0.0)
        prob = rules.attendance_probability(
            match, neighbours, r.trust, r.habit, cost, frequency, invited, c
        )
        want = np.flatnonzero((u_want < prob) & (best >= 0))
        places_per_type = rules.stochastic_round(
            counts * rules.places_per_event(p["facility_level"], c.places_min, c.places_gain),
            g.random(K_TYPES),
        )
        attended = want[rules.admit_to_venues(best[want], g.random(want.size), places_per_type)]

        self.last_attended[attended] = t
        went = np.zeros(r.n, dtype=bool)
        went[attended] = True
        r.habit[:] = rules.update_habit(r.habit, went, c.habit_gain, c.habit_decay)
        s = rules.encounter_satisfaction(
            match[attended], r.expectation[attended], c.disconfirmation_slope
        )
        r.satisfaction[attended] = rules.absorb(r.satisfaction[attended], s, c.activity_weight)

    def _credit_organizers(self, events: int, g: np.random.Generator) -> None:
        """Each event is run by the government or one of the organizations, at random."""
        organizers = g.integers(0, len(self.organizations) + 1, size=events)
        counts = np.bincount(organizers, minlength=len(self.organizations) + 1)
        self.government.events_run += int(counts[0])
        for org, n in zip(self.organizations, counts[1:], strict=True):
            org.events_run += int(n)

    def _best_match(self, offered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best offered type and match per resident, cached per set of offered types."""
        key = offered.tobytes()
        if key not in self._match_cache:
            if len(self._match_cache) >= 16:
                self._match_cache.pop(next(iter(self._match_cache)))
            self._match_cache[key] = rules.best_offered_match(self.residents.preferences, offered)
        return self._match_cache[key]

    def governance_acts(self, t: int) -> None:
        """6. Offline and online governance acts; participation this week builds trust."""
        p, c, r = self.params, self.cal, self.residents
        g = self.streams.get("governance", t)
        u_offline, u_online = g.random(r.n), g.random(r.n)
        acted = self.recently(self.last_offline_act) | self.recently(self.last_online_act)
        neighbours = self._neighbour_share(acted.astype(float))
        age_term = np.asarray(c.offline_by_age)[r.age_group]
        p_off = rules.offline_act_probability(
            age_term, r.trust, r.efficacy, neighbours, p["facility_level"], c
        )
        p_on = rules.online_act_probability(
            self.platform(), self.ability, r.trust, r.efficacy, neighbours, c
        )
        offline, online = u_offline < p_off, u_online < p_on
        self.last_offline_act[offline] = t
        self.last_online_act[online] = t
        took_part = offline | online | (self.last_attended == t)
        r.trust[took_part] = rules.absorb(r.trust[took_part], 1.0, c.trust_participation_rate)

    def run_government(self, t: int) -> None:
        """7. Pay the week, maintain the platform, review each quarter in responsive mode."""
        gov, c = self.government, self.cal
        gov.pay(self.week)
        gov.maintain_platform()
        if self.params["responsive_government"] and t % c.review_weeks == 0:
            quarter = np.array(self._rows[-c.review_weeks :])  # the weeks before this one
            met = quarter[:, METRIC_NAMES.index("needs_met_rate")] if quarter.size else []
            met_mean = float(np.nanmean(met)) if np.isfinite(met).any() else float("nan")
            gov.review(met_mean, float(self.recently(self.last_attended).mean()))

    # ------------------------------------------------------------------ output

    def run_for(self, duration: int) -> None:
        """Run `duration` more weeks (a whole number: the model has no half weeks)."""
        super().run_for(check_weeks(duration, "run_for weeks"))

    @property
    def observed_weeks(self) -> int:
        """Weeks whose metrics row is complete (Mesa counts `steps` from the start of a step)."""
        return len(self._rows)

    def metrics_frame(self) -> pd.DataFrame:
        """One row per week so far: column `step` and the metric columns."""
        frame = pd.DataFrame(self._rows, columns=list(METRIC_NAMES))
        frame.insert(0, "step", np.arange(1, len(self._rows) + 1))
        return frame


def _as_scenario(scenario, overrides: dict[str, Any]) -> Scenario:
    # Mesa's own (empty) Scenario, which SolaraViz passes when it resets a model, counts as none
    if scenario is None or isinstance(scenario, MesaScenario):
        return default_scenario(**overrides)
    if isinstance(scenario, Scenario):
        return scenario.replace(**overrides)
    if isinstance(scenario, Mapping):
        unknown = set(scenario) - set(DEFAULTS)
        if unknown:
            default_scenario(**{k: scenario[k] for k in unknown})  # raises with a suggestion
        return default_scenario(**{**scenario, **overrides})
    raise ParameterError(
        "a scenario must be a sim.Scenario or a mapping of parameters, not "
        f"{type(scenario).__name__}"
        "; load a named scenario with sim.load_scenario(name)"
    )
