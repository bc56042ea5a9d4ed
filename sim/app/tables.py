"""Plain HTML tables (escaped) for the browser and the report."""

from __future__ import annotations

import html

import pandas as pd


def html_table(frame: pd.DataFrame, helps: dict | None = None, numeric_from: int = 1) -> str:
    """A plain, escaped HTML table (columns from `numeric_from` on right-aligned); a header
    cell or a first-column cell whose text is in `helps` gets it as a tooltip."""
    helps = helps or {}

    def cell(tag: str, value, i: int) -> str:
        text = html.escape(_cell(value))
        tip = helps.get(str(value)) if (i == 0 or tag == "th") else None
        classes = ["num"] if i >= numeric_from else []
        attrs = f' title="{html.escape(tip)}"' if tip else ""
        if tip:
            classes.append("govsim-help")
        attrs += f' class="{" ".join(classes)}"' if classes else ""
        return f"<{tag}{attrs}>{text}</{tag}>"

    head = "".join(cell("th", c, i) for i, c in enumerate(frame.columns))
    rows = "".join(
        "<tr>" + "".join(cell("td", v, i) for i, v in enumerate(row)) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        '<div class="govsim-table-wrap"><table class="govsim-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _cell(value) -> str:
    if isinstance(value, float):
        return "–" if value != value else f"{value:.4g}"
    return str(value)
