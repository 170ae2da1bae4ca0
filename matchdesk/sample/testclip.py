"""Clips with every frame's number burned in, encoded the awkward ways real footage arrives.

Tests and benchmarks make their own files with this (B-frames, long GOPs, 29.97 fps, MPEG-TS far
from zero, MP4 edit lists, variable frame rate, HEVC, rotation) and check that frame ``i`` shows
the number they expect.
"""

from __future__ import annotations

import logging
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

from matchdesk.sample.framestamp import stamp_frame_number
from var.media.ffmpeg_tool import raw_rgb_input, run_ffmpeg

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClipSpec:
    """How to encode a stamped test clip.

    Attributes:
        frames: frames encoded (before any trim).
        width: picture width in pixels.
        height: picture height in pixels.
        frame_rate: exact nominal rate.
        gop: keyframe interval in frames.
        b_frames: consecutive B-frames allowed.
        codec: ``h264`` or ``hevc``.
        open_gop: let B-frames before a keyframe reference the previous GOP.
        ts_offset_seconds: for ``.ts`` output, where the timestamps start.
        variable_frame_rate: jitter each frame's timestamp like phone footage (MP4 only).
        rotation: display-matrix rotation written into the file (0, 90, 180, 270).
        trim_frames: hide this many leading frames behind an MP4 edit list (stream copy, so the
            hidden frames stay in the file as pre-roll).
        with_audio: add a 440 Hz tone track.
        overstated_frames: make the MP4 header claim this many frames more than the file holds (its
            sample-time table runs past the samples), as some broadcast exports do; it plays fine.
        kept_fraction: cut the file after this share of its bytes, as a download or copy that
            stopped (MP4 with its index at the front, so that what is there can still be read).
    """

    frames: int = 60
    width: int = 320
    height: int = 240
    frame_rate: Fraction = Fraction(25)
    gop: int = 12
    b_frames: int = 2
    codec: str = "h264"
    open_gop: bool = False
    ts_offset_seconds: int = 0
    variable_frame_rate: bool = False
    rotation: int = 0
    trim_frames: int = 0
    with_audio: bool = False
    overstated_frames: int = 0
    kept_fraction: float = 1.0

    def expected_stamp(self, display_index: int) -> int:
        """The number a viewer sees on display frame ``display_index``."""
        return display_index + self.trim_frames

    @property
    def shown_frames(self) -> int:
        return self.frames - self.trim_frames


