"""Instant scrubbing: proxies found by content, a frame cache around the playhead, and read-ahead."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.testclip import ClipSpec
from var.media import FrameOutOfRange, build_proxy, load_proxy, open_video
from var.media.frame_cache import FrameCache
from var.media.proxy import ProxyFiles

CLIP = ClipSpec(frames=80, gop=40, b_frames=2)


@pytest.fixture
def clip(make_clip: Callable[[str, ClipSpec], Path]) -> Path:
    return make_clip("scrub.mp4", CLIP)


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_video_without_proxy_falls_back_to_the_source(clip: Path) -> None:
    with open_video(clip, read_ahead=0) as video:
        assert not video.uses_proxy
        assert read_frame_number(np.asarray(video.frame(33))) == 33


def test_ingested_angle_opens_from_its_proxy_with_the_same_facts(clip: Path, private_cache_dir: Path) -> None:
    proxy = build_proxy(clip)
    assert proxy.files.video.parent == private_cache_dir
    with open_video(clip, read_ahead=0) as proxied, open_video(clip, use_proxy=False, read_ahead=0) as source:
        assert proxied.uses_proxy
        assert proxied.info == source.info


def test_a_copied_match_folder_keeps_its_proxies(clip: Path, tmp_path: Path) -> None:
    build_proxy(clip)
    copy = tmp_path / "usb-stick" / "angle.mp4"
    copy.parent.mkdir()
    shutil.copy(clip, copy)
    with open_video(copy, read_ahead=0) as video:
        assert video.uses_proxy
        assert video.info.path == str(copy)


def test_a_changed_file_does_not_use_a_stale_proxy(
    make_clip: Callable[[str, ClipSpec], Path], tmp_path: Path
) -> None:
    first = make_clip("first.mp4", ClipSpec(frames=30))
    build_proxy(first)
    target = tmp_path / "angle.mp4"
    shutil.copy(first, target)
    assert load_proxy(target) is not None
    shutil.copy(make_clip("second.mp4", ClipSpec(frames=31)), target)
    assert load_proxy(target) is None
    with open_video(target, read_ahead=0) as video:
        assert video.info.frame_count == 31


def test_a_damaged_proxy_index_is_ignored_not_trusted(clip: Path) -> None:
    proxy = build_proxy(clip)
    proxy.files.index.write_bytes(b"not an index")
    with open_video(clip, read_ahead=0) as video:
        assert not video.uses_proxy
        assert read_frame_number(np.asarray(video.frame(5))) == 5


def test_an_interrupted_ingest_leaves_no_half_proxy(clip: Path, private_cache_dir: Path) -> None:
    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_proxy(clip, on_progress=interrupt)
    files = ProxyFiles.for_source(clip)
    assert not files.exists()
    assert not list(private_cache_dir.glob("*partial*"))


def test_read_ahead_decodes_the_next_frames_while_the_referee_steps(clip: Path) -> None:
    build_proxy(clip)
    with open_video(clip, read_ahead=8) as video:
        video.frame(20)
        video.frame(21)
        assert wait_until(lambda: all(video.is_cached(i) for i in range(22, 30)))
        assert video.is_cached(20)  # one step back is ready too


def test_scrubbing_jumps_decode_only_the_neighbours(clip: Path) -> None:
    build_proxy(clip)
    with open_video(clip, read_ahead=8) as video:
        video.frame(20)
        video.frame(60)  # a jump: the next request may be anywhere
        assert wait_until(lambda: video.is_cached(61) and video.is_cached(59))
        time.sleep(0.2)
        assert not any(video.is_cached(i) for i in range(62, 69))


def test_read_ahead_follows_playback_backwards(clip: Path) -> None:
    with open_video(clip, read_ahead=6) as video:
        video.frame(60)
        video.frame(59)  # a step back: play backwards from here
        assert wait_until(lambda: all(video.is_cached(i) for i in range(53, 59)))


def test_cached_frames_are_the_right_frames(clip: Path) -> None:
    build_proxy(clip)
    with open_video(clip, read_ahead=12) as video:
        for index in [10, 11, 12, 11, 10, 40, 41, 39, 79, 0]:
            assert read_frame_number(np.asarray(video.frame(index))) == index


def test_the_cache_stays_within_its_memory_budget() -> None:
    frame_bytes = 100 * 100 * 3
    cache = FrameCache(max_bytes=frame_bytes * 5)
    for index in range(20):
        cache.put(index, np.zeros((100, 100, 3), dtype=np.uint8))
    assert [i for i in range(20) if i in cache] == [15, 16, 17, 18, 19]


@pytest.mark.parametrize("index", [-1, 80, 10_000])
def test_asking_for_a_frame_outside_the_clip_says_so(clip: Path, index: int) -> None:
    with open_video(clip, read_ahead=0) as video, pytest.raises(FrameOutOfRange, match=r"0 to 79"):
        video.frame(index)
