"""The scenarios of an experiment file: named ones, scenario files (relative to the
experiment file), and inline [scenario.NAME] tables, each with [fixed] applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.errors import GovsimError, ParameterError
from sim.parameters import Scenario, available_scenarios, load_scenario
from sim.parameters.scenario import looks_like_path
from sim.parameters.validation import validate_value


def read_scenarios(
    path: Path, text: str, meta: dict, inline: dict, fixed: dict, fail
) -> list[Scenario]:
    """The scenarios listed in 'scenarios', in order, with [fixed] applied; two may not end
    up with the same name."""
    names = meta.get("scenarios", ["baseline"])
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        fail("scenarios", "'scenarios' must be a non-empty list of scenario names or paths")
    if len(set(names)) < len(names):
        fail("scenarios", "a scenario is listed twice in 'scenarios'")
    named = set(available_scenarios())
    for name in inline:
        if name not in names:
            fail(name, f"[scenario.{name}] is defined but not listed in 'scenarios'")
        if name in named:
            fail(
                name,
                f"[scenario.{name}] has the name of the named scenario '{name}' and would "
                f"quietly replace it; give the inline scenario its own name (and "
                f'extends = "{name}" to start from it)',
            )
    out = []
    given: dict[str, str] = {}
    for name in names:
        try:
            if name in inline:
                out.append(_inline_scenario(path, text, name, inline[name], fail))
            else:
                out.append(load_scenario(_relative(path, name)))
        except GovsimError as exc:
            fail(name if name in inline else "scenarios", f"scenario {name!r}: {exc}")
        try:
            out[-1] = out[-1].replace(**fixed)
        except ParameterError as exc:
            fail("fixed", f"scenario {name!r} with [fixed]: {exc}")
        resolved = out[-1].name
        if resolved in given:
            fail(
                "scenarios",
                f"scenarios {given[resolved]!r} and {name!r} are both named '{resolved}' (a "
                "scenario file is named after its file); rename one of them so that results "
                "can tell them apart",
            )
        given[resolved] = name
    return out


def _relative(experiment: Path, ref: str) -> str | Path:
    """A scenario path in an experiment file is relative to the file's folder; a name is
    looked up in scenarios/."""
    if looks_like_path(ref):
        return experiment.parent / Path(ref).expanduser()
    return ref


def _inline_scenario(path: Path, text: str, name: str, table: Any, fail) -> Scenario:
    if not isinstance(table, dict):
        fail(name, f"[scenario.{name}] must be a table of parameters")
    values = dict(table)
    base = values.pop("extends", "baseline")
    if not isinstance(base, str):
        fail(name, f"[scenario.{name}] 'extends' must be a scenario name")
    for key, value in values.items():
        try:
            validate_value(key, value)
        except ParameterError as exc:
            fail(key, f"in [scenario.{name}]: {exc}")
    parent = load_scenario(_relative(path, base))
    scenario = parent.replace(**values)
    return Scenario(
        name=name,
        params=scenario.params,
        title_en=name,
        title_zh=name,
        description=f"{base} with {values}",
        source=str(path),
        overrides=scenario.overrides,
    )
