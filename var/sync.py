"""Finding each angle's sync offset from what the cameras heard (or, for silent files, saw).

The offset of an angle is the reference frame that shows the same moment as the angle's frame 0,
counted in the reference's frames. Audio first: the whistle, ball strikes and the crowd reach
every camera's microphone at the same moment (to within the sound's travel time). Coarse
alignment compares event envelopes (robust to different microphones and gains), then the
waveforms refine it to a fraction of a millisecond. Silent files fall back to the correlation of
motion energy (how much the picture changes from frame to frame). When neither gives a clear,
strong peak, the angle is reported as not synced rather than guessed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import numpy.typing as npt

from var.media.index import build_frame_index, decode_whole_packets, open_container
from var.media.info import VideoInfo

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]

AUDIO_RATE = 16_000
ENVELOPE_HOP = 80  # samples: 5 ms
MOTION_SIZE = (160, 90)
MIN_OVERLAP_SECONDS = 2.0
# A peak is trusted when it is strong and clearly above every other candidate lag.
MIN_AUDIO_CORRELATION = 0.25
MIN_MOTION_CORRELATION = 0.6
MIN_PEAK_RATIO = 1.25
MOTION_PEAK_RATIO = 1.15  # the consensus of many cell pairs is smoother, so its rivals sit closer
PEAK_EXCLUSION_SECONDS = 0.5


@dataclass(frozen=True)
class AngleOffset:
    """How one angle lines up with the reference."""

    path: Path
    offset_frames: int | None
    offset_seconds: float | None
    method: str  # "audio", "motion", "manual", or "none" when no reliable offset exists
    confidence: float
    problem: str | None = None

    def to_json_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": str(self.path),
            "offset_frames": self.offset_frames,
            "offset_seconds": self.offset_seconds,
            "method": self.method,
            "confidence": round(self.confidence, 4),
        }
        if self.problem:
            data["problem"] = self.problem
        return data


@dataclass(frozen=True)
class _Track:
    """A signal sampled at ``rate`` whose sample 0 sits ``start`` seconds into its file's video."""

    samples: FloatArray
    rate: float
    start: float


def sync_angles(paths: Sequence[Path]) -> list[AngleOffset]:
    """Offsets of every angle relative to ``paths[0]`` (the reference, offset 0)."""
    infos = [build_frame_index(path)[1] for path in paths]
    reference, reference_info = paths[0], infos[0]
    results = [AngleOffset(reference, 0, 0.0, "manual", 1.0)]
    reference_audio = _load_audio(reference, reference_info)
    reference_motion: _Track | None = None
    for path, info in zip(paths[1:], infos[1:], strict=True):
        found: tuple[float, float, str] | None = None
        problems = []
        audio = _load_audio(path, info)
        if reference_audio is not None and audio is not None:
            found = _align_audio(reference_audio, audio)
            if found is None:
                problems.append("the sound tracks share no clear event")
        else:
            problems.append("no sound to compare")
        if found is None:
            if reference_motion is None:
                reference_motion = _motion_energy(reference, reference_info)
            found = _align_motion(reference_motion, _motion_energy(path, info))
            if found is None:
                problems.append("the pictures share no clear motion")
        if found is None:
            results.append(
                AngleOffset(path, None, None, "none", 0.0, "no reliable offset: " + "; ".join(problems))
            )
            continue
        seconds, confidence, method = found
        frames = round(seconds * float(reference_info.frame_rate))
        results.append(AngleOffset(path, frames, round(seconds, 6), method, confidence))
        logger.info(
            "%s: offset %d frames (%.4f s) by %s, confidence %.2f", path, frames, seconds, method, confidence
        )
    return results


# --- audio -----------------------------------------------------------------------------------------


def _load_audio(path: Path, info: VideoInfo) -> _Track | None:
    """The first audio stream as mono 16 kHz, placed on the video's clock; None when there is none."""
    with open_container(path) as container:
        if not container.streams.audio:
            return None
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=AUDIO_RATE)
        chunks: list[FloatArray] = []
        first_time: float | None = None
        try:
            for frame in container.decode(stream):
                if first_time is None and frame.pts is not None and frame.time_base is not None:
                    first_time = float(frame.pts * frame.time_base)
                for converted in resampler.resample(frame):
                    chunks.append(converted.to_ndarray()[0].astype(np.float64))
            for converted in resampler.resample(None):
                chunks.append(converted.to_ndarray()[0].astype(np.float64))
        except av.error.FFmpegError as error:
            logger.warning("%s: sound unreadable (%s); syncing by picture", path, error)
            return None
    if not chunks:
        return None
    samples = np.concatenate(chunks)
    if float(np.abs(samples).max()) < 1e-4:
        return None  # a silent track carries nothing to align
    return _Track(samples, AUDIO_RATE, (first_time or 0.0) - float(info.start_time))


