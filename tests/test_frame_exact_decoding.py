"""A referee asking for frame N sees frame N, whatever the file does.

Each clip is generated here with its frame number burned into every picture, encoded the awkward
way real footage arrives, and read back in random order through ``open_video``.
"""

from __future__ import annotations

import random
import subprocess
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.testclip import ClipSpec
from var.media import FrameOutOfRange, build_proxy, open_video, picture_size
from var.media.ffmpeg_tool import ffmpeg_executable

AWKWARD_CLIPS = {
    "bframes_long_gop.mp4": ClipSpec(frames=120, gop=100, b_frames=3),
    "ntsc_2997.mp4": ClipSpec(frames=90, frame_rate=Fraction(30000, 1001), gop=45, b_frames=2),
    "ntsc_5994.mkv": ClipSpec(frames=90, frame_rate=Fraction(60000, 1001), gop=60, b_frames=2),
    "open_gop.mp4": ClipSpec(frames=90, gop=24, b_frames=3, open_gop=True),
    "broadcast_far_from_zero.ts": ClipSpec(frames=90, gop=25, ts_offset_seconds=80_000),
    "edit_list_preroll.mp4": ClipSpec(frames=90, gop=60, trim_frames=17),
    "phone_variable_rate.mp4": ClipSpec(frames=90, gop=30, variable_frame_rate=True),
    "hevc.mp4": ClipSpec(frames=60, codec="hevc", gop=30, b_frames=3),
    "hevc_open_gop.mkv": ClipSpec(frames=60, codec="hevc", gop=24, b_frames=3, open_gop=True),
}


def stamps_in_random_order(path: Path, use_proxy: bool) -> tuple[list[int], list[int | None]]:
    with open_video(path, use_proxy=use_proxy, read_ahead=0) as video:
        order = list(range(video.info.frame_count))
        random.Random(5).shuffle(order)
        seen = {index: read_frame_number(np.asarray(video.frame(index))) for index in order}
    return order, [seen[i] for i in sorted(seen)]


@pytest.mark.parametrize("use_proxy", [False, True], ids=["source", "proxy"])
@pytest.mark.parametrize("name", sorted(AWKWARD_CLIPS))
def test_referee_sees_exactly_the_requested_frame_when_seeking_at_random(
    name: str, use_proxy: bool, make_clip: Callable[[str, ClipSpec], Path]
) -> None:
    spec = AWKWARD_CLIPS[name]
    path = make_clip(name, spec)
    if use_proxy:
        build_proxy(path)
    with open_video(path, read_ahead=0) as video:
        assert video.uses_proxy is use_proxy
    _, stamps = stamps_in_random_order(path, use_proxy=use_proxy)
    assert stamps == [spec.expected_stamp(i) for i in range(spec.shown_frames)]


def test_stepping_back_and_forth_one_frame_at_a_time_never_skips(
    make_clip: Callable[[str, ClipSpec], Path],
) -> None:
    spec = AWKWARD_CLIPS["bframes_long_gop.mp4"]
    path = make_clip("bframes_long_gop.mp4", spec)
    with open_video(path, use_proxy=False) as video:
        walk = [*range(40, 60), *range(60, 30, -1), *range(30, 45)]
        assert [read_frame_number(np.asarray(video.frame(i))) for i in walk] == walk


@pytest.mark.parametrize(
    ("name", "frames", "rate", "variable"),
    [
        ("ntsc_2997.mp4", 90, Fraction(30000, 1001), False),
        ("ntsc_5994.mkv", 90, Fraction(60000, 1001), False),
        ("edit_list_preroll.mp4", 73, Fraction(25), False),
        ("bframes_long_gop.mp4", 120, Fraction(25), False),
    ],
)
def test_probe_reports_displayed_frames_and_exact_rate(
    name: str, frames: int, rate: Fraction, variable: bool, make_clip: Callable[[str, ClipSpec], Path]
) -> None:
    with open_video(make_clip(name, AWKWARD_CLIPS[name]), read_ahead=0) as video:
        assert video.info.frame_count == frames
        assert video.info.frame_rate == rate
        assert video.info.variable_frame_rate is variable
        assert video.info.duration == frames / rate


def test_edit_list_file_counts_only_what_a_viewer_sees(make_clip: Callable[[str, ClipSpec], Path]) -> None:
    spec = AWKWARD_CLIPS["edit_list_preroll.mp4"]
    with open_video(make_clip("edit_list_preroll.mp4", spec), read_ahead=0) as video:
        import av

        with av.open(str(video.path)) as container:
            stated = container.streams.video[0].frames
        assert stated == spec.frames  # the container still holds the pre-roll...
        assert video.info.frame_count == spec.frames - spec.trim_frames  # ...but nobody sees it
        assert read_frame_number(np.asarray(video.frame(0))) == spec.trim_frames
        assert video.info.start_time == 0


def test_broadcast_ts_far_from_zero_starts_at_its_own_clock(
    make_clip: Callable[[str, ClipSpec], Path],
) -> None:
    with open_video(
        make_clip("broadcast_far_from_zero.ts", AWKWARD_CLIPS["broadcast_far_from_zero.ts"])
    ) as video:
        assert video.info.start_time >= 80_000
        assert video.time_of(25) == 1
        assert video.frame_at(Fraction(1)) == 25


