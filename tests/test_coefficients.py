"""The coefficient registry: complete, consistent with Calibration, validated, sampled."""

import ast
import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.cli.main import main
from sim.errors import ParameterError
from sim.model.calibration import DEFAULT_CALIBRATION, Calibration, with_coefficients
from sim.model.coefficient_groups.base import SUM_TO_ONE, TILTED, flat
from sim.model.coefficients import (
    COEFFICIENTS,
    GROUPS,
    UNITS_ZH,
    uncertain_value,
    validate_coefficient,
    validate_coefficients,
)

MODEL = Path(__file__).resolve().parent.parent / "sim" / "model"
NOT_READ = {"initial_platform_quality"}  # kept in Calibration, read by nothing since model 2
DEFINITIONS = {
    "can_use_threshold",
    "satisfied_threshold",
    "recent_weeks",
    "review_weeks",
    "effort_total",
}
WITH_SOURCES = {
    "youth_share_of_under60",
    "literacy_beta",
    "deadline_weeks",
    "ability_threshold_hard",
    "cost_worker",
}


def test_registry_holds_every_calibration_field_in_order_with_its_default():
    fields = dataclasses.fields(Calibration)
    assert list(COEFFICIENTS) == [f.name for f in fields]
    for f in fields:
        c = COEFFICIENTS[f.name]
        default = getattr(DEFAULT_CALIBRATION, f.name)
        assert c.default == default and type(c.default) is type(default), f.name
        assert flat(c.default) == flat(default)
        assert [type(x) for x in flat(c.default)] == [type(x) for x in flat(default)], f.name


def _attribute_uses(tree: ast.AST) -> set[str]:
    """NAME of every `c.NAME`, `cal.NAME` and `<anything>.cal.NAME` in a module."""
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if (isinstance(owner, ast.Name) and owner.id in ("c", "cal")) or (
            isinstance(owner, ast.Attribute) and owner.attr == "cal"
        ):
            names.add(node.attr)
    return names


def test_every_coefficient_the_model_reads_is_registered():
    used = set()
    for path in MODEL.rglob("*.py"):
        if path.name == "coefficients.py" or "coefficient_groups" in path.parts:
            continue  # the registry itself, whose `c` is a Coefficient
        used |= _attribute_uses(ast.parse(path.read_text(encoding="utf-8")))
    assert len(used) > 100, "the scan found too few uses: has the model's naming changed?"
    assert used - set(COEFFICIENTS) == set(), "read by the model but not registered"
    assert set(COEFFICIENTS) - used <= NOT_READ, "registered but never read by the model"


def test_the_scan_sees_every_way_the_model_names_its_calibration():
    text = "c.a\ncal.b\nself.cal.c\nmodel.cal.d\nself.model.cal.e\npipe.model.cal.f\nx.g\n"
    assert _attribute_uses(ast.parse(text)) == set("abcdef")


@pytest.mark.parametrize("c", COEFFICIENTS.values(), ids=lambda c: c.name)
def test_each_entry_is_complete(c):
    assert c.group in GROUPS
    assert c.label_en and c.label_en[0].isupper()
    assert re.search(r"[\u4e00-\u9fff]", c.label_zh), "the Chinese label is not Chinese"
    assert c.unit in UNITS_ZH, "no Chinese unit"
    assert c.source and len(c.source) > 20
    for text in (c.label_en, c.label_zh, c.unit, c.source):
        assert "|" not in text and "\n" not in text  # one row of the ODD's table
    assert c.hard_low < c.hard_high and c.low < c.high
    assert c.scaled == isinstance(c.default, tuple)


@pytest.mark.parametrize("c", COEFFICIENTS.values(), ids=lambda c: c.name)
def test_plausible_range_holds_the_default_and_lies_within_the_hard_bounds(c):
    for x in flat(c.default):
        assert c.hard_low <= x <= c.hard_high
    if not c.scaled:
        assert c.hard_low <= c.low <= c.default <= c.high <= c.hard_high
        return
    assert c.low <= 1.0 <= c.high
    if c.name not in TILTED and not c.integer:  # integers are rounded, then clipped
        for factor in (c.low, c.high):
            for x in flat(c.default):
                assert c.hard_low - 1e-12 <= x * factor <= c.hard_high + 1e-12, (x, factor)


@pytest.mark.parametrize("c", COEFFICIENTS.values(), ids=lambda c: c.name)
def test_judgement_ranges_are_thirty_percent_unless_the_hard_bounds_cut_them(c):
    if c.name in WITH_SOURCES or c.name in DEFINITIONS or c.name == "org_categories":
        assert not c.judged
        return
    assert c.judged and c.source.startswith("±30% of the default (judgement")
    low, high = (0.7, 1.3) if c.scaled else sorted((c.default * 0.7, c.default * 1.3))
    if "capped" in c.source:  # narrower, within the hard bounds
        assert low <= c.low + 1e-12 and c.high <= high + 1e-12
        assert (c.low, c.high) != pytest.approx((low, high))
    else:
        assert (c.low, c.high) == pytest.approx((low, high))


