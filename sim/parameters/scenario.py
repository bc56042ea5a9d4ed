"""Scenarios: a full, validated set of parameter values with a name and where it came from.

A scenario file (TOML) lists only what differs from the scenario it extends:

    [scenario]
    title_en = "Technology empowerment"
    title_zh = "科技赋能"
    paper_section = "4.1"
    extends = "baseline"          # or a list, applied in order; omit to start from defaults
                                  # a path ("sub/parent.toml") is relative to this file

    [parameters]
    digitization = 0.8
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sim.errors import ParameterError, ScenarioError
from sim.fileio import check_file
from sim.parameters.registry import DEFAULTS, PARAMETERS
from sim.parameters.tomlfile import read_toml, where
from sim.parameters.validation import unknown_name_message, validate_value

_META_KEYS = ("title_en", "title_zh", "paper_section", "description", "extends")
_TABLES = ("scenario", "parameters", "coefficients")

# Coefficients are the model's; the model layer hands its checker to this layer when it is
# imported (`use_coefficient_checker`), so that scenario files and overrides can name them.
_coefficient_check: Callable[[str, Any], Any] | None = None
_coefficient_names: tuple[str, ...] = ()


def use_coefficient_checker(check: Callable[[str, Any], Any], names: tuple[str, ...]) -> None:
    """Let scenarios carry model coefficients, validated by `check(name, value)`."""
    global _coefficient_check, _coefficient_names
    _coefficient_check, _coefficient_names = check, tuple(names)


def check_coefficient(name: str, value: Any) -> Any:
    if _coefficient_check is None:
        raise ParameterError(
            f"'{name}' is not a parameter, and coefficients need the model (import sim first)"
        )
    return _coefficient_check(name, value)


def is_coefficient(name: str) -> bool:
    return name in _coefficient_names


def split_overrides(values: Mapping[str, Any]) -> tuple[dict, dict]:
    """(parameters, coefficients) of a mapping of names to values, each validated; an
    unknown name gets the closest parameter or coefficient name."""
    params, coefficients = {}, {}
    for name, value in values.items():
        if name in PARAMETERS:
            params[name] = validate_value(name, value)
        elif is_coefficient(name):
            coefficients[name] = check_coefficient(name, value)
        else:
            known = (*PARAMETERS, *_coefficient_names)
            raise ParameterError(unknown_name_message(name, known, "parameter or coefficient"))
    return params, coefficients


MAX_EXTENDS_DEPTH = 32


def scenario_dirs() -> list[Path]:
    """Where named scenarios live: the checkout's `scenarios/`, else the installed copy."""
    here = Path(__file__).resolve().parent.parent
    return [d for d in (here.parent / "scenarios", here / "_data" / "scenarios") if d.is_dir()]


def available_scenarios() -> list[str]:
    names: set[str] = set()
    for d in scenario_dirs():
        names.update(p.stem for p in d.glob("*.toml"))
    return sorted(names)


