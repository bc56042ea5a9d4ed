"""Claims as data (experiments/claims.toml): read, plan the runs, and judge each claim.

A claim has arms (a scenario and parameter or coefficient changes), tests (an effect: an
expression over ARM.METRIC final-quarter means, with a direction) and a scope (where it must
hold). A *condition* is one place it is tested: a base scenario (the reference point or a
named scenario within scope), a community size and a horizon. Every arm of a condition runs
on the same seeds, so effects are paired differences; a test's verdict is:

- holds: the 95% interval excludes zero in the claimed direction and the mean effect is at
  least `min_effect` (for not_decrease / not_increase: the interval stays above -min_effect
  / below +min_effect);
- no effect: otherwise, unless
- reversed: the interval excludes zero the other way and the effect is at least min_effect;
- not applicable: the test's `where` (a condition on the arms' outcomes, means over the
  seeds) is false there, e.g. clustering where too few residents take part to measure it;
  or the named scenario lies outside the test's own `scope` (a narrowing of its claim's).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from sim.errors import GovsimError
from sim.experiments.expressions import (
    ExpressionError,
    evaluate_condition,
    outcome_condition_terms,
    terms,
)
from sim.model import METRIC_NAMES
from sim.model.calibration import DEFAULT_CALIBRATION, coefficient_names
from sim.model.metrics import NEGLIGIBLE_EFFECT
from sim.parameters import PARAMETERS, available_scenarios, load_scenario
from sim.parameters.tomlfile import read_toml, where
from sim.parameters.validation import unknown_name_message, validate_value

DIRECTIONS = ("increase", "decrease", "not_decrease", "not_increase", "report")
MIN_EFFECT = NEGLIGIBLE_EFFECT  # MODEL.md section 9: smaller effects count as none


class ClaimsError(GovsimError):
    """A claims file that cannot be read or names something that does not exist."""


@dataclass(frozen=True)
class Arm:
    name: str
    scenario: str | None = None  # None: the condition's base scenario
    set: dict = field(default_factory=dict)
    coefficients: dict = field(default_factory=dict)
    budget_of: str | None = None
    # coefficient -> added to its value in the world (its default at the reference point):
    # a treatment of the same size in every world, where `coefficients` would pin the value
    shift: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Test:
    name: str
    effect: str | None = None
    direction: str = "increase"
    min_effect: float = MIN_EFFECT
    either: tuple[str, ...] = ()
    where: str | None = None  # where the test applies: a condition on the arms' outcomes
    scope: str | None = None  # named scenarios where it applies: a condition on parameters

    def terms(self) -> list[tuple[str, str, str]]:
        """(arm, metric, window) of every name in the effect and in `where`."""
        found = terms(ast.parse(self.effect, mode="eval").body) if self.effect else []
        return found + (outcome_condition_terms(self.where) if self.where else [])

    def in_scope(self, params) -> bool:
        """Does the test apply at a named scenario with these parameters?"""
        return self.scope is None or bool(evaluate_condition(self.scope, params))


@dataclass(frozen=True)
class Claim:
    name: str
    title_en: str
    title_zh: str
    statement_en: str
    statement_zh: str
    scope: str
    reference: dict
    arms: dict[str, Arm]
    tests: tuple[Test, ...]

    def title(self, lang: str = "en") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def statement(self, lang: str = "en") -> str:
        return self.statement_zh if lang == "zh" else self.statement_en

    def limits(self) -> list[tuple[Test, str, str]]:
        """(test, "where" or "scope", its condition) of every test that applies only somewhere,
        in the order of the tests (what the validation report and page list)."""
        return [(t, kind, getattr(t, kind)) for t in self.tests for kind in ("where", "scope")
                if getattr(t, kind)]  # fmt: skip

    def judged(self) -> Claim:
        """The claim without its reported tests and the arms only they need: what a world's
        verdict rests on (reported comparisons are shown at the reference point)."""
        tests = tuple(t for t in self.tests if t.direction != "report")
        needed = {arm for t in tests for arm, _, _ in t.terms()}
        arms = {name: arm for name, arm in self.arms.items() if name in needed}
        return replace(self, tests=tests, arms=arms)

    def in_scope(self, params) -> bool:
        """Does a scenario with these parameters fall within the claim's scope?"""
        if self.scope == "all":
            return True
        if self.scope == "reference":
            return False
        return bool(evaluate_condition(self.scope, params))


@dataclass(frozen=True)
class Condition:
    """Where a claim is tested: a base scenario (with parameters set), a size, a horizon, and
    optionally a world (its draws of the uncertainties, as sorted (name, value) pairs)."""

    claim: str
    base: str  # "reference" or a named scenario
    n_households: int
    steps: int
    world: int | None = None
    draws: tuple = ()

    @property
    def label(self) -> str:
        where = f"{self.base}, {self.n_households:,} households, {self.steps} weeks"
        return where if self.world is None else f"{where}, world {self.world}"


# ------------------------------------------------------------------ reading


