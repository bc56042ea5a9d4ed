"""The Brief: the answer in sentences, the cost-effectiveness table and the elderly view.

Pure functions over a `Results` (no drawing, no Solara), used by the Brief page, the report
and the downloads, so the same numbers appear wherever they are shown. They build on
`sim.experiments.analysis` (paired differences on shared seeds, t-intervals).

Numbers are rounded by their own uncertainty (`decimals`), every number carries its unit,
and every effect its "better/worse" cue from the metric registry. An effect smaller than
`NEGLIGIBLE` on a 0–1 metric (1% of the reference's mean on other scales) is "no
meaningful effect" and gets no direction.

Across-worlds robustness: when `runs` has a `world` column (sampled model assumptions),
`worlds_summary` gives each effect's win rate and 5–95% range across worlds and the
sentences append it, labelled apart from the 95% seed interval. Without one it is empty.
"""

from __future__ import annotations

import dataclasses
import html
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.app.i18n import (
    NEGLIGIBLE,
    is_scale,
    join_words,
    metric_better,
    metric_label,
    metric_title,
    metric_unit,
    t,
)
from sim.experiments import analysis

COST = "cost_per_household_year"
WEEKS_PER_YEAR = 52
AGE_MEASURES = {  # the elderly view: measure -> (aged 60+, under 60)
    "satisfaction": ("satisfaction_elderly", "satisfaction_nonelderly"),
    "needs_met": ("needs_met_elderly", "needs_met_nonelderly"),
    "participation": ("participation_elderly", "participation_nonelderly"),
}
DEFAULT_OUTCOME = "satisfaction_elderly"
GAP = "satisfaction_gap"


# ------------------------------------------------------------------ numbers


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


# ------------------------------------------------------------------ cost per household


def with_household_cost(results):
    """`results` whose runs and weekly series carry `cost_per_household_year` (CNY per
    household per year).

    Model 2 writes it; for older folders it is `cost` (thousand CNY per week for the
    whole community) x 1000 x 52 / the point's `n_households`.
    """
    runs = results.runs
    if COST in runs.columns and runs[COST].notna().any():
        return results
    if "cost" not in runs.columns:
        return results
    households = {p.point: p.parameters.get("n_households") for p in results.manifest.points}

    def add(frame: pd.DataFrame) -> pd.DataFrame:
        if "cost" not in frame.columns or "point" not in frame.columns:
            return frame
        n = frame["point"].map(households).astype(float)
        return frame.assign(**{COST: frame["cost"] * 1000 * WEEKS_PER_YEAR / n})

    return dataclasses.replace(results, runs=add(runs), timeseries=add(results.timeseries))


def weekly_budget(per_household_year: float, households: int) -> float:
    """A budget in CNY per household per year as thousand CNY per week for the community."""
    return per_household_year * households / WEEKS_PER_YEAR / 1000


# ------------------------------------------------------------------ effects


@dataclass(frozen=True)
class Effect:
    """A paired difference (point minus reference) of one metric, with its 95% interval,
    the reference's own mean, and optionally its spread across plausible worlds."""

    point: int
    label: str
    metric: str
    value: float
    low: float
    high: float
    n: int
    reference_mean: float = float("nan")
    win_share: float = float("nan")  # share of worlds where the point is better
    worlds: int = 0
    world_low: float = float("nan")  # 5% quantile across worlds
    world_high: float = float("nan")  # 95% quantile across worlds

    @property
    def half(self) -> float:
        return (self.high - self.low) / 2

    @property
    def kind(self) -> str:
        """'up', 'down', 'none' (too small to matter), 'unclear' (interval spans zero),
        'unknown' (no value)."""
        if not math.isfinite(self.value):
            return "unknown"
        small = NEGLIGIBLE if is_scale(self.metric) else 0.01 * abs(self.reference_mean)
        if abs(self.value) < small:  # a NaN reference mean gives no threshold
            return "none"
        if math.isfinite(self.low) and self.low <= 0 <= self.high:
            return "unclear"
        return "up" if self.value > 0 else "down"

    @property
    def improves(self) -> bool:
        better = metric_better(self.metric)
        return self.kind in ("up", "down") and better * self.value > 0


