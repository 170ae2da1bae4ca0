"""The frame index: which timestamp is display frame ``i``, and where decoding must start for it.

Built by demuxing packets only (no decoding), so it takes a fraction of a second per minute of
video. Packets the container marks as discarded (pre-roll hidden by an MP4 edit list) are not
frames a viewer sees and are left out; the rest, sorted by presentation time, are the frames.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from var.media.errors import MediaError
from var.media.frame_rate import duration_of, frame_rate_of
from var.media.info import VideoInfo

logger = logging.getLogger(__name__)

Int64Array = npt.NDArray[np.int64]

TS_PACKET_BYTES = 188
RECORDED_VIDEO = "video.ts"  # an angle of a live recording (var.capture) is a folder holding this
_NO_COMPLETE_FRAME = "the file stops before its first complete frame (a copy cut off?)"


@dataclass(frozen=True)
class FrameIndex:
    """Display-order timestamps of one video stream and the keyframe each frame decodes from.

    Attributes:
        pts: presentation timestamp of display frame ``i`` (time-base units), ascending.
        seek_pts: for frame ``i``, the timestamp of the keyframe to seek to before decoding it.
        seek_dts: the same keyframe's decode timestamp (what MP4 seeking compares against).
        keyframes: display indices of keyframes.
    """

    pts: Int64Array
    seek_pts: Int64Array
    seek_dts: Int64Array
    keyframes: tuple[int, ...]

    @property
    def frame_count(self) -> int:
        return int(self.pts.shape[0])

    def frame_of_pts(self, pts: int) -> int | None:
        """The display index of the frame stamped ``pts``, or None when no frame has it."""
        position = int(np.searchsorted(self.pts, pts))
        if position < self.frame_count and int(self.pts[position]) == pts:
            return position
        return None

    def frame_at_time(self, seconds: Fraction, time_base: Fraction) -> int:
        """The frame on screen ``seconds`` after the first frame started (clamped to the clip)."""
        target = int(self.pts[0]) + int((seconds / time_base) // 1)
        position = bisect_right(self.pts.tolist(), target) - 1
        return min(max(position, 0), self.frame_count - 1)


@dataclass(frozen=True)
class Packet:
    """One video packet: its timestamps, whether it is a keyframe, and where it starts in the file."""

    pts: int
    dts: int
    keyframe: bool
    position: int | None = None  # byte offset, when the demuxer knows it


@dataclass(frozen=True)
class StreamFacts:
    """What the frame index does not tell about a video stream, read once from its header and first
    frame."""

    time_base: Fraction
    rotation: int
    stored_width: int
    stored_height: int
    codec: str
    stated_rates: tuple[Fraction, ...]
    stated_seconds: Fraction | None


def build_frame_index(path: Path) -> tuple[FrameIndex, VideoInfo]:
    """Demux ``path`` and return its frame index and facts.

    Raises:
        MediaError: the file is missing, not a video, has no video stream, or is truncated.
    """
    path = video_file(path)
    packets, facts = demux_whole(path)
    return index_and_info(path, packets, facts)


def demux_whole(path: Path) -> tuple[Demuxed, StreamFacts]:
    """Every packet of ``path``'s video stream, and the stream's facts.

    Raises:
        MediaError: the file is missing, not a video, has no video stream, or is truncated.
    """
    with open_container(path) as container:
        stream = container.streams.video[0]
        time_base = stream.time_base
        if time_base is None:
            raise MediaError("the video stream has no time base", path)
        packets = read_packets(container, stream, path, path.stat().st_size)
        if packets.cut_short and packets.shown:
            packets = without_undecodable_tail(container, stream, packets)
        # The header's frame count is a hint, never a verdict: files in the wild over-state it (an
        # stts table longer than the samples present) and play perfectly. What counts is the packets.
        if stream.frames and stream.frames != len(packets.all_packets):
            logger.debug(
                "%s: the header states %d frames, the packets hold %d",
                path,
                stream.frames,
                len(packets.all_packets),
            )
        rotation, stored_width, stored_height = _first_frame_geometry(
            container, stream, path, packets.cut_short
        )
        facts = StreamFacts(
            time_base=Fraction(time_base),
            rotation=rotation,
            stored_width=stored_width,
            stored_height=stored_height,
            codec=stream.codec_context.name,
            stated_rates=tuple(Fraction(r) for r in (stream.guessed_rate, stream.average_rate) if r),
            stated_seconds=_stated_seconds(container, stream),
        )
    return packets, facts


def index_and_info(path: Path, packets: Demuxed, facts: StreamFacts) -> tuple[FrameIndex, VideoInfo]:
    """The frame index and facts of ``path`` from its demuxed packets.

    Raises:
        MediaError: no frame can be shown.
    """
    shown = packets.shown
    if not shown:
        if packets.cut_short:
            raise MediaError(_NO_COMPLETE_FRAME, path)
        raise MediaError("the video stream has no frames", path)
    index = _index_from_packets(packets.all_packets, shown)
    tb = facts.time_base
    frame_rate, variable, gaps = frame_rate_of(index.pts, tb, list(facts.stated_rates))
    width, height = _upright(facts.rotation, facts.stored_width, facts.stored_height)
    duration = (
        duration_of(index.pts, tb, frame_rate)
        if variable or gaps
        else Fraction(index.frame_count) / frame_rate
    )
    # A recording still being written ends mid-frame all the time: that is no damage.
    growing = path.name == RECORDED_VIDEO
    warning = (
        "" if growing else _ends_early_warning(packets, index.frame_count, duration, facts.stated_seconds)
    )
    if warning:
        logger.warning("%s: %s", path, warning)
    info = VideoInfo(
        path=str(path),
        frame_count=index.frame_count,
        frame_rate=frame_rate,
        time_base=tb,
        start_time=int(index.pts[0]) * tb,
        duration=duration,
        gaps=gaps,
        width=width,
        height=height,
        rotation=facts.rotation,
        codec=facts.codec,
        variable_frame_rate=variable,
        keyframes=index.keyframes,
        warning=warning,
    )
    logger.debug("indexed %s: %d frames at %s fps", path, info.frame_count, frame_rate)
    return index, info


def picture_size(path: Path) -> tuple[int, int]:
    """The displayed (width, height) of ``path``'s video, upright, from its first frame alone: not the
    whole file's packets, which a frame index reads.

    Raises:
        MediaError: the file is missing, not a video, or its first frame cannot be decoded.
    """
    with open_container(path) as container:
        rotation, width, height = _first_frame_geometry(container, container.streams.video[0], path, False)
    return _upright(rotation, width, height)


def _upright(rotation: int, width: int, height: int) -> tuple[int, int]:
    """(width, height) of a picture stored ``width`` x ``height`` and turned ``rotation`` degrees."""
    return (height, width) if rotation in (90, 270) else (width, height)


def video_file(path: Path) -> Path:
    """The file to read for ``path``: itself, or the growing file of a recording's angle folder."""
    if path.is_dir() and (path / RECORDED_VIDEO).is_file():
        return path / RECORDED_VIDEO
    return path


