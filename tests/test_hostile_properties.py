# ruff: noqa: E501
"""Property-based hostile input (hypothesis): random scenario and experiment files, and
results folders with a file truncated, overwritten or with bytes flipped. Whatever the input,
govsim either works or says what is wrong (a GovsimError, exit status 2): never another
exception, never a traceback, never a changed input file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hostile import Base, build_base, copy_results, fingerprint
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sim
from sim.cli.main import main
from sim.errors import GovsimError
from sim.experiments.design import design_points, tasks
from sim.experiments.spec import load_experiment
from sim.parameters import PARAMETERS

DEEP = int(os.environ.get("HOSTILE_EXAMPLES", "0"))  # e.g. 2000 for a long search by hand
SETTINGS = settings(
    max_examples=DEEP or 40,
    deadline=None,
    derandomize=not DEEP,  # in `make test`, the same examples every time
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # capsys is read (emptied) after each example
    ],
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Base:
    return build_base(tmp_path_factory.mktemp("hostile-properties"))


# ------------------------------------------------------------------ TOML text


def toml_value(value) -> str:
    """A value as TOML (enough of it for the values drawn below)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(type(value))


def toml_text(tables: dict) -> str:
    lines = []
    for table, body in tables.items():
        lines.append(f"[{table}]")
        lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in body.items()]
    return "\n".join(lines) + "\n"


NAMES = list(PARAMETERS)
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=0, max_value=60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1),
    st.booleans(),
    st.text(max_size=12),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
keys = st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=10))


def scenario_tables():
    meta = st.fixed_dictionaries(
        {},
        optional={
            "title_en": st.one_of(st.text(max_size=20), values),
            "extends": st.one_of(
                st.sampled_from(["baseline", "combined", "nowhere", "sub/p.toml", "", "x"]),
                st.lists(st.sampled_from(["baseline", "tech_empowerment", "x"]), max_size=3),
                values,
            ),
            "paper_section": values,
        },
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "scenario": meta,
            "parameters": st.dictionaries(keys, values, max_size=5),
            "other": st.dictionaries(keys, values, max_size=2),
        },
    )


def _in_folder(files: dict[str, str | bytes]):
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def _govsim(argv, capsys) -> tuple[int, str]:
    try:
        status = main(argv)
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.err


def _scenario_holds(folder: Path, capsys) -> None:
    path = folder / "s.toml"
    before = fingerprint(folder)
    with contextlib.suppress(GovsimError):
        sim.load_scenario(path)
    status, err = _govsim(["run", str(path), "--set", "n_households=60", "--steps", "1"], capsys)
    assert status in (0, 2) and "Traceback" not in err, err
    assert status == 0 or err.startswith("govsim run: error:"), err
    assert fingerprint(folder) == before


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_as_a_scenario_file(text, capsys):
    folder = _in_folder({"s.toml": text, "sub/p.toml": "[parameters]\nsocial_orgs = 2\n"})
    try:
        _scenario_holds(folder, capsys)
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(data=st.binary(max_size=200))
def test_any_bytes_as_a_scenario_file(data, capsys):
    folder = _in_folder({"s.toml": data})
    try:
        _scenario_holds(folder, capsys)
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(tables=scenario_tables())
def test_random_keys_and_values_in_a_scenario_file(tables, capsys):
    folder = _in_folder(
        {"s.toml": toml_text(tables), "sub/p.toml": "[parameters]\nsocial_orgs = 2\n"}
    )
    try:
        _scenario_holds(folder, capsys)
    finally:
        shutil.rmtree(folder)


# ------------------------------------------------------------------ experiment files


def experiment_tables():
    factor = st.one_of(
        st.lists(values, max_size=4),
        st.fixed_dictionaries(
            {},
            optional={
                "values": st.lists(st.one_of(st.floats(0, 1), st.integers(0, 30)), max_size=4),
                "range": st.one_of(
                    st.lists(st.one_of(st.floats(-5, 50), st.integers(-5, 50)), max_size=3),
                    values,
                ),
                "levels": st.one_of(st.integers(-2, 12), values),
            },
        ),
        values,
    )
    meta = st.fixed_dictionaries(
        {},
        optional={
            "design": st.one_of(st.sampled_from(["grid", "oat", "lhs", "sobol", "morris"]), values),
            "scenarios": st.one_of(
                st.lists(
                    st.sampled_from(["baseline", "combined", "mine", "sub/p.toml", "x.toml"]),
                    max_size=3,
                ),
                values,
            ),
            "replications": st.one_of(st.integers(-1, 12), values),
            "master_seed": st.one_of(st.integers(-(2**64), 2**64), values),
            "steps": st.one_of(st.integers(-1, 1100), values),
            "metrics": st.one_of(
                st.lists(st.sampled_from(["backlog", "cost", "nope", "backlog"]), max_size=3),
                values,
            ),
            "samples": st.one_of(st.integers(-1, 70), values),
            "levels": st.one_of(st.integers(-1, 120), values),
            "reference": st.one_of(st.sampled_from(["baseline", "mine", "zzz"]), values),
            "title_en": values,
        },
    )
    return st.fixed_dictionaries(
        {"experiment": meta},
        optional={
            "fixed": st.dictionaries(keys, values, max_size=3),
            "factors": st.dictionaries(keys, factor, max_size=3),
            "scenario.mine": st.dictionaries(
                st.one_of(st.just("extends"), keys),
                st.one_of(st.sampled_from(["baseline", "sub/p.toml", "nowhere"]), values),
                max_size=3,
            ),
            "bogus": st.dictionaries(keys, values, max_size=1),
        },
    )