def test_definitions_have_a_narrow_range_and_say_so():
    for name in DEFINITIONS:
        c = COEFFICIENTS[name]
        assert c.definition and "Definition" in c.source
        assert c.high - c.low <= 0.1 * abs(c.default) + 0.8
        if c.integer:  # the whole range rounds to the default
            assert uncertain_value(name, c.low) == uncertain_value(name, c.high) == c.default
    assert {n for n, c in COEFFICIENTS.items() if c.definition} == DEFINITIONS


def test_integer_and_scaled_properties():
    assert COEFFICIENTS["recent_weeks"].integer and not COEFFICIENTS["recent_weeks"].scaled
    assert COEFFICIENTS["deadline_weeks"].integer and COEFFICIENTS["deadline_weeks"].scaled
    assert not COEFFICIENTS["literacy_beta"].integer and COEFFICIENTS["literacy_beta"].scaled
    assert COEFFICIENTS["occupancy"].label("zh") == "有住户的格点比例"
    assert COEFFICIENTS["occupancy"].label() == COEFFICIENTS["occupancy"].label_en


# ------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "worker_capacit",
            30,
            "unknown coefficient 'worker_capacit'; did you mean 'worker_capacity'?",
        ),
        ("worker_capacity", -3, "from 0 to 1000 (cases per worker-week)"),
        ("worker_capacity", True, "expected a number from 0 to 1000"),
        ("worker_capacity", np.bool_(True), "expected a number"),
        ("worker_capacity", "37", "expected a number"),
        ("worker_capacity", float("nan"), "expected a number"),
        ("occupancy", 1.2, "'occupancy' = 1.2 is not allowed (outside 0.1–1)"),
        ("recent_weeks", 4.5, "expected an integer from 1 to 52 (weeks)"),
        ("recent_weeks", 0, "outside 1–52"),
        ("deadline_weeks", [1, 2], "expected a list of 3 integers, each from 1 to 52"),
        ("deadline_weeks", [0, 2, 4], "element 1 is 0, outside 1–52"),
        ("deadline_weeks", 2, "expected a list of 3 integers"),
        ("household_adults", [0.3, 0.3, 0.3, 0.3], "they add up to 1.2"),
        ("complexity_probs", [[0.6, 0.1, 0.3]] * 4 + [[0.5, 0.1, 0.3]], "row 5 adds up to 0.9"),
        ("complexity_probs", [[0.6, 0.1, 0.3]] * 5 + [[0.6, 0.1, 0.3]], "5 lists of 3 numbers"),
        ("org_quality_range", [0.9, 0.5], "the first is above the second"),
        ("org_category_weights", [0, 0, 0, 0, 0], "the weights add up to 0"),
        ("offline_by_age", [0.0, 0.9, 21.0], "element 3 is 21, outside -20–20"),
    ],
)
def test_bad_values_say_what_is_allowed(name, value, message):
    with pytest.raises(ParameterError) as error:
        validate_coefficient(name, value)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_good_values_come_back_as_the_coefficients_type():
    assert validate_coefficient("worker_capacity", 30) == 30.0
    assert type(validate_coefficient("worker_capacity", 30)) is float
    assert type(validate_coefficient("worker_capacity", np.float32(30.5))) is float
    assert validate_coefficient("recent_weeks", np.int64(5)) == 5
    assert type(validate_coefficient("recent_weeks", 5.0)) is int
    assert validate_coefficient("deadline_weeks", [1, 2, 3]) == (1, 2, 3)
    assert validate_coefficient("org_quality_range", np.array([0.5, 0.9])) == (0.5, 0.9)
    rows = validate_coefficient("literacy_beta", [[5, 1.6], [3.2, 2], [1.8, 2.1]])
    assert rows == ((5.0, 1.6), (3.2, 2.0), (1.8, 2.1)) and type(rows[0][0]) is float
    assert validate_coefficients({"occupancy": 0.9, "org_categories": 3}) == {
        "occupancy": 0.9,
        "org_categories": 3,
    }


def test_rules_joining_two_coefficients():
    with pytest.raises(ParameterError, match="activity effort would fall below 0"):
        validate_coefficients({"effort_total": 1.4, "effort_bounds": [0.5, 1.5]})
    with pytest.raises(ParameterError, match="more than the 2 categories"):
        validate_coefficients({"org_categories": 3, "org_category_weights": [0, 0, 0, 1, 1]})
    with pytest.raises(ParameterError, match="more than the 1 categories"):
        with_coefficients({"org_category_weights": [0, 0, 0, 0, 1]})


