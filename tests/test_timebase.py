"""Exact frame/timestamp arithmetic at the rates referees meet: 25, 29.97 and 59.94 fps."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from var.timebase import (
    format_timecode,
    frame_to_pts,
    frame_to_seconds,
    frames_to_pts,
    parse_fraction,
    pts_to_frame,
    seconds_to_frame,
)

RATES_AND_BASES = [
    (Fraction(25), Fraction(1, 12800)),
    (Fraction(25), Fraction(1, 90000)),
    (Fraction(30000, 1001), Fraction(1, 30000)),
    (Fraction(30000, 1001), Fraction(1, 90000)),
    (Fraction(30000, 1001), Fraction(1, 1000)),  # Matroska's millisecond clock: timestamps are rounded
    (Fraction(60000, 1001), Fraction(1, 60000)),
    (Fraction(60000, 1001), Fraction(1, 90000)),
]


@pytest.mark.parametrize(
    ("index", "rate", "time_base", "expected_pts"),
    [
        (0, Fraction(25), Fraction(1, 12800), 0),
        (1, Fraction(25), Fraction(1, 12800), 512),
        (1, Fraction(30000, 1001), Fraction(1, 30000), 1001),
        (1, Fraction(30000, 1001), Fraction(1, 90000), 3003),
        (1, Fraction(30000, 1001), Fraction(1, 1000), 33),  # 33.367 ms
        (2, Fraction(30000, 1001), Fraction(1, 1000), 67),  # 66.733 ms
        (3, Fraction(60000, 1001), Fraction(1, 1000), 50),  # 50.05 ms
        (107892, Fraction(30000, 1001), Fraction(1, 90000), 323_999_676),  # one hour in
    ],
)
def test_frame_to_pts_matches_what_muxers_write(
    index: int, rate: Fraction, time_base: Fraction, expected_pts: int
) -> None:
    assert frame_to_pts(index, rate, time_base) == expected_pts


@pytest.mark.parametrize(("rate", "time_base"), RATES_AND_BASES)
@given(index=st.integers(min_value=0, max_value=3 * 3600 * 60), start=st.integers(-(2**33), 2**33))
def test_every_frame_of_a_three_hour_match_maps_to_its_timestamp_and_back(
    rate: Fraction, time_base: Fraction, index: int, start: int
) -> None:
    pts = frame_to_pts(index, rate, time_base, start)
    assert pts_to_frame(pts, rate, time_base, start) == index


@pytest.mark.parametrize(("rate", "time_base"), RATES_AND_BASES)
def test_the_array_form_agrees_with_the_scalar_form(rate: Fraction, time_base: Fraction) -> None:
    many = frames_to_pts(5000, rate, time_base, start_pts=1234)
    assert many.dtype == np.int64
    assert many.tolist() == [frame_to_pts(i, rate, time_base, 1234) for i in range(5000)]


def test_seconds_are_exact_fractions_not_floats() -> None:
    ntsc = Fraction(30000, 1001)
    assert frame_to_seconds(30, ntsc) == Fraction(1001, 1000)
    assert seconds_to_frame(Fraction(1001, 1000), ntsc) == 30
    assert seconds_to_frame(Fraction(1001, 1000) - Fraction(1, 10**9), ntsc) == 29


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (Fraction(0), "0:00:00.000"),
        (Fraction(1001, 1000), "0:00:01.001"),
        (Fraction(3723, 1), "1:02:03.000"),
        (Fraction(-1, 2), "-0:00:00.500"),
    ],
)
def test_timecodes_read_as_a_referee_expects(seconds: Fraction, text: str) -> None:
    assert format_timecode(seconds) == text


@pytest.mark.parametrize(
    ("text", "expected", "error"),
    [
        ("30000/1001", Fraction(30000, 1001), None),
        ("25", Fraction(25), None),
        ("29.97", Fraction(2997, 100), None),
        ("0", None, ValueError),
        ("-25", None, ValueError),
        ("fast", None, ValueError),
    ],
)
def test_rates_are_parsed_exactly(
    text: str, expected: Fraction | None, error: type[Exception] | None
) -> None:
    if error is not None:
        with pytest.raises(error):
            parse_fraction(text)
    else:
        assert parse_fraction(text) == expected
