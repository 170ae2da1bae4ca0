"""The capture's child processes (ffmpeg): how they start, and what they say."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from typing import BinaryIO

from var.media.ffmpeg_tool import ffmpeg_executable

_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1
LOWEST_PRIORITY = 19


def die_with_parent() -> None:
    """In the ffmpeg child, before it starts: be killed when the recorder dies, even by ``kill -9``.

    (Without it ffmpeg would still end at its next write to the closed pipe, but a silent camera
    could keep it waiting for seconds.)"""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def lowest_priority_dying_with_parent() -> None:
    """Background work (proxies): the lowest CPU priority, so the recording always comes first."""
    os.nice(LOWEST_PRIORITY)
    die_with_parent()


def live_ffmpeg(*arguments: str) -> list[str]:
    """An ffmpeg command line for the capture: errors only, no keyboard, and started within a second
    of the first packets (not after five seconds of probing)."""
    return [
        ffmpeg_executable(),
        "-hide_banner",
        "-nostdin",
        "-loglevel",
        "error",
        "-analyzeduration",
        "1000000",
        "-probesize",
        "2000000",
        *arguments,
    ]


def keep_lines(stream: BinaryIO, lines: deque[str]) -> None:
    """Read a child's error output to its end, keeping its last non-empty lines in ``lines``."""
    for raw in stream:
        text = raw.decode("utf-8", "replace").strip()
        if text:
            lines.append(text)
