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


@solara.component
def BriefBody(results, chosen: list[int], reference: int):
    """Everything below the pickers (hooks here run on every render, in order)."""
    lang = state.lang.value
    choices = brief.outcome_choices(results)
    outcome = state.outcome.value if state.outcome.value in choices else None
    if outcome is None:
        outcome = brief.DEFAULT_OUTCOME if brief.DEFAULT_OUTCOME in choices else choices[0]
    numbers = solara.use_memo(
        lambda: brief.compute(results, chosen, reference, outcome, lang),
        [id(results), tuple(chosen), reference, outcome, lang],
    )
    budget = float(state.budget.value or 0)
    titles = numbers.labels
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
                reference=titles[reference],
            )
        ),
        classes=["govsim-basis"],
    )
    findings = brief.key_findings(numbers, budget, lang, as_html=True)
    per_scenario = brief.scenario_sentences(numbers, lang, as_html=True)
    with solara.Card(t("key_findings", lang), classes=["govsim-findings"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=_list(findings, first_is_question=True),
            classes=["govsim-brief"],
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=(
                f"<h4>{html.escape(t('per_scenario', lang, reference=titles[reference]))}</h4>"
                + _list(per_scenario)
            ),
            classes=["govsim-brief"],
        )
        if any(e.worlds for e in numbers.effects):
            solara.HTML(tag="p", unsafe_innerHTML=html.escape(t("worlds_note", lang)))

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
    if budget > 0:
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
    colours = data.colours_by_label(results, lang)
    table = brief.cost_effectiveness(numbers, budget)
    cost_fig = solara.use_memo(
        lambda: charts.cost_effectiveness_figure(
            table, outcome, titles[reference], budget, lang, colours
        ),
        [id(numbers), budget, lang],
    )
    Chart(cost_fig, lang, "govsim-cost-effectiveness")

    old = brief.elderly_view(numbers)
    elderly_fig = solara.use_memo(
        lambda: None if old.empty else charts.elderly_figure(old, titles[reference], lang),
        [id(numbers), lang],
    )
    if elderly_fig is not None:
        Chart(elderly_fig, lang, "govsim-aged-60")
        solara.HTML(
            tag="div",
            unsafe_innerHTML=_list(brief.elderly_sentences(numbers, lang, as_html=True)),
            classes=["govsim-brief"],
        )
    solara.HTML(
        tag="h3", unsafe_innerHTML=html.escape(t("downloads", lang)), classes=["govsim-noprint"]
    )
    ComparisonDownloads(results, chosen, reference, outcome, budget)
