"""Plain HTML tables (escaped) for the browser and the report."""

from __future__ import annotations

import html

import pandas as pd


def cell(value) -> str:
    if isinstance(value, float):
        return "–" if value != value else f"{value:.4g}"
    return str(value)


def html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table class="govsim-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
