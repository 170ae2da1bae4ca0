"""Intra-frame proxies: every frame a JPEG, found by byte offset, so any frame decodes in milliseconds.

A proxy is two files in the cache folder, named by a fingerprint of the source's content (so a
copied or renamed match keeps its proxy): ``<key>.mkv`` (MJPEG, upright, one packet per displayed
frame) and ``<key>.npz`` (the source's frame index and facts plus each proxy packet's offset and
size). The ``.npz`` is written last and atomically: if it exists, the proxy is complete.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import platformdirs

from matchdesk.whole_files import written_whole
from var.media.errors import MediaError
from var.media.ffmpeg_tool import ProgressCallback, run_ffmpeg
from var.media.frames import RGBFrame
from var.media.index import FrameIndex, Int64Array, build_frame_index, open_container
from var.media.info import VideoInfo
from var.media.jpeg_frames import JpegFrames

logger = logging.getLogger(__name__)

CACHE_DIR_VARIABLE = "MATCHDESK_CACHE_DIR"
_FINGERPRINT_SPAN = 1 << 20
# ffmpeg output arguments turning each frame into a JPEG: -q:v 3 (2 best .. 31) is visually lossless on
# broadcast footage. JPEG is BT.601 full range: the source's own matrix and range are converted to it
# explicitly, or HD footage (BT.709, limited range) comes back with shifted colours.
JPEG_FILTER = "scale=out_color_matrix=bt601:out_range=full"
JPEG_ENCODING = ["-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p"]


def default_cache_dir() -> Path:
    """Where proxies live: ``$MATCHDESK_CACHE_DIR`` or the user's cache folder."""
    configured = os.environ.get(CACHE_DIR_VARIABLE)
    if configured:
        return Path(configured)
    return Path(platformdirs.user_cache_dir("matchdesk")) / "proxies"


def content_key(path: Path) -> str:
    """A fingerprint of the file's size, first and last MiB: cheap, and stable across copies."""
    size = path.stat().st_size
    digest = hashlib.blake2b(str(size).encode(), digest_size=16)
    with path.open("rb") as handle:
        digest.update(handle.read(_FINGERPRINT_SPAN))
        if size > _FINGERPRINT_SPAN:
            handle.seek(max(_FINGERPRINT_SPAN, size - _FINGERPRINT_SPAN))
            digest.update(handle.read(_FINGERPRINT_SPAN))
    return digest.hexdigest()


@dataclass(frozen=True)
class ProxyFiles:
    """Where the proxy of one source lives."""

    video: Path
    index: Path

    @classmethod
    def for_source(cls, source: Path, cache_dir: Path | None = None) -> ProxyFiles:
        folder = cache_dir or default_cache_dir()
        key = content_key(source)
        return cls(video=folder / f"{key}.mkv", index=folder / f"{key}.npz")

    def exists(self) -> bool:
        return self.index.is_file() and self.video.is_file()


@dataclass(frozen=True)
class Proxy:
    """A complete proxy: the source's index and facts, and where each frame's JPEG sits."""

    files: ProxyFiles
    index: FrameIndex
    info: VideoInfo
    offsets: Int64Array
    sizes: Int64Array


def build_proxy(
    source: Path,
    cache_dir: Path | None = None,
    on_progress: ProgressCallback | None = None,
    indexed: tuple[FrameIndex, VideoInfo] | None = None,
) -> Proxy:
    """Ingest ``source``: index it, encode the MJPEG proxy with ffmpeg, check it frame for frame.

    Args:
        source: the camera file.
        cache_dir: where proxies live (default: ``default_cache_dir()``).
        on_progress: receives the number of frames encoded so far.
        indexed: the source's index and facts, when the caller has already built them.

    Raises:
        MediaError: the source is unreadable, or ffmpeg produced a different number of frames.
    """
    index, info = indexed or build_frame_index(source)
    files = ProxyFiles.for_source(source, cache_dir)
    files.video.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(files.video) as partial:
        run_ffmpeg(
            [
                "-loglevel",
                "error",
                "-i",
                str(source),
                "-map",
                "0:v:0",
                # One output frame per decoded frame: no frame-rate conversion, ever.
                "-fps_mode",
                "passthrough",
                "-vf",
                JPEG_FILTER,
                *JPEG_ENCODING,
                "-an",
                "-sn",
                "-dn",
                # A cut-off file's last, half-written pictures are not frames of its index.
                *(["-frames:v", str(index.frame_count)] if info.warning else []),
                str(partial),
            ],
            about=source,
            on_progress=on_progress,
        )
        offsets, sizes = _packet_layout(partial)
        if offsets.shape[0] != index.frame_count:
            raise MediaError(
                f"proxy has {offsets.shape[0]} frames but the source shows {index.frame_count}; "
                "the file cannot be proxied exactly",
                source,
            )
    _write_index(files.index, index, info, offsets, sizes)
    logger.info("built proxy of %s (%d frames) at %s", source, index.frame_count, files.video)
    return Proxy(files, index, info, offsets, sizes)


