"""`govsim validate`: every claim where it must hold, and across plausible worlds.

For each claim of the claims file:
(a) at its reference point and at each named scenario within its scope, at 1,000 and 3,000
    households, after 104 and 156 weeks: each test's effect, 95% paired interval and verdict;
(b) at its reference point in N plausible worlds (the uncertainties of the claims file's
    [worlds] table, or a calibration's ensemble): the share of worlds in which every test
    holds, with its 95% interval, and where it fails, PRIM boxes in plain words.

A claim *passes* when it holds at its reference point and in at least 90% of the worlds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.experiments.claims import Claim, Condition
from sim.experiments.discover import Box, describe, find_boxes
from sim.experiments.power import claim_seeds
from sim.experiments.validate import (
    HOLDS,
    NOT_APPLICABLE,
    NOT_FAILING,
    Verdict,
    conditions,
    run_claims,
    world_conditions,
)
from sim.experiments.validation_cache import RunCache

WHERE_NOTE_EN = (
    "A test with a `where` applies only where that condition on its arms' outcomes holds "
    '(means over the seeds); elsewhere its verdict is "not applicable" and it does not count '
    "against the claim in that world. A test with a `scope` applies only at the named "
    "scenarios within it. At the reference point every test must apply. Why each condition: "
    "experiments/claims.toml and docs/ODD.md section 11."
)
SHARE_NEEDED = 0.9  # MODEL.md section 9: in at least 90% of plausible worlds
ERROR = 0.05  # a world's verdicts, over all its looks (Bonferroni: an equal share each)


@dataclass(frozen=True)
class Settings:
    """What `govsim validate` runs by default, chosen to finish on 2 cores in under 30 min:
    MODEL.md's 30 paired seeds at each claim's reference point, where the exit status is
    decided; fewer at the named scenarios within scope (their verdicts are shown, not
    decisive) and in each world (where a world's seed interval is wider, and a claim too
    weak to show in it counts as "no detectable effect", not as a failure of its sign)."""

    seeds: int = 30  # at each claim's reference point
    condition_seeds: int = 4  # at the other conditions (named scenarios within scope)
    sizes: tuple = (1000, 3000)
    horizons: tuple = (104, 156)
    scenarios: bool = True  # the named scenarios within each claim's scope
    worlds: int = 24
    world_seeds: int = 4  # the fewest in a world; each claim gets what its power needs
    world_max_seeds: int = 16  # (sim.experiments.power), and more looks up to this many
    world_households: int = 1000
    world_steps: int = 104
    master_seed: int = 2026


QUICK = Settings(
    seeds=10,
    condition_seeds=6,
    sizes=(1000,),
    horizons=(104,),
    scenarios=False,
    worlds=6,
    world_seeds=4,
    world_max_seeds=4,
    world_households=600,
)


@dataclass
class ClaimResult:
    claim: Claim
    verdicts: list[Verdict]  # (a)
    world_verdicts: list[Verdict] = field(default_factory=list)  # (b), one set per world
    draws: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per world
    holds_in_world: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    boxes: list[Box] = field(default_factory=list)
    world_seeds: int = 0  # paired seeds in each world at the first look (power)

    @property
    def world_seeds_used(self) -> int:
        """The most paired seeds any world needed (more looks where fewer could not tell)."""
        return max((v.n for v in self.world_verdicts), default=self.world_seeds)

    @property
    def world_seeds_text(self) -> str:
        """ "4", or "4–16" where some worlds needed more looks."""
        most = max(self.world_seeds_used, self.world_seeds)
        return str(self.world_seeds) if most == self.world_seeds else f"{self.world_seeds}–{most}"

    @property
    def world_outcomes(self) -> list[str]:
        """Per world: "holds" (every test), "reversed" (some test significantly the other
        way) or "no effect" (the rest: too small to tell apart from chance with these seeds)."""
        return [world_outcome(self.world_verdicts, w) for w in range(self.holds_in_world.size)]

    @property
    def reversed_share(self) -> tuple[float, float, float]:
        outcomes = self.world_outcomes
        return wilson(outcomes.count("reversed"), len(outcomes))

    def tests_in_worlds(self) -> dict[str, dict[str, int]]:
        """Per test, in how many worlds it holds, shows no effect, reverses or does not
        apply (its `where` is false there)."""
        out: dict[str, dict[str, int]] = {}
        for v in self.world_verdicts:
            counts = out.setdefault(
                v.test, {"holds": 0, "no effect": 0, "reversed": 0, NOT_APPLICABLE: 0}
            )
            key = "holds" if v.verdict in HOLDS else v.verdict
            counts[key if key in counts else "no effect"] += 1
        return out

    @property
    def worlds_not_applicable(self) -> int:
        """Worlds in which some test's `where` was false (it was not judged there)."""
        return len({v.condition.world for v in self.world_verdicts if v.verdict == NOT_APPLICABLE})

    @property
    def at_reference(self) -> bool:
        """Every test holds at the reference point (where every test must apply)."""
        ref = [v for v in self.verdicts if v.condition.base == "reference"]
        return all(v.verdict in HOLDS for v in ref)

    @property
    def reversed_at_reference(self) -> list[Verdict]:
        return [
            v for v in self.verdicts if v.condition.base == "reference" and v.verdict == "reversed"
        ]

    @property
    def world_share(self) -> tuple[float, float, float]:
        return wilson(int(self.holds_in_world.sum()), int(self.holds_in_world.size))

    @property
    def passes(self) -> bool:
        share = self.world_share[0] if self.holds_in_world.size else 1.0
        return self.at_reference and share >= SHARE_NEEDED


