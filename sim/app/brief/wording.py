"""The Brief in words: the answer in sentences (`key_findings`), one sentence per scenario,
and the changes for residents aged 60+ and under 60, in English or Chinese, as plain text
or as HTML where every number is marked with what it is (the browser tests read it back).

Numbers are rounded by their own uncertainty (`decimals`), every number carries its unit,
and every effect its "better/worse" cue from the metric registry; an effect too small to
matter gets no direction (`Effect.kind`). The across-worlds clause, when there are worlds,
is labelled apart from the 95% seed interval. Every word comes from the catalogue
(`sim.app.i18n`).
"""

from __future__ import annotations

import html
import math

from sim.app.brief.effects import Effect, paired_series
from sim.app.brief.numbers import (
    AGE_MEASURES,
    COST,
    GAP,
    BriefNumbers,
    added_cost,
    improvements,
    per_yuan,
)
from sim.app.i18n import (
    is_scale,
    join_words,
    metric_better,
    metric_label,
    metric_title,
    metric_unit,
    mid_sentence,
    t,
)
from sim.experiments import analysis

# ------------------------------------------------------------------ numbers as text


def decimals(value: float, half: float = float("nan"), scale: bool = True) -> int:
    """Decimals to show: enough for the interval's half-width (at most 3 on a 0–1 scale,
    2 otherwise), none for values of 100 or more; three significant digits without one."""
    if not math.isfinite(value):
        return 0
    if math.isfinite(half) and half > 0:
        d = math.ceil(-math.log10(half) - 1e-9)
        d = min(max(d, 0), 3 if scale else 2)
    else:
        size = abs(value)
        d = 3 if size < 1 else 2 if size < 10 else 1 if size < 100 else 0
        d = min(d, 3)
    if abs(value) >= 100 and not scale:
        d = 0
    return d


def number(value: float, d: int, signed: bool = False) -> str:
    """'1,234.5', '0.088', '+0.088', '−0.014' (a true minus sign); '–' for NaN."""
    if value is None or not math.isfinite(value):
        return "–"
    if round(value, d) == 0:
        value = 0.0
    text = f"{abs(value):,.{d}f}"
    if value < 0:
        return "−" + text
    return ("+" + text) if signed and value > 0 else text


def read_number(text: str) -> float:
    """The number a `number` string stands for (tests read the page back)."""
    return float(text.replace("−", "-").replace(",", "").replace("+", ""))


# ------------------------------------------------------------------ writing


