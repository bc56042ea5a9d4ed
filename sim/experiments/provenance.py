"""What produced a result: code version, package versions, machine."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

import sim

PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "SALib", "dask", "distributed")


@cache
def code_version() -> str:
    """The package version, plus the git commit (and '-dirty') when run from a checkout."""
    root = Path(sim.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return sim.__version__
    return f"{sim.__version__}+g{commit}{'-dirty' if dirty else ''}"


@cache
def model_fingerprint() -> str:
    """A hash of what a run's numbers depend on besides its inputs: the source of both
    engines' rules (sim/model, sim/reference, sim/parameters) and NumPy's version. Unlike
    `code_version` it ignores commits that change no rule (documentation, the browser), so
    cached runs stay valid."""
    root = Path(sim.__file__).resolve().parent
    digest = hashlib.sha256(metadata.version("numpy").encode())
    for folder in ("model", "parameters", "reference"):
        for path in sorted((root / folder).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def provenance() -> dict:
    return {
        "code_version": code_version(),
        "model_fingerprint": model_fingerprint(),
        "packages": package_versions(),
        "machine": {"platform": platform.platform(), "processor": platform.machine()},
    }
