"""`govsim coefficients`: the model's coefficients with their plausible ranges and sources."""

from __future__ import annotations

from sim.cli.tables import pad, width
from sim.errors import GovsimError
from sim.model.coefficients import (
    COEFFICIENTS,
    GROUPS,
    format_range,
    format_value,
    unit_label,
)
from sim.parameters.validation import closest


def add_coefficients(sub) -> None:
    p = sub.add_parser(
        "coefficients",
        help="list the model's coefficients with plausible ranges and sources",
        description="List the coefficients of the model (everything that is not a policy "
        "lever): default, plausible range (a factor '×' on every element of a tuple), unit "
        "and label; with --sources, the source or reason of each range.",
    )
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="labels and units")
    p.add_argument(
        "--group",
        default=None,
        metavar="GROUP",
        help=f"only one group: {', '.join(GROUPS)}",
    )
    p.add_argument("--sources", action="store_true", help="add the source or reason of each range")
    p.set_defaults(handler=list_coefficients)


def _check_group(group: str | None) -> None:
    if group is None or group in GROUPS:
        return
    guess = closest(group, GROUPS)
    hint = f"Did you mean '{guess}'? " if guess else ""
    raise GovsimError(
        f"--group '{group}' is not a group of coefficients. {hint}The groups are: "
        f"{', '.join(GROUPS)}."
    )


def left_aligned(rows: list[dict]) -> str:
    """A plain table of text, every column left-aligned (labels and sources read better)."""
    table = [list(rows[0]), *([str(v) for v in r.values()] for r in rows)]
    cols = [max(width(line[i]) for line in table) for i in range(len(table[0]))]
    lines = [
        "  ".join(pad(v, c) for v, c in zip(line, cols, strict=True)).rstrip() for line in table
    ]
    lines.insert(1, "  ".join("-" * c for c in cols))
    return "\n".join(lines)


def list_coefficients(args) -> int:
    _check_group(args.group)
    zh = args.lang == "zh"
    rows = []
    for c in COEFFICIENTS.values():
        if args.group is not None and c.group != args.group:
            continue
        row = {
            "name": c.name,
            "group": GROUPS[c.group][zh],
            "default": format_value(c.default),
            "plausible": format_range(c),
            "unit": unit_label(c, args.lang),
            "label": c.label(args.lang),
        }
        if args.sources:
            row["source"] = c.source
        rows.append(row)
    print(left_aligned(rows))
    return 0