def test_with_coefficients_validates_and_keeps_the_rest():
    assert with_coefficients({}) is DEFAULT_CALIBRATION
    cal = with_coefficients({"neighbour_influence": 0, "deadline_weeks": [1, 2, 3]})
    assert cal.neighbour_influence == 0.0 and cal.deadline_weeks == (1, 2, 3)
    assert dataclasses.replace(cal, neighbour_influence=1.0, deadline_weeks=(1, 2, 4)) == (
        DEFAULT_CALIBRATION
    )
    with pytest.raises(ParameterError, match="did you mean 'occupancy'"):
        with_coefficients({"occupancyy": 0.9})
    with pytest.raises(ParameterError, match="from 0 to 1"):
        with_coefficients({"volunteer_share": 1.5})


# ------------------------------------------------------------------ uncertain_value


def test_uncertain_value_of_a_number_is_x_itself_rounded_and_clipped():
    assert uncertain_value("worker_capacity", 40.5) == 40.5
    assert uncertain_value("occupancy", 1.2) == 1.0
    assert uncertain_value("offline_intercept", -30) == -20.0
    assert uncertain_value("org_categories", 2.6) == 3
    assert uncertain_value("org_categories", 1.5) == 2  # half up
    assert uncertain_value("recent_weeks", 0.2) == 1


def test_uncertain_value_of_a_tuple_scales_every_element():
    assert uncertain_value("offline_by_age", 1.3) == pytest.approx((0.0, 1.17, 2.73))
    assert uncertain_value("deadline_weeks", 0.5) == (1, 1, 2)  # 0.5 rounds up, at least 1
    assert uncertain_value("deadline_weeks", 1.2) == (1, 2, 5)
    assert uncertain_value("org_quality_range", 1.3) == pytest.approx((0.845, 1.0))
    beta = uncertain_value("literacy_beta", 2.0)
    assert flat(beta) == pytest.approx([10.0, 3.2, 6.4, 4.0, 3.6, 4.2])


def test_uncertain_value_of_probabilities_tilts_the_odds_and_renormalizes():
    adults = uncertain_value("household_adults", 1.3)
    assert sum(adults) == pytest.approx(1.0)
    assert adults[0] < 0.25 and adults[1] / adults[0] == pytest.approx(0.40 / 0.25 * 1.3)
    rows = uncertain_value("complexity_probs", 0.7)
    for row, default in zip(rows, DEFAULT_CALIBRATION.complexity_probs, strict=True):
        assert sum(row) == pytest.approx(1.0) and row[0] > default[0]
    assert uncertain_value("household_adults", -1.0) == (1.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("c", COEFFICIENTS.values(), ids=lambda c: c.name)
def test_every_plausible_world_is_a_valid_value_and_the_default_at_its_centre(c):
    centre = c.default if not c.scaled else 1.0
    assert uncertain_value(c.name, centre) == c.default
    for x in (c.low, c.high):
        value = uncertain_value(c.name, x)
        assert validate_coefficient(c.name, value) == value
        if c.name in SUM_TO_ONE:
            sums = [sum(r) for r in value] if isinstance(value[0], tuple) else [sum(value)]
            assert sums == pytest.approx([1.0] * len(sums))


def test_uncertain_value_refuses_what_is_not_a_number():
    with pytest.raises(ParameterError, match="finite number"):
        uncertain_value("worker_capacity", "a")
    with pytest.raises(ParameterError, match="unknown coefficient"):
        uncertain_value("worker_capacityy", 1.0)


@pytest.mark.parametrize("end", ["low", "high"])
def test_the_model_runs_with_every_coefficient_at_an_end_of_its_range(end):
    values = {n: uncertain_value(n, getattr(c, end)) for n, c in COEFFICIENTS.items()}
    cal = with_coefficients(values)
    scenario = sim.load_scenario(
        "combined", n_households=200, warmup_weeks=4, responsive_government=True
    )
    frame = sim.simulate(scenario, seed=1, steps=16, calibration=cal)
    assert len(frame) == 16 and frame["satisfaction_mean"].notna().all()


# ------------------------------------------------------------------ govsim coefficients


def test_govsim_coefficients_lists_every_coefficient(capsys):
    assert main(["coefficients"]) == 0
    out = capsys.readouterr().out
    for name in COEFFICIENTS:
        assert name in out
    assert "×0.55–1.75" in out and "-9.36 to -5.04" in out and "Judgement" not in out


def test_govsim_coefficients_by_group_in_chinese_with_sources(capsys):
    assert main(["coefficients", "--group", "cost", "--lang", "zh", "--sources"]) == 0
    out = capsys.readouterr().out
    assert "网格员工资" in out and "千元/(网格员·周)" in out and "成本" in out
    assert "NBS 2022" in out and "occupancy" not in out
    lines = [line for line in out.splitlines()[2:] if line.strip()]
    assert len(lines) == sum(c.group == "cost" for c in COEFFICIENTS.values())


def test_govsim_coefficients_refuses_an_unknown_group(capsys):
    assert main(["coefficients", "--group", "need"]) == 2
    err = capsys.readouterr().err
    assert "Did you mean 'needs'?" in err and ", ".join(GROUPS) in err
    assert len(err.strip().splitlines()) == 1