def load_claims(path: str | Path) -> list[Claim]:
    """Read and check a claims file; every problem names the file, line and what is allowed."""
    path = Path(path)
    if path.is_dir():
        raise ClaimsError(f"{path} is a folder; give a claims file (TOML)")
    if not path.is_file():
        raise ClaimsError(f"claims file {path} does not exist")
    data, text = read_toml(path, ClaimsError, "claims")

    def fail(key: str, message: str):
        raise ClaimsError(f"{where(path, text, key)}: {message}")

    if (
        not set(data) <= {"claim", "worlds"}
        or not isinstance(data.get("claim"), dict)
        or not data["claim"]
    ):
        raise ClaimsError(
            f"{path}: a claims file holds [claim.NAME] tables and an optional [worlds] table"
        )
    return [_claim(name, table, fail) for name, table in data["claim"].items()]


def load_world_uncertainties(path: str | Path) -> tuple:
    """The claims file's [worlds] table: the uncertainties claims are checked across (each
    over its plausible range); none when the table is absent."""
    from sim.experiments.worlds import read_uncertainties

    path = Path(path)
    data, text = read_toml(path, ClaimsError, "claims")
    table = data.get("worlds", {})

    def fail(key: str, message: str):
        raise ClaimsError(f"{where(path, text, key)}: {message}")

    if not isinstance(table, dict) or set(table) - {"uncertainties"}:
        fail("worlds", "[worlds] holds one key: uncertainties = [names of coefficients]")
    names = table.get("uncertainties", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        fail("uncertainties", "'uncertainties' is a list of coefficient names")
    return read_uncertainties({name: "plausible" for name in names}, fail)


def _claim(name: str, table, fail) -> Claim:
    if not isinstance(table, dict):
        fail(name, f"[claim.{name}] must be a table")
    allowed = (
        "title_en",
        "title_zh",
        "statement_en",
        "statement_zh",
        "scope",
        "reference",
        "arms",
        "test",
    )
    for key in table:
        if key not in allowed:
            fail(key, unknown_name_message(key, allowed, f"key of [claim.{name}]"))
    for key in ("title_en", "title_zh", "statement_en", "statement_zh", "scope"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            fail(key if key in table else name, f"claim {name!r} needs a non-empty '{key}'")
    scope = table["scope"]
    if scope not in ("all", "reference") and (problem := scope_problem(scope)):
        fail("scope", f"claim {name!r}: scope {scope!r} is not a condition: {problem}")
    reference = table.get("reference")
    if not isinstance(reference, dict):
        fail(name, f"claim {name!r} needs a 'reference' = {{ scenario = ..., set = {{...}} }}")
    _check_arm_body(name, "reference", {**reference}, fail)
    arms_table = table.get("arms")
    if not isinstance(arms_table, dict) or not arms_table:
        fail(name, f"claim {name!r} needs [claim.{name}.arms] with at least one arm")
    arms = {arm: _arm(name, arm, body, fail) for arm, body in arms_table.items()}
    tests_table = table.get("test")
    if not isinstance(tests_table, list) or not tests_table:
        fail(name, f"claim {name!r} needs at least one [[claim.{name}.test]]")
    tests = tuple(_test(name, i, body, arms, fail) for i, body in enumerate(tests_table))
    names = [t.name for t in tests]
    for test in tests:
        for other in test.either:
            if other not in names or other == test.name:
                fail(test.name, f"claim {name!r}: 'either' names unknown test {other!r}")
    if scope == "reference" and any(a.scenario is None for a in arms.values()):
        fail("scope", f"claim {name!r}: with scope 'reference' every arm names its scenario")
    if scope == "reference" and any(t.scope for t in tests):
        fail("scope", f"claim {name!r}: with scope 'reference' no test can have a scope")
    return Claim(
        name,
        table["title_en"],
        table["title_zh"],
        table["statement_en"],
        table["statement_zh"],
        scope,
        reference,
        arms,
        tests,
    )


PARAMETERS_DEFAULTS = {name: p.default for name, p in PARAMETERS.items()}


TABLE_EXAMPLES = {
    "set": "households_per_worker = 300",
    "coefficients": "worker_capacity = 40",
    "shift": "offline_intercept = 1.5",
}


def _check_arm_body(claim: str, arm: str, body: dict, fail) -> None:
    allowed = ("scenario", "set", "coefficients", "budget_of", "shift")
    for key in body:
        if key not in allowed:
            fail(arm, unknown_name_message(key, allowed, f"key of arm {arm!r}"))
    for key in ("set", "coefficients", "shift"):
        if not isinstance(body.get(key, {}), dict):
            fail(arm, f"claim {claim!r}, arm {arm!r}: '{key}' must be a table of names and "
                      f"values, e.g. {key} = {{ {TABLE_EXAMPLES[key]} }}")  # fmt: skip
    for key in ("scenario", "budget_of"):
        if key in body:
            if not isinstance(body[key], str):
                fail(arm, f"claim {claim!r}, arm {arm!r}: '{key}' must be a scenario name")
            if body[key] not in available_scenarios():
                msg = unknown_name_message(body[key], available_scenarios(), "scenario")
                fail(arm, f"claim {claim!r}, arm {arm!r}: {msg}")
    for key, value in body.get("set", {}).items():
        try:
            validate_value(key, value)
        except GovsimError as exc:
            fail(arm, f"claim {claim!r}, arm {arm!r}: {exc}")
    known = coefficient_names()
    for key in [*body.get("coefficients", {}), *body.get("shift", {})]:
        if key not in known:
            fail(
                arm,
                f"claim {claim!r}, arm {arm!r}: {unknown_name_message(key, known, 'coefficient')}",
            )
    _check_shift(claim, arm, body, fail)


def _check_shift(claim: str, arm: str, body: dict, fail) -> None:
    """A shift adds a number to a coefficient that is one number, and does not also pin it."""
    for key, value in body.get("shift", {}).items():
        where = f"claim {claim!r}, arm {arm!r}: shift of '{key}'"
        if not isinstance(getattr(DEFAULT_CALIBRATION, key), int | float):
            fail(arm, f"{where}: only a coefficient that is one number can be shifted")
        if isinstance(value, bool) or not isinstance(value, int | float):
            fail(arm, f"{where} must be a number added to its value, e.g. 1.5")
        if key in body.get("coefficients", {}):
            fail(arm, f"{where}: '{key}' is also set in 'coefficients'; give one of the two")


def _arm(claim: str, arm: str, body, fail) -> Arm:
    if not isinstance(body, dict):
        fail(arm, f"claim {claim!r}: arm {arm!r} must be a table")
    _check_arm_body(claim, arm, body, fail)
    return Arm(
        arm,
        body.get("scenario"),
        dict(body.get("set", {})),
        dict(body.get("coefficients", {})),
        body.get("budget_of"),
        dict(body.get("shift", {})),
    )


@cache
def _settings_to_judge_scopes() -> tuple[dict, ...]:
    """The defaults and every named scenario (read once: a claims file has several scopes)."""
    return (dict(PARAMETERS_DEFAULTS), *(dict(load_scenario(n)) for n in available_scenarios()))


def scope_problem(scope: str) -> str | None:
    """Why a scope cannot be judged at the defaults or at some named scenario (None: it can),
    so a bad one is found before anything runs, not after."""
    try:
        for params in _settings_to_judge_scopes():
            evaluate_condition(scope, params)
    except (ExpressionError, SyntaxError) as exc:
        return str(exc)
    return None


def _test(claim: str, i: int, body, arms: dict, fail) -> Test:
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        fail(claim, f"claim {claim!r}: test {i + 1} needs a 'name'")
    name = body["name"]
    allowed = ("name", "effect", "direction", "min_effect", "either", "where", "scope")
    for key in body:
        if key not in allowed:
            fail(name, unknown_name_message(key, allowed, f"key of test {name!r}"))
    if "either" in body:
        either = body["either"]
        if (
            not isinstance(either, list)
            or len(either) < 2
            or {"effect", "where", "scope"} & set(body)
        ):
            fail(name, f"test {name!r}: 'either' is a list of two or more test names, alone")
        return Test(name, direction="either", either=tuple(either))
    direction = body.get("direction", "increase")
    if direction not in DIRECTIONS:
        fail(name, f"test {name!r}: direction {direction!r} is not one of {', '.join(DIRECTIONS)}")
    min_effect = body.get("min_effect", MIN_EFFECT)
    if isinstance(min_effect, bool) or not isinstance(min_effect, int | float) or min_effect < 0:
        fail(name, f"test {name!r}: 'min_effect' must be a number 0 or more")
    condition = body.get("where")
    if condition is not None and (not isinstance(condition, str) or not condition.strip()):
        fail(name, f"test {name!r}: 'where' is a condition such as 'a.metric >= 0.01'")
    scope = body.get("scope")
    if scope is not None:
        if not isinstance(scope, str) or not scope.strip():
            fail(
                name,
                f"test {name!r}: 'scope' is a condition such as 'households_per_worker >= 600'",
            )
        if problem := scope_problem(scope):
            fail(
                name, f"test {name!r}: scope {scope!r} is not a condition on parameters: {problem}"
            )
    test = Test(
        name, body.get("effect"), direction, float(min_effect), where=condition, scope=scope
    )
    if not isinstance(test.effect, str):
        fail(name, f"test {name!r} needs an 'effect' expression such as 'a.metric - b.metric'")
    try:
        terms(ast.parse(test.effect, mode="eval").body)
    except (SyntaxError, ExpressionError) as exc:
        fail(name, f"test {name!r}: cannot read the effect {test.effect!r}: {exc}")
    try:
        if condition:
            outcome_condition_terms(condition)
    except (SyntaxError, ExpressionError) as exc:
        fail(name, f"test {name!r}: cannot read 'where' {condition!r}: {exc}")
    for arm, metric, _window in test.terms():
        if arm not in arms:
            fail(name, f"test {name!r}: {unknown_name_message(arm, arms, 'arm')}")
        if metric not in METRIC_NAMES:
            fail(name, f"test {name!r}: {unknown_name_message(metric, METRIC_NAMES, 'metric')}")
    return test