def open_container(path: Path) -> av.container.InputContainer:
    """Open ``path`` for reading its video, turning every failure into a one-line MediaError."""
    if not path.exists():
        raise MediaError("file not found", path)
    path = video_file(path)
    if path.is_dir():
        raise MediaError("is a folder, not a video file (nor an angle of a recording)", path)
    if path.name == RECORDED_VIDEO and path.stat().st_size == 0:
        raise MediaError("nothing recorded yet for this angle (its camera has not sent a frame)", path)
    try:
        container = av.open(str(path), mode="r")
    except av.error.InvalidDataError as error:
        raise MediaError(
            "not a readable video file (damaged, truncated, or not a video at all)", path
        ) from error
    except (av.error.FFmpegError, OSError) as error:
        raise MediaError(f"cannot open: {error}", path) from error
    if not container.streams.video:
        container.close()
        raise MediaError("has no video stream", path)
    return container


def decode_whole_packets(
    container: av.container.InputContainer, stream: av.VideoStream
) -> Iterator[av.VideoFrame]:
    """Decode ``stream`` from where the container stands, passing over a picture only partly in the
    file (the last one of a copy cut off mid-write), which the frame index leaves out too.

    A packet the demuxer flags as damaged is still tried when more of the file follows it: a
    recording's reconnection flags the last packet before it although that packet is whole.
    """
    size = container.size
    for packet in container.demux(stream):
        if packet.is_corrupt and packet.pos is not None and packet.size and packet.pos + packet.size >= size:
            continue
        try:
            yield from packet.decode()
        except av.error.InvalidDataError:
            if not packet.is_corrupt:
                raise