def _envelope(track: _Track) -> _Track:
    """Loudness every 5 ms, with the slow swell removed so that events stand out."""
    usable = len(track.samples) // ENVELOPE_HOP * ENVELOPE_HOP
    energy = (track.samples[:usable].reshape(-1, ENVELOPE_HOP) ** 2).mean(axis=1)
    loudness = np.log(energy + 1e-8)
    window = max(1, int(track.rate / ENVELOPE_HOP))  # one second
    trend = np.convolve(
        np.pad(loudness, window, mode="edge"), np.ones(2 * window + 1) / (2 * window + 1), "valid"
    )
    onsets = np.clip(np.diff(loudness - trend, prepend=loudness[0] - trend[0]), 0, None)
    return _Track(onsets, track.rate / ENVELOPE_HOP, track.start)


def _align_audio(reference: _Track, other: _Track) -> tuple[float, float, str] | None:
    coarse = _best_lag(_envelope(reference), _envelope(other), MIN_AUDIO_CORRELATION)
    if coarse is None:
        return None
    seconds, confidence = coarse
    refined = _refine_on_waveform(reference, other, seconds)
    return (refined if refined is not None else seconds), confidence, "audio"


def _refine_on_waveform(reference: _Track, other: _Track, seconds: float) -> float | None:
    """Sharpen a coarse offset on the raw waveforms, searching 10 ms either side."""
    search = int(0.010 * AUDIO_RATE)
    lag = round((seconds + other.start - reference.start) * AUDIO_RATE)
    lags, correlation = normalized_cross_correlation(reference.samples, other.samples, int(AUDIO_RATE * 1.0))
    window = (lags >= lag - search) & (lags <= lag + search)
    if not window.any():
        return None
    best = int(np.argmax(np.where(window, correlation, -np.inf)))
    if correlation[best] < 0.2:
        return None  # different microphones: the envelope's answer stands
    return float(lags[best]) / AUDIO_RATE - other.start + reference.start


# --- motion ----------------------------------------------------------------------------------------


