"""Scenario files: loading, inheritance, overrides and the messages for bad files."""

from pathlib import Path

import pytest

import sim
from sim.errors import ParameterError, ScenarioError
from sim.parameters import DEFAULTS, available_scenarios, load_scenario

NAMED = [
    "baseline",
    "tech_empowerment",
    "refined_services",
    "personalized_needs",
    "combined",
    "digital_only",
]


def test_the_six_named_scenarios_ship():
    assert set(NAMED) <= set(available_scenarios())


@pytest.mark.parametrize("name", NAMED)
def test_every_shipped_scenario_loads_and_runs(name):
    scenario = load_scenario(name)
    assert scenario.title("en") and scenario.title("zh") and scenario.paper_section
    frame = sim.simulate(scenario.replace(n_households=200), seed=3, steps=8)
    assert list(frame["step"]) == list(range(1, 9))


@pytest.mark.parametrize("name", NAMED[1:])
def test_scenario_files_list_only_what_differs_from_baseline(name):
    from sim.parameters.scenario import _read

    _meta, values, _text, _coefficients = _read(Path(load_scenario(name).source))
    baseline = load_scenario("baseline")
    assert all(baseline[k] != v for k, v in values.items())


def test_combined_is_the_union_of_the_three_paths():
    baseline = load_scenario("baseline")
    combined = load_scenario("combined")
    union = {}
    for path in ("tech_empowerment", "refined_services", "personalized_needs"):
        union.update(load_scenario(path).differences(baseline))
    assert combined.differences(baseline) == union


def test_overrides_are_validated_and_recorded():
    s = load_scenario("baseline", digitization=0.9)
    assert s["digitization"] == 0.9 and s.overrides == {"digitization": 0.9}
    with pytest.raises(ParameterError, match="did you mean"):
        load_scenario("baseline", digitisation=0.9)


def test_scenario_round_trips_through_plain_data():
    s = load_scenario("combined", n_households=500)
    again = sim.Scenario.from_dict(s.to_dict())
    assert dict(again) == dict(s) and again.name == "combined"


def test_unknown_scenario_name_suggests_closest():
    with pytest.raises(ScenarioError, match="did you mean 'baseline'"):
        load_scenario("baseline_")


def write(tmp_path, text, name="custom.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_without_extends_starts_from_defaults(tmp_path):
    s = load_scenario(write(tmp_path, "[parameters]\nsocial_orgs = 7\n"))
    assert s["social_orgs"] == 7 and s.differences() == {"social_orgs": 7}
    assert s["digitization"] == DEFAULTS["digitization"]


def test_extends_can_name_a_shipped_scenario(tmp_path):
    s = load_scenario(
        write(
            tmp_path,
            '[scenario]\nextends = "tech_empowerment"\n[parameters]\nassisted_access = 0.9\n',
        )
    )
    assert s["digitization"] == 0.8 and s["assisted_access"] == 0.9


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("[parameters]\ndigitization = \n", r"not valid TOML.*line 2"),
        (
            "[parameters]\n\ndigitisation = 0.5\n",
            r"line 3: unknown parameter 'digitisation'; "
            r"did you mean 'digitization'",
        ),
        ("[parameters]\ndigitization = 2\n", r"line 2: 'digitization' = 2 .*from 0 to 1"),
        ('[parameters]\nsocial_orgs = "many"\n', r"line 2: 'social_orgs'.*integer from 0 to 30"),
        (
            "[parameter]\ndigitization = 0.5\n",
            r"line 1: unknown table 'parameter'; "
            r"did you mean 'parameters'",
        ),
        ('[scenario]\ntitel_en = "x"\n', r"line 2: unknown key in \[scenario\] 'titel_en'"),
        ('[scenario]\nextends = "nowhere"\n', r"line 2: unknown scenario 'nowhere'"),
        ("parameters = 3\n", r"'parameters' must be a table"),
    ],
)
def test_bad_files_get_a_message_naming_file_line_and_what_is_allowed(tmp_path, text, pattern):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError, match=pattern) as info:
        load_scenario(path)
    assert str(path) in str(info.value)


def test_extends_cycle_is_reported(tmp_path):
    write(tmp_path, '[scenario]\nextends = "b"\n', "a.toml")
    write(tmp_path, '[scenario]\nextends = "a"\n', "b.toml")
    with pytest.raises(ScenarioError, match="circle"):
        load_scenario(tmp_path / "a.toml")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ScenarioError, match="does not exist"):
        load_scenario(tmp_path / "nope.toml")
