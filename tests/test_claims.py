"""The claims of MODEL.md section 9, read from experiments/claims.toml (the file `govsim
validate` reads): each test of each claim on 30 paired seeds, judged on its 95% interval.

The quick tests check every claim at its reference point (1,000 households, 104 weeks). The
slow ones (`pytest -m slow`) check it wherever MODEL.md says it must hold: at every named
scenario within its scope, at 1,000 and 3,000 households, after 104 and 156 weeks.
"""

from pathlib import Path

import pytest

from sim.experiments.claims import Condition, load_claims
from sim.experiments.validate import NOT_APPLICABLE, conditions, run_claims

CLAIMS = load_claims(Path(__file__).resolve().parent.parent / "experiments" / "claims.toml")
SEEDS = 30  # MODEL.md section 9: at least 30 paired seeds


def shortfalls(verdicts) -> list[str]:
    """Tests that do not hold; a test's `where` may be false at a named scenario, or the
    scenario outside the test's `scope` (it does not apply there), never at the reference
    point."""
    return [
        f"{v.test} at {v.condition.label}: {v.verdict}, effect {v.effect:+.4f} "
        f"[{v.low:+.4f}, {v.high:+.4f}]"
        for v in verdicts
        if v.verdict not in ("holds", "reported")
        and not (v.verdict == NOT_APPLICABLE and v.condition.base != "reference")
    ]


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.name)
def test_claim_holds_at_its_reference_point(claim):
    reference = [Condition(claim.name, "reference", 1000, 104)]
    verdicts = run_claims([claim], {claim.name: reference}, seeds=SEEDS)
    assert not shortfalls(verdicts), "\n".join(shortfalls(verdicts))


@pytest.mark.slow
@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.name)
def test_claim_holds_wherever_model_md_says(claim):
    verdicts = run_claims([claim], {claim.name: conditions(claim)}, seeds=SEEDS, workers=2)
    assert not shortfalls(verdicts), "\n".join(shortfalls(verdicts))


def test_every_claim_of_model_md_section_9_is_in_the_file():
    assert [c.name for c in CLAIMS] == [
        "digital_divide",
        "grid_load",
        "social_organizations",
        "variety",
        "monotony",
        "co_governance",
        "digital_only",
        "equal_cost",
    ]
    assert all(c.tests and c.arms and c.title_zh and c.statement_zh for c in CLAIMS)
