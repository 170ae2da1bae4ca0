"""Running the ffmpeg binary that imageio-ffmpeg ships, with progress and one-line errors."""

from __future__ import annotations

import logging
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from functools import cache
from pathlib import Path

import imageio_ffmpeg

from var.media.errors import MediaError

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int], None]
"""Called with the number of frames ffmpeg has written so far."""


@cache
def ffmpeg_executable() -> str:
    """Path of the ffmpeg binary (from imageio-ffmpeg, so no system ffmpeg is needed)."""
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def raw_rgb_input(width: int, height: int, frame_rate: Fraction) -> list[str]:
    """ffmpeg arguments reading raw RGB24 frames of this size and rate from standard input."""
    rate = f"{frame_rate.numerator}/{frame_rate.denominator}"
    return ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", rate, "-i", "pipe:0"]


def run_ffmpeg(
    arguments: Sequence[str],
    *,
    about: Path,
    on_progress: ProgressCallback | None = None,
    stdin_chunks: Iterable[bytes] | None = None,
) -> None:
    """Run ffmpeg with ``arguments`` (everything after the program name).

    Args:
        arguments: ffmpeg's arguments; ``-progress pipe:1`` is added when ``on_progress`` is given.
        about: the file named in the error message if ffmpeg fails.
        on_progress: receives the frame count as ffmpeg reports it.
        stdin_chunks: data streamed to ffmpeg's standard input (for ``-i pipe:0``).

    Raises:
        MediaError: ffmpeg exited with an error; its last message line is quoted.
    """
    command = [ffmpeg_executable(), "-hide_banner", "-y"]
    if stdin_chunks is None:
        command.append("-nostdin")
    if on_progress is not None:
        command += ["-progress", "pipe:1", "-nostats"]
    command += list(arguments)
    logger.debug("running %s", " ".join(command))
    with tempfile.TemporaryFile() as stderr_file:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin_chunks is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE if on_progress is not None else subprocess.DEVNULL,
            stderr=stderr_file,
        )
        try:
            if stdin_chunks is not None:
                _feed(process, stdin_chunks)
            if on_progress is not None:
                assert process.stdout is not None
                for raw_line in process.stdout:
                    line = raw_line.decode("utf-8", "replace").strip()
                    if line.startswith("frame="):
                        on_progress(int(line.split("=", 1)[1] or 0))
            process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stderr_file.seek(0)
        stderr = stderr_file.read()
    if process.returncode != 0:
        message = stderr.decode("utf-8", "replace").strip().splitlines()
        raise MediaError(f"ffmpeg failed: {message[-1] if message else 'no message'}", about)


def _feed(process: subprocess.Popen[bytes], chunks: Iterable[bytes]) -> None:
    assert process.stdin is not None
    try:
        for chunk in chunks:
            process.stdin.write(chunk)
    except BrokenPipeError:
        pass  # ffmpeg stopped reading; its exit code and message tell why
    finally:
        process.stdin.close()


def encode_rgb_frames(
    target: Path, frames: Iterable[bytes], width: int, height: int, frame_rate: Fraction, crf: int = 18
) -> None:
    """Encode raw RGB24 frames as a widely playable H.264 MP4 (odd sizes padded to even)."""
    run_ffmpeg(
        [
            "-loglevel",
            "error",
            *raw_rgb_input(width, height, frame_rate),
            "-vf",
            "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            str(crf),
            "-pix_fmt",
            "yuv420p",
            "-movflags",
            "+faststart",
            str(target),
        ],
        about=target,
        stdin_chunks=frames,
    )


def encode_rgb_with_sound(
    target: Path,
    frames: Iterable[bytes],
    size: tuple[int, int],
    frame_rate: Fraction,
    wav: bytes,
    video_options: Sequence[str],
    audio_options: Sequence[str],
) -> None:
    """Encode raw RGB24 frames of ``size`` (width, height) with a WAV soundtrack as an H.264 + AAC MP4.
    ``video_options`` follow ``-c:v libx264`` (preset, quality, GOP...), ``audio_options`` follow
    ``-c:a aac`` (bitrate, metadata...)."""
    with tempfile.TemporaryDirectory() as scratch:
        sound = Path(scratch) / "sound.wav"
        sound.write_bytes(wav)
        run_ffmpeg(
            [
                "-loglevel",
                "error",
                *raw_rgb_input(size[0], size[1], frame_rate),
                "-i",
                str(sound),
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-c:v",
                "libx264",
                *video_options,
                "-c:a",
                "aac",
                *audio_options,
                "-movflags",
                "+faststart",
                str(target),
            ],
            about=target,
            stdin_chunks=frames,
        )
