"""Common random numbers: one fresh generator per named process and week.

All generators derive from the model's own `numpy.random.Generator` (its seed sequence),
extended with a key made of a stable hash of the process name (CRC-32, the same on every
machine and Python) and the week. Two scenarios run on one seed therefore draw the same
numbers for the same process in the same week, however differently earlier weeks went, so
differences between them are policy, not noise. Because a stream is found by its name and
not by its place in a list, adding or removing a process never changes another's numbers
(as Starsim's `process_seed` does).

A stream's generator is the one `numpy.random.SeedSequence(entropy, spawn_key=key + (name,
week))` seeds. Hashing a seed sequence costs more than a small community's whole week of
some phases, so the seeds of 256 weeks are hashed together, as arrays (`_week_seeds`,
numpy's algorithm step by step; tests/test_streams.py checks it against numpy's).
"""

from __future__ import annotations

import zlib

import numpy as np
from numpy.random.bit_generator import ISpawnableSeedSequence

BLOCK = 256  # weeks whose seeds are hashed together (a run's warm-up, then its policy weeks)
MASK = 0xFFFFFFFF
# numpy's SeedSequence constants (numpy/random/bit_generator.pyx)
POOL_SIZE, XSHIFT = 4, 16
INIT_A, MULT_A, INIT_B, MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
MIX_MULT_L, MIX_MULT_R = 0xCA01F9DD, 0x4973F715


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
        self._words = _entropy_words(self._entropy, self._key)
        self._seeds: dict[tuple[str, int], np.ndarray] = {}

    def get(self, process: str, week: int = 0) -> np.random.Generator:
        """The generator of `process` in `week` (week 0: building the community; weeks
        before 0, the warm-up, map to keys of their own)."""
        key = self._key + (stream_key(process), week % 2**32)
        if self._words is None:  # entropy numpy reads in ways not copied here: numpy's hash
            return np.random.Generator(
                np.random.PCG64(np.random.SeedSequence(self._entropy, spawn_key=key))
            )
        block = week // BLOCK
        seeds = self._seeds.get((process, block))
        if seeds is None:
            weeks = np.arange(block * BLOCK, (block + 1) * BLOCK) % 2**32
            seeds = _week_seeds(self._words + [key[-2]], weeks)
            self._seeds[process, block] = seeds
        state = _HashedSeed(self._entropy, key, seeds[week - block * BLOCK])
        return np.random.Generator(np.random.PCG64(state))


class _HashedSeed(ISpawnableSeedSequence):
    """A SeedSequence(entropy, spawn_key=key) whose PCG64 state is hashed already; any
    other use goes to numpy's own."""

    def __init__(self, entropy, spawn_key: tuple, pcg64_state: np.ndarray):
        self.entropy, self.spawn_key, self._state = entropy, spawn_key, pcg64_state

    def _numpy(self) -> np.random.SeedSequence:
        return np.random.SeedSequence(self.entropy, spawn_key=self.spawn_key)

    def generate_state(self, n_words, dtype=np.uint32):
        if n_words == 4 and np.dtype(dtype) == np.uint64:  # what PCG64 asks for
            return self._state.copy()
        return self._numpy().generate_state(n_words, dtype)

    def spawn(self, n_children):
        return self._numpy().spawn(n_children)


def _int_words(value) -> list[int] | None:
    """A whole number >= 0 as numpy's seed sequence reads it: 32-bit words, least
    significant first ([0] for 0); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        return None
    value, words = int(value), []
    while True:
        words.append(value & MASK)
        value >>= 32
        if not value:
            return words


def _entropy_words(entropy, key: tuple) -> list[int] | None:
    """The words numpy assembles from `entropy` and `key` (the run's entropy, padded to the
    pool since a stream's key is never empty, then each key element), or None when the
    entropy or a key element is not a plain whole number."""
    words = _int_words(entropy)
    parts = [_int_words(k) for k in key]
    if words is None or any(part is None for part in parts):
        return None
    words += [0] * (POOL_SIZE - len(words))
    for part in parts:
        words += part
    return words


def _hashmix(value, hash_const: list[int]):
    """numpy's hashmix of a word (a Python int, or a uint32 array: one word per week);
    `hash_const` is numpy's running multiplier, updated in place."""
    value = value ^ hash_const[0]
    hash_const[0] = (hash_const[0] * MULT_A) & MASK
    value = (value * hash_const[0]) & MASK
    return value ^ (value >> XSHIFT)


def _mix(x, y):
    """numpy's mix of a pool word with a hashed word (modulo 2^32, ints or uint32 arrays)."""
    result = (((MIX_MULT_L * x) & MASK) - ((MIX_MULT_R * y) & MASK)) & MASK
    return result ^ (result >> XSHIFT)


def _week_seeds(words: list[int], weeks: np.ndarray) -> np.ndarray:
    """PCG64 seeds (weeks x 4 uint64) of SeedSequence(entropy, spawn_key=key + (week,)) for
    the entropy and key assembled in `words` (at least the pool's size): numpy's
    mix_entropy and generate_state. Every word but the week is the same, so it is mixed
    once; the week, the last word, is mixed as an array."""
    hash_const = [INIT_A]
    pool = [_hashmix(word, hash_const) for word in words[:POOL_SIZE]]
    for i_src in range(POOL_SIZE):
        for i_dst in range(POOL_SIZE):
            if i_src != i_dst:
                pool[i_dst] = _mix(pool[i_dst], _hashmix(pool[i_src], hash_const))
    week_words = np.asarray(weeks, dtype=np.uint32)
    for word in [*words[POOL_SIZE:], week_words]:
        for i_dst in range(POOL_SIZE):
            pool[i_dst] = _mix(pool[i_dst], _hashmix(word, hash_const))
    out, hash_const = [], INIT_B  # generate_state(4, np.uint64): 8 words from the pool
    for i_dst in range(8):
        value = pool[i_dst % POOL_SIZE] ^ hash_const
        hash_const = (hash_const * MULT_B) & MASK
        value = (value * hash_const) & MASK
        out.append((value ^ (value >> XSHIFT)).astype(np.uint64))
    return np.column_stack([out[i] | (out[i + 1] << np.uint64(32)) for i in range(0, 8, 2)])