def test_phone_footage_is_flagged_variable_rate_and_timed_per_frame(
    make_clip: Callable[[str, ClipSpec], Path],
) -> None:
    with open_video(make_clip("phone_variable_rate.mp4", AWKWARD_CLIPS["phone_variable_rate.mp4"])) as video:
        assert video.info.variable_frame_rate
        # Frame n was stamped at n*40 + (7n mod 13) ms.
        assert [video.time_of(n) for n in (0, 1, 2, 50)] == [
            Fraction(0),
            Fraction(47, 1000),
            Fraction(81, 1000),
            Fraction(50 * 40 + (350 % 13), 1000),
        ]
        assert video.frame_at(Fraction(81, 1000)) == 2
        assert video.frame_at(Fraction(80, 1000)) == 1


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_phone_video_comes_out_upright_like_ffmpeg_shows_it(
    rotation: int, make_clip: Callable[[str, ClipSpec], Path], tmp_path: Path
) -> None:
    spec = ClipSpec(frames=20, width=320, height=240, gop=10, rotation=rotation)
    path = make_clip(f"rotated_{rotation}.mp4", spec)
    reference_png = tmp_path / "ffmpeg.png"
    # ffmpeg's command line applies the display matrix itself: an independent reference.
    subprocess.run(
        [
            ffmpeg_executable(),
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-vf",
            "select=eq(n\\,7)",
            "-frames:v",
            "1",
            str(reference_png),
        ],
        check=True,
    )
    reference = cv2.cvtColor(cv2.imread(str(reference_png)), cv2.COLOR_BGR2RGB)
    build_proxy(path)
    for use_proxy in (False, True):
        with open_video(path, use_proxy=use_proxy, read_ahead=0) as video:
            upright = np.asarray(video.frame(7))
            expected_size = (240, 320) if rotation == 180 else (320, 240)
            assert (video.info.height, video.info.width) == expected_size
            assert picture_size(path) == (video.info.width, video.info.height)  # read from one frame
            assert upright.shape[:2] == expected_size
            assert np.abs(upright.astype(int) - reference).mean() < 3.0


def test_frames_are_read_only_rgb_arrays(make_clip: Callable[[str, ClipSpec], Path]) -> None:
    with open_video(make_clip("ntsc_2997.mp4", AWKWARD_CLIPS["ntsc_2997.mp4"])) as video:
        picture = video.frame(3)
        assert picture.dtype == np.uint8
        assert picture.shape == (240, 320, 3)
        assert not picture.flags.writeable  # shared with the cache: a caller cannot scribble on it


# --- files that are odd, not broken: they open, frame-exact ---------------------------------------

# A broadcast export whose header (stts) states 58 frames more than its packets hold, behind an edit
# list hiding 8 pre-roll packets: every player shows its 82 frames, and so must we.
OVERSTATED = ClipSpec(frames=90, gop=25, trim_frames=8, overstated_frames=58)
# A download or USB copy that stopped at 60 % of its bytes; the MP4 index (at the front) still
# lists every frame, the picture data of the last 40 % never arrived.
CUT_OFF = {
    "cut_off.mp4": ClipSpec(frames=90, gop=25, kept_fraction=0.6),
    "cut_off_bframes.mp4": ClipSpec(frames=90, gop=40, b_frames=3, kept_fraction=0.6),
    "cut_off.ts": ClipSpec(frames=90, gop=25, kept_fraction=0.6),
}


def stated_frames(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        return int(container.streams.video[0].frames)


@pytest.mark.parametrize("use_proxy", [False, True], ids=["source", "proxy"])
def test_a_header_that_overstates_its_frames_opens_every_frame_a_player_shows(
    use_proxy: bool, make_clip: Callable[[str, ClipSpec], Path]
) -> None:
    path = make_clip("overstated.mp4", OVERSTATED)
    assert stated_frames(path) == 90 + 58  # the header's word...
    if use_proxy:
        build_proxy(path)
    order, stamps = stamps_in_random_order(path, use_proxy=use_proxy)
    assert len(order) == 82  # ...against what the packets hold and every player shows
    assert stamps == [OVERSTATED.expected_stamp(i) for i in range(82)]
    with open_video(path, use_proxy=use_proxy, read_ahead=0) as video:
        assert video.info.warning == ""  # a complete file: nothing to warn about
        assert video.info.duration == Fraction(82, 25)


@pytest.mark.parametrize("use_proxy", [False, True], ids=["source", "proxy"])
@pytest.mark.parametrize("name", sorted(CUT_OFF))
def test_a_file_cut_off_mid_stream_opens_with_the_frames_that_are_there_and_says_so(
    name: str, use_proxy: bool, make_clip: Callable[[str, ClipSpec], Path]
) -> None:
    spec = CUT_OFF[name]
    path = make_clip(name, spec)
    if use_proxy:
        build_proxy(path)
    order, stamps = stamps_in_random_order(path, use_proxy=use_proxy)
    # About 60 % of the bytes: roughly that share of the frames, each exactly the frame it claims.
    assert 0.4 * spec.frames < len(order) < 0.75 * spec.frames
    assert stamps == list(range(len(order)))
    with open_video(path, use_proxy=use_proxy, read_ahead=0) as video:
        assert video.info.warning.startswith("the file ends early")
        assert f"{len(order)} frames" in video.info.warning
        if name.endswith(".mp4"):  # the MP4 header says how long the recording was
            assert "s after them is missing" in video.info.warning
        with pytest.raises(FrameOutOfRange):
            video.frame(len(order))
