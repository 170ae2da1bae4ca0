"""``matchdesk capture``: record every camera of a match live, readable while it grows."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from var.capture.angle_recorder import AngleStatus


def register(commands: Any) -> None:
    capture = commands.add_parser(
        "capture", help="record the match's cameras live (RTSP, SRT, UDP, RTMP, HTTP, capture devices, files)"
    )
    capture.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the recording's folder")
    capture.add_argument(
        "--angle",
        action="append",
        required=True,
        metavar="NAME=SOURCE",
        help="an angle and where it comes from, e.g. cam1=rtsp://192.0.2.10/stream, "
        "cam2=srt://192.0.2.11:9000, cam3=udp://@:5000, cam4=v4l2:/dev/video0, rehearsal=match.mp4",
    )
    capture.add_argument("--seconds", type=float, help="stop after this long (default: Ctrl+C or SIGTERM)")
    capture.add_argument("--match", default="", help='the match\'s name, e.g. "Hà Nội FC v Công An Hà Nội"')
    capture.add_argument("--append", action="store_true", help="record more into an existing recording")
    capture.add_argument(
        "--no-proxies",
        action="store_true",
        help="do not build proxies behind the recording (they run at the lowest CPU priority)",
    )
    capture.set_defaults(handler=run_capture)


def run_capture(arguments: argparse.Namespace) -> int:
    from var.capture import CaptureSession, parse_angle

    sources = [parse_angle(text) for text in arguments.angle]
    session = CaptureSession(
        arguments.out_dir,
        sources,
        arguments.match,
        arguments.append,
        on_event=_say_event,
        proxies=not arguments.no_proxies,
    )

    def stop(signal_number: int, frame: FrameType | None) -> None:
        session.stop(f"stopped by {signal.Signals(signal_number).name}")

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        reason = session.run(arguments.seconds, on_status=_status_line)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    sys.stderr.write("\n" if sys.stderr.isatty() else "")
    sys.stderr.write(f"matchdesk capture: {reason}; recording in {arguments.out_dir}\n")
    for status in session.statuses():
        sys.stderr.write(
            f"  {status.name}: {status.frames} frames, {status.dropped} dropped, "
            f"{status.repeated} repeated, {status.reconnects} reconnects\n"
        )
    return 0


def _status_line(statuses: list[AngleStatus]) -> None:
    parts = []
    for status in statuses:
        if not status.connected:
            parts.append(f"{status.name}: waiting ({status.problem or 'connecting'})"[:80])
            continue
        behind = status.seconds_since_last_frame or 0.0
        parts.append(
            f"{status.name}: {status.frames} fr {status.fps:.1f} fps {status.bitrate_kbps / 1000:.1f} Mb/s "
            f"drop {status.dropped} rep {status.repeated} reconn {status.reconnects} {behind:.1f}s behind"
        )
    line = " | ".join(parts)
    if sys.stderr.isatty():
        sys.stderr.write("\r" + line[:200].ljust(200))
    else:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _say_event(angle: str, event: dict[str, Any]) -> None:
    if event["event"] == "disconnected":
        sys.stderr.write(f"\nmatchdesk capture: angle {angle} dropped out; reconnecting\n")
    elif event["event"] == "resolution":
        sys.stderr.write(f"\nmatchdesk capture: angle {angle} now sends {event['width']}x{event['height']}\n")
