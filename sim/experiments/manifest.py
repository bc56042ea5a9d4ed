"""The manifest of a results folder as typed records, read and written in one place.

`manifest.json` holds what produced a sweep and where it stands: the experiment as run, its
hash, code and package versions, seeds, every design point with its resolved parameters,
and the status of every run. Readers get a `Manifest`; nobody else indexes the JSON by
string keys. `Manifest.from_dict` checks every field it reads, so a damaged or foreign file
becomes a `GovsimError` that names the file and the field, never a KeyError.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sim.errors import ResultsError

FORMAT = 1
KIND = "govsim-sweep"
SAMPLED = ("lhs", "sobol", "morris")  # designs whose points are drawn, not listed
DESIGNS = ("grid", "oat", *SAMPLED)


def show_value(value) -> str:
    """A factor value as people read it: 0.5, 300, True."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def point_label(name: str, factors: dict) -> str:
    """'name | factor=value, ...', or just the name for a point without factors."""
    if not factors:
        return name
    return f"{name} | " + ", ".join(f"{k}={show_value(v)}" for k, v in factors.items())


class ManifestError(ResultsError):
    """A manifest that is not a govsim sweep manifest, or is damaged."""


def _field(data: Any, key: str, kind: type | tuple, where: str, default: Any = ...) -> Any:
    """data[key], checked to be of `kind` (bool is not a number here); `default` when it is
    absent or null, or a ManifestError naming the field when there is no default."""
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: expected a JSON object")
    value = data.get(key)
    if value is None:
        if default is ...:
            raise ManifestError(f"{where}: '{key}' is missing")
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ManifestError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


def _list(data: dict, key: str, where: str) -> list:
    return _field(data, key, list, where)


NUMBER = (int, float)


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    title_en: str = ""
    title_zh: str = ""
    paper_section: str = ""
    parameters: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.name

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ScenarioInfo:
        return cls(
            name=_field(data, "name", str, where),
            title_en=_field(data, "title_en", str, where, "") or "",
            title_zh=_field(data, "title_zh", str, where, "") or "",
            paper_section=_field(data, "paper_section", str, where, "") or "",
            parameters=_field(data, "parameters", dict, where, {}),
            raw=data,
        )


@dataclass(frozen=True)
class FactorInfo:
    name: str
    values: tuple | None = None
    range: tuple | None = None

    @classmethod
    def from_dict(cls, data: Any, where: str) -> FactorInfo:
        values = _field(data, "values", list, where, None)
        bounds = _field(data, "range", list, where, None)
        if (values is None) == (bounds is None):
            raise ManifestError(f"{where}: a factor needs 'values' or 'range'")
        if bounds is not None and (
            len(bounds) != 2
            or not all(isinstance(b, NUMBER) and not isinstance(b, bool) for b in bounds)
            or not bounds[0] < bounds[1]
        ):
            raise ManifestError(f"{where}: 'range' must be [low, high] with low < high")
        return cls(
            name=_field(data, "name", str, where),
            values=tuple(values) if values is not None else None,
            range=tuple(bounds) if bounds is not None else None,
        )


