"""Open needs (cases) as columns; a case leaves the table the week it ends."""

from __future__ import annotations

from collections import Counter

import numpy as np

from sim.model.codes import Channel, Stage

NOT_REPORTED = np.iinfo(np.int32).min  # `reported` of a case nobody has reported (weeks can be < 0)

FIELDS = {
    "id": np.int64,
    "resident": np.int64,
    "block": np.int64,
    "category": np.int8,
    "complexity": np.int8,
    "arise": np.int32,
    "due": np.int32,  # last week in which closing counts as in time
    "channel": np.int8,  # Channel
    "stage": np.int8,  # Stage
    "reported": np.int32,  # week reported, NOT_REPORTED while unreported
    "ready": np.int32,  # first week the current stage can finish
    "org": np.int32,  # the organization that took it, -1 if none
}


class CaseTable:
    """Columnar table of open cases: `add` appends, `move` changes stages, `drop` removes.

    With `trace=True` every stage change is counted by (from, to), so a test can check that
    cases move only along the life cycle's arrows (sim.model.cases.pipeline).
    """

    def __init__(self, trace: bool = False):
        self.columns = {name: np.zeros(0, dtype=dtype) for name, dtype in FIELDS.items()}
        self.next_id = 0
        self.moves: Counter | None = Counter() if trace else None

    def __len__(self) -> int:
        return self.columns["id"].size

    def __getattr__(self, name: str) -> np.ndarray:
        try:
            return self.__dict__["columns"][name]
        except KeyError:
            raise AttributeError(name) from None

    def add(self, n: int, **values) -> slice:
        """Append n cases (missing fields get defaults); returns the slice of the new rows."""
        start = len(self)
        defaults = {
            "id": np.arange(self.next_id, self.next_id + n),
            "channel": Channel.UNREPORTED,
            "stage": Stage.UNREPORTED,
            "reported": NOT_REPORTED,
            "ready": 0,
            "org": -1,
        }
        for name, dtype in FIELDS.items():
            value = values.get(name, defaults.get(name, 0))
            new = np.broadcast_to(np.asarray(value, dtype=dtype), (n,))
            self.columns[name] = np.concatenate([self.columns[name], new])
        self.next_id += n
        return slice(start, start + n)

    def move(self, idx: np.ndarray, stage, ready: int | None = None) -> None:
        """Put cases `idx` in `stage` (an array of stages, or one), ready from week `ready`."""
        if self.moves is not None and np.size(idx):
            before = self.columns["stage"][idx]
            after = np.broadcast_to(np.asarray(stage), np.shape(idx))
            self.moves.update(zip(before.tolist(), after.tolist(), strict=True))
        self.columns["stage"][idx] = stage
        if ready is not None:
            self.columns["ready"][idx] = ready

    def count(self, stage: Stage) -> int:
        return int(np.count_nonzero(self.columns["stage"] == stage))

    def drop(self, finished: np.ndarray) -> None:
        if finished.any():
            keep = ~finished
            for name in self.columns:
                self.columns[name] = self.columns[name][keep]