@SETTINGS
@given(tables=experiment_tables())
def test_random_experiment_files(tables, capsys):
    folder = _in_folder(
        {"e.toml": toml_text(tables), "sub/p.toml": "[parameters]\nsocial_orgs = 2\n"}
    )
    before = fingerprint(folder)
    try:
        try:
            spec = load_experiment(folder / "e.toml").with_overrides(replications=1, steps=1)
            points = design_points(spec)
            assert len(tasks(spec, points)) == len(points)
            assert len({p.label for p in points}) >= 1
        except GovsimError:
            pass
        status, err = _govsim(
            ["sweep", str(folder / "e.toml"), "--out", str(folder / "missing" / "x" / "y")]
            + ["--workers", "100000"],  # refused before any run: only the reading is tried
            capsys,
        )
        assert status == 2 and "Traceback" not in err, err
        assert fingerprint(folder) == before
    finally:
        shutil.rmtree(folder)


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_as_an_experiment_file(text, capsys):
    folder = _in_folder({"e.toml": "[experiment]\n" + text})
    before = fingerprint(folder)
    try:
        with contextlib.suppress(GovsimError):
            load_experiment(folder / "e.toml")
        assert fingerprint(folder) == before
    finally:
        shutil.rmtree(folder)


# ------------------------------------------------------------------ results folders

DAMAGE = st.sampled_from(["truncate", "flip", "overwrite", "insert", "delete", "empty"])


def _damaged(content: bytes, how: str, data) -> bytes | None:
    n = len(content)
    if how == "delete":
        return None
    if how == "empty":
        return b""
    if how == "truncate":
        return content[: data.draw(st.integers(0, max(0, n - 1)), label="cut")]
    if how == "overwrite":
        return data.draw(st.binary(max_size=300), label="bytes")
    if how == "insert":
        at = data.draw(st.integers(0, n), label="at")
        return (
            content[:at]
            + data.draw(st.binary(min_size=1, max_size=20), label="bytes")
            + content[at:]
        )
    flips = data.draw(st.lists(st.integers(0, max(0, n - 1)), min_size=1, max_size=8), label="at")
    out = bytearray(content)
    for at in flips:
        if out:
            out[at] ^= data.draw(st.integers(1, 255), label="xor")
    return bytes(out)


def _files(folder: Path) -> list[str]:
    return sorted(
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != ".lock"
    )


@settings(SETTINGS, max_examples=DEEP or 60)
@given(data=st.data())
def test_damaged_results_folders(base, data, capsys):
    which = data.draw(st.sampled_from(["complete", "partial", "lhs"]), label="folder")
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        folder = copy_results(getattr(base, which), work / "R")
        for _ in range(data.draw(st.integers(1, 2), label="files damaged")):
            name = data.draw(st.sampled_from(_files(folder)), label="file")
            path = folder / name
            how = data.draw(DAMAGE, label="how")
            damaged = _damaged(path.read_bytes(), how, data)
            if damaged is None:
                path.unlink()
            else:
                path.write_bytes(damaged)
            if not _files(folder):
                break
        before = fingerprint(work)
        with contextlib.suppress(GovsimError):
            sim.load_results(folder)
        for argv in (
            ["summarize", str(folder)],
            ["report", str(folder), "--out", str(work / "r.html")],
        ):
            status, err = _govsim(argv, capsys)
            assert status in (0, 2) and "Traceback" not in err, err
            assert status == 0 or "error:" in err, err
        after = fingerprint(work)
        assert {k: v for k, v in after.items() if k in before} == before
        assume(True)
    finally:
        shutil.rmtree(work)
