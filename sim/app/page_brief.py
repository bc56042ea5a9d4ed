"""The Brief page (简报): the answer in sentences, the cost-effectiveness chart with a
budget, and the view of residents aged 60+ against those under 60."""

from __future__ import annotations

import html
import math

import solara

from sim.app import brief, charts, data, state
from sim.app.i18n import metric_label, t
from sim.app.shared import ComparisonDownloads, choose_points, use_results
from sim.app.widgets import Chart, labelled_select
from sim.parameters import PARAMETERS


def _list(items: list[str], first_is_question: bool = False) -> str:
    if not items:
        return ""
    head = ""
    if first_is_question:
        head, items = f'<p class="govsim-question">{items[0]}</p>', items[1:]
    return head + "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def budget_bounds(numbers: brief.BriefNumbers) -> int:
    """The budget slider's end: a little above the dearest chosen scenario's added cost."""
    costs = [
        e.high if math.isfinite(e.high) else e.value
        for p in numbers.others
        if (e := numbers.get(p, brief.COST)) is not None and math.isfinite(e.value)
    ]
    top = max([c for c in costs if math.isfinite(c)] or [0])
    return int(max(100, math.ceil(top * 1.25 / 50) * 50))


@solara.component
def BriefPage():
    loaded = use_results()
    if loaded is not None:
        BriefChooser(*loaded)


@solara.component
def BriefChooser(folder: str, raw):
    results = solara.use_memo(lambda: brief.with_household_cost(raw), [id(raw)])
    picked = choose_points(folder, results)
    if picked is not None:
        BriefBody(results, *picked)


def chosen_outcome(choices: list[str], kept: str | None) -> str:
    """The outcome kept in the session if these results have it, else the default one."""
    if kept in choices:
        return kept
    return brief.DEFAULT_OUTCOME if brief.DEFAULT_OUTCOME in choices else choices[0]


@solara.component
def BriefBody(results, chosen: list[int], reference: int):
    """Everything below the pickers, one piece per section. The outcome, budget and numbers
    are shared by several sections, so they are read and computed here (hooks here run on
    every render, in order); each chart's figure is memoized by the section that draws it."""
    lang = state.lang.value
    choices = brief.outcome_choices(results)
    outcome = chosen_outcome(choices, state.outcome.value)
    numbers = solara.use_memo(
        lambda: brief.compute(results, chosen, reference, outcome, lang),
        [id(results), tuple(chosen), reference, outcome, lang],
    )
    budget = float(state.budget.value or 0)
    brief_heading(results, numbers, chosen, reference, lang)
    KeyFindings(numbers, budget, reference, lang)
    BriefControls(results, numbers, choices, outcome, budget, lang)
    if budget > 0:
        BudgetMeaning(results, reference, budget, lang)
    CostEffectivenessChart(results, numbers, outcome, reference, budget, lang)
    if not brief.elderly_view(numbers).empty:
        ElderlyChart(numbers, reference, lang)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=_list(brief.elderly_sentences(numbers, lang, as_html=True)),
            classes=["govsim-brief"],
        )
    solara.HTML(
        tag="h3", unsafe_innerHTML=html.escape(t("downloads", lang)), classes=["govsim-noprint"]
    )
    ComparisonDownloads(results, chosen, reference, outcome, budget)


def brief_heading(results, numbers: brief.BriefNumbers, chosen, reference, lang) -> None:
    """The title and the basis of every number (runs, seeds, weeks, reference). A plain
    function, not a component: its two elements sit directly in the page's column."""
    experiment = results.experiment
    runs = int(results.counts["done"])
    weeks = experiment.steps or results.manifest.point(chosen[0]).parameters.get("steps", "")
    solara.HTML(
        tag="h2",
        unsafe_innerHTML=html.escape(t("brief_title", lang, title=experiment.title(lang))),
        style={"margin": "12px 0 4px", "font-size": "22px"},
    )
    solara.HTML(
        tag="p",
        unsafe_innerHTML=html.escape(
            t(
                "brief_basis",
                lang,
                runs=f"{runs:,}",
                replications=experiment.replications,
                weeks=weeks,
                reference=numbers.labels[reference],
            )
        ),
        classes=["govsim-basis"],
    )


@solara.component
def KeyFindings(numbers: brief.BriefNumbers, budget: float, reference: int, lang: str):
    """The answer in sentences: the key findings, then each scenario against the reference."""
    findings = brief.key_findings(numbers, budget, lang, as_html=True)
    per_scenario = brief.scenario_sentences(numbers, lang, as_html=True)
    title = t("per_scenario", lang, reference=numbers.labels[reference])
    with solara.Card(t("key_findings", lang), classes=["govsim-findings"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=_list(findings, first_is_question=True),
            classes=["govsim-brief"],
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"<h4>{html.escape(title)}</h4>" + _list(per_scenario),
            classes=["govsim-brief"],
        )
        if any(e.worlds for e in numbers.effects):
            solara.HTML(tag="p", unsafe_innerHTML=html.escape(t("worlds_note", lang)))


@solara.component
def BriefControls(results, numbers, choices: list[str], outcome: str, budget: float, lang: str):
    """The outcome to judge by and, when the runs have a cost, the budget slider."""
    with solara.ColumnsResponsive(default=12, large=[6, 6], classes=["govsim-noprint"]):
        labelled_select(
            t("outcome", lang),
            outcome,
            {m: metric_label(m, lang) for m in choices},
            state.outcome.set,
        )
        if brief.COST in results.runs.columns:
            top = budget_bounds(numbers)
            solara.SliderInt(
                label=t("budget", lang),
                value=int(min(budget, top)),
                min=0,
                max=top,
                step=10,
                on_value=state.budget.set,
                thumb_label="always",
            )


@solara.component
def BudgetMeaning(results, reference: int, budget: float, lang: str):
    """What the budget buys each week for this many households (and in the model's lever)."""
    households = results.manifest.point(reference).parameters.get("n_households", 3000)
    weekly = brief.weekly_budget(budget, households)
    means = t(
        "budget_means",
        lang,
        budget=f"{budget:,.0f}",
        weekly=f"{weekly:,.1f}",
        households=f"{households:,}",
    )
    if "budget" in PARAMETERS:  # model 2's budget lever, per 3,000 households
        means += t("budget_model", lang, value=f"{brief.weekly_budget(budget, 3000):,.1f}")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html.escape(means),
        style={"color": "#555", "font-size": "13px"},
    )


@solara.component
def CostEffectivenessChart(results, numbers, outcome: str, reference: int, budget, lang: str):
    """Gain in the outcome against added cost, with the budget line; rebuilt only when the
    numbers, the budget or the language change."""
    colours = data.colours_by_label(results, lang)
    table = brief.cost_effectiveness(numbers, budget)
    reference_title = numbers.labels[reference]
    fig = solara.use_memo(
        lambda: charts.cost_effectiveness_figure(
            table, outcome, reference_title, budget, lang, colours
        ),
        [id(numbers), budget, lang],
    )
    Chart(fig, lang, "govsim-cost-effectiveness")


@solara.component
def ElderlyChart(numbers, reference: int, lang: str):
    """Residents aged 60+ against those under 60 (the page shows it only when the runs
    measure both); rebuilt only when the numbers or the language change."""
    reference_title = numbers.labels[reference]
    fig = solara.use_memo(
        lambda: charts.elderly_figure(brief.elderly_view(numbers), reference_title, lang),
        [id(numbers), lang],
    )
    Chart(fig, lang, "govsim-aged-60")
