"""Plain-text tables for the terminal."""

from __future__ import annotations

import math
import unicodedata

import pandas as pd


def width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill


def _decimals(magnitude: float) -> int:
    return 0 if magnitude >= 100 else 1 if magnitude >= 10 else 3


def fmt(value: float) -> str:
    """A number with decimals by its size (1234, 12.3, 0.123); '–' for NaN."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{_decimals(abs(value))}f}"


def fmt_interval(mean: float, low: float, high: float) -> str:
    """'mean ±half' with the half-width at the mean's precision; just the mean without one."""
    if math.isnan(low) or math.isnan(high):
        return fmt(mean)
    return f"{fmt(mean)} ±{(high - low) / 2:,.{_decimals(abs(mean))}f}"


def render(frame: pd.DataFrame) -> str:
    """Render a DataFrame of strings: first column left-aligned, the rest right-aligned."""
    header = [str(c) for c in frame.columns]
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    cols = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(pad(h, cols[i], right=i > 0) for i, h in enumerate(header))]
    lines.append("  ".join("-" * c for c in cols))
    for row in rows:
        lines.append("  ".join(pad(v, cols[i], right=i > 0) for i, v in enumerate(row)))
    return "\n".join(lines)