def load_proxy(source: Path, cache_dir: Path | None = None) -> Proxy | None:
    """The proxy of ``source`` if one has been built, else None (a damaged one is ignored)."""
    files = ProxyFiles.for_source(source, cache_dir)
    if not files.exists():
        return None
    try:
        with np.load(files.index, allow_pickle=False) as data:
            facts = json.loads(str(data["info"]))
            index = FrameIndex(
                pts=data["pts"],
                seek_pts=data["seek_pts"],
                seek_dts=data["seek_dts"],
                keyframes=tuple(int(k) for k in data["keyframes"]),
            )
            offsets, sizes = data["offsets"], data["sizes"]
    except (OSError, ValueError, KeyError) as error:
        logger.warning("ignoring damaged proxy index %s: %s", files.index, error)
        return None
    info = _info_from_json(facts, source)
    return Proxy(files, index, info, offsets, sizes)


def _packet_layout(proxy_video: Path) -> tuple[Int64Array, Int64Array]:
    offsets: list[int] = []
    sizes: list[int] = []
    with open_container(proxy_video) as container:
        for packet in container.demux(container.streams.video[0]):
            if packet.size:
                if packet.pos is None:
                    raise MediaError("the proxy does not record where its frames are", proxy_video)
                offsets.append(int(packet.pos))
                sizes.append(int(packet.size))
    return np.array(offsets, dtype=np.int64), np.array(sizes, dtype=np.int64)


def _write_index(
    target: Path, index: FrameIndex, info: VideoInfo, offsets: Int64Array, sizes: Int64Array
) -> None:
    with written_whole(target) as partial, partial.open("wb") as handle:
        np.savez(
            handle,
            pts=index.pts,
            seek_pts=index.seek_pts,
            seek_dts=index.seek_dts,
            keyframes=np.array(index.keyframes, dtype=np.int64),
            offsets=offsets,
            sizes=sizes,
            info=np.array(json.dumps(info.to_json_dict())),
        )


def _info_from_json(facts: dict[str, object], source: Path) -> VideoInfo:
    return VideoInfo(
        path=str(source),
        frame_count=int(str(facts["frame_count"])),
        frame_rate=Fraction(str(facts["frame_rate"])),
        time_base=Fraction(str(facts["time_base"])),
        start_time=Fraction(str(facts["start_time"])),
        duration=Fraction(str(facts["duration"])),
        width=int(str(facts["width"])),
        height=int(str(facts["height"])),
        rotation=int(str(facts["rotation"])),
        codec=str(facts["codec"]),
        variable_frame_rate=bool(facts["variable_frame_rate"]),
        keyframes=tuple(int(k) for k in facts["keyframes"]),  # type: ignore[attr-defined]
        gaps=tuple((int(a), int(b)) for a, b in facts.get("gaps", [])),  # type: ignore[attr-defined]
        warning=str(facts.get("warning", "")),
    )


class ProxyDecoder:
    """Decodes proxy frame ``i`` by reading its JPEG at a known offset. One per thread."""

    def __init__(self, proxy: Proxy) -> None:
        self._proxy = proxy
        self._jpegs = JpegFrames(proxy.files.video)

    def close(self) -> None:
        self._jpegs.close()

    def decode(self, frame: int) -> RGBFrame:
        return self._jpegs.read(int(self._proxy.offsets[frame]), int(self._proxy.sizes[frame]), frame)
