"""Run claims at their conditions and judge them (the engine behind `govsim validate`).

Every arm of every condition runs on the same paired seeds through the sweep executors
(this process, local processes or Dask). Runs that two conditions share (the same
parameters and coefficients) run once; the two horizons of a condition come from one run of
the longer horizon, its final quarters taken at each.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.experiments.analysis import mean_interval
from sim.experiments.claims import Arm, Claim, Condition, Test
from sim.experiments.design import Task, paired_seeds
from sim.experiments.execute import execute
from sim.experiments.expressions import evaluate_effect, evaluate_outcome_condition
from sim.experiments.validation_cache import RunCache, run_id
from sim.experiments.worlds import world_values
from sim.model.calibration import DEFAULT_CALIBRATION, QUARTER_WEEKS
from sim.parameters import available_scenarios, load_scenario

NOT_APPLICABLE = "not applicable"  # the test's `where` is false there, or outside its `scope`
HOLDS = ("holds", "reported")  # a test that holds, or only reports its comparison
NOT_FAILING = (*HOLDS, NOT_APPLICABLE)
SIZES = (1000, 3000)  # MODEL.md section 9: claims hold at 1,000 and 3,000 households
HORIZONS = (104, 156)  # ... after 104 and 156 weeks


def conditions(
    claim: Claim, *, sizes=SIZES, horizons=HORIZONS, scenarios: bool = True
) -> list[Condition]:
    """Where the claim is tested: its reference point, and every named scenario within its
    scope (`scenarios`), at each size and horizon."""
    bases = ["reference"]
    if scenarios:
        bases += [s for s in available_scenarios() if claim.in_scope(load_scenario(s))]
    return [
        Condition(claim.name, base, size, steps)
        for base in bases
        for size in sizes
        for steps in horizons
    ]


def arm_run(claim: Claim, arm: Arm, condition: Condition) -> tuple[dict, dict]:
    """(parameters, coefficients) of one arm at one condition (steps: the condition's).

    Every arm without its own `scenario` runs without its condition's budget: under a budget,
    an arm that costs more is cut back to it (ODD 7.8) and measures a reallocation, the
    equal-cost claim's subject, not its lever. A budget stays where it is asked for: an arm
    that names its scenario keeps that scenario's, and `budget_of` or a `budget` in the arm's
    or the reference's `set` holds an arm to one.
    """
    unbudgeted = {} if arm.scenario is not None else {"budget": 0.0}  # 0 = no budget
    if arm.scenario is not None:
        scenario = load_scenario(arm.scenario)
        extra = {}
    elif condition.base == "reference":
        scenario = load_scenario(claim.reference.get("scenario", "baseline"))
        extra = dict(claim.reference.get("set", {}))
    else:
        scenario = load_scenario(condition.base)
        extra = {}
    world_params, world_coefficients = world_values(dict(condition.draws))
    params = {**dict(scenario), **unbudgeted, **world_params, **extra, **arm.set}
    if arm.budget_of is not None:
        params["budget"] = load_scenario(arm.budget_of)["budget"]
    params.update(n_households=condition.n_households, steps=condition.steps)
    coefficients = {
        **scenario.coefficients,
        **world_coefficients,
        **claim.reference.get("coefficients", {}),
        **arm.coefficients,
    }
    for name, added in arm.shift.items():
        coefficients[name] = coefficients.get(name, getattr(DEFAULT_CALIBRATION, name)) + added
    return params, coefficients


def world_conditions(claim: Claim, worlds: list[dict], size: int, steps: int) -> list[Condition]:
    """The claim's reference point in each world (draws of the uncertainties)."""
    return [
        Condition(claim.name, "reference", size, steps, i, tuple(sorted(draws.items())))
        for i, draws in enumerate(worlds)
    ]


def window_means(weekly, metrics, steps: int) -> dict[tuple[str, str], float]:
    """(metric, window) -> mean over the window of one run's weekly frame."""
    out = {}
    final = weekly[(weekly["step"] > steps - QUARTER_WEEKS) & (weekly["step"] <= steps)]
    first = weekly[(weekly["step"] >= 1) & (weekly["step"] <= QUARTER_WEEKS)]
    for metric in metrics:
        out[(metric, "final")] = float(final[metric].mean())
        out[(metric, "first_quarter")] = float(first[metric].mean())
    return out


@dataclass
class Verdict:
    claim: str
    test: str
    condition: Condition
    effect: float
    low: float
    high: float
    n: int
    verdict: str  # holds, no effect, reversed, reported, not applicable
    sd: float = float("nan")  # spread of the per-seed effects (for the worlds' seeds)

    def as_dict(self) -> dict:
        return {
            "claim": self.claim,
            "test": self.test,
            "base": self.condition.base,
            "n_households": self.condition.n_households,
            "steps": self.condition.steps,
            "world": self.condition.world,
            "effect": self.effect,
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "verdict": self.verdict,
            "sd": self.sd,
        }


def judge(test: Test, effects: np.ndarray, level: float = 0.95) -> tuple[float, float, float, str]:
    """Mean, interval (95% unless a sequential design spends its error over several looks)
    and verdict of a test's per-seed effects."""
    mean, low, high = mean_interval(effects, level)
    if test.direction == "report":
        return mean, low, high, "reported"
    sign = -1.0 if test.direction in ("decrease", "not_increase") else 1.0
    m, lo, hi = (sign * mean, *sorted((sign * low, sign * high)))
    if not np.isfinite(m) or not np.isfinite(lo):
        return mean, low, high, "no effect"
    if test.direction.startswith("not_"):
        if lo > -test.min_effect:
            return mean, low, high, "holds"
        reversed_ = hi < 0 and m <= -test.min_effect
        return mean, low, high, "reversed" if reversed_ else "no effect"
    if lo > 0 and m >= test.min_effect:
        return mean, low, high, "holds"
    if hi < 0 and m <= -test.min_effect:
        return mean, low, high, "reversed"
    return mean, low, high, "no effect"


def verdicts(claim: Claim, condition: Condition, values, level: float = 0.95) -> list[Verdict]:
    """Every test of a claim at one condition; `values[(arm, metric, window)]` per seed."""
    out: dict[str, Verdict] = {}
    scoped = condition.base != "reference" and any(t.scope for t in claim.tests)
    at = load_scenario(condition.base) if scoped else None  # read only where a test needs it
    for test in claim.tests:
        if test.either:
            continue
        effects = evaluate_effect(test.effect, values)
        mean, low, high, verdict = judge(test, effects, level)
        if test.where and not evaluate_outcome_condition(test.where, values):
            verdict = NOT_APPLICABLE
        if at is not None and not test.in_scope(at):
            verdict = NOT_APPLICABLE
        finite = effects[np.isfinite(effects)]
        sd = float(finite.std(ddof=1)) if finite.size > 1 else float("nan")
        out[test.name] = Verdict(
            claim.name, test.name, condition, mean, low, high, finite.size, verdict, sd
        )
    for test in claim.tests:
        if test.either:
            parts = [out[name] for name in test.either if out[name].verdict != NOT_APPLICABLE]
            if not parts:
                first = out[test.either[0]]
                out[test.name] = dataclasses.replace(first, test=test.name)
                continue
            best = next((v for v in parts if v.verdict == "holds"), parts[0])
            verdict = "holds" if best.verdict == "holds" else "no effect"
            if all(v.verdict == "reversed" for v in parts):
                verdict = "reversed"
            out[test.name] = Verdict(
                claim.name, test.name, condition, best.effect, best.low, best.high, best.n, verdict
            )
    return [out[t.name] for t in claim.tests]


def _key(params: dict, coefficients: dict) -> str:
    return json.dumps([sorted(params.items()), sorted(coefficients.items())], default=str)


def plan(claims: list[Claim], conditions: dict[str, list[Condition]]):
    """The distinct runs: key -> (params at the longest horizon, coefficients, metrics), and
    for each (claim, condition, arm) its key."""
    runs: dict[str, tuple[dict, dict, set]] = {}
    where: dict[tuple[str, Condition, str], str] = {}
    for claim in claims:
        metrics = {metric for test in claim.tests for _, metric, _ in test.terms()}
        longest: dict[tuple, int] = {}
        for condition in conditions[claim.name]:
            group = (condition.base, condition.n_households, condition.world)
            longest[group] = max(longest.get(group, 0), condition.steps)
        for condition in conditions[claim.name]:
            steps = longest[(condition.base, condition.n_households, condition.world)]
            for arm in claim.arms.values():
                params, coefficients = arm_run(claim, arm, condition)
                params["steps"] = steps
                key = _key(params, coefficients)
                if key in runs:
                    runs[key][2].update(metrics)
                else:
                    runs[key] = (params, coefficients, set(metrics))
                where[(claim.name, condition, arm.name)] = key
    return runs, where


def run_claims(
    claims: list[Claim],
    conditions: dict[str, list[Condition]],
    *,
    seeds: int = 30,
    master_seed: int = 2026,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: RunCache | None = None,
    level: float = 0.95,
) -> list[Verdict]:
    """Verdicts of every test of every claim at every condition (intervals at `level`).
    Runs already in `cache` (a killed validation's, or an earlier look's) are not run again;
    every finished run is added to it."""
    runs, where = plan(claims, conditions)
    seed_list = paired_seeds(master_seed, seeds)
    needed = needs(claims, conditions, runs, where)
    means = run_or_reuse(runs, needed, seed_list, cache or RunCache(None), workers, scheduler,
                         progress)  # fmt: skip
    out = []
    for claim in claims:
        for condition in conditions[claim.name]:
            values = {}
            for arm in claim.arms.values():
                key = where[(claim.name, condition, arm.name)]
                for metric in sorted(runs[key][2]):
                    for window in ("final", "first_quarter"):
                        values[(arm.name, metric, window)] = np.array(
                            [means[(key, r)][(metric, window, condition.steps)]
                             for r in range(len(seed_list))]
                        )  # fmt: skip
            out.extend(verdicts(claim, condition, values, level))
    return out


def needs(claims, conditions, runs, where) -> dict[str, set[tuple[str, str, int]]]:
    """Per run key: the (metric, window, horizon) means that some condition reads."""
    out: dict[str, set] = {key: set() for key in runs}
    for claim in claims:
        for condition in conditions[claim.name]:
            for arm in claim.arms.values():
                key = where[(claim.name, condition, arm.name)]
                out[key] |= {
                    (metric, window, condition.steps)
                    for metric in runs[key][2]
                    for window in ("final", "first_quarter")
                }
    return out


def run_or_reuse(runs, needed, seed_list, cache, workers, scheduler, progress):
    """(key, replication) -> window means, from the cache or from new runs."""
    keys = list(runs)
    means, tasks = {}, []
    for i, key in enumerate(keys):
        for r, seed in enumerate(seed_list):
            known = cache.get(run_id(key, seed), needed[key])
            if known is not None:
                means[(key, r)] = known
                continue
            params, coefficients, metrics = runs[key]
            tasks.append(
                Task(f"k{i:05d}-r{r:04d}", i, r, seed, params, tuple(sorted(metrics)), coefficients)
            )
    for done, result in enumerate(execute(tasks, workers=workers, scheduler=scheduler), 1):
        if result.status != "done":
            raise RuntimeError(f"a validation run failed: {result.error}")
        key = keys[result.point]
        metrics = sorted(runs[key][2])
        found = {}
        for horizon in {h for _, _, h in needed[key]}:
            for (metric, window), value in window_means(result.weekly, metrics, horizon).items():
                found[(metric, window, horizon)] = value
        cache.put(run_id(key, result.seed), found, result.cpu_seconds)
        means[(key, result.replication)] = found
        if progress:
            progress(done, len(tasks))
    return means
