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
DEFAULTS = {
    "channel": int(Channel.UNREPORTED),
    "stage": int(Stage.UNREPORTED),
    "reported": int(NOT_REPORTED),
    "ready": 0,
    "org": -1,
}


class CaseTable:
    """Columnar table of open cases: `add` appends, `move` changes stages, `drop` removes.

    Each column lives in a buffer with spare room that grows by doubling, and `columns`
    holds views of its first `len(self)` rows: appending a week's needs writes into the
    spare room instead of copying twelve whole columns every week (the table is a queue
    that new needs join and ended ones leave each week).

    With `trace=True` every stage change is counted by (from, to), so a test can check that
    cases move only along the life cycle's arrows (sim.model.cases.pipeline).
    """

    def __init__(self, trace: bool = False, capacity: int = 256):
        self._buffers = {name: np.zeros(capacity, dtype=dtype) for name, dtype in FIELDS.items()}
        self._size = 0
        self.columns: dict[str, np.ndarray] = {}
        self._views()
        self.next_id = 0
        self.moves: Counter | None = Counter() if trace else None

    def _views(self) -> None:
        n = self._size
        self.columns = {name: buffer[:n] for name, buffer in self._buffers.items()}
        self.__dict__.update(self.columns)  # plain attributes: `table.stage` is a view

    def __len__(self) -> int:
        return self._size

    def add(self, n: int, **values) -> slice:
        """Append n cases (missing fields get defaults); returns the slice of the new rows."""
        start, end = self._size, self._size + n
        if end > self._buffers["id"].size:
            room = max(end, 2 * self._buffers["id"].size)
            for name, buffer in self._buffers.items():
                grown = np.zeros(room, dtype=buffer.dtype)
                grown[:start] = buffer[:start]
                self._buffers[name] = grown
        rows = slice(start, end)
        self._buffers["id"][rows] = np.arange(self.next_id, self.next_id + n)
        for name, buffer in self._buffers.items():
            if name != "id":
                buffer[rows] = values.get(name, DEFAULTS.get(name, 0))
        self._size = end
        self._views()
        self.next_id += n
        return rows

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
        """Remove the `finished` rows (a boolean mask), keeping the others in order."""
        keep = np.flatnonzero(~finished)
        if keep.size == self._size:
            return
        for buffer in self._buffers.values():
            buffer[: keep.size] = buffer[keep]
        self._size = keep.size
        self._views()
