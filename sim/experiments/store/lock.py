"""The lock of a results folder: one sweep writes it at a time (flock, so a sweep that dies
leaves no stale lock), and readers can tell whether a sweep is writing it right now."""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from sim.errors import GovsimError, OutputError
from sim.experiments.files import write_error
from sim.experiments.store.layout import now
from sim.fileio import os_problem


class SweepLock:
    """An exclusive lock on a results folder, released by the OS if the holder dies."""

    def __init__(self, folder: Path):
        self.path = folder / ".lock"
        self.handle = None

    def acquire(self) -> None:
        """Take the lock. A lock file left by a sweep that died is taken over (the OS
        released its flock when the process ended); a live holder is refused."""
        try:
            handle = open(self.path, "a+")  # noqa: SIM115 - held open for the sweep's lifetime
        except OSError as exc:
            raise OutputError(
                f"cannot lock results folder {self.path.parent}: {os_problem(exc)}"
            ) from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read(200).strip() or "another process"
            handle.close()
            raise GovsimError(
                f"results folder {self.path.parent} is being written by another sweep "
                f"({holder}); wait for it to finish or choose another folder with --out"
            ) from None
        except OSError as exc:
            handle.close()
            raise OutputError(
                f"cannot lock results folder {self.path.parent}: {os_problem(exc)}"
            ) from None
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()} on {socket.gethostname()}, since {now()}")
            handle.flush()
        except OSError as exc:
            handle.close()
            raise write_error(self.path, exc) from None
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def sweep_running(folder: Path) -> bool:
    """True when a sweep holds the folder's lock right now (it is being written)."""
    try:
        with open(Path(folder) / ".lock", "rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False
    except OSError:
        return False