@dataclass(frozen=True)
class ExperimentInfo:
    """The experiment as it was run (ExperimentSpec.to_dict, read back)."""

    name: str
    design: str
    scenarios: tuple[ScenarioInfo, ...]
    factors: tuple[FactorInfo, ...]
    replications: int
    master_seed: int
    metrics: tuple[str, ...]
    reference: str | None = None
    steps: int | None = None
    samples: int | None = None
    levels: int = 4
    title_en: str = ""
    title_zh: str = ""
    description: str = ""
    uncertainties: tuple[str, ...] = ()  # names of what varies between worlds
    worlds: int = 0
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def sampled(self) -> bool:
        return self.design in SAMPLED

    @property
    def factor_names(self) -> list[str]:
        return [f.name for f in self.factors]

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.name

    def scenario(self, name: str) -> ScenarioInfo | None:
        return next((s for s in self.scenarios if s.name == name), None)

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ExperimentInfo:
        from sim.model import METRIC_NAMES

        w = f"{where}, experiment"
        metrics = _list(data, "metrics", w)
        if not metrics or not all(isinstance(m, str) for m in metrics):
            raise ManifestError(f"{w}: 'metrics' must be a non-empty list of names")
        unknown = [m for m in metrics if m not in METRIC_NAMES]
        if unknown:
            raise ManifestError(f"{w}: unknown metric {unknown[0]!r}")
        metrics = list(dict.fromkeys(metrics))  # a metric listed twice counts once
        design = _field(data, "design", str, w)
        if design not in DESIGNS:
            raise ManifestError(f"{w}: unknown design {design!r}")
        factors = tuple(
            FactorInfo.from_dict(f, f"{w}, factor {i}")
            for i, f in enumerate(_list(data, "factors", w))
        )
        if len({f.name for f in factors}) < len(factors):
            raise ManifestError(f"{w}: a factor is listed twice")
        if design in SAMPLED and any(f.range is None for f in factors):
            raise ManifestError(f"{w}: a {design} design needs a 'range' for every factor")
        levels = _field(data, "levels", int, w, 4)
        if levels < 2:
            raise ManifestError(f"{w}: 'levels' must be 2 or more")
        return cls(
            name=_field(data, "name", str, w),
            design=design,
            scenarios=tuple(
                ScenarioInfo.from_dict(s, f"{w}, scenario {i}")
                for i, s in enumerate(_list(data, "scenarios", w))
            ),
            factors=factors,
            replications=_field(data, "replications", int, w),
            master_seed=_field(data, "master_seed", int, w),
            metrics=tuple(metrics),
            reference=_field(data, "reference", str, w, None),
            steps=_field(data, "steps", int, w, None),
            samples=_field(data, "samples", int, w, None),
            levels=levels,
            title_en=_field(data, "title_en", str, w, "") or "",
            title_zh=_field(data, "title_zh", str, w, "") or "",
            description=_field(data, "description", str, w, "") or "",
            uncertainties=tuple(
                _field(u, "name", str, f"{w}, uncertainty {i}")
                for i, u in enumerate(_field(data, "uncertainties", list, w, []))
            ),
            worlds=_field(data, "worlds", int, w, 0),
            raw=data,
        )


@dataclass(frozen=True)
class PointInfo:
    """One design point: a scenario with its factor values and every parameter resolved."""

    point: int
    scenario: str
    label: str
    factors: dict
    parameters: dict
    sample: tuple | None = None
    world: int | None = None  # which world (None: no worlds)
    uncertain: dict = field(default_factory=dict)  # the world's draws, by uncertainty
    coefficients: dict = field(default_factory=dict)  # coefficients changed in its runs

    def to_dict(self) -> dict:
        out = asdict(self)
        out["sample"] = list(self.sample) if self.sample is not None else None
        out["coefficients"] = {k: _plain(v) for k, v in self.coefficients.items()}
        return out

    @classmethod
    def from_dict(cls, data: Any, where: str) -> PointInfo:
        sample = _field(data, "sample", list, where, None)
        if sample is not None and not all(
            isinstance(x, NUMBER) and not isinstance(x, bool) for x in sample
        ):
            raise ManifestError(f"{where}: 'sample' must be a list of numbers")
        return cls(
            point=_field(data, "point", int, where),
            scenario=_field(data, "scenario", str, where),
            label=_field(data, "label", str, where),
            factors=_field(data, "factors", dict, where),
            parameters=_field(data, "parameters", dict, where),
            sample=tuple(sample) if sample is not None else None,
            world=_field(data, "world", int, where, None),
            uncertain=_field(data, "uncertain", dict, where, {}),
            coefficients={
                k: _tupled(v) for k, v in _field(data, "coefficients", dict, where, {}).items()
            },
        )


def _plain(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, tuple | list) else value


def _tupled(value: Any) -> Any:
    return tuple(_tupled(v) for v in value) if isinstance(value, list) else value