@dataclass
class Demuxed:
    """A video stream's packets in decode order, and which of them are frames a viewer sees."""

    all_packets: list[Packet]
    shown: list[int]  # positions in all_packets of frames a viewer sees
    cut_short: bool  # the data stopped before the container's own index did (a cut-off copy)


def read_packets(
    container: av.container.InputContainer,
    stream: av.VideoStream,
    path: Path,
    size: int,
    offset: int = 0,
) -> Demuxed:
    """The packets ``container`` holds, whole ones only at its end. ``size``: the bytes the
    container reads; ``offset``: where in the file they start (packets' positions are the file's).
    """
    all_packets: list[Packet] = []
    shown: list[int] = []
    # MPEG-TS has no index of its own: a file that stops inside a 188-byte packet was cut off.
    cut_short = container.format.name == "mpegts" and size % TS_PACKET_BYTES != 0
    # Packets flagged damaged wait here: followed by whole ones they are mid-file (a recording's
    # reconnection flags the packet before it), left at the end they are a cut-off copy's last one.
    flagged: list[tuple[Packet, bool]] = []
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue  # the flush packet at the end of the stream
            pts = packet.pts if packet.pts is not None else packet.dts
            if pts is None:
                raise MediaError("a video packet carries no timestamp; remux the file first", path)
            dts = packet.dts if packet.dts is not None else pts
            position = None if packet.pos is None else offset + packet.pos
            entry = (Packet(int(pts), int(dts), bool(packet.is_keyframe), position), not packet.is_discard)
            if packet.is_corrupt or (packet.pos is not None and packet.pos + packet.size > size):
                flagged.append(entry)
                continue
            for packet_entry, is_shown in [*flagged, entry]:
                if is_shown:
                    shown.append(len(all_packets))
                all_packets.append(packet_entry)
            flagged.clear()
    except av.error.FFmpegError as error:
        if not shown:
            raise MediaError(
                f"damaged before its first frame ({error.strerror or error}); the file may be truncated", path
            ) from error
        logger.debug("%s: demuxing stopped after %d frames: %s", path, len(shown), error)
        cut_short = True
    # Only part of a trailing flagged picture's data is in the file: no frame anyone can be shown.
    return Demuxed(all_packets, shown, cut_short or bool(flagged))


