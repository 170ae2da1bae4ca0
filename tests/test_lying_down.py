"""A player brought down lies on the grass: the metres his wandering box would add are not run."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from tracking.external_load import external_load
from tracking.lying_down import held_while_down

RATE = 25.0


def _boxes(wide: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 20 x 60 px box standing; where ``wide``, a sprawled man's, from 16 x 18 px (an arm and a knee
    raised) to 34 x 12."""
    n = len(wide)
    width = np.where(wide, rng.uniform(16, 34, n), 20.0)
    height = np.where(wide, rng.uniform(12, 18, n), 60.0)
    return np.column_stack([np.zeros(n), np.zeros(n), width, height]).astype(np.float32)


def test_a_player_lying_still_for_seconds_runs_no_metres_while_his_box_wobbles() -> None:
    rng = np.random.default_rng(7)
    frames = np.arange(200)
    down = frames >= 100  # runs 4 s at 4 m/s, is brought down, lies 4 s
    x = np.where(down, 16.0, frames * 4 / RATE)
    wander = np.where(down[:, None], rng.normal(0, 0.4, (200, 2)), 0.0)  # the foot point of a lying box
    positions = np.column_stack([x, np.zeros(200)]) + wander
    held = held_while_down(frames, _boxes(down, rng), positions, RATE)
    assert np.ptp(held[down], axis=0).max() == 0.0  # he lies where he lies
    assert np.array_equal(held[~down], positions[~down])  # the run before is the run
    wobbling = external_load(frames, positions, Fraction(25)).distance_m
    lying = external_load(frames, held, Fraction(25)).distance_m
    assert abs(lying - 16.0) < 0.5 < wobbling - 16.0
    # Unseen for a second while he lies there (another player in front): still down, still held.
    unseen = (frames < 130) | (frames >= 155)
    held = held_while_down(frames[unseen], _boxes(down[unseen], rng), positions[unseen], RATE)
    assert np.ptp(held[down[unseen]], axis=0).max() == 0.0


def test_a_slide_tackle_or_a_dive_is_left_as_it_was_run() -> None:
    rng = np.random.default_rng(8)
    frames = np.arange(100)
    sliding = (frames >= 40) & (frames < 60)  # 0.8 s wider than tall, moving on
    positions = np.column_stack([frames * 6 / RATE, np.zeros(100)])
    held = held_while_down(frames, _boxes(sliding, rng), positions, RATE)
    assert np.array_equal(held, positions)


def test_two_short_spells_down_with_a_gap_between_are_not_one_long_one() -> None:
    rng = np.random.default_rng(9)
    frames = np.concatenate([np.arange(0, 20), np.arange(70, 90)])  # unseen for 2 s between: he got up
    positions = np.column_stack([frames * 6 / RATE, np.zeros(40)])
    held = held_while_down(frames, _boxes(np.ones(40, bool), rng), positions, RATE)
    assert np.array_equal(held, positions)
    # Given out of order (two tracks of one athlete), the rows come back in the order given.
    order = np.r_[20:40, 0:20]
    assert np.array_equal(
        held_while_down(frames[order], _boxes(np.ones(40, bool), rng), positions[order], RATE),
        positions[order],
    )


def test_the_fall_itself_is_not_run_he_is_held_where_he_went_down() -> None:
    """Brought down where he stood, he falls towards the camera: the bottom edge of the box on him
    lying is his head, a metre and a half nearer than his feet were. That metre and a half is not run."""
    rng = np.random.default_rng(10)
    frames = np.arange(150)
    down = frames >= 50
    positions = np.column_stack([np.full(150, 30.0), np.where(down, 11.5, 10.0)])
    positions[down] += rng.normal(0, 0.3, (int(down.sum()), 2))  # his lying box wobbles
    held = held_while_down(frames, _boxes(down, rng), positions, RATE)
    assert np.array_equal(held[down], np.tile([30.0, 10.0], (int(down.sum()), 1)))
    assert external_load(frames, held, Fraction(25)).distance_m < 0.05
    # Down from the first frame he is seen (he came into the picture lying): held at his median place.
    rows = frames >= 60
    lying_from_the_start = held_while_down(frames[rows], _boxes(down[rows], rng), positions[rows], RATE)
    assert np.allclose(lying_from_the_start, np.median(positions[rows], axis=0))
