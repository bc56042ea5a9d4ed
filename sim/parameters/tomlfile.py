"""Reading user TOML files with messages that point at the file and line."""

from __future__ import annotations

import re
from pathlib import Path

from sim.errors import GovsimError
from sim.fileio import read_toml as _read_toml


def read_toml(path: Path, error: type[GovsimError], what: str) -> tuple[dict, str]:
    """Parse `path`; read and syntax errors become `error` naming the file (and line)."""
    return _read_toml(path, error, what)


def line_of(text: str, key: str) -> int | None:
    """Line of the first `key = ...` or `[... key]` header in the text, if any."""
    name = rf"[\"']?{re.escape(key)}[\"']?"
    pattern = re.compile(
        rf"^[ \t]*(?:{name}[ \t]*=|\[[ \t]*(?:[\w.\"']+\.)?{name}[ \t]*\])", re.MULTILINE
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def where(path: Path, text: str, key: str) -> str:
    """'path, line N' for the line holding `key`, or just the path."""
    line = line_of(text, key)
    return f"{path}, line {line}" if line else str(path)