def world_outcome(verdicts: list[Verdict], world: int) -> str:
    mine = [v.verdict for v in verdicts if v.condition.world == world]
    if all(v in NOT_FAILING for v in mine):
        return "holds"
    return "reversed" if "reversed" in mine else "no effect"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float, float]:
    """A share k/n and its 95% Wilson interval (NaN without any)."""
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def validate(
    claims: list[Claim],
    worlds: list[dict],
    settings: Settings = Settings(),  # noqa: B008 - frozen
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress=None,
    folder=None,
    account: dict | None = None,
) -> list[ClaimResult]:
    """(a) and (b) for every claim; all runs go through the executors in one batch each.
    With a `folder`, finished runs are kept there (`runs.jsonl`), so a killed validation
    resumes where it stopped (sim.experiments.validation_cache). `account`, if given, gets
    "runs" and "cpu_seconds": the validation's cost on a quiet machine, resumed or not."""
    with RunCache(folder) as cache:
        results = _validate(claims, worlds, settings, workers, scheduler, progress, cache)
        if account is not None:
            account.update(runs=len(cache.used), cpu_seconds=cache.cpu_seconds())
        return results


def _validate(claims, worlds, settings, workers, scheduler, progress, cache):
    reference = {
        c.name: [
            Condition(c.name, "reference", size, steps)
            for size in settings.sizes
            for steps in settings.horizons
        ]
        for c in claims
    }
    others = {
        c.name: [x for x in conditions(c, sizes=settings.sizes, horizons=settings.horizons,
                                       scenarios=settings.scenarios) if x.base != "reference"]
        for c in claims
    }  # fmt: skip
    common = {
        "workers": workers,
        "scheduler": scheduler,
        "master_seed": settings.master_seed,
        "cache": cache,
    }
    at_reference = run_claims(claims, reference, seeds=settings.seeds, progress=progress, **common)
    elsewhere = run_claims(
        claims, others, seeds=settings.condition_seeds, progress=progress, **common
    )
    in_worlds, world_seeds = [], seeds_in_worlds(claims, at_reference, settings)
    for seeds in sorted(set(world_seeds.values())) if worlds else ():
        group = [c for c in claims if world_seeds[c.name] == seeds]
        judged = [c.judged() for c in group]  # reported comparisons are shown at the reference
        in_worlds += sequential_worlds(judged, worlds, settings, seeds, progress, common)
    draws = pd.DataFrame(worlds)
    results = []
    for claim in claims:
        result = ClaimResult(
            claim,
            [v for v in at_reference + elsewhere if v.claim == claim.name],
            [v for v in in_worlds if v.claim == claim.name],
            draws,
            world_seeds=world_seeds[claim.name],
        )
        if worlds:
            result.holds_in_world = np.array(
                [world_outcome(result.world_verdicts, w) == "holds" for w in range(len(worlds))]
            )
            result.boxes = find_boxes(draws, ~result.holds_in_world)
        results.append(result)
    return results