def render_stamped_frames(spec: ClipSpec) -> Iterator[bytes]:
    """Raw RGB24 frames: moving texture (so B-frames have work), the stamp, the number in text."""
    ys, xs = np.mgrid[0 : spec.height, 0 : spec.width]
    for number in range(spec.frames):
        image = np.empty((spec.height, spec.width, 3), dtype=np.uint8)
        image[..., 0] = (xs + number * 3) % 256
        image[..., 1] = (ys * 2 + number) % 256
        image[..., 2] = ((xs + ys) // 4 + number * 5) % 256
        box_x = (number * 7) % max(1, spec.width - 40)
        cv2.rectangle(
            image, (box_x, spec.height // 2), (box_x + 40, spec.height // 2 + 30), (255, 255, 0), -1
        )
        # An asymmetric mark (top-right) so a wrong rotation is visible to the eye.
        cv2.circle(image, (spec.width - 20, 40), 12, (255, 0, 0), -1)
        cv2.putText(
            image,
            str(number),
            (10, spec.height - 12),
            cv2.FONT_HERSHEY_SIMPLEX,
            max(0.5, spec.height / 300),
            (255, 255, 255),
            2,
        )
        stamp_frame_number(image, number)
        yield image.tobytes()


def make_test_clip(path: Path, spec: ClipSpec) -> Path:
    """Encode ``spec`` into ``path`` (format from the suffix: .mp4, .mov, .mkv, .ts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    needs_second_pass = spec.trim_frames > 0 or spec.rotation != 0 or spec.kept_fraction < 1
    with tempfile.TemporaryDirectory() as scratch:
        first_output = Path(scratch) / f"encoded{path.suffix}" if needs_second_pass else path
        _encode(first_output, spec)
        if needs_second_pass:
            _remux(first_output, path, spec)
    if spec.overstated_frames:
        _overstate_frame_count(path, spec.overstated_frames)
    if spec.kept_fraction < 1:
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * spec.kept_fraction)])
    logger.info("made test clip %s", path)
    return path


def _encode(output: Path, spec: ClipSpec) -> None:
    arguments = ["-loglevel", "error", *raw_rgb_input(spec.width, spec.height, spec.frame_rate)]
    if spec.with_audio:
        arguments += [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:sample_rate=48000:duration={spec.frames / spec.frame_rate}",
        ]
    arguments += ["-map", "0:v"] + (["-map", "1:a", "-c:a", "aac", "-shortest"] if spec.with_audio else [])
    if spec.codec == "h264":
        x264 = f"keyint={spec.gop}:min-keyint={spec.gop}:scenecut=0:bframes={spec.b_frames}"
        x264 += ":open-gop=1" if spec.open_gop else ""
        arguments += ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-x264-params", x264]
    elif spec.codec == "hevc":
        x265 = f"keyint={spec.gop}:min-keyint={spec.gop}:scenecut=0:bframes={spec.b_frames}:log-level=error"
        x265 += ":open-gop=1" if spec.open_gop else ":open-gop=0"
        arguments += ["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-x265-params", x265]
        arguments += ["-tag:v", "hvc1"] if output.suffix in (".mp4", ".mov") else []
    else:
        raise ValueError(f"unknown codec {spec.codec!r}")
    if spec.variable_frame_rate:
        # Nominal 25 fps with 0-12 ms of jitter per frame: monotonic but never evenly spaced.
        arguments += [
            "-vf",
            "settb=1/1000,setpts='(N*40+mod(N*7,13))/1000/TB'",
            "-fps_mode",
            "passthrough",
            "-enc_time_base",
            "1/1000",
            "-video_track_timescale",
            "1000",
        ]
    if output.suffix == ".ts" and spec.ts_offset_seconds:
        arguments += ["-output_ts_offset", str(spec.ts_offset_seconds)]
    arguments.append(str(output))
    run_ffmpeg(arguments, about=output, stdin_chunks=render_stamped_frames(spec))


def _remux(source: Path, output: Path, spec: ClipSpec) -> None:
    arguments = ["-loglevel", "error"]
    if spec.rotation:
        arguments += ["-display_rotation", str(spec.rotation)]
    if spec.trim_frames:
        # Input seeking with stream copy keeps the GOP's earlier frames and hides them in an edit list.
        arguments += ["-ss", str(float(spec.trim_frames / spec.frame_rate))]
    arguments += ["-i", str(source), "-c", "copy"]
    if spec.kept_fraction < 1:
        arguments += ["-movflags", "+faststart"]
    run_ffmpeg([*arguments, str(output)], about=output)


def _overstate_frame_count(path: Path, extra: int) -> None:
    """Raise the last entry of the video track's sample-time table (``stts``) by ``extra`` samples.

    Demuxers count the header's frames from this table and the samples from ``stsz``; the two then
    disagree, exactly as in broadcast exports that state more frames than they hold.
    """
    data = bytearray(path.read_bytes())
    stts = _find_box(data, ["moov", "trak", "mdia", "minf", "stbl", "stts"], 0, len(data))
    if stts is None:
        raise ValueError(f"{path}: no stts box to over-state")
    entries = struct.unpack(">I", data[stts + 12 : stts + 16])[0]
    last = stts + 16 + 8 * (entries - 1)
    count, delta = struct.unpack(">II", data[last : last + 8])
    data[last : last + 8] = struct.pack(">II", count + extra, delta)
    path.write_bytes(bytes(data))


def _find_box(data: bytearray, names: list[str], start: int, end: int) -> int | None:
    """Offset of the first box along the path ``names`` (the first track's, for ``trak``)."""
    position = start
    while position + 8 <= end:
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        size = size or end - position
        if kind.decode("latin-1") == names[0]:
            if len(names) == 1:
                return position
            return _find_box(data, names[1:], position + 8, position + size)
        position += size
    return None
