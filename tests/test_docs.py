"""Documentation that must stay true to the code."""

from pathlib import Path

from sim import docs
from sim.model.calibration import Calibration
from sim.parameters import PARAMETERS

ROOT = Path(__file__).resolve().parent.parent


def test_generated_tables_in_odd_are_current():
    assert docs.main(["--check"]) == 0, "run `python -m sim.docs` and commit docs/ODD.md"


def test_every_calibration_coefficient_is_documented():
    table = docs.calibration_table()
    for name in Calibration.__dataclass_fields__:
        assert f"`{name}`" in table, name


def test_every_rule_named_in_odd_exists():
    import re

    from sim.model import rules

    text = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    for section in re.findall(r"### 7\.\d+ [^\n]*", text):
        for name in re.findall(r"`(\w+)`", section):
            if "." not in name and name not in PARAMETERS:
                assert hasattr(rules, name), name


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
