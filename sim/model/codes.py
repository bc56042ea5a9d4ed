"""Named codes of the model: one enum per kind of state, one name for each state.

They are `IntEnum`s so that NumPy columns hold them as small integers (`Stage.WORKER == 1`)
and rules compare whole arrays with them. A need that nobody has reported is UNREPORTED in
all three enums where that state appears: its stage, its channel and, if its deadline passes
that way, its outcome.
"""

from __future__ import annotations

from enum import IntEnum


class AgeGroup(IntEnum):
    YOUTH = 0  # 18–34
    MIDDLE = 1  # 35–59
    ELDERLY = 2  # 60+


class Category(IntEnum):
    """Kinds of need (MODEL.md 3.1)."""

    PUBLIC_AFFAIRS = 0  # repairs, environment, disputes
    ELDERLY_CARE = 1
    HEALTH = 2
    CHILD_CARE = 3
    SKILLS = 4


class Complexity(IntEnum):
    SIMPLE = 0  # a grid worker settles it
    SERVICE = 1  # needs a provider (a social organization, else the government fallback)
    COMPLEX = 2  # needs government departments


class Channel(IntEnum):
    """How a need reached the community (MODEL.md 3.2)."""

    UNREPORTED = 0
    ONLINE = 1
    OFFLINE = 2  # told the grid worker
    ASSISTED = 3  # offline desk or proxy service (代办)
    FOUND = 4  # found on a household visit or flagged by shared data


class Stage(IntEnum):
    """Where an open need is (see the life cycle in sim.model.cases.pipeline)."""

    UNREPORTED = 0
    WORKER = 1  # in the grid worker's queue
    REFERRAL = 2  # waiting for a social organization
    ORGANIZATION = 3  # taken by an organization, closes next week
    GOVERNMENT = 4  # escalated to government departments
    FALLBACK = 5  # a service case no organization took: the government's slower service


class Outcome(IntEnum):
    """How a need ended (OPEN while it has not)."""

    OPEN = 0
    MET = 1  # closed by its deadline
    LATE = 2  # closed after it
    ABANDONED = 3  # reported but given up after `abandon_after` deadlines
    UNREPORTED = 4  # never reported or found before its deadline


def names(enum: type[IntEnum]) -> tuple[str, ...]:
    """Lower-case names in code order: ('youth', 'middle', 'elderly')."""
    return tuple(member.name.lower() for member in enum)
