"""Generate the tables of docs/ODD.md from the code, so the documentation cannot drift.

python -m sim.docs           # rewrite the generated sections of docs/ODD.md
python -m sim.docs --check   # exit 1 if they are stale (the test suite runs this)
python -m sim.docs --readme results/paper_paths   # the README's outcomes table, from `make demo`
python -m sim.docs --equal-cost   # rewrite scenarios/combined_equal_cost.toml from the costs
python -m sim.docs --targets      # measure the default model against its targets (ODD 9)
python -m sim.docs --load-regime  # the figure of needs met over need rate x capacity
python -m sim.docs --influential results/coefficient_sensitivity   # ODD 7.11, from the sweep
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sim.model import METRICS
from sim.model.cases import pipeline
from sim.model.coefficients import COEFFICIENTS, GROUPS, format_range, format_value
from sim.model.community import WEEK
from sim.parameters import PARAMETERS, PATHS

ODD = Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
README = ODD.parent.parent / "README.md"
EQUAL_COST = ODD.parent.parent / "scenarios" / "combined_equal_cost.toml"
README_METRICS = (
    "satisfaction_mean",
    "satisfaction_gap",
    "participation_rate",
    "governance_participation_rate",
    "needs_met_rate",
    "cost",
)


def parameter_table() -> str:
    rows = [
        "| path | parameter | 中文 | default | range | unit | meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in PARAMETERS.values():
        default = str(p.default).lower() if p.kind is bool else f"{p.default:g}"
        span = "true/false" if p.kind is bool else f"{p.low:g}–{p.high:g}"
        rows.append(
            f"| {PATHS[p.path][0]} | `{p.name}` | {p.label_zh} | {default} | {span} "
            f"| {p.unit} | {p.help_en} |"
        )
    return "\n".join(rows)


def metric_table() -> str:
    rows = ["| metric | 中文 | unit | definition |", "|---|---|---|---|"]
    for m in METRICS.values():
        rows.append(f"| `{m.name}` | {m.label_zh} | {m.unit} | {m.help_en} |")
    return "\n".join(rows)


def calibration_table() -> str:
    """Every coefficient of the registry (sim.model.coefficients), in Calibration's order."""
    rows = [
        "| group | coefficient | 中文 | default | plausible range | unit | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in COEFFICIENTS.values():
        rows.append(
            f"| {GROUPS[c.group][0]} | `{c.name}` | {c.label_zh} | {format_value(c.default)} "
            f"| {format_range(c)} | {c.unit} | {c.source} |"
        )
    return "\n".join(rows)


def process_overview() -> str:
    """The week's phases in order, from `sim.model.community.WEEK`."""
    rows = []
    for i, phase in enumerate(WEEK, start=1):
        where = f"{phase.component}.{phase.method}" if phase.component else phase.method
        stream = f"stream `{phase.stream}`" if phase.stream else "no random draws"
        text = phase.summary[0].upper() + phase.summary[1:]
        rows.append(f"{i}. **{phase.name.capitalize()}** (`{where}`, {stream}). {text}.")
    return "\n".join(rows)


def case_life_cycle() -> str:
    """The state diagram of a case, from the docstring of the case pipeline."""
    doc = pipeline.__doc__
    start = doc.index("::") + 2
    end = doc.index("`TRANSITIONS`")
    body = "\n".join(
        line[4:] if line.startswith("    ") else line
        for line in doc[start:end].strip("\n").splitlines()
    )
    return "```\n" + body.rstrip() + "\n```"


CLAIMS = ODD.parent.parent / "experiments" / "claims.toml"


def claims_list() -> str:
    """The claims of experiments/claims.toml: title, statement, scope, tests."""
    from sim.experiments.claims import load_claims

    rows = []
    for i, claim in enumerate(load_claims(CLAIMS), start=1):
        tests = ", ".join(
            f"`{t.name}`"
            + (f" (where `{t.where}`)" if t.where else "")
            + (f" (at named scenarios where `{t.scope}`)" if t.scope else "")
            for t in claim.tests
        )
        scope = {"all": "every named scenario", "reference": "its reference comparison"}.get(
            claim.scope, f"`{claim.scope}`"
        )
        rows.append(
            f"{i}. **{claim.title_en}** ({claim.title_zh}). {claim.statement_en} "
            f"*Scope:* {scope}. *Tests:* {tests}."
        )
    return "\n".join(rows)


def targets_table() -> str:
    """The default model against every calibration target (runs the model)."""
    from sim.experiments.targets import load_targets, model_values

    targets = load_targets()
    values = model_values(targets, workers=2)
    rows = ["| target | model quantity | target value | default model | met | source |"]
    rows.append("|---|---|---|---|---|---|")
    for t in targets.targets:
        where = f" in `{t.scenario}`" if t.scenario else ""
        wanted = (
            f"{t.value:g} ± {t.tolerance:g}" if t.value is not None else f"{t.low:g}–{t.high:g}"
        )
        x = values[t.name]
        rows.append(
            f"| {t.title_en} | {t.kind} `{t.quantity}`{where} | {wanted} | {x:.3g} | "
            f"{'yes' if t.met(x) else '**no**'} | {t.source} |"
        )
    note = (
        f"Metric targets: final-quarter means over {targets.seeds} seeds, "
        f"{targets.n_households:,} households, {targets.steps} weeks after the warm-up."
    )
    return note + "\n\n" + "\n".join(rows)


SECTIONS = {
    "claims": claims_list,
    "process": process_overview,
    "life-cycle": case_life_cycle,
    "parameters": parameter_table,
    "metrics": metric_table,
    "calibration": calibration_table,
}


def outcomes_table(folder: str) -> str:
    """Final-quarter means of the main metrics per scenario of a results folder."""
    from sim.experiments import analysis
    from sim.experiments.store import load_results

    results = load_results(folder)
    metrics = [m for m in README_METRICS if m in results.metrics]
    summary = analysis.point_summary(results, metrics)
    points = [p for p in results.manifest.points if not p.factors]
    names = {p.point: results.experiment.scenario(p.scenario).title("en") for p in points}
    rows = ["| | " + " | ".join(names.values()) + " |", "|---" * (len(names) + 1) + "|"]
    for metric in metrics:
        means = summary[summary["metric"] == metric].set_index("point")["mean"]
        unit = METRICS[metric].unit
        label = METRICS[metric].label_en + ("" if unit in ("0–1", "share 0–1") else f" ({unit})")
        cells = [f"{means[p]:.3f}" if abs(means[p]) < 10 else f"{means[p]:.1f}" for p in names]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    e = results.experiment
    steps = points[0].parameters["steps"]
    size = points[0].parameters["n_households"]
    note = (
        f"Final-quarter means over {e.replications} paired seeds (`make demo`, {size:,} "
        f"households, {steps} weeks; generated by `python -m sim.docs --readme {folder}`):"
    )
    return note + "\n\n" + "\n".join(rows)


def coverage(screened: int) -> str:
    """ "all 143 coefficients", or, when coefficients were added after the screening ran,
    "143 of the 144 coefficients, all but those added since it ran"."""
    total = len(COEFFICIENTS)
    if screened >= total:
        return f"all {screened} coefficients"
    return f"{screened} of the {total} coefficients, all but those added since it ran"


def influential_table(folder: str, top: int = 10) -> str:
    """The coefficients that move the main metrics most (Morris mu*, each metric's largest
    = 1, averaged over metrics and scenarios), with the evidence behind each."""
    from sim.experiments import analysis
    from sim.experiments.store import load_results

    results = load_results(folder)
    indices = analysis.sensitivity(results)
    mu = indices[indices["index"] == "mu_star"]
    mu = mu.assign(rel=mu["value"] / mu.groupby(["scenario", "metric"])["value"].transform("max"))
    score = mu.groupby("factor")["rel"].mean().sort_values(ascending=False).head(top)
    strongest = mu.loc[mu.groupby("factor")["rel"].idxmax()].set_index("factor")["metric"]
    rows = [
        "| rank | coefficient | 中文 | score | moves most | plausible range | evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for rank, (name, value) in enumerate(score.items(), 1):
        c = COEFFICIENTS[name]
        rows.append(
            f"| {rank} | `{name}` | {c.label_zh} | {value:.2f} | "
            f"{METRICS[strongest[name]].label_en} | {format_range(c)} | {c.source} |"
        )
    e = results.experiment
    note = (
        f"Morris screening over {coverage(len(e.factors))} ({e.samples} trajectories, "
        f"{', '.join(dict.fromkeys(p.scenario for p in results.manifest.points))}; "
        f"`govsim sweep experiments/coefficient_sensitivity.toml`, then "
        f"`python -m sim.docs --influential {folder}`). Score: mu* relative to the largest "
        "for each metric, averaged over the metrics and scenarios (1 = the most influential "
        "for every outcome)."
    )
    return note + "\n\n" + "\n".join(rows)


PATHS_ALONE = ("tech_empowerment", "refined_services", "personalized_needs")


def equal_cost_scenario() -> str:
    """scenarios/combined_equal_cost.toml: the three paths together at the cost of the
    cheapest single path. The increment over baseline is split equally among the paths; each
    path's levers move toward its own scenario until they spend their third (sim.model.costs)."""
    from sim.model import DEFAULT_CALIBRATION, costs
    from sim.parameters import load_scenario

    base = dict(load_scenario("baseline"))
    cost = {
        name: costs.planned_total(dict(load_scenario(name)), DEFAULT_CALIBRATION)
        for name in ("baseline", *PATHS_ALONE)
    }
    increment = min(cost[p] - cost["baseline"] for p in PATHS_ALONE)
    budget = round(cost["baseline"] + increment, 2)
    together = dict(base)
    for path in PATHS_ALONE:
        third = cost["baseline"] + increment / len(PATHS_ALONE)
        blend = costs.equal_cost_blend(base, dict(load_scenario(path)), third, DEFAULT_CALIBRATION)
        together.update({k: v for k, v in blend.items() if v != base[k]})
    lines = [
        "# The three paths together at equal cost (MODEL.md sections 6 and 9, claim 8): the",
        "# increment of the cheapest single path over baseline, split equally among the three",
        "# paths; each path's levers move the same share of the way toward its own scenario until",
        "# they spend their third. Generated by `python -m sim.docs --equal-cost`; a test checks",
        "# that it is current.",
        "[scenario]",
        'title_en = "Three paths at equal cost"',
        'title_zh = "三条路径结合(等成本)"',
        'paper_section = "4.1–4.3 (equal cost)"',
        'description = "The extra money of the cheapest single path, split equally among '
        'the three paths."',
        'extends = "baseline"',
        "",
        "[parameters]",
    ]
    for name, value in together.items():
        if value != base[name]:
            lines.append(f"{name} = {value}")
    lines.append(f"budget = {budget}  # thousand CNY per week per 3,000 households")
    return "\n".join(lines) + "\n"


def render(text: str, sections=None) -> str:
    for name, make in (sections or SECTIONS).items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"no <!-- {name}:start/end --> markers")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", action="store_true")
    args.add_argument("--readme", metavar="RESULTS", help="regenerate the README's outcomes")
    args.add_argument("--equal-cost", action="store_true", help="regenerate that scenario")
    args.add_argument("--targets", action="store_true", help="measure the targets (ODD 9)")
    args.add_argument("--load-regime", action="store_true", help="draw docs/load_regime.svg")
    args.add_argument("--influential", metavar="RESULTS", help="ODD 7.11 from a sweep")
    parsed = args.parse_args(argv)
    if parsed.influential:
        text = ODD.read_text(encoding="utf-8")
        make = {"influential": lambda: influential_table(parsed.influential)}
        ODD.write_text(render(text, make), encoding="utf-8")
        return 0
    if parsed.targets:
        text = ODD.read_text(encoding="utf-8")
        ODD.write_text(render(text, {"targets": targets_table}), encoding="utf-8")
        return 0
    if parsed.load_regime:
        from sim.docs_figures import write_load_regime

        write_load_regime(ODD.parent / "load_regime.svg")
        return 0
    if parsed.equal_cost:
        EQUAL_COST.write_text(equal_cost_scenario(), encoding="utf-8")
        return 0
    if parsed.readme:
        text = README.read_text(encoding="utf-8")
        make = {"outcomes": lambda: outcomes_table(parsed.readme)}
        README.write_text(render(text, make), encoding="utf-8")
        return 0
    check = parsed.check
    current = ODD.read_text(encoding="utf-8")
    fresh = render(current)
    if check:
        if fresh != current:
            print("docs/ODD.md is stale: run `python -m sim.docs`", file=sys.stderr)
            return 1
        return 0
    ODD.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
