"""Common random numbers: one fresh generator per process step and week.

All generators derive from the model's own `numpy.random.Generator` (its seed sequence),
keyed by (process, week). Two scenarios run on the same seed therefore draw the same
numbers for the same process in the same week, however differently earlier weeks went, so
differences between them are policy, not noise.
"""

from __future__ import annotations

import numpy as np

PROCESSES = (
    "population",
    "workers",
    "organizations",
    "needs",
    "reporting",
    "handling",
    "activities",
    "governance",
    "government",
)


class RandomStreams:
    def __init__(self, rng: np.random.Generator):
        seed_seq = rng.bit_generator.seed_seq
        if not isinstance(seed_seq, np.random.SeedSequence):  # a generator built from raw state
            seed_seq = np.random.SeedSequence(rng.integers(2**63))
        self._entropy = seed_seq.entropy
        self._key = tuple(seed_seq.spawn_key)

    def get(self, process: str, week: int = 0) -> np.random.Generator:
        """The generator of `process` in `week` (week 0: building the community)."""
        key = self._key + (PROCESSES.index(process), week)
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self._entropy, spawn_key=key))
        )