def looks(first: int, most: int) -> list[int]:
    """Paired seeds at each look of a world: `first`, doubled while within `most`, and
    `most` last (4, 8, 16; 10, 16; a single look when first >= most)."""
    out = [first]
    while out[-1] * 2 <= most:
        out.append(out[-1] * 2)
    if out[-1] < most:
        out.append(most)
    return out


def sequential_worlds(claims, worlds, settings, first, progress, common) -> list[Verdict]:
    """Each claim in each world, judged on `first` paired seeds and, where that cannot tell
    (no detectable effect), again on more (`looks`), reusing the runs already made. A world
    that shows the effect, or its reverse, stops; each look's intervals spend an equal share
    of the 5% error, so looking again does not make a claim hold by chance more often."""
    steps = looks(first, max(first, settings.world_max_seeds))
    level = 1 - ERROR / len(steps)
    pending = {
        c.name: world_conditions(c, worlds, settings.world_households, settings.world_steps)
        for c in claims
    }
    found: dict[tuple[str, int], list[Verdict]] = {}
    for n in steps:
        group = [c for c in claims if pending.get(c.name)]
        if not group:
            break
        look: dict[tuple[str, int], list[Verdict]] = {}
        for v in run_claims(group, pending, seeds=n, level=level, progress=progress, **common):
            look.setdefault((v.claim, v.condition.world), []).append(v)
        found.update(look)  # a world looked at again is judged on all its seeds
        pending = {
            c.name: [
                x
                for x in pending[c.name]
                if world_outcome(found[(c.name, x.world)], x.world) == "no effect"
            ]
            for c in group
        }
    return [v for c in claims for w in range(len(worlds)) for v in found[(c.name, w)]]


def seeds_in_worlds(claims, at_reference: list[Verdict], settings: Settings) -> dict[str, int]:
    """Per claim, the paired seeds each world runs: enough to detect the claim's effects at
    its reference point (at the worlds' size and horizon) with 90% power."""
    out = {}
    for claim in claims:
        reference = [
            v
            for v in at_reference
            if v.claim == claim.name
            and v.condition.n_households == settings.world_households
            and v.condition.steps == settings.world_steps
        ]
        low, high = settings.world_seeds, max(settings.world_seeds, settings.world_max_seeds)
        out[claim.name] = claim_seeds(claim, reference, low=low, high=high) if reference else low
    return out


def box_sentences(result: ClaimResult, lang: str = "en") -> list[str]:
    if not result.boxes:
        return []
    spans = {c: (float(result.draws[c].min()), float(result.draws[c].max())) for c in result.draws}
    what = "不成立" if lang == "zh" else "fails"
    cases = "不成立情形" if lang == "zh" else "failures"
    total = "世界" if lang == "zh" else "worlds"
    return [
        describe(box, spans, what=what, cases_word=cases, total_word=total, lang=lang)
        for box in result.boxes
    ]


# ------------------------------------------------------------------ output


