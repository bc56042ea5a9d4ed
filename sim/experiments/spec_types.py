"""What an experiment is once read: the typed spec (scenarios, factors, design, seeds) with
its size, its overrides from the command line and its hash. Kept apart from the reader
(`sim.experiments.spec`) so that designs and the store can use it without the file checks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from sim.errors import GovsimError
from sim.experiments import limits
from sim.experiments.manifest import SAMPLED
from sim.experiments.worlds import Uncertainty
from sim.model import METRIC_NAMES
from sim.parameters import Scenario
from sim.parameters.validation import validate_value


class ExperimentError(GovsimError):
    """An experiment file that cannot be read or does not describe a valid experiment."""


@dataclass(frozen=True)
class Factor:
    """A parameter the design varies: explicit levels, or a range to sample."""

    name: str
    values: tuple | None = None
    low: float | None = None
    high: float | None = None

    def to_dict(self) -> dict:
        if self.values is not None:
            return {"name": self.name, "values": list(self.values)}
        return {"name": self.name, "range": [self.low, self.high]}


@dataclass(frozen=True)
class ExperimentSpec:
    name: str
    scenarios: tuple[Scenario, ...]
    factors: tuple[Factor, ...] = ()
    design: str = "grid"
    replications: int = 10
    master_seed: int = 1
    steps: int | None = None
    metrics: tuple[str, ...] = METRIC_NAMES
    samples: int | None = None
    levels: int = 4
    reference: str | None = None
    title_en: str = ""
    title_zh: str = ""
    description: str = ""
    source: str | None = None
    fixed: dict = field(default_factory=dict)
    uncertainties: tuple[Uncertainty, ...] = ()
    worlds: int = 0  # 0: no worlds, the model's default coefficients only
    ensemble: str | None = None  # draw worlds from this ensemble file instead of the ranges

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.name

    def with_overrides(
        self,
        *,
        replications: int | None = None,
        steps: int | None = None,
        worlds: int | None = None,
        coefficients: dict | None = None,
    ) -> ExperimentSpec:
        """The spec with replications, weeks or worlds changed (for quick trials from the
        CLI), or coefficients set in every scenario (`--coefficients FILE`)."""
        changes: dict[str, Any] = {}
        if worlds is not None:
            if not self.uncertainties and not self.ensemble:
                raise ExperimentError(
                    "--worlds needs an [uncertainties] table (or an ensemble) in the "
                    "experiment file: there is nothing to draw worlds of"
                )
            limits.check_worlds(worlds, "--worlds")
            changes["worlds"] = worlds
        if coefficients:
            changes["scenarios"] = tuple(s.replace(**coefficients) for s in self.scenarios)
        if replications is not None:
            if isinstance(replications, bool) or not isinstance(replications, int):
                raise ExperimentError(f"replications must be a whole number, not {replications!r}")
            if replications < 1:
                raise ExperimentError(f"replications must be 1 or more, not {replications}")
            limits.check_replications(replications, "--replications")
            changes["replications"] = replications
        if steps is not None:  # overrides the weeks of every scenario (documented in --help)
            changes["steps"] = validate_value("steps", steps)
        spec = replace(self, **changes) if changes else self
        spec.check_size()
        return spec

    def point_count(self) -> int:
        """How many design points the design has (counted, not drawn)."""
        per_scenario: int
        if self.design in SAMPLED:
            per_scenario = limits.sampled_points(self.design, self.samples or 0, len(self.factors))
        elif self.design == "oat":
            per_scenario = limits.oat_points([len(f.values) + 1 for f in self.factors])
        else:
            per_scenario = limits.grid_points([len(f.values) for f in self.factors])
        return per_scenario * len(self.scenarios) * max(1, self.worlds)

    def weeks(self) -> int:
        if self.steps is not None:
            return self.steps
        return max((int(s["steps"]) for s in self.scenarios), default=1)

    def check_size(self) -> None:
        """Refuse a spec past the limits of sim.experiments.limits (before any work)."""
        limits.check_replications(self.replications)
        for factor in self.factors:
            if factor.values is not None:
                limits.check_levels(factor.name, len(factor.values))
        limits.check_sweep_size(
            self.point_count(), self.replications, self.weeks(), len(self.metrics)
        )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "title_en": self.title_en,
            "title_zh": self.title_zh,
            "description": self.description,
            "design": self.design,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "fixed": dict(self.fixed),
            "factors": [f.to_dict() for f in self.factors],
            "replications": self.replications,
            "master_seed": self.master_seed,
            "steps": self.steps,
            "metrics": list(self.metrics),
            "samples": self.samples,
            "levels": self.levels,
            "reference": self.reference,
            "source": self.source,
            "uncertainties": [u.to_dict() for u in self.uncertainties],
            "worlds": self.worlds,
            "ensemble": self.ensemble,
        }

    def spec_hash(self) -> str:
        """Hash of everything that decides the numbers: not titles, and not the file's name
        or where it lives (a renamed or moved experiment file still resumes its sweep)."""
        return self._hash(with_name=False)

    def legacy_spec_hash(self) -> str:
        """The hash as govsim 0.1 computed it (with the file's name): folders written then
        can still be resumed."""
        return self._hash(with_name=True)

    def _hash(self, *, with_name: bool) -> str:
        data = self.to_dict()
        for key in ("title_en", "title_zh", "description", "source"):
            data.pop(key)
        if not with_name:
            data.pop("name")
        for scenario in data["scenarios"]:
            for key in ("title_en", "title_zh", "description", "source", "paper_section"):
                scenario.pop(key)
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]