def pair_map(chosen: list[int], reference: int) -> dict[int, int]:
    return {p: reference for p in chosen if p != reference}


def effects(results, chosen: list[int], reference: int, metrics: list[str], lang="en"):
    """Effects of every chosen point against `reference` on `metrics` (those it has)."""
    have = [m for m in metrics if m in results.runs.columns]
    pairs = pair_map(chosen, reference)
    if not pairs or not have:
        return []
    diffs = analysis.paired_differences(results, pairs, have, lang=lang)
    runs = analysis.done_runs(results)
    ref_runs = runs[runs["point"] == reference]
    ref_means = {m: float(ref_runs[m].mean()) for m in have}
    worlds = worlds_summary(results, pairs, have)
    out = []
    for row in diffs.itertuples(index=False):
        extra = {}
        if not worlds.empty:
            hit = worlds[(worlds["point"] == row.point) & (worlds["metric"] == row.metric)]
            if len(hit):
                w = hit.iloc[0]
                extra = {
                    "win_share": float(w["win_share"]),
                    "worlds": int(w["worlds"]),
                    "world_low": float(w["low"]),
                    "world_high": float(w["high"]),
                }
        out.append(
            Effect(
                point=int(row.point),
                label=row.label,
                metric=row.metric,
                value=float(row.difference),
                low=float(row.low),
                high=float(row.high),
                n=int(row.n),
                reference_mean=ref_means[row.metric],
                **extra,
            )
        )
    return out


def worlds_summary(results, pairs: dict[int, int], metrics: list[str]) -> pd.DataFrame:
    """Across plausible worlds (a `world` column in runs): per pair and metric, the number of
    worlds, the share where the point beats its reference (by the metric's better
    direction) and the 5–95% range of the per-world mean difference. Empty without worlds."""
    columns = ["point", "metric", "worlds", "win_share", "low", "median", "high"]
    runs = analysis.done_runs(results)
    if "world" not in runs.columns or runs["world"].nunique() < 2:
        return pd.DataFrame(columns=columns)
    rows = []
    keyed = runs.set_index(["world", "seed"])
    for point, ref in pairs.items():
        a = keyed[keyed["point"] == point]
        b = keyed[keyed["point"] == ref]
        for metric in metrics:
            if metric not in runs.columns:
                continue
            diff = (a[metric] - b[metric]).dropna()
            per_world = diff.groupby(level="world").mean()
            if per_world.size < 2:
                continue
            better = metric_better(metric)
            win = float((per_world * better > 0).mean()) if better else float("nan")
            rows.append(
                {
                    "point": point,
                    "metric": metric,
                    "worlds": int(per_world.size),
                    "win_share": win,
                    "low": float(per_world.quantile(0.05)),
                    "median": float(per_world.median()),
                    "high": float(per_world.quantile(0.95)),
                }
            )
    return pd.DataFrame(rows, columns=columns)


def paired_series(results, point: int, reference: int, metric: str) -> pd.Series:
    """Per shared seed (and world), the point's value minus the reference's."""
    wide = _wide_runs(results, metric)
    if point not in wide.columns or reference not in wide.columns:
        return pd.Series(dtype=float)
    return (wide[point] - wide[reference]).dropna()


_WIDE: dict = {}


def _wide_runs(results, metric: str) -> pd.DataFrame:
    """A metric's finished runs with one column per point, rows per (world and) seed;
    remembered for the last few results objects (a sweep's tables do not change)."""
    key = (id(results.runs), metric)
    kept = _WIDE.get(key)
    if kept is None or kept[0] is not results.runs:  # the same table, not a reused id
        runs = analysis.done_runs(results)
        keys = ["world", "seed"] if "world" in runs.columns else ["seed"]
        if len(_WIDE) > 64:
            _WIDE.clear()
        wide = runs.pivot_table(index=keys, columns="point", values=metric, dropna=False)
        kept = _WIDE[key] = (results.runs, wide)
    return kept[1]


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


