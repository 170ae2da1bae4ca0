"""Frame-exact access on real broadcast footage from ../shared/clips (skipped when absent).

The reference is the plainest possible reading: decode the file from the start, in order, and
count the frames that come out. Random access must give the same pixels at the same index.
"""

from __future__ import annotations

import random
from fractions import Fraction

import av
import numpy as np
import pytest

from tests.conftest import shared_file
from var.media import build_proxy, open_video

pytestmark = pytest.mark.shared

CLIPS = [
    # name, frames shown, exact rate, indices to check
    ("fb_broadcast_facup_chelsea_mancity_720p.mp4", 380, Fraction(25), None),
    ("fb_offside_ucl_liverpool_benfica_1080p.mp4", 211, Fraction(30000, 1001), None),
    ("fb_foul_multiview_burnley_arsenal_view3.mp4", 127, Fraction(25), None),
    ("fb_multicam_tsukuba_leftcam_3072x1728.mp4", 250, Fraction(25), [0, 1, 24, 25, 26, 47, 60]),
]


def sequential_frames(path: str, wanted: set[int]) -> dict[int, np.ndarray]:
    found: dict[int, np.ndarray] = {}
    with av.open(path) as container:
        for number, picture in enumerate(container.decode(video=0)):
            if number in wanted:
                found[number] = picture.to_ndarray(format="rgb24")
            if len(found) == len(wanted):
                break
    return found


@pytest.mark.parametrize(("name", "frames", "rate", "indices"), CLIPS)
def test_random_access_on_broadcast_footage_matches_sequential_decoding(
    name: str, frames: int, rate: Fraction, indices: list[int] | None
) -> None:
    path = shared_file(f"clips/{name}")
    with open_video(path, use_proxy=False, read_ahead=0) as video:
        assert video.info.frame_count == frames  # what is displayed, not the container's stated count
        assert video.info.frame_rate == rate
        assert video.info.warning == ""  # complete files: no word of anything missing
        wanted = indices or random.Random(name).sample(range(frames), 24) + [0, frames - 1]
        reference = sequential_frames(str(path), set(wanted))
        for index in random.Random(1).sample(wanted, len(wanted)):
            assert np.array_equal(video.frame(index), reference[index]), f"frame {index} of {name}"


def test_proxy_of_a_1080p_broadcast_clip_shows_the_same_frames() -> None:
    path = shared_file("clips/fb_offside_ucl_liverpool_benfica_1080p.mp4")
    build_proxy(path)
    with open_video(path, read_ahead=0) as proxied, open_video(path, use_proxy=False, read_ahead=0) as source:
        assert proxied.uses_proxy
        for index in random.Random(2).sample(range(1, 210), 12):
            here = proxied.frame(index).astype(np.int16)
            error = np.abs(here - source.frame(index)).mean()
            # Lossy but faithful, and closer to the same frame than to either neighbour.
            assert error < 2.0
            assert error < np.abs(here - source.frame(index - 1)).mean()
            assert error < np.abs(here - source.frame(index + 1)).mean()