def without_undecodable_tail(
    container: av.container.InputContainer, stream: av.VideoStream, packets: Demuxed
) -> Demuxed:
    """A cut-off file's frames up to the last one that decodes whole, with none missing before it.

    The cut leaves the last picture half-written (TS marks nothing), and B-frames shown before a
    surviving P-frame may be gone: decode the last GOP and keep the frames up to the first gap.
    """
    last_keyframe = max((n for n, p in enumerate(packets.all_packets) if p.keyframe), default=0)
    tail = packets.all_packets[last_keyframe]
    whole: set[int] = set()
    container.seek(min(tail.pts, tail.dts), stream=stream, backward=True)
    try:
        for picture in decode_whole_packets(container, stream):
            if picture.pts is not None and not picture.is_corrupt:
                whole.add(int(picture.pts))
    except av.error.FFmpegError as error:
        logger.debug("decoding the tail stopped: %s", error)
    shown_pts = sorted(packets.all_packets[n].pts for n in packets.shown)
    spacing = int(np.median(np.diff(shown_pts))) if len(shown_pts) > 1 else 0
    keep_below: float = float("inf")
    previous = None
    for pts in shown_pts:
        if pts < tail.pts:
            previous = pts
            continue
        if pts not in whole or (previous is not None and spacing and pts - previous > spacing * 3 // 2):
            keep_below = pts
            break
        previous = pts
    kept = [n for n in packets.shown if packets.all_packets[n].pts < keep_below]
    return Demuxed(packets.all_packets, kept, cut_short=True)


def _stated_seconds(container: av.container.InputContainer, stream: av.VideoStream) -> Fraction | None:
    """How long the header says the video lasts, if it has a header that says (MPEG-TS has none)."""
    if container.format.name == "mpegts":
        return None
    if stream.duration and stream.time_base:
        return stream.duration * Fraction(stream.time_base)
    if container.duration:
        return Fraction(container.duration, av.time_base)
    return None


def _ends_early_warning(
    packets: Demuxed, frame_count: int, duration: Fraction, stated_seconds: Fraction | None
) -> str:
    """A warning when the file stops before its end (a copy or download cut off), else ``""``.

    Only a file whose picture data runs out before the container's own index does is cut off; a
    header that merely over-states the frame count, with every packet whole, is a complete file.
    """
    if not packets.cut_short:
        return ""
    shown = f"{frame_count} frame{'s' if frame_count != 1 else ''} ({float(duration):.2f} s) can be shown"
    if stated_seconds is not None and stated_seconds > duration:
        missing = stated_seconds - duration
        return f"the file ends early: {shown}, about {float(missing):.1f} s after them is missing"
    return f"the file ends early: {shown}, the rest of the recording is missing"


def _first_frame_geometry(
    container: av.container.InputContainer, stream: av.VideoStream, path: Path, cut_short: bool
) -> tuple[int, int, int]:
    """Rotation (clockwise degrees to stand upright) and stored size, read from the first frame."""
    container.seek(0, stream=stream, backward=True)
    try:
        for frame in decode_whole_packets(container, stream):
            # PyAV reports the display matrix angle counter-clockwise; upright needs the opposite turn.
            return (-int(frame.rotation)) % 360, frame.width, frame.height
    except av.error.FFmpegError as error:
        raise MediaError(f"the first frame cannot be decoded ({error.strerror or error})", path) from error
    if cut_short:
        raise MediaError(_NO_COMPLETE_FRAME, path)
    raise MediaError("no frame of the video stream can be decoded", path)


def _index_from_packets(packets: list[Packet], shown: list[int]) -> FrameIndex:
    # A frame decodes from the last keyframe that precedes it in decode order and is not after it
    # on screen (a leading B-frame of an open GOP needs the keyframe before).
    keyframe_positions = [n for n, p in enumerate(packets) if p.keyframe] or [0]
    seek_of_packet: dict[int, int] = {}
    k = 0
    for n in range(len(packets)):
        while k + 1 < len(keyframe_positions) and keyframe_positions[k + 1] <= n:
            k += 1
        j = k
        while j > 0 and packets[keyframe_positions[j]].pts > packets[n].pts:
            j -= 1
        seek_of_packet[n] = keyframe_positions[j]

    order = sorted(shown, key=lambda n: packets[n].pts)
    pts = np.array([packets[n].pts for n in order], dtype=np.int64)
    seek_pts = np.array([packets[seek_of_packet[n]].pts for n in order], dtype=np.int64)
    seek_dts = np.array([packets[seek_of_packet[n]].dts for n in order], dtype=np.int64)
    keyframes = tuple(i for i, n in enumerate(order) if packets[n].keyframe)
    return FrameIndex(pts=pts, seek_pts=seek_pts, seek_dts=seek_dts, keyframes=keyframes)