@dataclass(frozen=True)
class Scenario(Mapping[str, Any]):
    """Every parameter's value (read it like a dict) plus the scenario's name and provenance."""

    name: str
    params: Mapping[str, Any]
    title_en: str = ""
    title_zh: str = ""
    paper_section: str = ""
    description: str = ""
    source: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    coefficients: Mapping[str, Any] = field(default_factory=dict)  # model coefficients changed

    def __post_init__(self):
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "overrides", MappingProxyType(dict(self.overrides)))
        object.__setattr__(self, "coefficients", MappingProxyType(dict(self.coefficients)))

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)

    def title(self, lang: str = "en") -> str:
        title = self.title_zh if lang == "zh" else self.title_en
        return title or self.name

    def replace(self, **overrides: Any) -> Scenario:
        """A copy with some parameters or coefficients changed (validated); the changed
        parameters are kept as overrides."""
        if not overrides:
            return self
        checked, coefficients = split_overrides(overrides)
        return Scenario(
            name=self.name,
            params={**self.params, **checked},
            title_en=self.title_en,
            title_zh=self.title_zh,
            paper_section=self.paper_section,
            description=self.description,
            source=self.source,
            overrides={**self.overrides, **checked},
            coefficients={**self.coefficients, **coefficients},
        )

    def differences(self, other: Mapping[str, Any] = DEFAULTS) -> dict[str, Any]:
        """Parameters whose value differs from `other` (by default the registry defaults)."""
        return {k: v for k, v in self.params.items() if other.get(k) != v}

    def to_dict(self) -> dict[str, Any]:
        """Plain data for provenance files (JSON/TOML friendly)."""
        return {
            "name": self.name,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "paper_section": self.paper_section,
            "description": self.description,
            "source": self.source,
            "overrides": dict(self.overrides),
            "parameters": dict(self.params),
            "coefficients": {k: _plain(v) for k, v in self.coefficients.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Rebuild a scenario saved with `to_dict`, validating every value again."""
        params = dict(DEFAULTS)
        for name, value in data.get("parameters", {}).items():
            params[name] = validate_value(name, value)
        return cls(
            name=data.get("name", "custom"),
            params=params,
            title_en=data.get("title_en", ""),
            title_zh=data.get("title_zh", ""),
            paper_section=data.get("paper_section", ""),
            description=data.get("description", ""),
            source=data.get("source"),
            overrides=data.get("overrides", {}),
            coefficients={
                k: check_coefficient(k, v) for k, v in (data.get("coefficients") or {}).items()
            },
        )


POPULATION = tuple(name for name, p in PARAMETERS.items() if p.path == "population")


@cache
def _status_quo_levers() -> MappingProxyType:
    try:
        return MappingProxyType(dict(load_scenario("baseline")))
    except ScenarioError:  # an installation without the named scenarios
        return DEFAULTS


def status_quo(scenario: Mapping[str, Any]) -> dict[str, Any]:
    """The status quo the community lives under before a policy starts (the warm-up): the
    `baseline` scenario's levers, at this scenario's population and run settings."""
    return {**_status_quo_levers(), **{name: scenario[name] for name in POPULATION}}


def load_coefficients(path: str | os.PathLike) -> dict[str, Any]:
    """A coefficients file: a TOML [coefficients] table (e.g. a calibration's best.toml), each
    value checked; a problem names the file and line."""
    path = check_file(Path(path), "coefficients file", ScenarioError)
    data, text = read_toml(path, ScenarioError, "coefficients")
    for key in data:
        if key != "coefficients":
            raise ScenarioError(
                f"{where(path, text, key)}: a coefficients file holds one [coefficients] table, "
                f"not {key!r}"
            )
    table = data.get("coefficients")
    if not isinstance(table, dict) or not table:
        raise ScenarioError(f"{path}: a coefficients file needs a non-empty [coefficients] table")
    out = {}
    for key, value in table.items():
        try:
            out[key] = check_coefficient(key, value)
        except ParameterError as exc:
            raise ScenarioError(f"{where(path, text, key)}: {exc}") from None
    return out


def default_scenario(**overrides: Any) -> Scenario:
    return Scenario(name="defaults", params=DEFAULTS).replace(**overrides)


def load_scenario(name_or_path: str | Path | Scenario, **overrides: Any) -> Scenario:
    """A validated scenario from a name in `scenarios/`, a TOML path, or a Scenario.

    Keyword overrides change parameters after the file is applied; unknown names and bad
    values raise ParameterError with the allowed range or the closest known name.
    """
    if isinstance(name_or_path, Scenario):
        return name_or_path.replace(**overrides)
    if not isinstance(name_or_path, str | os.PathLike):
        raise ScenarioError(
            "a scenario is a name in scenarios/ (e.g. 'baseline') or the path of a TOML "
            f"file, not {type(name_or_path).__name__}"
        )
    return _load(_resolve_path(name_or_path), chain=()).replace(**overrides)


def looks_like_path(ref: str | os.PathLike) -> bool:
    """A path ('sub/x.toml', 'x.toml', a Path) rather than a name in scenarios/."""
    text = os.fspath(ref)
    return isinstance(ref, os.PathLike) or text.endswith(".toml") or "/" in text or "\\" in text


def _resolve_path(name_or_path: str | os.PathLike) -> Path:
    text = os.fspath(name_or_path)
    if not isinstance(text, str):
        text = os.fsdecode(text)
    if not text.strip():
        raise ScenarioError("a scenario name is empty; give a name such as 'baseline' or a path")
    if looks_like_path(name_or_path):
        return check_file(Path(text).expanduser(), "scenario file", ScenarioError)
    for d in scenario_dirs():
        path = d / f"{text}.toml"
        if path.is_file():
            return path
    raise ScenarioError(unknown_name_message(text, available_scenarios(), "scenario"))


def _load(path: Path, chain: tuple[Path, ...]) -> Scenario:
    """Apply the files of the `extends` tree, each once, ancestors first, then this file."""
    layers: dict[Path, tuple[dict, dict, dict]] = {}
    _collect(path.resolve(), chain, layers)
    params, coefficients = dict(DEFAULTS), {}
    for _meta, values, coefs in layers.values():
        params.update(values)
        coefficients.update(coefs)
    meta = layers[path.resolve()][0]
    return Scenario(
        name=path.stem,
        params=params,
        title_en=meta.get("title_en", ""),
        title_zh=meta.get("title_zh", ""),
        paper_section=meta.get("paper_section", ""),
        description=meta.get("description", ""),
        source=str(path),
        coefficients=coefficients,
    )


def _collect(path: Path, chain: tuple[Path, ...], layers: dict) -> None:
    """Post-order walk of `extends`: fills `layers` (ordered) with each file's own values."""
    if path in layers:
        return
    name = path.stem
    if path in chain:
        names = [p.stem for p in chain] + [name]
        raise ScenarioError(f"{path}: 'extends' goes round in a circle: {' -> '.join(names)}")
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            f"{path}: 'extends' goes more than {MAX_EXTENDS_DEPTH} files deep; "
            "flatten the chain of scenarios"
        )
    meta, values, text, coefficients = _read(path)
    extends = meta.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(e, str) for e in extends):
        raise ScenarioError(
            f"{where(path, text, 'extends')}: 'extends' must be a scenario name or a list of them"
        )
    if len(set(extends)) < len(extends):
        raise ScenarioError(f"{where(path, text, 'extends')}: 'extends' names a scenario twice")
    for parent in extends:
        _collect(_resolve_parent(parent, path, text).resolve(), chain + (path,), layers)
    checked = {}
    for key, value in values.items():
        if key not in PARAMETERS:
            msg = unknown_name_message(key, PARAMETERS)
            raise ScenarioError(f"{where(path, text, key)}: {msg}")
        try:
            checked[key] = validate_value(key, value)
        except ParameterError as exc:
            raise ScenarioError(f"{where(path, text, key)}: {exc}") from None
    coefs = {}
    for key, value in coefficients.items():
        try:
            coefs[key] = check_coefficient(key, value)
        except ParameterError as exc:
            raise ScenarioError(f"{where(path, text, key)}: in [coefficients]: {exc}") from None
    layers[path] = (meta, checked, coefs)


def _read(path: Path) -> tuple[dict, dict, str, dict]:
    """Parse one scenario file and check its shape; returns (meta, parameter values, text,
    coefficient values)."""
    data, text = read_toml(path, ScenarioError, "scenario")
    if not data:
        raise ScenarioError(
            f"scenario file {path} is empty; a scenario file has a [scenario] table (title, "
            "extends) and a [parameters] table (see scenarios/tech_empowerment.toml)"
        )
    for key in data:
        if key not in _TABLES:
            raise ScenarioError(
                f"{where(path, text, key)}: {unknown_name_message(key, _TABLES, 'table')} "
                "(a scenario file has a [scenario] table, a [parameters] table and may have "
                "a [coefficients] table)"
            )
    meta = data.get("scenario", {})
    values = data.get("parameters", {})
    coefficients = data.get("coefficients", {})
    for table, content in (
        ("scenario", meta),
        ("parameters", values),
        ("coefficients", coefficients),
    ):
        if not isinstance(content, dict):
            raise ScenarioError(f"{where(path, text, table)}: '{table}' must be a table")
    for key in meta:
        if key not in _META_KEYS:
            msg = unknown_name_message(key, _META_KEYS, "key in [scenario]")
            raise ScenarioError(f"{where(path, text, key)}: {msg}")
    for key in ("title_en", "title_zh", "paper_section", "description"):
        if not isinstance(meta.get(key, ""), str):
            raise ScenarioError(f"{where(path, text, key)}: '{key}' must be a string")
    return meta, values, text, coefficients


def _resolve_parent(parent: str, path: Path, text: str) -> Path:
    """A parent named in `extends`: a path is relative to the file's own folder; a name is
    first looked for next to the file, then in scenarios/."""
    try:
        if looks_like_path(parent):
            target = Path(parent).expanduser()
            if not target.is_absolute():
                target = path.parent / target
            return check_file(target, "scenario file", ScenarioError)
        if not parent.strip():
            raise ScenarioError("'extends' holds an empty name")
        sibling = path.parent / f"{parent}.toml"
        if sibling.is_file():
            return sibling
        return _resolve_path(parent)
    except ScenarioError as exc:
        raise ScenarioError(f"{where(path, text, 'extends')}: {exc}") from None


def _plain(value: Any) -> Any:
    """Tuples as lists, for JSON and TOML."""
    return [_plain(v) for v in value] if isinstance(value, tuple | list) else value