def as_json(
    results: list[ClaimResult], settings: Settings, worlds_from: str, screening=None
) -> dict:
    """Everything `validate` found, as plain data (DIR/validation.json)."""
    out = {
        "settings": settings.__dict__,
        "worlds_from": worlds_from,
        "screening": screening.as_dict() if screening is not None else None,
        "claims": [],
    }
    for r in results:
        share, low, high = r.world_share
        out["claims"].append(
            {
                "claim": r.claim.name,
                "title_en": r.claim.title_en,
                "title_zh": r.claim.title_zh,
                "passes": r.passes,
                "holds_at_reference": r.at_reference,
                "verdicts": [v.as_dict() for v in r.verdicts],
                "worlds": {
                    "n": int(r.holds_in_world.size),
                    "seeds": r.world_seeds,
                    "seeds_most": r.world_seeds_used,
                    "share_holding": share,
                    "low": low,
                    "high": high,
                    "share_reversed": r.reversed_share[0],
                    "outcomes": r.world_outcomes,
                    "tests": r.tests_in_worlds(),
                    "failing_regions_en": box_sentences(r, "en"),
                    "failing_regions_zh": box_sentences(r, "zh"),
                },
            }
        )
    return out


def markdown(
    results: list[ClaimResult], settings: Settings, command: str, worlds_note: str = ""
) -> str:
    """docs/VALIDATION.md: one section per claim."""
    lines = [
        "# Validation of the claims (MODEL.md section 9)",
        "",
        f"Generated by `{command}`; do not edit by hand. Each test is a paired comparison; its "
        "95% interval is over seeds (chance), and the share of plausible worlds in which the "
        "claim holds (every test) is over the model's uncertain coefficients — two different "
        "kinds of uncertainty.",
        "",
        f"Seeds: {settings.seeds} at each reference point, {settings.condition_seeds} "
        f"elsewhere; {settings.worlds} worlds at {settings.world_households:,} households and "
        f"{settings.world_steps} weeks, each claim first on the paired seeds that detect its "
        f"effects at the reference point with 90% power ({settings.world_seeds} to "
        f"{settings.world_max_seeds}; sim/experiments/power.py), then, in a world where they "
        f"cannot tell, on twice as many, up to {settings.world_max_seeds} (each look's "
        "interval spends an equal share of the 5% error).",
        "",
    ]
    if worlds_note:
        lines += [worlds_note, ""]
    if any(r.claim.limits() for r in results):
        lines += [WHERE_NOTE_EN, ""]
    for r in results:
        share, low, high = r.world_share
        status = "passes" if r.passes else "**falls short**"
        lines += [f"## {r.claim.title_en} ({r.claim.title_zh}) — {status}", ""]
        lines += [r.claim.statement_en, "", f"Scope: `{r.claim.scope}`.", ""]
        lines += _applies_where(r.claim)
        if r.holds_in_world.size:
            outcomes, k = r.world_outcomes, r.worlds_not_applicable
            unapplied = f"; some test did not apply in {k} (its condition was false there)"
            lines.append(
                f"Holds in {share:.0%} of {r.holds_in_world.size} plausible worlds "
                f"(95% interval {low:.0%} to {high:.0%}; {r.world_seeds_text} paired seeds in "
                f"each world); reversed in "
                f"{outcomes.count('reversed')}, no detectable effect in "
                f"{outcomes.count('no effect')}{unapplied if k else ''}."
            )
            lines += ["", "| test | holds | no effect | reversed | not applicable |"]
            lines += ["|---|---|---|---|---|"]
            lines += [
                f"| {test} | {c['holds']} | {c['no effect']} | {c['reversed']} | "
                f"{c[NOT_APPLICABLE]} |"
                for test, c in r.tests_in_worlds().items()
            ]
            lines.append("")
            for sentence in box_sentences(r, "en"):
                lines.append(
                    f"- Fails {sentence[6:]}" if sentence.startswith("fails") else f"- {sentence}"
                )
            lines.append("")
        lines += ["| test | where | effect | 95% interval | verdict |", "|---|---|---|---|---|"]
        for v in r.verdicts:
            lines.append(
                f"| {v.test} | {v.condition.label} | {v.effect:+.4f} | "
                f"{v.low:+.4f} to {v.high:+.4f} | {v.verdict} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def _applies_where(claim: Claim) -> list[str]:
    said = {"where": "applies where", "scope": "applies at named scenarios where"}
    limited = [f"- `{t.name}` {said[kind]} `{text}`." for t, kind, text in claim.limits()]
    return [*limited, ""] if limited else []