class Writer:
    """Puts numbers into words in one language, as plain text or as HTML where every
    number is a <span class="govsim-num"> naming its point, metric and statistic."""

    def __init__(self, lang: str = "en", as_html: bool = False):
        self.lang = lang
        self.as_html = as_html

    def text(self, s: str) -> str:
        return html.escape(s) if self.as_html else s

    def t(self, key: str, **parts) -> str:
        return self.text(t(key, self.lang)).format(**parts)

    def num(self, value, d, *, signed=False, sign=1, point=None, metric=None, stat=None) -> str:
        s = number(value, d, signed)
        if not self.as_html:
            return s
        data = "".join(
            f' data-{k}="{html.escape(str(v))}"'
            for k, v in (("point", point), ("metric", metric), ("stat", stat), ("sign", sign))
            if v is not None
        )
        return f'<span class="govsim-num"{data}>{s}</span>'

    def scenario(self, label: str) -> str:
        return f"<strong>{html.escape(label)}</strong>" if self.as_html else label

    def metric(self, metric: str) -> str:
        """'“Label” (unit, higher is better)': the metric as a sentence names it."""
        title = metric_title(metric, self.lang)
        label = metric_label(metric, self.lang)
        return self.text(f"“{label}”{title[len(label) :]}")

    def effect_and_cost(self, e: Effect, cost: Effect | None) -> str:
        parts = [self.effect(e), self.cost(cost)]
        return ("\uff0c" if self.lang == "zh" else ", ").join(p for p in parts if p)

    # -------------------------------------------------------------- effects

    def _unit_after(self, metric: str) -> str:
        if is_scale(metric):
            return ""
        unit = metric_unit(metric, self.lang)
        return (" " + self.text(unit)) if unit else ""

    def interval(self, e: Effect, d: int, sign: int) -> str:
        if not math.isfinite(e.low):
            return ""
        low, high = (e.low, e.high) if sign > 0 else (-e.high, -e.low)
        kw = {"point": e.point, "metric": e.metric, "sign": sign}
        return self.t(
            "interval",
            low=self.num(low, d, stat="low", **kw),
            high=self.num(high, d, stat="high", **kw),
        )

    def worlds(self, e: Effect, d: int) -> str:
        """The across-worlds clause ('' without worlds): win rate and 5–95% range."""
        if e.worlds < 2 or not math.isfinite(e.win_share):
            return ""
        kw = {"point": e.point, "metric": e.metric}
        return self.t(
            "worlds",
            share=self.num(100 * e.win_share, 0, stat="win_share", **kw),
            n=str(e.worlds),
            low=self.num(e.world_low, d, stat="world_low", **kw),
            high=self.num(e.world_high, d, stat="world_high", **kw),
        )

    def effect(self, e: Effect) -> str:
        """'raises X (unit, higher is better) by 0.088 (95% interval 0.085 to 0.091), better'."""
        d = decimals(e.value, e.half, is_scale(e.metric))
        kind = e.kind
        sign = -1 if kind == "down" else 1
        shown = abs(e.value) if kind in ("up", "down") else e.value
        value = self.num(
            shown,
            d,
            signed=kind not in ("up", "down"),
            sign=sign,
            point=e.point,
            metric=e.metric,
            stat="difference",
        ) + self._unit_after(e.metric)
        key = {"up": "raises", "down": "lowers", "none": "no_effect", "unclear": "unclear"}.get(
            kind, "unclear"
        )
        phrase = self.t(key, metric=self.metric(e.metric), value=value)
        better = metric_better(e.metric)
        cue = ""
        if kind in ("up", "down") and better:
            cue = self.t("better_cue" if better * e.value > 0 else "worse_cue")
        bits = [b for b in (cue, self.interval(e, d, sign), self.worlds(e, d)) if b]
        if bits:
            phrase += self._paren(("; " if self.lang == "en" else "\uff1b").join(bits))
        return phrase

    def _paren(self, inner: str) -> str:
        return f"\uff08{inner}\uff09" if self.lang == "zh" else f" ({inner})"

    def cost(self, e: Effect | None) -> str:
        if e is None or not math.isfinite(e.value):
            return ""
        d = decimals(e.value, e.half, scale=False)
        d = 0 if abs(e.value) >= 10 else d
        clear = not (math.isfinite(e.low) and e.low <= 0 <= e.high) and abs(e.value) >= 0.5
        kw = {"point": e.point, "metric": COST}
        if not clear:
            return self.t(
                "cost_same",
                value=self.num(e.value, d, signed=True, stat="difference", **kw),
            )
        sign = 1 if e.value > 0 else -1
        return self.t(
            "cost_more" if sign > 0 else "cost_less",
            value=self.num(abs(e.value), d, sign=sign, stat="difference", **kw),
            interval=self.interval(e, d, sign),
        )

    def scenarios(self, labels: list[str]) -> str:
        return join_words([self.scenario(x) for x in labels], self.lang)


# ------------------------------------------------------------------ the brief


def key_findings(b: BriefNumbers, budget: float = 0.0, lang="en", as_html=False) -> list[str]:
    """The answer in sentences: which chosen scenario does most for the outcome and at what
    cost, which gives most per yuan, what fits the budget, who widens the age gap."""
    w = Writer(lang, as_html)
    out = [w.t("question", metric=w.text(metric_label(b.outcome, lang)))]
    gains = improvements(b)
    if not gains:
        ref = w.scenario(b.labels[b.reference])
        out.append(w.t("none_better", metric=w.metric(b.outcome), reference=ref))
    else:
        out += _best(w, b, gains[0])
        out += _runner_up(w, b, gains)
        out += _most_per_yuan(w, b, gains)
        out += _within_budget(w, b, gains, budget)
    out += _wider_gap(w, b)
    return out


def _best(w: Writer, b: BriefNumbers, top: Effect) -> list[str]:
    """The scenario that does most, at what cost, and what it does for all residents."""
    out = [
        w.t(
            "best",
            scenario=w.scenario(top.label),
            effect=w.effect_and_cost(top, b.get(top.point, COST)),
        )
    ]
    overall = [  # the survey-comparable share satisfied when the model writes it
        e
        for m in ("satisfied_share", "satisfaction_mean")
        if m != b.outcome and (e := b.get(top.point, m)) is not None
    ]
    if overall:
        out.append(w.t("overall", effect=w.effect(overall[0])))
    return out


