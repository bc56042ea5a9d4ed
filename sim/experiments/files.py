"""Atomic file writes: a reader (or a killed writer) never sees half a file.

Every write goes through `atomic_write_bytes`, so a full disk, a read-only folder or a missing
permission becomes one OutputError naming the file (and the temporary file is removed).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import OutputError
from sim.fileio import os_problem


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give; mkstemp alone gives 0600


TMP_SUFFIX = ".tmp"


def write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {os_problem(exc)}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over `path`."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _remove_quietly(tmp)
        raise write_error(path, exc) from None
    except BaseException:
        _remove_quietly(tmp)
        raise


def _remove_quietly(tmp: str) -> None:
    with contextlib.suppress(OSError):
        Path(tmp).unlink(missing_ok=True)


def orphan_temporaries(folder: Path) -> list[Path]:
    """Temporary files left in `folder` by a writer that was killed (`.NAME.XXXX.tmp`)."""
    try:
        return [p for p in Path(folder).glob(f".*{TMP_SUFFIX}") if p.is_file()]
    except OSError:
        return []


def atomic_write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=_plain)
    atomic_write_bytes(path, (text + "\n").encode("utf-8"))


def atomic_write_parquet(path: Path, frame: pd.DataFrame, metadata: dict | None = None) -> None:
    """Write a table; `metadata` (str -> str) goes into the Parquet schema's metadata."""
    if not metadata:
        atomic_write_bytes(path, frame.to_parquet(index=False))
        return
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    merged = {
        **(table.schema.metadata or {}),
        **{k.encode(): v.encode() for k, v in metadata.items()},
    }
    buffer = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(merged), buffer)
    atomic_write_bytes(path, buffer.getvalue())


def atomic_write_csv(path: Path, frame: pd.DataFrame) -> None:
    atomic_write_bytes(path, frame.to_csv(index=False).encode("utf-8"))


def ensure_output_dir(path: Path) -> Path:
    """Create the folder (and parents) or explain why it cannot be used."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"output folder {path} is a file; give a folder to write into")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {path}: {os_problem(exc)}") from None
    return path


def _plain(value: Any) -> Any:
    """JSON fallback for NumPy scalars and paths."""
    if hasattr(value, "item"):
        return value.item()
    return str(value)
