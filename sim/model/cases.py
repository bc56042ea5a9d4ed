"""Open needs (cases) as columns; closed and failed ones leave the table the week they end."""

from __future__ import annotations

import numpy as np

# Stages of an open need.
LATENT, WORKER, REFERRAL, ORG, GOV, FALLBACK = range(6)
STAGES = ("latent", "worker", "referral", "organization", "government", "fallback")

FIELDS = {
    "id": np.int64,
    "resident": np.int64,
    "block": np.int64,
    "category": np.int8,
    "complexity": np.int8,
    "arise": np.int32,
    "due": np.int32,  # last week in which closing counts as in time
    "channel": np.int8,
    "stage": np.int8,
    "reported": np.int32,  # week reported, -1 while hidden
    "ready": np.int32,  # first week the current stage can finish
    "org": np.int32,
}


class CaseTable:
    """Columnar table of open cases; `add` appends, `drop` removes finished rows."""

    def __init__(self):
        self.columns = {name: np.zeros(0, dtype=dtype) for name, dtype in FIELDS.items()}
        self.next_id = 0

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
            "channel": 0,
            "stage": LATENT,
            "reported": -1,
            "ready": 0,
            "org": -1,
        }
        for name, dtype in FIELDS.items():
            value = values.get(name, defaults.get(name, 0))
            new = np.broadcast_to(np.asarray(value, dtype=dtype), (n,))
            self.columns[name] = np.concatenate([self.columns[name], new])
        self.next_id += n
        return slice(start, start + n)

    def drop(self, finished: np.ndarray) -> None:
        if finished.any():
            keep = ~finished
            for name in self.columns:
                self.columns[name] = self.columns[name][keep]