def _runner_up(w: Writer, b: BriefNumbers, gains: list[Effect]) -> list[str]:
    """The runner-up, when it is not clearly behind the best (paired on the same seeds)."""
    if len(gains) < 2:
        return []
    top, second = gains[0], gains[1]
    mean, low, high = analysis.mean_interval(
        paired_series(b.results, second.point, top.point, b.outcome)
    )
    if not (math.isfinite(low) and low <= 0 <= high):
        return []
    d = decimals(mean, (high - low) / 2, is_scale(b.outcome))
    kw = {"point": second.point, "metric": b.outcome}
    return [
        w.t(
            "about_as_much",
            scenario=w.scenario(second.label),
            value=w.num(mean, d, signed=True, stat="vs_best", **kw),
            interval=w.t(
                "interval",
                low=w.num(low, d, stat="vs_best_low", **kw),
                high=w.num(high, d, stat="vs_best_high", **kw),
            ),
        )
    ]


def _most_per_yuan(w: Writer, b: BriefNumbers, gains: list[Effect]) -> list[str]:
    """The scenario with the largest gain per 100 CNY, when one costs clearly more."""
    ratio = per_yuan(b, gains)
    if ratio is None:
        return []
    point, mean, low, high = ratio
    d = decimals(mean, (high - low) / 2, is_scale(b.outcome))
    shown = w.num(mean, d, point=point, metric=b.outcome, stat="per_100_cny")
    if math.isfinite(low):
        shown += w._paren(
            w.t(
                "interval",
                low=w.num(low, d, stat="per_100_low", point=point, metric=b.outcome),
                high=w.num(high, d, stat="per_100_high", point=point, metric=b.outcome),
            )
        )
    return [
        w.t(
            "per_yuan",
            scenario=w.scenario(b.labels[point]),
            ratio=shown,
            metric=w.text(f"“{metric_label(b.outcome, w.lang)}”"),
        )
    ]


def _within_budget(w: Writer, b: BriefNumbers, gains: list[Effect], budget: float) -> list[str]:
    """What does most within the budget (nothing without a budget)."""
    if not (budget and budget > 0):
        return []
    fits = [e for e in gains if added_cost(b, e.point) <= budget]
    budget_text = w.num(budget, 0)
    if not fits:
        metric = w.text(metric_label(b.outcome, w.lang))
        return [w.t("nothing_within_budget", metric=metric, budget=budget_text)]
    return [
        w.t(
            "within_budget",
            budget=budget_text,
            scenario=w.scenario(fits[0].label),
            effect=w.effect(fits[0]),
        )
    ]


def _wider_gap(w: Writer, b: BriefNumbers) -> list[str]:
    """The scenarios that widen the gap between residents under 60 and aged 60+."""
    wideners = [
        b.labels[p]
        for p in b.others
        if (g := b.get(p, GAP)) is not None and g.kind == "up" and metric_better(GAP) < 0
    ]
    if not wideners:
        return []
    key = "widens_gap_one" if len(wideners) == 1 else "widens_gap"
    return [w.t(key, scenarios=w.scenarios(wideners))]


def scenario_sentences(b: BriefNumbers, lang="en", as_html=False) -> list[str]:
    """One sentence per chosen scenario: its effect on the outcome and its cost."""
    w = Writer(lang, as_html)
    out = []
    for p in b.others:
        e = b.get(p, b.outcome)
        if e is None:
            continue
        out.append(
            w.t(
                "scenario_sentence",
                scenario=w.scenario(b.labels[p]),
                effect=w.effect_and_cost(e, b.get(p, COST)),
            )
        )
    return out


def elderly_sentences(b: BriefNumbers, lang="en", as_html=False) -> list[str]:
    """Per scenario: changes for residents aged 60+ and for those under 60."""
    w = Writer(lang, as_html)
    out = []
    for p in b.others:
        changes = {0: [], 1: []}
        for measure, pair in AGE_MEASURES.items():
            for i, metric in enumerate(pair):
                e = b.get(p, metric)
                if e is None:
                    continue
                d = decimals(e.value, e.half, True)
                value = w.num(e.value, d, signed=True, point=p, metric=metric, stat="difference")
                if math.isfinite(e.low):
                    value += w._paren(w.interval(e, d, 1))
                name = mid_sentence(t(measure, lang), lang)
                changes[i].append(w.t("change_item", measure=w.text(name), value=value))
        if changes[0]:
            out.append(
                w.t(
                    "elderly_sentence",
                    scenario=w.scenario(b.labels[p]),
                    changes=join_words(changes[0], lang),
                    others=join_words(changes[1], lang),
                )
            )
    return out
