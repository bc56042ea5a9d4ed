"""What `govsim validate` has already run, kept so that a killed validation resumes.

One line of JSON per finished run in `DIR/runs.jsonl`, appended and flushed as runs finish:
the run's content key (parameters, coefficients, seed and the model's fingerprint, hashed),
and the window means the claims need (metric, window, horizon). A run's numbers depend only
on these, so a line is valid for any later validation that needs the same run, whatever its
settings; after a change to the model's rules the keys differ and every run runs again (the
old lines stay, unused). A line cut short by a kill is ignored, and that run runs again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sim.experiments.provenance import model_fingerprint
from sim.experiments.store.lock import SweepLock

FILE = "runs.jsonl"

WindowMeans = dict[tuple[str, str, int], float]  # (metric, window, horizon) -> mean


def run_id(key: str, seed: int) -> str:
    text = f"{model_fingerprint()}|{key}|{seed}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class RunCache:
    """Window means of finished runs, read at start and appended to as runs finish."""

    def __init__(self, folder: Path | None):
        self.path = None if folder is None else Path(folder) / FILE
        self.known: dict[str, WindowMeans] = {}
        self.cpu: dict[str, float] = {}  # CPU seconds of each run, however it was obtained
        self.used: set[str] = set()  # the runs this validation read or ran
        self.handle = None
        self.lock = None if folder is None else SweepLock(Path(folder))

    def __enter__(self) -> RunCache:
        if self.path is None:
            return self
        self.lock.acquire()
        if self.path.exists():
            self.known, self.cpu = read(self.path)
        self.handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open
        if self.handle.tell() > 0:  # end a line cut short, so the next one stands alone
            self.handle.seek(self.handle.tell() - 1)
            if self.handle.read(1) != "\n":
                self.handle.write("\n")
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()
        if self.lock is not None:
            self.lock.release()

    def cpu_seconds(self) -> float:
        """CPU seconds of every run this validation used (kept or new): its cost on a
        quiet machine, whatever else was running and however often it was resumed."""
        return float(sum(self.cpu.get(rid, float("nan")) for rid in self.used))

    def get(self, rid: str, needed: set[tuple[str, str, int]]) -> WindowMeans | None:
        means = self.known.get(rid)
        if means is None or not needed <= means.keys():
            return None
        self.used.add(rid)
        return means

    def put(self, rid: str, means: WindowMeans, cpu: float) -> None:
        self.known[rid], self.cpu[rid] = means, cpu
        self.used.add(rid)
        if self.handle is None:
            return
        line = {"run": rid, "cpu": cpu, "means": [[m, w, h, v] for (m, w, h), v in means.items()]}
        self.handle.write(json.dumps(line) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())


def read(path: Path) -> tuple[dict[str, WindowMeans], dict[str, float]]:
    """Every complete line (means, CPU seconds); a line cut short (the run in flight at a
    kill) is skipped."""
    out: dict[str, WindowMeans] = {}
    cpu: dict[str, float] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for text in handle:
            try:
                line = json.loads(text)
                means = {(m, w, int(h)): float(v) for m, w, h, v in line["means"]}
            except (ValueError, KeyError, TypeError):
                continue
            out[str(line["run"])] = {**out.get(str(line["run"]), {}), **means}
            cpu[str(line["run"])] = float(line.get("cpu", "nan"))
    return out, cpu
