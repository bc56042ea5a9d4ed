"""The random streams hash their seeds as numpy's SeedSequence does, to the bit."""

import numpy as np
import pytest

from sim.model.streams import RandomStreams, stream_key


def numpy_stream(entropy, key: tuple, process: str, week: int) -> np.random.Generator:
    spawn_key = key + (stream_key(process), week % 2**32)
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(entropy, spawn_key=spawn_key))
    )


@pytest.mark.parametrize(
    "seed_seq",
    [
        np.random.SeedSequence(0),
        np.random.SeedSequence(1),
        np.random.SeedSequence(2**32),
        np.random.SeedSequence(2**63 - 1),
        np.random.SeedSequence(),  # 128 random bits
        np.random.SeedSequence(12345, spawn_key=(3,)),
        np.random.SeedSequence(7, spawn_key=(2**40, 0)),
        np.random.SeedSequence([1, 2, 3]),  # not a plain number: numpy's own hash
    ],
)
def test_streams_draw_what_numpy_seed_sequences_give(seed_seq):
    streams = RandomStreams(np.random.Generator(np.random.PCG64(seed_seq)))
    for process in ("needs", "handling", "population"):
        for week in (-520, -257, -256, -255, -1, 0, 1, 104, 255, 256, 1040, 2**32 + 5):
            ours = streams.get(process, week)
            theirs = numpy_stream(seed_seq.entropy, tuple(seed_seq.spawn_key), process, week)
            assert ours.bit_generator.state == theirs.bit_generator.state
            assert np.array_equal(ours.random(3), theirs.random(3))


def test_a_stream_seed_sequence_still_spawns_and_generates():
    streams = RandomStreams(np.random.default_rng(5))
    seed_seq = streams.get("needs", 3).bit_generator.seed_seq
    numpy_seq = np.random.SeedSequence(5, spawn_key=(stream_key("needs"), 3))
    assert np.array_equal(seed_seq.generate_state(3), numpy_seq.generate_state(3))
    assert seed_seq.spawn(1)[0].spawn_key == numpy_seq.spawn(1)[0].spawn_key