@dataclass
class BriefNumbers:
    """Everything the Brief says, computed once per choice of points, reference, outcome."""

    results: object
    chosen: list[int]
    reference: int
    outcome: str
    labels: dict[int, str]
    effects: list[Effect]

    def get(self, point: int, metric: str) -> Effect | None:
        return next((e for e in self.effects if e.point == point and e.metric == metric), None)

    @property
    def others(self) -> list[int]:
        return [p for p in self.chosen if p != self.reference]


def brief_metrics(results, outcome: str) -> list[str]:
    wanted = [outcome, COST, GAP, "satisfied_share", "satisfaction_mean"]
    wanted += [m for pair in AGE_MEASURES.values() for m in pair]
    return [m for m in dict.fromkeys(wanted) if m in results.runs.columns]


def compute(results, chosen: list[int], reference: int, outcome: str, lang="en"):
    """The Brief's numbers: `results` should come through `with_household_cost`."""
    from sim.app.data import point_titles

    labels = point_titles(results, lang)
    found = effects(results, chosen, reference, brief_metrics(results, outcome), lang)
    found = [dataclasses.replace(e, label=labels[e.point]) for e in found]
    return BriefNumbers(results, list(chosen), reference, outcome, labels, found)


def outcome_choices(results) -> list[str]:
    """Metrics a Brief can be about: those kept that have a better direction."""
    from sim.model import METRIC_NAMES

    kept = [m for m in METRIC_NAMES if m in results.metrics]
    return [m for m in kept if metric_better(m) != 0 and m != "cost"]


def key_findings(b: BriefNumbers, budget: float = 0.0, lang="en", as_html=False) -> list[str]:
    """The answer in sentences: which chosen scenario does most for the outcome and at what
    cost, which gives most per yuan, what fits the budget, who widens the age gap."""
    w = Writer(lang, as_html)
    ref = w.scenario(b.labels[b.reference])
    out = [w.t("question", metric=w.text(metric_label(b.outcome, lang)))]
    gains = [e for p in b.others if (e := b.get(p, b.outcome)) is not None and e.improves]
    better = metric_better(b.outcome) or 1
    gains.sort(key=lambda e: -better * e.value)
    if not gains:
        out.append(w.t("none_better", metric=w.metric(b.outcome), reference=ref))
    else:
        top = gains[0]
        out.append(
            w.t(
                "best",
                scenario=w.scenario(top.label),
                effect=w.effect_and_cost(top, b.get(top.point, COST)),
            )
        )
        overall = [  # the survey-comparable share satisfied when the model writes it
            e
            for m in ("satisfied_share", "satisfaction_mean")
            if m != b.outcome and (e := b.get(top.point, m)) is not None
        ]
        if overall:
            out.append(w.t("overall", effect=w.effect(overall[0])))
        if len(gains) > 1:  # is the runner-up clearly behind? (paired on the same seeds)
            second = gains[1]
            mean, low, high = analysis.mean_interval(
                paired_series(b.results, second.point, top.point, b.outcome)
            )
            if math.isfinite(low) and low <= 0 <= high:
                d = decimals(mean, (high - low) / 2, is_scale(b.outcome))
                kw = {"point": second.point, "metric": b.outcome}
                out.append(
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
                )
        ratio = per_yuan(b, gains)
        if ratio is not None:
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
            out.append(
                w.t(
                    "per_yuan",
                    scenario=w.scenario(b.labels[point]),
                    ratio=shown,
                    metric=w.text(f"“{metric_label(b.outcome, lang)}”"),
                )
            )
        if budget and budget > 0:
            fits = [e for e in gains if _cost_of(b, e.point) <= budget]
            budget_text = w.num(budget, 0)
            if fits:
                out.append(
                    w.t(
                        "within_budget",
                        budget=budget_text,
                        scenario=w.scenario(fits[0].label),
                        effect=w.effect(fits[0]),
                    )
                )
            else:
                out.append(
                    w.t(
                        "nothing_within_budget",
                        metric=w.text(metric_label(b.outcome, lang)),
                        budget=budget_text,
                    )
                )
    wideners = [
        b.labels[p]
        for p in b.others
        if (g := b.get(p, GAP)) is not None and g.kind == "up" and metric_better(GAP) < 0
    ]
    if wideners:
        key = "widens_gap_one" if len(wideners) == 1 else "widens_gap"
        out.append(w.t(key, scenarios=w.scenarios(wideners)))
    return out


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
                name = t(measure, lang)
                name = name[0].lower() + name[1:] if lang == "en" else name
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


