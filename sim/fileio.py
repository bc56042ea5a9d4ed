"""The one boundary where govsim reads files: every failure becomes a GovsimError that names
the file and says what is wrong (never a raw OSError, UnicodeDecodeError or ArrowInvalid).

Scenario, experiment and results readers all come through here:

- `check_file(path, what)` — the path exists and is a regular file (a folder is "a folder",
  a device is "not a regular file"), before anything is opened;
- `read_text` (UTF-8, a leading byte-order mark accepted), `read_json`, `read_toml`;
- `read_parquet_table` — a Parquet file read with pyarrow, its damage reported by name;
- `os_problem(exc)` — the words for an OSError (disk full, permission denied, ...), shared
  with the writers in `sim.experiments.files`.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from sim.errors import GovsimError

MAX_TEXT_BYTES = 16 * 1024 * 1024  # scenario, experiment, claims and targets files
# A manifest lists every design point with its resolved parameters and coefficients: a
# Morris design over every coefficient (1,728 points) writes about 33 MB.
MAX_MANIFEST_BYTES = 512 * 1024 * 1024


def os_problem(exc: OSError) -> str:
    """What went wrong, in words: 'the disk is full', 'permission denied', ..."""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC:
        return "the disk is full (no space left on device); free some space and try again"
    if code == errno.EDQUOT:
        return "the disk quota is exceeded; free some space and try again"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.EROFS:
        return "the file system is read-only"
    if code == errno.ENOENT:
        return "it does not exist"
    if code == errno.EISDIR:
        return "it is a folder"
    if code == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if code == errno.ELOOP:
        return "it is a symbolic link that goes round in a circle"
    if code == errno.ENAMETOOLONG:
        return "the name is too long"
    return exc.strerror or str(exc) or type(exc).__name__


def path_kind(path: Path) -> str:
    """'missing', 'file', 'folder' or 'other' (device, pipe, socket); never raises."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    return "other"


def check_file(path: Path, what: str, error: type[GovsimError] = GovsimError) -> Path:
    """`path` as a regular file, or `error` saying what it is instead."""
    path = Path(path)
    kind = path_kind(path)
    if kind == "file":
        return path
    if kind == "folder":
        raise error(f"{what} {path} is a folder, not a file; give the file itself")
    if kind == "other":
        raise error(f"{what} {path} is not a regular file (a device, pipe or socket)")
    if path.is_symlink():
        raise error(f"{what} {path} is a symbolic link to a file that does not exist")
    raise error(f"{what} {path} does not exist")


def read_bytes(
    path: Path, what: str, error: type[GovsimError] = GovsimError, limit: int | None = None
) -> bytes:
    path = check_file(path, what, error)
    try:
        if limit is not None and path.stat().st_size > limit:
            raise error(
                f"{what} {path} is {path.stat().st_size / 2**20:.0f} MB; a {what} is at most "
                f"{limit / 2**20:.0f} MB (is it the right file?)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {os_problem(exc)}") from None


def decode_text(data: bytes, path: Path, what: str, error: type[GovsimError]) -> str:
    """UTF-8 text (a byte-order mark, as some Windows editors write, is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"{what} {path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save it as UTF-8"
        ) from None


def read_text(
    path: Path, what: str, error: type[GovsimError] = GovsimError, limit: int = MAX_TEXT_BYTES
) -> str:
    path = Path(path)
    text = decode_text(read_bytes(path, what, error, limit), path, what, error)
    if "\x00" in text:
        raise error(f"{what} {path} holds NUL bytes: it is not a text file")
    return text


def read_json(
    path: Path, what: str, error: type[GovsimError] = GovsimError, limit: int = MAX_TEXT_BYTES
) -> Any:
    path = Path(path)
    text = read_text(path, what, error, limit)
    if not text.strip():
        raise error(f"cannot read {what} {path}: it is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(
            f"cannot read {what} {path}: it is not valid JSON ({exc.msg}, line {exc.lineno}, "
            f"column {exc.colno})"
        ) from None
    except RecursionError:
        raise error(f"{what} {path} is nested too deeply to be a {what}") from None


def read_toml(path: Path, error: type[GovsimError], what: str) -> tuple[dict, str]:
    """Parse a TOML file; syntax and read errors become `error` naming the file (and line)."""
    path = Path(path)
    text = read_text(path, f"{what} file", error)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{path} is nested too deeply to be a {what} file") from None


def read_parquet_table(
    path: Path,
    what: str,
    error: type[GovsimError] = GovsimError,
    columns: list[str] | None = None,
    required: list[str] | tuple = (),
):
    """A Parquet file as a pyarrow Table (only `columns`, if given); a missing, damaged or
    foreign file (one without the `required` columns) is `error` naming it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = check_file(path, what, error)
    try:
        present = set(pq.read_schema(path).names)
        missing = [c for c in dict.fromkeys([*required, *(columns or [])]) if c not in present]
        if missing:
            raise error(f"{what} {path} is not a govsim table: it lacks {', '.join(missing)}")
        return pq.read_table(path, columns=columns)
    except GovsimError:
        raise
    except OSError as exc:
        if isinstance(exc, pa.ArrowException) or not getattr(exc, "errno", None):
            raise error(f"{what} {path} is damaged or not a Parquet file ({_short(exc)})") from None
        raise error(f"cannot read {what} {path}: {os_problem(exc)}") from None
    except (pa.ArrowException, ValueError, TypeError, KeyError, IndexError) as exc:
        raise error(f"{what} {path} is damaged or not a Parquet file ({_short(exc)})") from None


def parquet_metadata(path: Path) -> dict[str, str]:
    """The key-value metadata of a Parquet file's schema (empty when there is none)."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in meta.items()}


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first if len(first) <= 160 else first[:157] + "..."
