"""Checks of what the Python API is given as a seed or a number of weeks, so that a wrong
value ends with a ParameterError saying what is allowed, not a NumPy error."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from sim.errors import ParameterError

MAX_SEED = 2**63 - 1


def check_seed(seed: Any, what: str = "seed") -> int | np.random.Generator | None:
    """A seed as the model takes it: a whole number from 0 to 2^63 - 1 (NumPy integers too),
    a numpy Generator, or None (a fresh random seed)."""
    if seed is None or isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool | np.bool_) or not isinstance(seed, numbers.Integral):
        raise ParameterError(
            f"{what} = {_show(seed)} is not allowed: a seed is a whole number from 0 to "
            f"2^63 - 1 ({MAX_SEED})"
        )
    value = int(seed)
    if not 0 <= value <= MAX_SEED:
        raise ParameterError(
            f"{what} = {value} is not allowed: a seed is a whole number from 0 to 2^63 - 1 "
            f"({MAX_SEED})"
        )
    return value


def check_weeks(n: Any, what: str = "weeks") -> int:
    """A number of weeks to run: a whole number, 0 or more (NumPy integers too)."""
    if isinstance(n, bool | np.bool_) or not isinstance(n, numbers.Integral):
        raise ParameterError(
            f"{what} = {_show(n)} is not allowed: the model runs whole weeks (0, 1, 2, ...)"
        )
    if n < 0:
        raise ParameterError(f"{what} = {n} is not allowed: the model cannot run backwards")
    return int(n)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