@dataclass
class RunStatus:
    """Where one run stands: pending, done or failed (with its error)."""

    run: str
    point: int
    replication: int
    seed: int
    status: str = "pending"
    seconds: float | None = None
    error: str | None = None

    @classmethod
    def from_dict(cls, data: Any, where: str) -> RunStatus:
        status = _field(data, "status", str, where, "pending")
        if status not in ("pending", "done", "failed"):
            raise ManifestError(f"{where}: unknown run status {status!r}")
        return cls(
            run=_field(data, "run", str, where),
            point=_field(data, "point", int, where),
            replication=_field(data, "replication", int, where),
            seed=_field(data, "seed", int, where),
            status=status,
            seconds=_field(data, "seconds", NUMBER, where, None),
            error=_field(data, "error", str, where, None),
        )


@dataclass
class Manifest:
    experiment: ExperimentInfo
    spec_hash: str
    code_version: str
    provenance: dict
    master_seed: int
    seeds: list[int]
    points: list[PointInfo]
    runs: list[RunStatus]
    started: str | None = None
    finished: str | None = None
    status: str = "running"
    sessions: list[dict] = field(default_factory=list)
    format: int = FORMAT
    kind: str = KIND

    def point(self, point: int) -> PointInfo:
        return self.points[point]

    def counts(self) -> dict[str, int]:
        out = {"done": 0, "failed": 0, "pending": 0}
        for run in self.runs:
            out[run.status] += 1
        return out

    @property
    def complete(self) -> bool:
        return all(r.status != "pending" for r in self.runs)

    def to_dict(self) -> dict:
        return {
            "format": self.format,
            "kind": self.kind,
            "experiment": self.experiment.raw,
            "spec_hash": self.spec_hash,
            "code_version": self.code_version,
            "provenance": self.provenance,
            "master_seed": self.master_seed,
            "seeds": list(self.seeds),
            "points": [p.to_dict() for p in self.points],
            "runs": [asdict(r) for r in self.runs],
            "started": self.started,
            "finished": self.finished,
            "status": self.status,
            "sessions": self.sessions,
        }

    @classmethod
    def from_dict(cls, data: Any, path: Path | str) -> Manifest:
        where = str(path)
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ManifestError(f"{where} is not a govsim sweep manifest")
        if data.get("format") != FORMAT:
            raise ManifestError(
                f"{where} was written in format {data.get('format')!r} by govsim "
                f"{data.get('code_version', '?')}; this version reads format {FORMAT}. "
                "Re-run the sweep with this version."
            )
        points = [
            PointInfo.from_dict(p, f"{where}, point {i}")
            for i, p in enumerate(_list(data, "points", where))
        ]
        if [p.point for p in points] != list(range(len(points))):
            raise ManifestError(f"{where}: design points are not numbered 0, 1, 2, ...")
        runs = [
            RunStatus.from_dict(r, f"{where}, run {i}")
            for i, r in enumerate(_list(data, "runs", where))
        ]
        if any(not 0 <= r.point < len(points) for r in runs):
            raise ManifestError(f"{where}: a run refers to a design point that does not exist")
        if len({r.run for r in runs}) < len(runs):
            raise ManifestError(f"{where}: a run is listed twice")
        seeds = _list(data, "seeds", where)
        if not all(isinstance(s, int) and not isinstance(s, bool) for s in seeds):
            raise ManifestError(f"{where}: 'seeds' must be whole numbers")
        experiment = ExperimentInfo.from_dict(data.get("experiment"), where)
        names = experiment.factor_names
        for p in points:
            if sorted(p.factors) != sorted(names):
                raise ManifestError(
                    f"{where}, point {p.point}: its factors ({', '.join(p.factors) or 'none'}) "
                    f"are not the experiment's ({', '.join(names) or 'none'})"
                )
            if experiment.sampled and (p.sample is None or len(p.sample) != len(names)):
                raise ManifestError(
                    f"{where}, point {p.point}: a {experiment.design} point needs a 'sample' "
                    "with one number per factor"
                )
        return cls(
            experiment=experiment,
            spec_hash=_field(data, "spec_hash", str, where),
            code_version=_field(data, "code_version", str, where, "?"),
            provenance=_field(data, "provenance", dict, where, {}),
            master_seed=_field(data, "master_seed", int, where),
            seeds=seeds,
            points=points,
            runs=runs,
            started=_field(data, "started", str, where, None),
            finished=_field(data, "finished", str, where, None),
            status=_field(data, "status", str, where, "running"),
            sessions=_field(data, "sessions", list, where, []),
        )