def _motion_energy(path: Path, info: VideoInfo) -> _Track:
    """Per frame, how much each of 12 picture cells changes: a (frames - 1, 12) signal.

    The top and bottom eighths are left out: score bugs, clocks and captions change there in step
    with each camera's own frame count and would align anything with anything.
    """
    width, height = MOTION_SIZE
    band = height // 8
    rows, columns = 3, 4
    with open_container(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        previous: npt.NDArray[np.float32] | None = None
        cells: list[FloatArray] = []
        for picture in decode_whole_packets(container, stream):
            grey = cv2.resize(picture.to_ndarray(format="gray"), MOTION_SIZE, interpolation=cv2.INTER_AREA)
            middle = grey[band : height - band].astype(np.float32)
            if previous is not None:
                change = np.abs(middle - previous)
                cell_h, cell_w = middle.shape[0] // rows, width // columns
                trimmed = change[: rows * cell_h, : columns * cell_w]
                cells.append(trimmed.reshape(rows, cell_h, columns, cell_w).mean(axis=(1, 3)).ravel())
            previous = middle
    return _Track(np.array(cells, dtype=np.float64), float(info.frame_rate), 0.0)


def _align_motion(reference: _Track, other: _Track) -> tuple[float, float, str] | None:
    """Where the cells of both angles agree: the mean of the best tenth of all cell-pair correlations."""
    if len(reference.samples) < 8 or len(other.samples) < 8:
        return None
    if other.rate != reference.rate:
        # Put the other angle's motion on the reference's frame clock.
        own = np.arange(len(other.samples)) / other.rate
        times = np.arange(int(own[-1] * reference.rate) + 1) / reference.rate
        other = _Track(
            np.column_stack([np.interp(times, own, column) for column in other.samples.T]),
            reference.rate,
            0.0,
        )
    min_overlap = max(
        int(MIN_OVERLAP_SECONDS * reference.rate), min(len(reference.samples), len(other.samples)) // 2
    )
    curves = []
    lags: npt.NDArray[np.int64] | None = None
    for mine in reference.samples.T:
        for theirs in other.samples.T:
            if mine.std() < 1e-3 or theirs.std() < 1e-3:
                continue  # a cell where nothing moves says nothing
            lags, correlation = normalized_cross_correlation(mine, theirs, min_overlap)
            curves.append(correlation)
    if lags is None:
        return None
    stacked = np.sort(np.array(curves), axis=0)
    consensus = stacked[-max(1, len(curves) // 10) :].mean(axis=0)
    best = _clear_peak(lags, consensus, reference.rate, MIN_MOTION_CORRELATION, MOTION_PEAK_RATIO)
    if best is None:
        return None
    lag, peak = best
    # The motion signal starts at the change into frame 1, equally in both angles.
    return lag / reference.rate, peak, "motion"


# --- correlation -----------------------------------------------------------------------------------


def _best_lag(reference: _Track, other: _Track, minimum: float) -> tuple[float, float] | None:
    """The offset in seconds with the strongest, unambiguous correlation, and that correlation."""
    min_overlap = max(8, int(MIN_OVERLAP_SECONDS * reference.rate))
    if min(len(reference.samples), len(other.samples)) < min_overlap:
        return None
    lags, correlation = normalized_cross_correlation(reference.samples, other.samples, min_overlap)
    best = _clear_peak(lags, correlation, reference.rate, minimum, MIN_PEAK_RATIO)
    if best is None:
        return None
    lag, peak = best
    return lag / reference.rate - other.start + reference.start, peak


def _clear_peak(
    lags: npt.NDArray[np.int64], correlation: FloatArray, rate: float, minimum: float, ratio_needed: float
) -> tuple[int, float] | None:
    """The lag of the highest correlation, if it is at least ``minimum`` and beats every rival clearly."""
    best = int(np.argmax(correlation))
    peak = float(correlation[best])
    rivals = np.abs(lags - lags[best]) > max(1, int(PEAK_EXCLUSION_SECONDS * rate))
    runner_up = float(correlation[rivals].max()) if rivals.any() else 0.0
    logger.debug("correlation peak %.3f at lag %d, runner-up %.3f", peak, lags[best], runner_up)
    if peak < minimum or (runner_up > 0 and peak / runner_up < ratio_needed):
        return None
    return int(lags[best]), peak


def normalized_cross_correlation(
    reference: FloatArray, other: FloatArray, min_overlap: int
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Pearson correlation of ``reference[i + lag]`` with ``other[i]`` for every lag, over the overlap only.

    Lags whose overlap is shorter than ``min_overlap`` get -1, so a short overlap cannot fake a peak.
    """
    x, y = np.asarray(reference, dtype=np.float64), np.asarray(other, dtype=np.float64)
    nx, ny = len(x), len(y)
    size = 1 << int(np.ceil(np.log2(nx + ny)))
    products = np.fft.irfft(np.fft.rfft(x, size) * np.conj(np.fft.rfft(y, size)), size)
    lags = np.arange(-(ny - 1), nx, dtype=np.int64)
    sum_xy = np.concatenate([products[size - (ny - 1) :], products[:nx]])
    cx = np.concatenate([[0.0], np.cumsum(x)])
    cx2 = np.concatenate([[0.0], np.cumsum(x * x)])
    cy = np.concatenate([[0.0], np.cumsum(y)])
    cy2 = np.concatenate([[0.0], np.cumsum(y * y)])
    x_start, x_end = np.maximum(0, lags), np.minimum(nx, ny + lags)
    y_start, y_end = np.maximum(0, -lags), np.minimum(ny, nx - lags)
    count = (x_end - x_start).astype(np.float64)
    sx, sx2 = cx[x_end] - cx[x_start], cx2[x_end] - cx2[x_start]
    sy, sy2 = cy[y_end] - cy[y_start], cy2[y_end] - cy2[y_start]
    numerator = count * sum_xy - sx * sy
    denominator = np.sqrt(np.clip(count * sx2 - sx * sx, 0, None) * np.clip(count * sy2 - sy * sy, 0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        correlation = np.where(denominator > 1e-12, numerator / denominator, 0.0)
    correlation[count < min_overlap] = -1.0
    return lags, correlation


def offset_in_reference_frames(seconds: Fraction, reference_rate: Fraction) -> int:
    """A time offset in the reference's frames (rounded to the nearest frame)."""
    return int((seconds * reference_rate + Fraction(1, 2)) // 1)
