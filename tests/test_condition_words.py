"""Conditions of the claims file in plain words, for the validation page."""

from pathlib import Path

import pytest

from sim.app.condition_words import condition_words
from sim.experiments.claims import Arm, load_claims

ARMS = {"h800": Arm("h800", set={"households_per_worker": 800}), "less": Arm("less")}
SHIPPED = Path(__file__).resolve().parent.parent / "experiments" / "claims.toml"


@pytest.mark.parametrize(
    "text, en, zh",
    [
        (
            "assisted_access <= 0.2 and households_per_worker >= 500",
            "assisted access is at most 0.2 and households per grid worker is at least 500",
            "适老化辅助不高于0.2且每名网格员服务户数不低于500",
        ),
        (
            "h800.needs_met_rate >= 0.1",
            "needs met in time with households per grid worker 800 is at least 0.1",
            "每名网格员服务户数为800时的需求按时解决率不低于0.1",
        ),
        ("less.online_share < 0.25", "reported online is below 0.25", "线上反映比例低于0.25"),
    ],
)
def test_a_condition_in_words(text, en, zh):
    assert condition_words(text, ARMS, "en") == en
    assert condition_words(text, ARMS, "zh") == zh


def test_what_the_words_cannot_say_is_shown_as_written():
    for text in ("h800.backlog in (1, 2)", "not event_variety", "events_per_week ** 2 > 4"):
        assert condition_words(text, ARMS, "en") == text


def test_every_condition_of_the_shipped_claims_is_said_in_words():
    """No condition of the claims file falls back to code, and the Chinese has no Latin
    names (parameters and metrics all have Chinese labels)."""
    for claim in load_claims(SHIPPED):
        conditions = [x for _, _, x in claim.limits()]
        if claim.scope not in ("all", "reference"):
            conditions.append(claim.scope)
        for text in conditions:
            assert condition_words(text, claim.arms, "en") != text
            zh = condition_words(text, claim.arms, "zh")
            assert not any(c.isascii() and c.isalpha() for c in zh), zh
