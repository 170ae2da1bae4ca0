"""The strips along the finish line, read from every frame of a video, and each frame's own time.

Only the strips are kept, never the frames: a band of ``2 * half_band + 1`` pixels across the line
(grey, for finding motion) and the line itself (colour, for the composite). The pictures are sampled
in their own YUV planes, so no frame is ever converted to RGB whole. Each frame's time is its own
timestamp (a phone's variable frame rate is not a nominal one).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from var.media.index import open_container
from var.photofinish.line import FinishLine

logger = logging.getLogger(__name__)

HALF_BAND = 32  # pixels either side of the line: more than a sprinter moves between two frames
CELLS = 8  # the picture's brightness is kept in 8 x 8 cells per frame (for a starter's flash)


@dataclass
class Strips:
    """What a video shows along its finish line."""

    times: list[Fraction]  # each frame's time, seconds from the video's start
    band: npt.NDArray[np.uint8]  # (frames, samples along the line, 2 * HALF_BAND + 1, 3): Y, U, V
    line_rgb: npt.NDArray[np.uint8]  # (frames, samples along the line, 3)
    width: int
    height: int
    nominal_rate: Fraction | None  # the container's stated rate, if any
    cells: npt.NDArray[np.float32]  # (frames, 8, 8): the mean brightness of each eighth of the picture

    @property
    def seconds(self) -> npt.NDArray[np.float64]:
        return np.array([float(t) for t in self.times])

    @property
    def frame_interval(self) -> float:
        """The typical time between frames (the median: a variable rate has no single one)."""
        return float(np.median(np.diff(self.seconds))) if len(self.times) > 1 else 0.0


def read_strips(path: Path, line: FinishLine, half_band: int = HALF_BAND) -> Strips:
    """Decode ``path`` once and keep only the strips along ``line``.

    Raises:
        MatchdeskError: not a video, or the line outside its picture.
    """
    with open_container(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        width, height = stream.codec_context.width, stream.codec_context.height
        line.check_inside(width, height, str(path))
        xs, ys = line.grid(half_band)
        chroma_xs, chroma_ys = xs / 2, ys / 2 - 0.25  # 4:2:0 chroma: beside even columns, between rows
        time_base = stream.time_base or Fraction(1, 90_000)
        times: list[Fraction] = []
        bands: list[npt.NDArray[np.uint8]] = []
        colours: list[npt.NDArray[np.uint8]] = []
        cells: list[npt.NDArray[np.float32]] = []
        try:
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                planes = frame.to_ndarray(format="yuv420p")
                luma = planes[:height]
                chroma_height = height // 2
                u = planes[height : height + chroma_height // 2].reshape(chroma_height, width // 2)
                v = planes[height + chroma_height // 2 : height + chroma_height].reshape(
                    chroma_height, width // 2
                )
                # A runner's shirt may be as bright as the track and differ only in colour: U and V too.
                yuv = np.dstack(
                    [
                        cv2.remap(luma, xs, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
                        cv2.remap(u, chroma_xs, chroma_ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
                        cv2.remap(v, chroma_xs, chroma_ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE),
                    ]
                )
                bands.append(np.asarray(yuv, dtype=np.uint8))
                on_line = np.ascontiguousarray(yuv[:, half_band : half_band + 1])
                colours.append(
                    np.asarray(cv2.cvtColor(on_line, cv2.COLOR_YUV2RGB), dtype=np.uint8).reshape(-1, 3)
                )
                cells.append(
                    cv2.resize(luma, (CELLS, CELLS), interpolation=cv2.INTER_AREA).astype(np.float32)
                )
                times.append(Fraction(frame.pts) * Fraction(time_base))
        except av.error.FFmpegError as error:
            if not times:
                raise MatchdeskError(f"cannot be decoded ({error})", path) from error
            logger.warning("%s: decoding stopped after %d frames (%s)", path, len(times), error)
        rate = Fraction(stream.average_rate) if stream.average_rate else None
    if len(times) < 2:
        raise MatchdeskError("has fewer than two frames", path)
    order = np.argsort(np.array([float(t) for t in times]), kind="stable")  # presentation order
    return Strips(
        times=[times[i] for i in order],
        band=np.stack(bands)[order],
        line_rgb=np.stack(colours)[order],
        width=width,
        height=height,
        nominal_rate=rate,
        cells=np.stack(cells)[order],
    )
