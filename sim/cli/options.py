"""Argument types and options shared by the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.errors import ParameterError
from sim.parameters import parse_value
from sim.parameters.scenario import check_coefficient, is_coefficient


def parse_sets(items: list[str]) -> dict:
    """--set NAME=VALUE, each parameter once (two different values for one name are refused:
    no silent 'last one wins')."""
    overrides: dict = {}
    given: dict[str, str] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--set expects NAME=VALUE, got {item!r}")
        value = parse_coefficient(name, text) if is_coefficient(name) else parse_value(name, text)
        if name in overrides and overrides[name] != value:
            raise ParameterError(
                f"--set {name} is given twice, as {given[name]} and {text.strip()}; "
                "give each parameter or coefficient once"
            )
        overrides[name], given[name] = value, text.strip()
    return overrides


def path_arg(text: str) -> Path:
    """A path argument: an empty one ('') would silently mean the current folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a path, got an empty string")
    if "\x00" in text:
        raise argparse.ArgumentTypeError("a path cannot hold a NUL character")
    return Path(text)


def positive(text: str) -> int:
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def positive_number(text: str) -> float:
    """A number above zero (a cutoff, a threshold in half-widths)."""
    import math

    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text}")
    return value


def seed_arg(text: str) -> int:
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("a seed is a whole number from 0 to 2^63 - 1")
    return value


def parse_coefficient(name: str, text: str):
    """--set COEFFICIENT=VALUE: a number, or numbers separated by commas for a list."""
    parts = [t.strip() for t in text.split(",")]
    try:
        numbers = [float(t) for t in parts]
    except ValueError:
        raise ParameterError(
            f"coefficient '{name}' = {text.strip()!r} is not a number (or numbers separated by "
            "commas)"
        ) from None
    return check_coefficient(name, numbers if len(numbers) > 1 else numbers[0])


def add_coefficients_option(parser) -> None:
    parser.add_argument(
        "--coefficients",
        type=path_arg,
        default=None,
        metavar="FILE",
        help="a TOML file of model coefficients ([coefficients] table, e.g. a calibration's "
        "best.toml) used in every scenario",
    )


def coefficients_from(args) -> dict:
    """The coefficients of --coefficients FILE (empty without one)."""
    if getattr(args, "coefficients", None) is None:
        return {}
    from sim.parameters.scenario import load_coefficients

    return load_coefficients(args.coefficients)
