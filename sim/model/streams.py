"""Common random numbers: one fresh generator per named process and week.

All generators derive from the model's own `numpy.random.Generator` (its seed sequence),
extended with a key made of a stable hash of the process name (CRC-32, the same on every
machine and Python) and the week. Two scenarios run on one seed therefore draw the same
numbers for the same process in the same week, however differently earlier weeks went, so
differences between them are policy, not noise. Because a stream is found by its name and
not by its place in a list, adding or removing a process never changes another's numbers
(as Starsim's `process_seed` does).
"""

from __future__ import annotations

import zlib

import numpy as np


def stream_key(name: str) -> int:
    """A stable 32-bit number for a stream's name (Python's hash() changes between runs)."""
    return zlib.crc32(name.encode("utf-8"))


class RandomStreams:
    def __init__(self, rng: np.random.Generator):
        seed_seq = rng.bit_generator.seed_seq
        if not isinstance(seed_seq, np.random.SeedSequence):  # a generator built from raw state
            seed_seq = np.random.SeedSequence(rng.integers(2**63))
        self._entropy = seed_seq.entropy
        self._key = tuple(seed_seq.spawn_key)

    def get(self, process: str, week: int = 0) -> np.random.Generator:
        """The generator of `process` in `week` (week 0: building the community; weeks
        before 0, the warm-up, map to keys of their own)."""
        key = self._key + (stream_key(process), week % 2**32)
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self._entropy, spawn_key=key))
        )
