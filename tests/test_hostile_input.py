# ruff: noqa: E501 - the cases are a table, one row a line
"""Hostile and careless input, as a new user or a hostile one would give it (issue 12).

Every case is a row: what is given, the exit status expected, and a phrase the message must
hold. Each case runs in a folder of its own (the current folder, too), with copies of small
results folders to damage; before and after, every file there, in the shared results
folders and in the checkout's scenarios/ and experiments/ is hashed: a refused command
changes nothing and leaves no new file, and no command prints a traceback.

`govsim` runs in this process (`sim.cli.main.main`), which is fast; signals and pipes are
tried in subprocesses at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hostile import (
    ROOT,
    TINY,
    Base,
    build_base,
    changed,
    copy_results,
    edit_manifest,
    fingerprint,
    foreign_parquet,
    truncate,
    write,
)

import sim
from sim.cli.main import main
from sim.errors import GovsimError
from sim.experiments.store import MANIFEST, SweepLock, load_results

GOVSIM = [sys.executable, "-m", "sim.cli.main"]
Q = ["--set", "n_households=100", "--steps", "3"]  # a run in a blink
EXP = "[experiment]\nreplications = 1\nsteps = 2\nmetrics = ['satisfaction_mean']\n" + TINY
GARBAGE = bytes(range(256)) * 8


@pytest.fixture(scope="session")
def base(tmp_path_factory) -> Base:
    return build_base(tmp_path_factory.mktemp("hostile-base"))


class Ctx:
    """A case's folder `d`, with copies of the base results folders made when first used:
    R (complete sweep), P (stopped sweep with part files), L (LHS sweep), O (another seed),
    G (the grid experiment file)."""

    def __init__(self, d: Path, base: Base):
        self.d, self.base = d, base

    @cached_property
    def R(self) -> Path:
        return copy_results(self.base.complete, self.d / "R")

    @cached_property
    def P(self) -> Path:
        return copy_results(self.base.partial, self.d / "P")

    @cached_property
    def L(self) -> Path:
        return copy_results(self.base.lhs, self.d / "L")

    @cached_property
    def O(self) -> Path:  # noqa: E743 - the other sweep
        return copy_results(self.base.other, self.d / "O")

    @cached_property
    def G(self) -> Path:
        return Path(shutil.copy(self.base.grid_file, self.d / "grid.toml"))

    def f(self, name: str, content: str | bytes) -> Path:
        return write(self.d / name, content)

    def __getitem__(self, key: str) -> str:
        return str(self.d if key == "d" else getattr(self, key))


@dataclass
class Case:
    name: str
    argv: list[str] | Callable  # command-line words with {d}, {R}, ...; or a Python call
    status: int = 2
    phrase: str = ""
    setup: Callable[[Ctx], object] | None = None
    uses: str = ""  # base folders to copy before setup (letters)
    allow_new: bool = False  # a command that works writes new files
    allow_changed: tuple = ()  # files a working command replaces on purpose (by name)
    patch: Callable | None = None  # (monkeypatch, ctx) -> None
    check: Callable[[Ctx], None] | None = None  # more assertions after the command
    marks: tuple = field(default_factory=tuple)


def ok(name, argv, phrase="", **kw) -> Case:
    return Case(name, argv, status=0, phrase=phrase, allow_new=True, **kw)


# ------------------------------------------------------------------ damaged results folders


def _set(path_in_data, value):
    def change(data):
        target = data
        for key in path_in_data[:-1]:
            target = target[key]
        target[path_in_data[-1]] = value

    return change


def _drop(key):
    return lambda data: data.pop(key)


def _rewrite_parquet(path: Path, change) -> None:
    frame = pd.read_parquet(path)
    result = change(frame)
    frame = result if isinstance(result, pd.DataFrame) else frame
    frame.to_parquet(path, index=False)  # no govsim metadata


def _replace(path: Path, content: bytes | str | None = None, folder=False) -> None:
    path.unlink()
    if folder:
        path.mkdir()
    elif content is not None:
        write(path, content)


def _other_manifest(c: Ctx, legacy: bool) -> None:
    shutil.copy(c.O / MANIFEST, c.R / MANIFEST)
    if legacy:  # files written before the spec hash went into their metadata
        for name in ("runs.parquet", "timeseries.parquet"):
            _rewrite_parquet(c.R / name, lambda f: None)


def _first_part(folder: Path, kind: str) -> Path:
    return sorted((folder / "parts" / kind).glob("*.parquet"))[0]


# (name, folder letter, damage, phrase): each is tried with summarize, report and load_results
DAMAGES = [
    ("manifest-not-utf8", "R", lambda c: _replace(c.R / MANIFEST, b'{"kind": "\xff\xfe"}'), "not UTF-8"),
    ("manifest-empty", "R", lambda c: _replace(c.R / MANIFEST, b""), "is empty"),
    ("manifest-truncated", "R", lambda c: truncate(c.R / MANIFEST), "not valid JSON"),
    ("manifest-array", "R", lambda c: _replace(c.R / MANIFEST, "[1, 2]"), "not a govsim sweep manifest"),
    ("manifest-no-runs", "R", lambda c: edit_manifest(c.R, _drop("runs")), "'runs' is missing"),
    ("manifest-no-experiment", "R", lambda c: edit_manifest(c.R, _drop("experiment")), "expected a JSON object"),
    ("manifest-no-points", "R", lambda c: edit_manifest(c.R, _drop("points")), "'points' is missing"),
    ("manifest-wrong-kind", "R", lambda c: edit_manifest(c.R, _set(["kind"], "other")), "not a govsim sweep manifest"),
    ("manifest-format-2", "R", lambda c: edit_manifest(c.R, _set(["format"], 2)), "format 2"),
    ("manifest-is-folder", "R", lambda c: _replace(c.R / MANIFEST, folder=True), "is a folder"),
    ("manifest-points-renumbered", "R", lambda c: edit_manifest(c.R, lambda d: d["points"][0].update(point=5)), "not numbered"),
    ("manifest-unknown-metric", "R", lambda c: edit_manifest(c.R, _set(["experiment", "metrics"], ["nope"])), "unknown metric 'nope'"),
    ("manifest-metrics-string", "R", lambda c: edit_manifest(c.R, _set(["experiment", "metrics"], "backlog")), "'metrics' has the wrong type"),
    ("manifest-bad-status", "R", lambda c: edit_manifest(c.R, lambda d: d["runs"][0].update(status="weird")), "unknown run status"),
    ("manifest-run-no-seed", "R", lambda c: edit_manifest(c.R, lambda d: d["runs"][0].pop("seed")), "'seed' is missing"),
    ("manifest-seeds-strings", "R", lambda c: edit_manifest(c.R, _set(["seeds"], ["a"])), "'seeds' must be whole numbers"),
    ("manifest-seed-huge-float", "R", lambda c: edit_manifest(c.R, lambda d: d["runs"][0].update(seed=1e300)), "'seed' has the wrong type"),
    ("manifest-run-unknown-point", "R", lambda c: edit_manifest(c.R, lambda d: d["runs"][0].update(point=99)), "design point that does not exist"),
    ("manifest-run-twice", "R", lambda c: edit_manifest(c.R, lambda d: d["runs"].append(d["runs"][0])), "listed twice"),
    ("manifest-factors-mismatch", "R", lambda c: edit_manifest(c.R, lambda d: d["points"][0].update(factors={"x": 1})), "not the experiment's"),
    ("manifest-design-unknown", "R", lambda c: edit_manifest(c.R, _set(["experiment", "design"], "magic")), "unknown design"),
    ("manifest-nul", "R", lambda c: _replace(c.R / MANIFEST, b'{"kind": "govsim-sweep"\x00}'), "NUL"),
    ("manifest-deep", "R", lambda c: _replace(c.R / MANIFEST, "[" * 100_000), "manifest"),
    ("manifest-dangling-link", "R", lambda c: (c.R / MANIFEST).unlink() or (c.R / MANIFEST).symlink_to(c.d / "gone.json"), "does not exist"),
    ("manifest-from-other-sweep", "R", lambda c: _other_manifest(c, legacy=False), "written by another sweep"),
    ("manifest-from-other-sweep-old-files", "R", lambda c: _other_manifest(c, legacy=True), "copied from another results folder"),
    ("manifest-complete-runs-deleted", "R", lambda c: (c.R / "runs.parquet").unlink(), "says the sweep is complete"),
    ("manifest-complete-series-deleted", "R", lambda c: (c.R / "timeseries.parquet").unlink(), "timeseries.parquet missing"),
    ("runs-truncated", "R", lambda c: truncate(c.R / "runs.parquet"), "damaged or not a Parquet file"),
    ("runs-empty", "R", lambda c: _replace(c.R / "runs.parquet", b""), "damaged or not a Parquet file"),
    ("runs-garbage", "R", lambda c: _replace(c.R / "runs.parquet", GARBAGE), "damaged or not a Parquet file"),
    ("runs-foreign", "R", lambda c: foreign_parquet(c.R / "runs.parquet"), "is not a govsim table"),
    ("runs-is-folder", "R", lambda c: _replace(c.R / "runs.parquet", folder=True), "is a folder"),
    ("runs-seed-changed", "R", lambda c: _rewrite_parquet(c.R / "runs.parquet", lambda f: f.__setitem__("seed", f["seed"] + 1)), "has seed"),
    ("runs-run-numbers", "R", lambda c: _rewrite_parquet(c.R / "runs.parquet", lambda f: f.__setitem__("run", range(len(f)))), "does not hold run names"),
    ("runs-point-empty", "R", lambda c: _rewrite_parquet(c.R / "runs.parquet", lambda f: f.__setitem__("point", np.nan)), "empty values"),
    ("runs-unknown-run", "R", lambda c: _rewrite_parquet(c.R / "runs.parquet", lambda f: f.__setitem__("run", "zzz")), "not one of the runs"),
    ("runs-seconds-text", "R", lambda c: _rewrite_parquet(c.R / "runs.parquet", lambda f: f.__setitem__("seconds", "slow")), "does not hold numbers"),
    ("runs-metric-missing", "R", lambda c: _rewrite_parquet(c.R / "runs.parquet", lambda f: f.drop(columns="backlog")), "lacks the metric column"),
    ("series-truncated", "R", lambda c: truncate(c.R / "timeseries.parquet", 0.3), "damaged or not a Parquet file"),
    ("series-foreign", "R", lambda c: foreign_parquet(c.R / "timeseries.parquet"), "is not a govsim table"),
    ("series-no-step", "R", lambda c: _rewrite_parquet(c.R / "timeseries.parquet", lambda f: f.drop(columns="step")), "lacks step"),
    ("results-is-a-file", "R", lambda c: shutil.rmtree(c.R) or write(c.R, "not a folder"), "is a file, not a results folder"),
    ("results-missing", "R", lambda c: shutil.rmtree(c.R), "does not exist"),
    ("results-without-manifest", "R", lambda c: (c.R / MANIFEST).unlink(), "not a govsim results folder"),
    ("part-runs-garbage", "P", lambda c: _replace(_first_part(c.P, "runs"), GARBAGE), "--resume"),
    ("part-series-truncated", "P", lambda c: truncate(_first_part(c.P, "timeseries")), "damaged or not a Parquet file"),
    ("part-foreign", "P", lambda c: foreign_parquet(c.P / "parts" / "runs" / "zzz.parquet"), "is not a govsim table"),
    ("failed-without-run", "P", lambda c: write(c.P / "parts" / "failed" / "x.json", '{"error": "boom"}'), "has no 'run' name"),
    ("failed-garbage", "P", lambda c: write(c.P / "parts" / "failed" / "x.json", "{oops"), "not valid JSON"),
    ("failed-unknown-run", "P", lambda c: write(c.P / "parts" / "failed" / "x.json", '{"run": "zzz"}'), "not one of the runs"),
    ("failed-not-utf8", "P", lambda c: write(c.P / "parts" / "failed" / "x.json", b"\xff\xfe"), "not UTF-8"),
    ("failed-is-list", "P", lambda c: write(c.P / "parts" / "failed" / "x.json", "[1]"), "has no 'run' name"),
]  # fmt: skip

# damaged folders that are still readable: they work, and say how things really stand
READABLE = [
    ("utf8-bom-manifest", "R", lambda c: write(c.R / MANIFEST, "\ufeff" + (c.R / MANIFEST).read_text()), "4 runs done"),
    ("metric-listed-twice", "R", lambda c: edit_manifest(c.R, lambda d: d["experiment"]["metrics"].append("backlog")), "4 runs done"),
    ("killed-manifest-says-running", "P", None, "status interrupted"),
    ("killed-manifest-stale-counts", "P", lambda c: edit_manifest(c.P, lambda d: [r.update(status="pending") for r in d["runs"]]), "3 runs done"),
    ("orphan-temporary-files", "P", lambda c: write(c.P / "parts" / "runs" / ".p00000-r0000.parquet.x1.tmp", b"half"), "3 runs done"),
    ("duplicate-labels-lhs", "L", None, "(point"),
]  # fmt: skip


def _damage_cases() -> list[Case]:
    cases = []
    for name, letter, damage, phrase in DAMAGES:
        cases.append(
            Case(f"summarize/{name}", ["summarize", "{" + letter + "}"], 2, phrase, damage, letter)
        )
        cases.append(
            Case(f"report/{name}", ["report", "{" + letter + "}"], 2, phrase, damage, letter)
        )
        cases.append(
            Case(
                f"load_results/{name}",
                lambda c, letter=letter: sim.load_results(c[letter]),
                2,
                phrase,
                damage,
                letter,
            )
        )
    for name, letter, damage, phrase in READABLE:
        cases.append(
            ok(f"summarize/{name}", ["summarize", "{" + letter + "}"], phrase, setup=damage)
        )
        cases.append(
            ok(f"report/{name}", ["report", "{" + letter + "}"], "report written", setup=damage)
        )
    return cases


# ------------------------------------------------------------------ run


def _earlier_run(c: Ctx):
    assert main(["run", "baseline", *Q, "--out", str(c.d / "out")]) == 0


def _disk_full(monkeypatch, c):
    import errno

    import sim.experiments.files as files

    def replace(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", replace)


def _read_only(monkeypatch, c):
    import sim.experiments.files as files

    def mkstemp(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)


RUN = [
    Case("run/unknown-scenario", ["run", "basline"], 2, "did you mean 'baseline'"),
    Case("run/empty-name", ["run", ""], 2, "scenario name is empty"),
    Case("run/folder-as-scenario", ["run", "{d}"], 2, "is a folder, not a file"),
    Case("run/device-as-scenario", ["run", "/dev/null"], 2, "not a regular file"),
    Case("run/missing-file", ["run", "{d}/nope.toml"], 2, "does not exist"),
    Case("run/empty-scenario-file", ["run", "{d}/e.toml"], 2, "is empty", lambda c: c.f("e.toml", "")),
    Case("run/comment-only-scenario", ["run", "{d}/e.toml"], 2, "is empty", lambda c: c.f("e.toml", "# nothing\n")),
    ok("run/utf8-bom-scenario", ["run", "{d}/b.toml", *Q], "last 13 weeks", setup=lambda c: c.f("b.toml", "\ufeff[parameters]\nsocial_orgs = 4\n")),
    Case("run/not-utf8-scenario", ["run", "{d}/x.toml"], 2, "not UTF-8", lambda c: c.f("x.toml", b"[parameters]\n# \xff\n")),
    Case("run/binary-scenario", ["run", "{d}/x.toml"], 2, "scenario file", lambda c: c.f("x.toml", GARBAGE)),
    Case("run/nul-scenario", ["run", "{d}/x.toml"], 2, "NUL", lambda c: c.f("x.toml", "[parameters]\x00\n")),
    Case("run/invalid-toml", ["run", "{d}/x.toml"], 2, "not valid TOML", lambda c: c.f("x.toml", "[parameters\n")),
    Case("run/deeply-nested-toml", ["run", "{d}/x.toml"], 2, "x.toml", lambda c: c.f("x.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n")),
    Case("run/huge-scenario-file", ["run", "{d}/x.toml"], 2, "at most", lambda c: c.f("x.toml", "#" * (17 * 2**20))),
    Case("run/unknown-table", ["run", "{d}/x.toml"], 2, "unknown table 'params'", lambda c: c.f("x.toml", "[params]\n")),
    Case("run/unknown-parameter", ["run", "{d}/x.toml"], 2, "did you mean 'digitization'", lambda c: c.f("x.toml", "[parameters]\ndigitisation = 0.5\n")),
    Case("run/parameter-string", ["run", "{d}/x.toml"], 2, "integer from 0 to 30", lambda c: c.f("x.toml", '[parameters]\nsocial_orgs = "many"\n')),
    Case("run/parameter-array", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters]\ndigitization = [0.5]\n")),
    Case("run/parameter-table", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters.digitization]\nx = 1\n")),
    Case("run/parameter-bool-for-number", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters]\ndigitization = true\n")),
    Case("run/parameter-date", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters]\ndigitization = 1979-05-27\n")),
    Case("run/parameter-nan", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters]\ndigitization = nan\n")),
    Case("run/parameter-inf", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters]\nn_households = inf\n")),
    Case("run/parameter-huge-int", ["run", "{d}/x.toml"], 2, "is not allowed", lambda c: c.f("x.toml", "[parameters]\nn_households = 99999999999999999999\n")),
    Case("run/bool-parameter-number", ["run", "{d}/x.toml"], 2, "true or false", lambda c: c.f("x.toml", "[parameters]\nresponsive_government = 1\n")),
    Case("run/title-not-string", ["run", "{d}/x.toml"], 2, "must be a string", lambda c: c.f("x.toml", "[scenario]\ntitle_en = 5\n")),
    Case("run/extends-missing", ["run", "{d}/x.toml"], 2, "unknown scenario 'nowhere'", lambda c: c.f("x.toml", '[scenario]\nextends = "nowhere"\n')),
    ok("run/extends-path-from-file-folder", ["run", "{d}/x.toml", *Q], "last 13 weeks", setup=lambda c: (c.f("sub/parent.toml", "[parameters]\nsocial_orgs = 9\n"), c.f("x.toml", '[scenario]\nextends = "sub/parent.toml"\n'))),
    Case("run/extends-path-missing", ["run", "{d}/x.toml"], 2, "sub/none.toml does not exist", lambda c: c.f("x.toml", '[scenario]\nextends = "sub/none.toml"\n')),
    Case("run/extends-folder", ["run", "{d}/x.toml"], 2, "is a folder", lambda c: (c.f("sub/keep.txt", ""), c.f("x.toml", '[scenario]\nextends = "sub/"\n'))),
    Case("run/extends-cycle", ["run", "{d}/a.toml"], 2, "circle", lambda c: (c.f("a.toml", '[scenario]\nextends = "b"\n'), c.f("b.toml", '[scenario]\nextends = "a"\n'))),
    Case("run/extends-itself", ["run", "{d}/a.toml"], 2, "circle", lambda c: c.f("a.toml", '[scenario]\nextends = "a"\n')),
    Case("run/extends-number", ["run", "{d}/x.toml"], 2, "must be a scenario name", lambda c: c.f("x.toml", "[scenario]\nextends = [1]\n")),
    Case("run/extends-twice", ["run", "{d}/x.toml"], 2, "names a scenario twice", lambda c: c.f("x.toml", '[scenario]\nextends = ["baseline", "baseline"]\n')),
    Case("run/extends-empty", ["run", "{d}/x.toml"], 2, "empty name", lambda c: c.f("x.toml", '[scenario]\nextends = ""\n')),
    Case("run/set-unknown", ["run", "baseline", "--set", "digitisation=0.5"], 2, "did you mean 'digitization'"),
    Case("run/set-out-of-range", ["run", "baseline", "--set", "digitization=2"], 2, "from 0 to 1"),
    Case("run/set-nan", ["run", "baseline", "--set", "digitization=nan"], 2, "is not allowed"),
    Case("run/set-inf-integer", ["run", "baseline", "--set", "n_households=inf"], 2, "is not allowed"),
    Case("run/set-fraction-integer", ["run", "baseline", "--set", "n_households=100.5"], 2, "is not allowed"),
    Case("run/set-no-equals", ["run", "baseline", "--set", "digitization"], 2, "NAME=VALUE"),
    Case("run/set-no-name", ["run", "baseline", "--set", "=3"], 2, "NAME=VALUE"),
    Case("run/set-twice", ["run", "baseline", "--set", "digitization=0.2", "--set", "digitization=0.5"], 2, "given twice"),
    ok("run/set-twice-same-value", ["run", "baseline", *Q, "--set", "social_orgs=3", "--set", "social_orgs=3"], "last 13 weeks"),
    Case("run/steps-and-set-steps", ["run", "baseline", "--steps", "13", "--set", "steps=20"], 2, "disagree"),
    Case("run/steps-zero", ["run", "baseline", "--steps", "0"], 2, "expected 1 or more"),
    Case("run/steps-too-many", ["run", "baseline", "--steps", "2000"], 2, "from 1 to 1040"),
    Case("run/steps-text", ["run", "baseline", "--steps", "many"], 2, "expected a whole number"),
    Case("run/seed-negative", ["run", "baseline", "--seed", "-1"], 2, "from 0 to 2^63 - 1"),
    Case("run/seed-text", ["run", "baseline", "--seed", "abc"], 2, "expected a whole number"),
    Case("run/seed-fraction", ["run", "baseline", "--seed", "1.5"], 2, "expected a whole number"),
    Case("run/seed-too-big", ["run", "baseline", "--seed", str(2**63)], 2, "from 0 to 2^63 - 1"),
    Case("run/seeds-past-the-largest-seed", ["run", "baseline", "--seed", str(2**63 - 1), "--seeds", "2"], 2, "past the largest seed"),
    Case("run/seeds-a-billion", ["run", "baseline", "--seeds", "1000000000"], 2, "limit of 10,000 seeds"),
    Case("run/seeds-zero", ["run", "baseline", "--seeds", "0"], 2, "expected 1 or more"),
    Case("run/runs-past-the-limit", ["run", "baseline", "combined", "--seeds", "6000"], 2, "limit of 10,000"),
    Case("run/memory-past-the-limit", ["run", "baseline", "--seeds", "50"], 2, "of memory", patch=lambda mp, c: mp.setattr("sim.experiments.limits.memory_limit", lambda: 1000)),
    Case("run/scenario-named-twice", ["run", "baseline", "baseline"], 2, "named twice"),
    Case("run/same-name-by-path", ["run", "baseline", "{d}/x/baseline.toml"], 2, "named twice", lambda c: c.f("x/baseline.toml", "[parameters]\nsocial_orgs = 3\n")),
    Case("run/out-empty", ["run", "baseline", "--out", ""], 2, "empty string"),
    Case("run/out-is-a-file", ["run", "baseline", *Q, "--out", "{d}/f.txt"], 2, "is a file", lambda c: c.f("f.txt", "precious")),
    Case("run/out-is-a-device", ["run", "baseline", *Q, "--out", "/dev/null"], 2, "is a file"),
    Case("run/out-under-a-file", ["run", "baseline", *Q, "--out", "{d}/f.txt/sub"], 2, "is not a folder", lambda c: c.f("f.txt", "precious")),
    Case("run/out-sweep-folder", ["run", "baseline", *Q, "--out", "{R}"], 2, "results folder of a sweep", uses="R"),
    Case("run/out-inside-sweep-folder", ["run", "baseline", *Q, "--out", "{R}/parts"], 2, "inside the results folder", uses="R"),
    Case("run/out-new-folder-in-sweep", ["run", "baseline", *Q, "--out", "{R}/mine"], 2, "inside the results folder", uses="R"),
    Case("run/out-not-empty", ["run", "baseline", *Q, "--out", "{d}/notes"], 2, "--force", lambda c: c.f("notes/todo.txt", "keep me")),
    ok("run/out-not-empty-force", ["run", "baseline", *Q, "--out", "{d}/notes", "--force"], "wrote", setup=lambda c: c.f("notes/todo.txt", "keep me")),
    Case("run/out-earlier-run-replaced", ["run", "baseline", *Q, "--seed", "2", "--out", "{d}/out"], 0, "replacing the earlier run", _earlier_run, allow_new=True, allow_changed=("weekly.parquet", "weekly.csv", "parameters.json")),
    Case("run/out-disk-full", ["run", "baseline", *Q, "--out", "{d}/out"], 2, "the disk is full", patch=_disk_full),
    Case("run/out-read-only", ["run", "baseline", *Q, "--out", "{d}/out"], 2, "permission denied", patch=_read_only),
]  # fmt: skip


# ------------------------------------------------------------------ sweep


def exp(body: str = "", name: str = "e.toml", head: str = EXP) -> Callable[[Ctx], Path]:
    return lambda c: c.f(name, head + body)


def _unstarted(c: Ctx, tmp: bool = False) -> None:
    for sub in ("runs", "timeseries", "failed"):
        (c.d / "S" / "parts" / sub).mkdir(parents=True)
    write(c.d / "S" / ".lock", "pid 999999 on elsewhere, since long ago")
    if tmp:
        write(c.d / "S" / "parts" / "runs" / ".p00000-r0000.parquet.abc.tmp", b"half")


def _held_lock(monkeypatch, c):
    lock = SweepLock(c.R)
    lock.acquire()
    monkeypatch.setattr(Case, "_lock", lock, raising=False)  # released when the case ends


def _as_written_by_0_1(c: Ctx) -> None:
    """A folder from before this version: the spec hash with the file name, no hash in the
    Parquet metadata."""
    from sim.experiments.spec import load_experiment

    legacy = load_experiment(c.G).legacy_spec_hash()
    edit_manifest(c.P, _set(["spec_hash"], legacy))
    for part in (c.P / "parts").rglob("*.parquet"):
        _rewrite_parquet(part, lambda f: None)


def _no_tmp_left(c: Ctx) -> None:
    assert not list((c.d / "S").rglob("*.tmp")), "orphan temporary files were not removed"


SWEEP = [
    Case("sweep/missing-file", ["sweep", "{d}/nope.toml"], 2, "does not exist"),
    Case("sweep/folder-as-file", ["sweep", "{d}"], 2, "is a folder, not a file"),
    Case("sweep/device-as-file", ["sweep", "/dev/null"], 2, "not a regular file"),
    Case("sweep/empty-file", ["sweep", "{d}/e.toml"], 2, "is empty", exp(head="")),
    ok("sweep/utf8-bom", ["sweep", "{d}/e.toml", "--quiet", "--out", "{d}/o"], "1 of 1 runs done", setup=exp(head="\ufeff" + EXP)),
    Case("sweep/not-utf8", ["sweep", "{d}/e.toml"], 2, "not UTF-8", lambda c: c.f("e.toml", b"[experiment]\n# \xff\n")),
    Case("sweep/invalid-toml", ["sweep", "{d}/e.toml"], 2, "not valid TOML", exp("[factors\n")),
    Case("sweep/no-experiment-table", ["sweep", "{d}/e.toml"], 2, "needs an [experiment] table", exp(head=TINY)),
    Case("sweep/unknown-table", ["sweep", "{d}/e.toml"], 2, "unknown table 'factor'", exp("[factor]\nx = 1\n")),
    Case("sweep/unknown-key", ["sweep", "{d}/e.toml"], 2, "did you mean 'replications'", exp(head="[experiment]\nreplicatons = 2\n")),
    Case("sweep/unknown-design", ["sweep", "{d}/e.toml"], 2, "design 'magic' is not known", exp(head="[experiment]\ndesign = 'magic'\n")),
    Case("sweep/replications-zero", ["sweep", "{d}/e.toml"], 2, "from 1 to 10000", exp(head="[experiment]\nreplications = 0\n")),
    Case("sweep/replications-fraction", ["sweep", "{d}/e.toml"], 2, "from 1 to 10000", exp(head="[experiment]\nreplications = 2.5\n")),
    Case("sweep/replications-text", ["sweep", "{d}/e.toml"], 2, "from 1 to 10000", exp(head="[experiment]\nreplications = 'ten'\n")),
    Case("sweep/replications-past-limit", ["sweep", "{d}/e.toml"], 2, "from 1 to 10000", exp(head="[experiment]\nreplications = 10001\n")),
    Case("sweep/cli-replications-past-limit", ["sweep", "{d}/e.toml", "--replications", "10000000"], 2, "limit of 10,000 replications", exp()),
    Case("sweep/cli-steps-past-limit", ["sweep", "{d}/e.toml", "--steps", "5000"], 2, "from 1 to 1040", exp()),
    Case("sweep/levels-ten-million", ["sweep", "{d}/e.toml"], 2, "limit of 1,000 levels", exp("[factors]\ndigitization = { range = [0, 1], levels = 10000000 }\n")),
    Case("sweep/values-past-limit", ["sweep", "{d}/e.toml"], 2, "limit of 1,000 per factor", exp("[factors]\nsocial_orgs = [" + ", ".join(["1"] * 1001) + "]\n")),
    Case("sweep/grid-of-13-million-points", ["sweep", "{d}/e.toml"], 2, "limit of 100,000 design points", exp("[factors]\n" + "".join(f"{n} = {{ range = [0, 1], levels = 60 }}\n" for n in ("digitization", "facility_level", "worker_training", "org_autonomy")))),
    Case("sweep/ten-million-runs", ["sweep", "{d}/e.toml", "--replications", "10000"], 2, "limit of 1,000,000 runs", exp("[factors]\n" + "".join(f"{n} = {{ range = [0, 1], levels = 10 }}\n" for n in ("digitization", "facility_level", "worker_training")))),
    Case("sweep/memory-past-limit", ["sweep", "{d}/e.toml", "--replications", "10000", "--steps", "1040"], 2, "of memory", exp(head="[experiment]\n", body="[factors]\ndigitization = { range = [0, 1], levels = 100 }\n")),
    Case("sweep/lhs-samples-past-limit", ["sweep", "{d}/e.toml"], 2, "limit of 100,000 design points", exp(head="[experiment]\ndesign = 'lhs'\nsamples = 1000000\n", body="[factors]\ndigitization = { range = [0, 1] }\n")),
    Case("sweep/sobol-samples-not-power-of-2", ["sweep", "{d}/e.toml"], 2, "power of 2", exp(head="[experiment]\ndesign = 'sobol'\nsamples = 6\n", body="[factors]\ndigitization = { range = [0, 1] }\n")),
    Case("sweep/sobol-one-factor", ["sweep", "{d}/e.toml"], 2, "at least two factors", exp(head="[experiment]\ndesign = 'sobol'\nsamples = 8\n", body="[factors]\ndigitization = { range = [0, 1] }\n")),
    Case("sweep/morris-no-factors", ["sweep", "{d}/e.toml"], 2, "needs at least one factor", exp(head="[experiment]\ndesign = 'morris'\nsamples = 4\n")),
    Case("sweep/lhs-without-samples", ["sweep", "{d}/e.toml"], 2, "needs 'samples'", exp(head="[experiment]\ndesign = 'lhs'\n", body="[factors]\ndigitization = { range = [0, 1] }\n")),
    Case("sweep/samples-for-grid", ["sweep", "{d}/e.toml"], 2, "is for the sampled designs", exp(head="[experiment]\nsamples = 4\n")),
    Case("sweep/integer-range-one-value-grid", ["sweep", "{d}/e.toml"], 2, "holds only one whole number", exp("[factors]\nevent_variety = { range = [1, 1.4], levels = 2 }\n")),
    Case("sweep/integer-range-one-value-lhs", ["sweep", "{d}/e.toml"], 2, "holds only one whole number", exp(head="[experiment]\ndesign = 'lhs'\nsamples = 4\n", body="[factors]\nevent_variety = { range = [1, 1.4] }\n")),
    Case("sweep/integer-range-fewer-values-than-levels", ["sweep", "{d}/e.toml"], 2, "fewer than levels = 10", exp("[factors]\nevent_variety = { range = [1, 2], levels = 10 }\n")),
    Case("sweep/metric-twice", ["sweep", "{d}/e.toml"], 2, "more than once", exp(head="[experiment]\nmetrics = ['backlog', 'backlog']\n")),
    Case("sweep/metric-unknown", ["sweep", "{d}/e.toml"], 2, "unknown metric 'backlogg'", exp(head="[experiment]\nmetrics = ['backlogg']\n")),
    Case("sweep/metrics-empty", ["sweep", "{d}/e.toml"], 2, "non-empty list", exp(head="[experiment]\nmetrics = []\n")),
    Case("sweep/metrics-not-a-list", ["sweep", "{d}/e.toml"], 2, "non-empty list", exp(head="[experiment]\nmetrics = 'backlog'\n")),
    Case("sweep/metrics-numbers", ["sweep", "{d}/e.toml"], 2, "metric names (strings)", exp(head="[experiment]\nmetrics = [1]\n")),
    Case("sweep/two-scenarios-one-name", ["sweep", "{d}/e.toml"], 2, "both named 'baseline'", lambda c: (c.f("x/baseline.toml", "[parameters]\nsocial_orgs = 3\n"), exp(head="[experiment]\nscenarios = ['baseline', 'x/baseline.toml']\n")(c))),
    Case("sweep/inline-replaces-named", ["sweep", "{d}/e.toml"], 2, "would quietly replace it", exp("[scenario.baseline]\nsocial_orgs = 3\n")),
    Case("sweep/inline-not-listed", ["sweep", "{d}/e.toml"], 2, "not listed in 'scenarios'", exp("[scenario.mine]\nsocial_orgs = 3\n")),
    ok("sweep/inline-extends-path-from-file-folder", ["sweep", "{d}/e.toml", "--quiet", "--out", "{d}/o"], "1 of 1 runs done", setup=lambda c: (c.f("sub/p.toml", "[parameters]\nsocial_orgs = 9\n"), exp(head="[experiment]\nreplications = 1\nsteps = 2\nscenarios = ['mine']\n", body="[scenario.mine]\nextends = 'sub/p.toml'\n")(c)), check=lambda c: load_results(c.d / "o").manifest.points[0].parameters["social_orgs"] == 9 or pytest.fail("extends not read from the file's folder")),
    Case("sweep/inline-extends-missing", ["sweep", "{d}/e.toml"], 2, "does not exist", exp(head="[experiment]\nscenarios = ['mine']\n", body="[scenario.mine]\nextends = 'sub/none.toml'\n")),
    Case("sweep/scenario-listed-twice", ["sweep", "{d}/e.toml"], 2, "listed twice", exp(head="[experiment]\nscenarios = ['baseline', 'baseline']\n")),
    Case("sweep/scenarios-empty", ["sweep", "{d}/e.toml"], 2, "non-empty list", exp(head="[experiment]\nscenarios = []\n")),
    Case("sweep/scenario-path-missing", ["sweep", "{d}/e.toml"], 2, "does not exist", exp(head="[experiment]\nscenarios = ['sub/none.toml']\n")),
    Case("sweep/reference-unknown", ["sweep", "{d}/e.toml"], 2, "is not one of the scenarios", exp(head="[experiment]\nreference = 'combined'\n")),
    Case("sweep/fixed-and-factor", ["sweep", "{d}/e.toml"], 2, "both fixed and a factor", exp("[factors]\nn_households = [100, 200]\n")),
    Case("sweep/factor-unknown", ["sweep", "{d}/e.toml"], 2, "did you mean 'digitization'", exp("[factors]\ndigitisation = [0.1, 0.2]\n")),
    Case("sweep/factor-values-empty", ["sweep", "{d}/e.toml"], 2, "non-empty list", exp("[factors]\ndigitization = []\n")),
    Case("sweep/factor-value-twice", ["sweep", "{d}/e.toml"], 2, "lists a value twice", exp("[factors]\ndigitization = [0.1, 0.1]\n")),
    Case("sweep/factor-range-inverted", ["sweep", "{d}/e.toml"], 2, "must be increasing", exp("[factors]\ndigitization = { range = [0.9, 0.1], levels = 3 }\n")),
    Case("sweep/factor-range-outside", ["sweep", "{d}/e.toml"], 2, "within", exp("[factors]\ndigitization = { range = [0, 5], levels = 3 }\n")),
    Case("sweep/factor-range-bool", ["sweep", "{d}/e.toml"], 2, "true or false", exp("[factors]\nresponsive_government = { range = [0, 1], levels = 2 }\n")),
    Case("sweep/factor-values-and-levels", ["sweep", "{d}/e.toml"], 2, "'levels' goes with a 'range'", exp("[factors]\ndigitization = { values = [0.1, 0.5], levels = 3 }\n")),
    Case("sweep/steps-twice", ["sweep", "{d}/e.toml"], 2, "not both", exp(head="[experiment]\nsteps = 3\n[fixed]\nsteps = 4\n")),
    Case("sweep/master-seed-negative", ["sweep", "{d}/e.toml"], 2, "from 0 to", exp(head="[experiment]\nmaster_seed = -1\n")),
    Case("sweep/master-seed-too-big", ["sweep", "{d}/e.toml"], 2, "from 0 to", exp(head=f"[experiment]\nmaster_seed = {2**63}\n")),
    Case("sweep/out-empty", ["sweep", "{d}/e.toml", "--out", ""], 2, "empty string", exp()),
    Case("sweep/out-is-a-file", ["sweep", "{d}/e.toml", "--out", "{d}/f.txt"], 2, "is a file", lambda c: (exp()(c), c.f("f.txt", "precious"))),
    Case("sweep/out-not-empty", ["sweep", "{d}/e.toml", "--out", "{d}/notes"], 2, "is not empty and holds no sweep", lambda c: (exp()(c), c.f("notes/todo.txt", "keep"))),
    Case("sweep/out-existing-sweep", ["sweep", "{G}", "--out", "{R}"], 2, "use --resume", uses="GR"),
    Case("sweep/resume-other-experiment", ["sweep", "{G}", "--out", "{R}", "--resume", "--replications", "3"], 2, "different experiment", uses="GR"),
    Case("sweep/resume-manifest-copied-in", ["sweep", "{d}/other.toml", "--out", "{P}", "--resume"], 2, "written by another sweep", lambda c: (shutil.copy(c.base.folder / "other.toml", c.d / "other.toml"), shutil.copy(c.O / MANIFEST, c.P / MANIFEST)), uses="P"),
    Case("sweep/out-inside-results-folder", ["sweep", "{G}", "--out", "{R}/sub"], 2, "inside the results folder", uses="GR"),
    Case("sweep/run-files-without-manifest", ["sweep", "{G}", "--out", "{P}", "--resume"], 2, "holds run files but no manifest.json", lambda c: (c.P / MANIFEST).unlink(), uses="GP"),
    Case("sweep/folder-in-use", ["sweep", "{G}", "--out", "{R}", "--resume"], 2, "being written by another sweep", uses="GR", patch=_held_lock),
    Case("sweep/workers-past-limit", ["sweep", "{d}/e.toml", "--workers", "100000"], 2, "limit of 1,024 workers", exp()),
    Case("sweep/scheduler-nonsense", ["sweep", "{d}/e.toml", "--scheduler", "nonsense://nowhere", "--out", "{d}/o"], 2, "cannot reach the Dask scheduler", exp()),
    ok("sweep/stale-lock-empty-parts", ["sweep", "{d}/e.toml", "--quiet", "--out", "{d}/S"], "1 of 1 runs done", setup=lambda c: (exp()(c), _unstarted(c)), allow_changed=(".lock",)),
    ok("sweep/stale-lock-empty-parts-resume", ["sweep", "{d}/e.toml", "--quiet", "--out", "{d}/S", "--resume"], "1 of 1 runs done", setup=lambda c: (exp()(c), _unstarted(c, tmp=True)), allow_changed=(".lock", ".p00000-r0000.parquet.abc.tmp"), check=_no_tmp_left),
    ok("sweep/resume-after-kill", ["sweep", "{G}", "--quiet", "--out", "{P}", "--resume"], "4 of 4 runs done (1 this time)", uses="GP", allow_changed=(MANIFEST, ".lock", "p00000-r0000.parquet", "p00000-r0001.parquet", "p00001-r0000.parquet")),
    ok("sweep/resume-renamed-experiment-file", ["sweep", "{d}/renamed.toml", "--quiet", "--out", "{P}", "--resume"], "4 of 4 runs done (1 this time)", setup=lambda c: shutil.copy(c.base.grid_file, c.d / "renamed.toml"), uses="P", allow_changed=(MANIFEST, ".lock", "p00000-r0000.parquet", "p00000-r0001.parquet", "p00001-r0000.parquet")),
    ok("sweep/resume-folder-of-govsim-0.1", ["sweep", "{G}", "--quiet", "--out", "{P}", "--resume"], "4 of 4 runs done (1 this time)", setup=_as_written_by_0_1, uses="GP", allow_changed=(MANIFEST, ".lock", "p00000-r0000.parquet", "p00000-r0001.parquet", "p00001-r0000.parquet")),
    ok("sweep/resume-redoes-damaged-part", ["sweep", "{G}", "--quiet", "--out", "{P}", "--resume"], "its run is done again", setup=lambda c: _replace(_first_part(c.P, "runs"), GARBAGE), uses="GP", allow_changed=(MANIFEST, ".lock", "p00000-r0000.parquet", "p00000-r0001.parquet", "p00001-r0000.parquet")),
    ok("sweep/lhs-integer-range-repeated-values", ["sweep", "{d}/lhs.toml", "--quiet", "--out", "{d}/o"], "6 of 6 runs done", setup=lambda c: shutil.copy(c.base.folder / "lhs.toml", c.d / "lhs.toml"), check=lambda c: main(["summarize", str(c.d / "o")]) == 0 or pytest.fail("summarize failed")),
    Case("sweep/disk-full", ["sweep", "{d}/e.toml", "--quiet", "--out", "{d}/o"], 2, "the disk is full", exp(), patch=_disk_full),
]  # fmt: skip


# ------------------------------------------------------------------ report, serve, listings


def _a_report(c: Ctx) -> None:
    from sim.app.report import write_report

    write_report(c.O, c.d / "old.html")


REPORT = [
    Case("report/out-runs-parquet", ["report", "{R}", "--out", "{R}/runs.parquet"], 2, "inside the results folder", uses="R"),
    Case("report/out-manifest", ["report", "{R}", "--out", "{R}/manifest.json"], 2, "inside the results folder", uses="R"),
    Case("report/out-in-parts", ["report", "{R}", "--out", "{R}/parts/r.html"], 2, "inside the results folder", uses="R"),
    Case("report/out-other-results-folder", ["report", "{R}", "--out", "{O}/report-en.html"], 2, "inside the results folder", uses="RO"),
    Case("report/out-device", ["report", "{R}", "--out", "/dev/null"], 2, "device, pipe or socket", uses="R"),
    Case("report/out-folder", ["report", "{R}", "--out", "{d}"], 2, "is a folder", uses="R"),
    Case("report/out-dot", ["report", "{R}", "--out", "."], 2, "not a file name", uses="R"),
    Case("report/out-foreign-file", ["report", "{R}", "--out", "{d}/notes.html"], 2, "not a govsim report", lambda c: c.f("notes.html", "<html>my notes</html>"), uses="R"),
    Case("report/out-symlink", ["report", "{R}", "--out", "{d}/link.html"], 2, "symbolic link", lambda c: (c.d / "link.html").symlink_to(c.f("t.txt", "x")), uses="R"),
    Case("report/out-missing-folder", ["report", "{R}", "--out", "{d}/nope/r.html"], 2, "does not exist", uses="R"),
    Case("report/out-empty", ["report", "{R}", "--out", ""], 2, "empty string", uses="R"),
    Case("report/read-only", ["report", "{R}", "--out", "{d}/r.html"], 2, "permission denied", uses="R", patch=_read_only),
    Case("report/disk-full", ["report", "{R}"], 2, "the disk is full", uses="R", patch=_disk_full),
    ok("report/out-earlier-report", ["report", "{R}", "--out", "{d}/old.html"], "report written", setup=_a_report, uses="RO", allow_changed=("old.html",)),
    ok("report/out-own-report-name", ["report", "{R}", "--out", "{R}/report-custom.html"], "report written", uses="R"),
    ok("report/zh", ["report", "{R}", "--lang", "zh"], "report written", uses="R"),
]  # fmt: skip


def _busy_port(monkeypatch, c):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    monkeypatch.setattr(Case, "_socket", s, raising=False)
    monkeypatch.setenv("HOSTILE_PORT", str(s.getsockname()[1]))


SERVE = [
    Case("serve/missing-folder", ["serve", "{d}/nope"], 2, "does not exist"),
    Case("serve/a-file", ["serve", "{d}/afile.txt"], 2, "is a file, not a folder", lambda c: c.f("afile.txt", "x")),
    Case("serve/empty-name", ["serve", ""], 2, "empty string"),
    Case("serve/port-zero", ["serve", "{d}", "--port", "0"], 2, "not a port number"),
    Case("serve/port-too-big", ["serve", "{d}", "--port", "70000"], 2, "not a port number"),
    Case("serve/port-text", ["serve", "{d}", "--port", "http"], 2, "invalid int value"),
    Case("serve/port-in-use", ["serve", "{d}", "--port", "$HOSTILE_PORT"], 2, "is in use", patch=_busy_port),
    Case("serve/lang-unknown", ["serve", "{d}", "--lang", "fr"], 2, "invalid choice"),
]  # fmt: skip


def _broken_scenario_dir(monkeypatch, c):
    folder = c.d / "scen"
    write(folder / "broken.toml", "[parameters\n")
    monkeypatch.setattr("sim.parameters.scenario.scenario_dirs", lambda: [folder])


LISTINGS = [
    Case("govsim/no-command", [], 2, "required"),
    Case("govsim/unknown-command", ["frobnicate"], 2, "invalid choice"),
    Case("scenarios/extra-argument", ["scenarios", "x"], 2, "unrecognized arguments"),
    Case("scenarios/lang-unknown", ["scenarios", "--lang", "fr"], 2, "invalid choice"),
    Case("scenarios/broken-scenario-file", ["scenarios"], 2, "not valid TOML", patch=_broken_scenario_dir),
    Case("params/lang-unknown", ["params", "--lang", "de"], 2, "invalid choice"),
    Case("params/extra-argument", ["params", "all"], 2, "unrecognized arguments"),
    Case("metrics/lang-unknown", ["metrics", "--lang", "jp"], 2, "invalid choice"),
    Case("metrics/extra-argument", ["metrics", "--all"], 2, "unrecognized arguments"),
    ok("params/zh", ["params", "--lang", "zh"], "数字化水平"),
    ok("scenarios/en", ["scenarios"], "tech_empowerment"),
    Case("summarize/unknown-metric", ["summarize", "{R}", "--metrics", "backlogg"], 2, "did you mean 'backlog'", uses="R"),
    ok("summarize/metric-twice", ["summarize", "{R}", "--metrics", "backlog,backlog"], "Backlog", uses="R"),
    Case("summarize/empty-name", ["summarize", ""], 2, "empty string"),
]  # fmt: skip


# ------------------------------------------------------------------ the Python API


def _small():
    return sim.load_scenario("baseline", n_households=100, steps=2)


def _run_for_fraction(c):
    model = sim.CommunityModel(_small(), rng=1)
    try:
        model.run_for(1.5)
    finally:
        assert model.time == 0, f"run_for(1.5) moved the model to {model.time}"


def _numpy_parameters(c):
    s = sim.load_scenario("baseline", n_households=np.int64(300), digitization=np.float32(0.5))
    assert s["n_households"] == 300 and type(s["n_households"]) is int
    assert (
        sim.load_scenario("baseline", responsive_government=np.bool_(False))[
            "responsive_government"
        ]
        is False
    )


API = [
    Case("api/load_scenario-None", lambda c: sim.load_scenario(None), 2, "not NoneType"),
    Case("api/load_scenario-number", lambda c: sim.load_scenario(3), 2, "not int"),
    Case("api/load_scenario-empty", lambda c: sim.load_scenario(""), 2, "empty"),
    Case("api/load_scenario-folder", lambda c: sim.load_scenario(c.d), 2, "is a folder"),
    Case("api/load_scenario-text-value", lambda c: sim.load_scenario("baseline", n_households="300"), 2, "is not allowed"),
    Case("api/load_scenario-numpy-values", _numpy_parameters, 0),
    Case("api/simulate-seed-negative", lambda c: sim.simulate(_small(), seed=-1), 2, "from 0 to 2^63 - 1"),
    Case("api/simulate-seed-fraction", lambda c: sim.simulate(_small(), seed=1.5), 2, "whole number"),
    Case("api/simulate-seed-text", lambda c: sim.simulate(_small(), seed="abc"), 2, "whole number"),
    Case("api/simulate-seed-too-big", lambda c: sim.simulate(_small(), seed=2**63), 2, "from 0 to 2^63 - 1"),
    Case("api/simulate-seed-bool", lambda c: sim.simulate(_small(), seed=True), 2, "whole number"),
    Case("api/simulate-seed-numpy", lambda c: sim.simulate(_small(), seed=np.int64(4)), 0),
    Case("api/simulate-steps-fraction", lambda c: sim.simulate(_small(), seed=1, steps=1.5), 2, "is not allowed"),
    Case("api/simulate-unknown-parameter", lambda c: sim.simulate({"bogus": 1}, seed=1), 2, "unknown parameter or coefficient 'bogus'"),
    Case("api/simulate-unknown-engine", lambda c: sim.simulate(_small(), seed=1, engine="turbo"), 2, "the engines are 'fast', 'reference'"),
    Case("api/simulate-scenario-name", lambda c: sim.simulate("baseline", seed=1), 2, "load a named scenario"),
    Case("api/model-rng-text", lambda c: sim.CommunityModel(_small(), rng="abc"), 2, "whole number"),
    Case("api/model-run_for-fraction", _run_for_fraction, 2, "whole weeks"),
    Case("api/model-run_for-negative", lambda c: sim.CommunityModel(_small(), rng=1).run_for(-1), 2, "backwards"),
    Case("api/load_results-None", lambda c: sim.load_results(None), 2, "not NoneType"),
    Case("api/load_results-empty", lambda c: sim.load_results(""), 2, "empty"),
    Case("api/load_experiment-None", lambda c: __import__("sim.experiments.spec", fromlist=["x"]).load_experiment(None), 2, "not NoneType"),
]  # fmt: skip


CASES = _damage_cases() + RUN + SWEEP + REPORT + SERVE + LISTINGS + API


def test_there_are_at_least_150_cases():
    assert len(CASES) >= 150, len(CASES)
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names), "two cases share a name"


# ------------------------------------------------------------------ running a case


def _argv(case: Case, c: Ctx) -> list[str]:
    out = []
    for word in case.argv:
        word = word.replace("$HOSTILE_PORT", os.environ.get("HOSTILE_PORT", ""))
        out.append(word.format_map(c) if "{" in word else word)
    return out


def _call(case: Case, c: Ctx, capsys) -> tuple[int, str, str]:
    if callable(case.argv):
        try:
            case.argv(c)
            status = 0
        except GovsimError as exc:
            return 2, "", str(exc)
        out = capsys.readouterr()
        return status, out.out, out.err
    try:
        status = main(_argv(case, c))
    except SystemExit as exc:  # argparse
        status = exc.code
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, base: Base, tmp_path, monkeypatch, capsys):
    d = tmp_path / "case"
    d.mkdir()
    c = Ctx(d, base)
    monkeypatch.chdir(d)

    def no_server(*args):
        raise AssertionError("the server would have started")

    monkeypatch.setattr(os, "execve", no_server)
    for letter in case.uses:
        getattr(c, letter)
    if case.setup:
        case.setup(c)
    if case.patch:
        case.patch(monkeypatch, c)
    roots = (d, base.folder, ROOT / "scenarios", ROOT / "experiments")
    before = fingerprint(*roots)
    try:
        status, out, err = _call(case, c, capsys)
    finally:
        for attribute in ("_lock", "_socket"):
            held = getattr(Case, attribute, None)
            if held is not None:
                (held.release if attribute == "_lock" else held.close)()
    monkeypatch.undo()
    if os.environ.get("HOSTILE_SHOW"):  # to read every message: HOSTILE_SHOW=1 pytest -s
        print(f"\n[{case.name}] exit {status}: {err.strip()}")
    after = fingerprint(*roots)
    assert "Traceback" not in err, err
    assert status == case.status, f"exit status {status}, expected {case.status}\n{out}\n{err}"
    if case.status == 2 and not callable(case.argv):
        assert err.strip(), "no message"
        assert len(err.strip().splitlines()) <= 3, f"not one paragraph:\n{err}"
    text = err if case.status else out + err
    assert case.phrase in text, f"{case.phrase!r} not in:\n{text}"
    problems = changed(before, after, allow_new=case.allow_new)
    problems = [p for p in problems if Path(p.split(": ", 1)[1]).name not in case.allow_changed]
    assert not problems, "\n".join(problems)
    if case.check:
        case.check(c)


# ------------------------------------------------------------------ beyond one command


def test_an_internal_error_says_so_and_shows_the_traceback_only_with_debug(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("boom")

    from sim.cli import listings

    monkeypatch.setattr(listings, "list_metrics", broken)
    assert main(["metrics"]) == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err and "--debug" in err
    assert "Traceback" not in err
    assert main(["--debug", "metrics"]) == 1
    assert "Traceback" in capsys.readouterr().err
    assert main(["metrics", "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_full_disk_mid_sweep_never_leaves_the_manifest_claiming_more_runs(tmp_path, monkeypatch):
    import errno

    import sim.experiments.files as files

    path = write(tmp_path / "e.toml", EXP.replace("replications = 1", "replications = 6"))
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if str(dst).endswith(".parquet") and len(calls) > 6:  # after two runs and manifests
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)
    assert main(["sweep", str(path), "--quiet", "--out", str(tmp_path / "o")]) == 2
    monkeypatch.undo()
    results = load_results(tmp_path / "o")
    claimed = json.loads((tmp_path / "o" / MANIFEST).read_text())
    on_disk = len(list((tmp_path / "o" / "parts" / "runs").glob("*.parquet")))
    claimed_done = sum(r["status"] == "done" for r in claimed["runs"])
    assert claimed_done <= on_disk == results.counts["done"] < 6
    assert not list((tmp_path / "o").rglob("*.tmp"))
    assert main(["sweep", str(path), "--quiet", "--out", str(tmp_path / "o"), "--resume"]) == 0
    assert load_results(tmp_path / "o").counts == {"done": 6, "failed": 0, "pending": 0}


def _run(*args, **kwargs):
    return subprocess.run([*GOVSIM, *args], capture_output=True, text=True, timeout=120, **kwargs)


def test_a_closed_pipe_ends_quietly(base, tmp_path):
    """`govsim summarize R | head -1`: no BrokenPipeError traceback."""
    folder = copy_results(base.complete, tmp_path / "R")
    process = subprocess.Popen(
        [*GOVSIM, "summarize", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()  # like `head -1` exiting
    err = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert process.returncode in (0, 141)


@pytest.mark.parametrize("becomes", [RuntimeError, GovsimError, KeyboardInterrupt])
def test_ctrl_c_is_interrupted_whatever_it_becomes_on_its_way_out(monkeypatch, capsys, becomes):
    """A library may turn Ctrl-C into its own error (Dask cancels the futures), or closing
    may fail after it: still one line, "interrupted", exit 130."""
    import argparse

    from sim.cli import main as cli

    def handler(args):
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise becomes("the futures were cancelled") from None

    parser = argparse.ArgumentParser(prog="govsim")
    parser.add_argument("command")
    parser.set_defaults(handler=handler, debug=False)
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    previous = signal.getsignal(signal.SIGINT)
    assert main(["sweep"]) == 130
    assert capsys.readouterr().err.strip().splitlines() == ["govsim sweep: interrupted"]
    assert signal.getsignal(signal.SIGINT) is previous  # the usual handler is back


def test_ctrl_c_during_a_dask_sweep_prints_one_line(tmp_path):
    pytest.importorskip("distributed")
    path = write(
        tmp_path / "e.toml",
        "[experiment]\nreplications = 400\nsteps = 30\n[fixed]\nn_households = 1000\n",
    )
    out = tmp_path / "o"
    process = subprocess.Popen(
        [*GOVSIM, "sweep", str(path), "--out", str(out), "--scheduler", "local"]
        + ["--workers", "2", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while not list((out / "parts" / "runs").glob("*.parquet")):
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _, err = process.communicate(timeout=90)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["govsim sweep: interrupted"], err
    partial = load_results(out)
    assert partial.manifest.status == "interrupted" and partial.counts["done"] >= 1


def test_serve_starts_on_a_port_left_in_time_wait(base, tmp_path):
    """A server stopped a moment ago leaves its port in TIME_WAIT: that is not 'in use'."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn's own does
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first: its end goes to TIME_WAIT
    time.sleep(0.1)
    client.close()
    listener.close()
    process = subprocess.Popen(
        [*GOVSIM, "serve", str(base.folder), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        first = process.stdout.readline()
        assert "open http://127.0.0.1" in first, first + (process.stdout.read() or "")
    finally:
        process.terminate()
        process.wait(timeout=30)


# ------------------------------------------------------------------ the browser's reading


def test_one_damaged_folder_never_hides_the_others_from_the_browser(base, tmp_path):
    from sim.app import data

    root = tmp_path / "root"
    copy_results(base.complete, root / "good")
    for name, damage in (
        ("bad-json", lambda f: _replace(f / MANIFEST, "{oops")),
        ("bad-utf8", lambda f: _replace(f / MANIFEST, b"\xff\xfe\x00")),
        ("no-runs", lambda f: edit_manifest(f, _drop("runs"))),
        ("bad-table", lambda f: _replace(f / "runs.parquet", GARBAGE)),
        ("manifest-folder", lambda f: _replace(f / MANIFEST, folder=True)),
    ):
        damage(copy_results(base.complete, root / name))
    (root / "loop").symlink_to(root / "loop")  # a link going round in a circle
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "nested" / "deeper" / "up").symlink_to(root)  # back up: not walked twice
    before = fingerprint(root)
    folders = {f.name: f for f in data.discover(root)}
    assert folders["good"].status == "complete" and folders["good"].error is None
    for name in ("bad-json", "bad-utf8", "no-runs"):
        assert folders[name].error, name
    assert data.open_folder(root, "good").counts["done"] == 4
    for name in ("bad-json", "bad-table", "manifest-folder"):
        with pytest.raises(GovsimError):
            data.open_folder(root, name)
    assert fingerprint(root) == before


def test_symbolic_links_out_of_the_results_root_are_not_read(base, tmp_path):
    from sim.app import data

    outside = copy_results(base.complete, tmp_path / "outside")
    root = tmp_path / "root"
    (root / "linked-folder").parent.mkdir(parents=True)
    (root / "linked-folder").symlink_to(outside)  # a whole folder elsewhere: not listed
    manifest_link = copy_results(base.complete, root / "manifest-link")
    (manifest_link / MANIFEST).unlink()
    (manifest_link / MANIFEST).symlink_to(outside / MANIFEST)
    table_link = copy_results(base.complete, root / "table-link")
    (table_link / "runs.parquet").unlink()
    (table_link / "runs.parquet").symlink_to(outside / "runs.parquet")
    part_link = copy_results(base.partial, root / "part-link")
    part = _first_part(part_link, "timeseries")
    part.unlink()
    part.symlink_to(outside / "timeseries.parquet")
    inside = copy_results(base.complete, root / "inside-link-target")
    (root / "inside-link").symlink_to(inside)  # a link within the root is fine

    folders = {f.name: f for f in data.discover(root)}
    assert "linked-folder" not in folders
    assert "outside the results root" in folders["manifest-link"].error
    for name in ("table-link", "part-link"):
        with pytest.raises(GovsimError, match="outside the results root"):
            data.open_folder(root, name)
    assert data.open_folder(root, "inside-link").counts["done"] == 4
    # the command line reads what it is given (the user chose the path)
    assert load_results(table_link).counts["done"] == 4
