"""The parameter registry and validation."""

import re
from pathlib import Path

import pytest

from sim.errors import ParameterError
from sim.parameters import DEFAULTS, PARAMETERS, PATHS, parse_value, validate_value

MODEL_MD = Path(__file__).resolve().parents[2] / "shared" / "design" / "MODEL.md"
SECTION6 = [
    "n_households", "elderly_share", "steps", "digitization", "platform_maintenance",
    "procedure_simplicity", "data_integration", "assisted_access", "households_per_worker",
    "worker_training", "social_orgs", "org_autonomy", "event_variety", "events_per_week",
    "facility_level", "preference_targeting",
    # model 2
    "warmup_weeks", "case_triage", "facility_maintenance", "budget",
]  # fmt: skip


def test_registry_holds_every_parameter_of_model_md_section_6():
    assert set(SECTION6) <= set(PARAMETERS)


@pytest.mark.skipif(not MODEL_MD.exists(), reason="design folder not beside the checkout")
def test_section6_list_matches_model_md():
    table = MODEL_MD.read_text(encoding="utf-8").split("## 6.")[1].split("## 7.")[0]
    assert set(re.findall(r"\| `(\w+)` \|", table)) == set(SECTION6)


@pytest.mark.parametrize("name", SECTION6)
def test_ranges_follow_model_md(name):
    expected = {
        "n_households": (50, 500_000, 3000),
        "elderly_share": (0, 0.6, 0.25),
        "steps": (1, 1040, 104),
        "households_per_worker": (100, 1000, 400),
        "social_orgs": (0, 30, None),
        "event_variety": (1, 8, None),
        "events_per_week": (0, 40, None),
        "warmup_weeks": (0, 520, 52),
        "case_triage": (0, 1, 0),
        "budget": (0, 500, 0),
    }
    p = PARAMETERS[name]
    low, high, default = expected.get(name, (0, 1, None))
    assert (p.low, p.high) == (low, high)
    if default is not None:
        assert p.default == default


@pytest.mark.parametrize("p", PARAMETERS.values(), ids=lambda p: p.name)
def test_every_parameter_is_fully_described(p):
    assert p.label_en and p.label_zh and p.help_en and p.help_zh and p.unit
    assert p.path in PATHS
    assert p.low <= p.default <= p.high
    assert isinstance(p.default, p.kind)
    assert validate_value(p.name, p.default) == p.default


def test_unknown_name_suggests_closest():
    with pytest.raises(ParameterError, match="did you mean 'digitization'"):
        validate_value("digitisation", 0.5)


def test_out_of_range_says_the_range():
    with pytest.raises(ParameterError, match=r"from 0 to 1"):
        validate_value("digitization", 1.5)
    with pytest.raises(ParameterError, match=r"integer from 100 to 1000"):
        validate_value("households_per_worker", 50)


@pytest.mark.parametrize("value", ["high", None, True, float("nan"), [1]])
def test_wrong_types_are_refused(value):
    with pytest.raises(ParameterError):
        validate_value("digitization", value)


def test_integer_parameters_take_whole_floats_only():
    assert validate_value("social_orgs", 4.0) == 4
    assert isinstance(validate_value("social_orgs", 4.0), int)
    with pytest.raises(ParameterError):
        validate_value("social_orgs", 4.5)


def test_parse_value_from_command_line_text():
    assert parse_value("digitization", "0.7") == 0.7
    assert parse_value("households_per_worker", "300") == 300
    assert parse_value("responsive_government", "yes") is True
    with pytest.raises(ParameterError, match="not a number"):
        parse_value("digitization", "lots")
    with pytest.raises(ParameterError, match="true or false"):
        parse_value("responsive_government", "maybe")


def test_defaults_mapping_is_read_only():
    with pytest.raises(TypeError):
        DEFAULTS["digitization"] = 1.0  # type: ignore[index]
