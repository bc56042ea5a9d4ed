"""`govsim validate` (every claim where it must hold, and across plausible worlds) and
`govsim discover` (PRIM boxes over any sweep with uncertainties or factors)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

from sim.cli.options import path_arg, positive, positive_number
from sim.cli.tables import render

DEFAULT_CLAIMS = Path("experiments") / "claims.toml"


def add_validate(sub) -> None:
    p = sub.add_parser(
        "validate",
        help="check every claim of MODEL.md section 9 where it must hold and across worlds",
        description="For each claim: its tests at the reference point and at every named "
        "scenario within scope, at 1,000 and 3,000 households, after 104 and 156 weeks; and "
        "the share of plausible worlds where it holds, with PRIM boxes where it fails. "
        "Exit status 0 when every claim holds at its reference point and in at least 90% of "
        "worlds, 1 otherwise (naming the claims that fall short).",
    )
    p.add_argument("claims", metavar="CLAIMS", type=path_arg, nargs="?", default=DEFAULT_CLAIMS)
    p.add_argument("--quick", action="store_true", help="a few seeds and worlds, small community")
    p.add_argument("--worlds", type=positive, default=None, help="plausible worlds (default 24)")
    p.add_argument("--seeds", type=positive, default=None, help="seeds at reference points")
    p.add_argument(
        "--scenario-seeds",
        dest="scenario_seeds",
        type=positive,
        default=None,
        help="seeds at the named scenarios within scope (default 4: their verdicts are shown, "
        "not counted in the exit status; 30 gives them MODEL.md's intervals, as `make "
        "test-slow` checks)",
    )
    p.add_argument("--ensemble", type=path_arg, default=None, help="worlds from an ensemble file")
    p.add_argument(
        "--targets",
        type=path_arg,
        default=None,
        help="calibration targets that screen the worlds (default experiments/calibration.toml)",
    )
    p.add_argument(
        "--cutoff",
        type=positive_number,
        default=None,
        help="keep worlds within this many half-widths of every target (default 1.5)",
    )
    p.add_argument(
        "--prior-worlds",
        dest="prior_worlds",
        action="store_true",
        help="do not screen: every draw of the uncertainties is a world",
    )
    p.add_argument("--out", type=path_arg, default=Path("results") / "validation")
    p.add_argument("--markdown", type=path_arg, default=None, help="also write this Markdown")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.add_argument("--workers", type=positive, default=1)
    p.add_argument("--scheduler", default=None, metavar="ADDRESS")
    p.set_defaults(handler=validate)


def settings_from(args):
    """What to run: the default or quick settings, with the counts given on the line."""
    from dataclasses import replace

    from sim.experiments import validation

    settings = validation.QUICK if args.quick else validation.Settings()
    given = {"worlds": args.worlds, "seeds": args.seeds, "condition_seeds": args.scenario_seeds}
    return replace(settings, **{k: v for k, v in given.items() if v is not None})


def validate(args) -> int:
    from sim.experiments import validation
    from sim.experiments.claims import load_claims, load_world_uncertainties
    from sim.experiments.files import atomic_write_bytes, atomic_write_json, ensure_output_dir

    claims = load_claims(args.claims)
    settings = settings_from(args)
    if args.targets is not None:
        from sim.experiments.targets import load_targets

        load_targets(args.targets)  # a bad targets file stops here, before any run
    uncertainties = load_world_uncertainties(args.claims)  # a bad [worlds] table stops here
    out = ensure_output_dir(args.out)
    worlds, source, screening, notes = _worlds(args, settings, uncertainties)
    started, account = time.perf_counter(), {}
    results = validation.validate(
        claims,
        worlds,
        settings,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=_progress,
        folder=out,
        account=account,
    )
    cpu = account["cpu_seconds"]
    print(
        f"validated in {time.perf_counter() - started:.0f} s: {account['runs']} runs, "
        f"{cpu:.0f} CPU-seconds (about {cpu / 60 / max(1, args.workers):.0f} min on "
        f"{args.workers} free cores)"
    )
    print(render(summary_table(results, args.lang)))
    for r in results:
        for sentence in validation.box_sentences(r, args.lang):
            print(f"  {r.claim.name}: {sentence}")
    if notes:
        print(notes[args.lang])
    data = validation.as_json(results, settings, source, screening)
    atomic_write_json(out / "validation.json", data)
    command = "govsim validate " + " ".join(sys.argv[2:])
    page = _html(results, settings, args.lang, command, notes.get(args.lang, ""))
    atomic_write_bytes(out / f"validation-{args.lang}.html", page.encode("utf-8"))
    if args.markdown is not None:
        text = validation.markdown(results, settings, command.strip(), notes.get("en", ""))
        atomic_write_bytes(args.markdown, text.encode("utf-8"))
    short = [r.claim.name for r in results if not r.passes]
    if args.quick:  # CI: only a reversal at the reference point fails the build
        short = [r.claim.name for r in results if r.reversed_at_reference]
        print("\n" + _quick_note(settings, args.lang))
    print(f"\nwrote {out}/validation.json and validation-{args.lang}.html")
    if short:
        print(f"claims that fall short: {', '.join(short)}", file=sys.stderr)
        return 1
    return 0


def _worlds(args, settings, uncertainties):
    """(worlds, where they come from, the screening or None, a sentence on them per language):
    a calibration's ensemble, unscreened draws (--prior-worlds), or draws screened by the
    calibration targets (the default; sim.experiments.plausible)."""
    from sim.experiments.plausible import CUTOFF, screen_worlds
    from sim.experiments.worlds import draw_worlds, ensemble_worlds

    if args.ensemble is not None:
        worlds = ensemble_worlds(args.ensemble, settings.worlds, settings.master_seed)
        return worlds, str(args.ensemble), None, {}
    k = len(uncertainties)
    source = f"{k} coefficients over their plausible ranges"
    uncertain = {"en": f"{k} coefficients", "zh": f"{k} 个系数"}
    if not uncertainties:
        return [], source, None, {}
    screening = None
    if args.prior_worlds:
        worlds = draw_worlds(uncertainties, settings.worlds, settings.master_seed)
    else:
        print("validate: screening worlds against the calibration targets", file=sys.stderr)
        screening = screen_worlds(
            uncertainties,
            settings.worlds,
            settings.master_seed,
            targets_path=args.targets,
            cutoff=args.cutoff or CUTOFF,
            n_households=settings.world_households,
            workers=args.workers,
            scheduler=args.scheduler,
        )
        worlds, source = screening.kept, source + ", screened by the calibration targets"
    titles = target_titles(args.targets) if screening is not None else {}
    notes = {
        lang: worlds_note(screening, uncertain[lang], len(worlds), lang, titles)
        for lang in uncertain
    }
    return worlds, source, screening, notes


def _progress(done: int, total: int) -> None:
    if done == total or done % max(1, total // 20) == 0:
        print(f"validate: {done} of {total} runs", file=sys.stderr, flush=True)


def summary_table(results, lang: str) -> pd.DataFrame:
    """One row per claim, in `lang` (the words come from the validation catalogue)."""
    from sim.app.i18n import t
    from sim.experiments.validate import HOLDS, NOT_APPLICABLE

    def k_of_n(k: int, n: int) -> str:
        return t("val_k_of_n", lang, k=k, n=n) if n else "–"

    rows = []
    for r in results:
        share, low, high = r.world_share
        tests = [v for v in r.verdicts if v.condition.base == "reference"]
        held = sum(v.verdict in HOLDS for v in tests)
        elsewhere = [
            v for v in r.verdicts if v.condition.base != "reference" and v.verdict != NOT_APPLICABLE
        ]
        n_worlds = r.holds_in_world.size
        rows.append(
            {
                t("val_col_claim", lang): r.claim.title(lang),
                t("val_col_reference", lang): t("val_tests_hold", lang, held=held, n=len(tests)),
                t("val_col_elsewhere", lang): k_of_n(
                    sum(v.verdict in HOLDS for v in elsewhere), len(elsewhere)
                ),
                t("val_col_worlds", lang): f"{share:.0%} ({low:.0%}–{high:.0%})"
                if n_worlds
                else "–",
                t("val_col_reversed", lang): k_of_n(r.world_outcomes.count("reversed"), n_worlds),
                t("val_col_verdict", lang): t("val_passes" if r.passes else "val_short", lang),
            }
        )
    return pd.DataFrame(rows)


def _html(results, settings, lang: str, command: str, note: str = "") -> str:
    from sim.app.validation_page import validation_page

    return validation_page(results, settings, lang, command, note)


# ------------------------------------------------------------------ discover


def add_discover(sub) -> None:
    p = sub.add_parser(
        "discover",
        help="where in a sweep's uncertainties or factors an outcome happens (PRIM)",
        description="PRIM boxes over a sweep with worlds (uncertainties) or factors: where "
        "the final-quarter mean of METRIC is below or above a value, or worse than the "
        "reference in the same world; in plain words, with the peeling trajectory.",
    )
    p.add_argument("results", metavar="RESULTS", type=path_arg)
    p.add_argument("--metric", required=True)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--below", type=float, default=None)
    what.add_argument("--above", type=float, default=None)
    what.add_argument("--worse-than", dest="worse_than", default=None, metavar="REFERENCE")
    p.add_argument("--scenario", default=None, help="only this scenario's points (a policy)")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(handler=discover)


def discover(args) -> int:
    from sim.experiments.discover_results import discover_in_results
    from sim.experiments.store import load_results

    results = load_results(args.results)
    found = discover_in_results(
        results,
        args.metric,
        below=args.below,
        above=args.above,
        worse_than=args.worse_than,
        scenario=args.scenario,
        lang=args.lang,
    )
    print(found.headline)
    for sentence in found.sentences:
        print(f"  {sentence}")
    if not found.sentences:
        from sim.app.i18n import t

        print("  " + t("val_no_box", args.lang))
    return 0


def _quick_note(settings, lang: str) -> str:
    from sim.app.i18n import t

    return t(
        "val_quick",
        lang,
        flag="--quick",
        worlds=settings.worlds,
        seeds=settings.world_seeds,
        households=f"{settings.world_households:,}",
    )


def target_titles(path) -> dict[str, tuple[str, str]]:
    """Each calibration target's (English, Chinese) title, by name."""
    from sim.experiments.targets import DEFAULT, load_targets

    return {x.name: (x.title_en, x.title_zh) for x in load_targets(path or DEFAULT).targets}


def worlds_note(
    screening, uncertain: str, n: int, lang: str = "en", titles: dict | None = None
) -> str:
    """One sentence on where the worlds came from (screened or not), in `lang`; the targets
    that ruled worlds out by their titles (`titles`: name -> (en, zh)), in English with the
    name a researcher looks up."""
    from sim.app.i18n import t

    if screening is None:
        return t("val_unscreened", lang, n=n, uncertain=uncertain)
    info = screening.as_dict()
    sep = "、" if lang == "zh" else "; "

    def said(name: str) -> str:
        en, zh = (titles or {}).get(name, (name, name))
        return zh if lang == "zh" else (en if en == name else f"{en} ({name})")

    rejected = sep.join(f"{said(name)} {k}" for name, k in info["rejected_by"].items()) or "–"
    return t(
        "val_screening",
        lang,
        kept=info["kept"],
        candidates=info["candidates"],
        uncertain=uncertain,
        cutoff=f"{info['cutoff']:g}",
        rejected=rejected,
    )