def _cost_of(b: BriefNumbers, point: int) -> float:
    e = b.get(point, COST)
    return e.value if e is not None else float("nan")


def per_yuan(b: BriefNumbers, gains: list[Effect]):
    """The improving scenario with the largest gain per 100 CNY per household per year of
    added cost (per shared seed, then the mean and its interval); None when none costs
    clearly more than the reference."""
    best = None
    for e in gains:
        cost = b.get(e.point, COST)
        if cost is None or not (math.isfinite(cost.low) and cost.low > 0):
            continue
        gain = paired_series(b.results, e.point, b.reference, b.outcome)
        spend = paired_series(b.results, e.point, b.reference, COST)
        both = pd.concat([gain, spend], axis=1, keys=["g", "c"]).dropna()
        both = both[both["c"] > 0]
        if both.empty:
            continue
        ratio = 100 * both["g"] / both["c"]
        mean, low, high = analysis.mean_interval(ratio)
        score = (metric_better(b.outcome) or 1) * mean
        if best is None or score > best[0]:
            best = (score, e.point, mean, low, high)
    return None if best is None else best[1:]


# ------------------------------------------------------------------ tables for charts


def cost_effectiveness(b: BriefNumbers, budget: float = 0.0) -> pd.DataFrame:
    """Per chosen point: gain in the outcome and added cost per household per year, with
    intervals, and whether the budget pays for it (the reference sits at 0, 0)."""
    rows = []
    for p in b.chosen:
        if p == b.reference:
            rows.append(
                {
                    "point": p,
                    "label": b.labels[p],
                    "reference": True,
                    "gain": 0.0,
                    "gain_low": np.nan,
                    "gain_high": np.nan,
                    "cost": 0.0,
                    "cost_low": np.nan,
                    "cost_high": np.nan,
                    "within_budget": True,
                }
            )
            continue
        g, c = b.get(p, b.outcome), b.get(p, COST)
        if g is None:
            continue
        cost = c.value if c is not None else np.nan
        rows.append(
            {
                "point": p,
                "label": b.labels[p],
                "reference": False,
                "gain": g.value,
                "gain_low": g.low,
                "gain_high": g.high,
                "cost": cost,
                "cost_low": c.low if c is not None else np.nan,
                "cost_high": c.high if c is not None else np.nan,
                "within_budget": not (budget and budget > 0) or bool(cost <= budget),
            }
        )
    columns = [
        "point",
        "label",
        "reference",
        "gain",
        "gain_low",
        "gain_high",
        "cost",
        "cost_low",
        "cost_high",
        "within_budget",
    ]
    return pd.DataFrame(rows, columns=columns)


def elderly_view(b: BriefNumbers) -> pd.DataFrame:
    """Per chosen point (not the reference), measure and age group: the paired change."""
    rows = []
    for p in b.others:
        for measure, pair in AGE_MEASURES.items():
            for group, metric in zip(("elderly", "nonelderly"), pair, strict=True):
                e = b.get(p, metric)
                if e is None:
                    continue
                rows.append(
                    {
                        "point": p,
                        "label": b.labels[p],
                        "measure": measure,
                        "group": group,
                        "metric": metric,
                        "difference": e.value,
                        "low": e.low,
                        "high": e.high,
                        "n": e.n,
                    }
                )
    columns = ["point", "label", "measure", "group", "metric", "difference", "low", "high", "n"]
    return pd.DataFrame(rows, columns=columns)
