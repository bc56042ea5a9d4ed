"""Check parameter names and values against the registry, with messages that say what is allowed."""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from sim.errors import ParameterError
from sim.parameters.registry import PARAMETERS, Parameter

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name most like `name`, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_name_message(name: str, known: Iterable[str], what: str = "parameter") -> str:
    known = sorted(known)
    guess = closest(name, known)
    if guess:
        return f"unknown {what} '{name}'; did you mean '{guess}'?"
    return f"unknown {what} '{name}'; known {what}s: {', '.join(known)}"


def get_parameter(name: str) -> Parameter:
    try:
        return PARAMETERS[name]
    except KeyError:
        raise ParameterError(unknown_name_message(name, PARAMETERS)) from None


def describe_range(p: Parameter) -> str:
    if p.kind is bool:
        return "true or false"
    kind = "an integer" if p.kind is int else "a number"
    return f"{kind} from {p.low:g} to {p.high:g} ({p.unit})"


def validate_value(name: str, value: Any) -> int | float | bool:
    """Return `value` as the parameter's type, or raise ParameterError saying what is allowed."""
    p = get_parameter(name)
    value = _plain_scalar(value)
    bad = ParameterError(f"'{name}' = {_show(value)} is not allowed: expected {describe_range(p)}")
    if p.kind is bool:
        if isinstance(value, bool):
            return value
        raise bad
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    if p.kind is int:
        if isinstance(value, float):
            if not value.is_integer():
                raise bad
            value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise bad
    if not p.low <= value <= p.high:
        raise bad
    return value


def _plain_scalar(value: Any) -> Any:
    """NumPy scalars (np.int64(300), np.float64(0.5), np.bool_(True)) as Python numbers."""
    if isinstance(value, numbers.Number | np.bool_) and not isinstance(value, int | float):
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, numbers.Integral):
            return int(value)
        if isinstance(value, numbers.Real):
            return float(value)
    return value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_value(name: str, text: str) -> int | float | bool:
    """Parse a command-line value (`--set name=text`) as the parameter's type, then validate."""
    p = get_parameter(name)
    raw = text.strip()
    value: Any
    if p.kind is bool:
        low = raw.lower()
        if low in _TRUE:
            value = True
        elif low in _FALSE:
            value = False
        else:
            raise ParameterError(f"'{name}' = {raw!r} is not allowed: expected true or false")
    else:
        try:
            value = int(raw) if p.kind is int else float(raw)
        except ValueError:
            try:
                value = float(raw)  # "400.0" for an int parameter is fine; "4e2" too
            except ValueError:
                raise ParameterError(
                    f"'{name}' = {raw!r} is not a number: expected {describe_range(p)}"
                ) from None
    return validate_value(name, value)


def validate_values(values: Mapping[str, Any]) -> dict[str, int | float | bool]:
    return {name: validate_value(name, value) for name, value in values.items()}
