"""The Brief: the answer in sentences, the cost-effectiveness table and the elderly view.

Used by the Brief page, the report and the downloads, so the same numbers and the same
sentences appear wherever they are shown. In three parts, each importable from here:

- `effects`: paired differences of a scenario against the reference on shared seeds, with
  95% intervals and the spread across plausible worlds (`Effect`, `effects`)
- `numbers`: what the Brief says, computed once (`compute` -> `BriefNumbers`), cost per
  household per year, and the tables behind its charts (`cost_effectiveness`,
  `elderly_view`)
- `wording`: the numbers put into sentences in English or Chinese (`key_findings`,
  `scenario_sentences`, `elderly_sentences`), rounded by their own uncertainty
"""

from sim.app.brief.effects import Effect, effects, pair_map, paired_series, worlds_summary
from sim.app.brief.numbers import (
    AGE_MEASURES,
    COST,
    DEFAULT_OUTCOME,
    GAP,
    WEEKS_PER_YEAR,
    BriefNumbers,
    added_cost,
    brief_metrics,
    compute,
    cost_effectiveness,
    elderly_view,
    improvements,
    outcome_choices,
    per_yuan,
    weekly_budget,
    with_household_cost,
)
from sim.app.brief.wording import (
    Writer,
    decimals,
    elderly_sentences,
    key_findings,
    number,
    read_number,
    scenario_sentences,
)

__all__ = [
    "AGE_MEASURES",
    "COST",
    "DEFAULT_OUTCOME",
    "GAP",
    "WEEKS_PER_YEAR",
    "BriefNumbers",
    "Effect",
    "Writer",
    "added_cost",
    "brief_metrics",
    "compute",
    "cost_effectiveness",
    "decimals",
    "effects",
    "elderly_sentences",
    "elderly_view",
    "improvements",
    "key_findings",
    "number",
    "outcome_choices",
    "pair_map",
    "paired_series",
    "per_yuan",
    "read_number",
    "scenario_sentences",
    "weekly_budget",
    "with_household_cost",
    "worlds_summary",
]
