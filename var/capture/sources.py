"""Where an angle's pictures come from, and the ffmpeg input arguments that read them.

A source is an IP camera or encoder (``rtsp://``, ``srt://`` as caller, ``udp://`` MPEG-TS on a
port we listen on, ``rtmp://``, ``http(s)://``), a local capture device (``v4l2:/dev/video0``,
``dshow:video=NAME``, ``avfoundation:0``), or a file replayed at its own frame rate (rehearsals,
tests). Network and file sources are recorded as they come; a device gives raw pictures, which are
the one thing we must encode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from matchdesk.errors import MatchdeskError

SourceKind = Literal["network", "device", "file"]

# How long a silent network source may stay silent before we call it dropped (microseconds).
_SILENCE_MICROSECONDS = 3_000_000
# SRT delivers every packet a fixed latency after it was sent (its jitter buffer): ours, asked for
# explicitly, so that the capture clock can take it back off.
SRT_LATENCY_MICROSECONDS = 120_000
_NETWORK_SCHEMES = ("rtsp", "rtsps", "srt", "udp", "rtmp", "rtmps", "http", "https")
_DEVICE_FORMATS = {"v4l2": "v4l2", "dshow": "dshow", "avfoundation": "avfoundation"}
_ANGLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


@dataclass(frozen=True)
class Source:
    """One angle's source.

    Attributes:
        name: the angle's name (also its folder in the recording).
        address: what the user gave, as given.
        kind: ``network``, ``device`` or ``file``.
    """

    name: str
    address: str
    kind: SourceKind

    def ffmpeg_input(self) -> list[str]:
        """The ffmpeg arguments, up to and including ``-i``, that read this source live."""
        if self.kind == "file":
            return ["-re", "-i", self.address]
        if self.kind == "device":
            device_format, device = self.address.split(":", 1)
            return ["-f", _DEVICE_FORMATS[device_format], "-i", device]
        scheme = urlsplit(self.address).scheme.lower()
        options: list[str] = []
        url = self.address
        if scheme in ("rtsp", "rtsps"):
            # TCP never loses a packet inside a frame; the timeout turns silence into a reconnect.
            options = ["-rtsp_transport", "tcp", "-timeout", str(_SILENCE_MICROSECONDS)]
        elif scheme == "srt":
            url = _with_query(
                url,
                {
                    "mode": "caller",
                    "timeout": str(_SILENCE_MICROSECONDS),
                    "latency": str(SRT_LATENCY_MICROSECONDS),
                },
            )
        elif scheme == "udp":
            url = _with_query(
                url,
                {"timeout": str(_SILENCE_MICROSECONDS), "fifo_size": "1000000", "overrun_nonfatal": "1"},
            )
        elif scheme in ("rtmp", "rtmps", "http", "https"):
            options = ["-rw_timeout", str(_SILENCE_MICROSECONDS)]
        return [*options, "-i", url]

    @property
    def delivery_delay_seconds(self) -> float:
        """A fixed delay the link adds to every frame (SRT's latency), taken off arrival times."""
        if self.kind == "network" and urlsplit(self.address).scheme.lower() == "srt":
            query = dict(parse_qsl(urlsplit(self.address).query))
            return int(query.get("latency", SRT_LATENCY_MICROSECONDS)) / 1e6
        return 0.0

    @property
    def sends_sender_reports(self) -> bool:
        """Whether the camera says when it filmed each frame (RTCP sender reports, over RTSP)."""
        return self.kind == "network" and urlsplit(self.address).scheme.lower() in ("rtsp", "rtsps")

    @property
    def needs_encoding(self) -> bool:
        """Devices give raw pictures; everything else is recorded exactly as it arrives."""
        return self.kind == "device"


def parse_angle(text: str) -> Source:
    """``NAME=SOURCE`` as typed after ``--angle``.

    Raises:
        MatchdeskError: no name, a name that cannot be a folder, or a source we cannot read.
    """
    name, separator, address = text.partition("=")
    name, address = name.strip(), address.strip()
    if not separator or not name or not address:
        raise MatchdeskError(f"--angle {text!r}: give it as NAME=SOURCE, e.g. cam1=rtsp://192.0.2.10/stream")
    if not _ANGLE_NAME.fullmatch(name):
        raise MatchdeskError(
            f"--angle {text!r}: the name {name!r} must be letters, digits, '-', '_' or '.' "
            "(it names a folder)"
        )
    return Source(name, address, _kind_of(name, address))


def _kind_of(name: str, address: str) -> SourceKind:
    scheme_match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", address)
    scheme = scheme_match.group(1).lower() if scheme_match else ""
    if scheme in _NETWORK_SCHEMES and address[len(scheme) : len(scheme) + 3] == "://":
        return "network"
    if scheme in _DEVICE_FORMATS:
        return "device"
    if "://" in address:
        raise MatchdeskError(
            f"angle {name}: unknown kind of address {address!r} (known: "
            f"{', '.join(s + '://' for s in _NETWORK_SCHEMES)}, v4l2:, dshow:, avfoundation:, or a file)"
        )
    if not Path(address).is_file():
        raise MatchdeskError(f"angle {name}: no such file to replay: {address}")
    return "file"


def _with_query(url: str, defaults: dict[str, str]) -> str:
    """``url`` with ``defaults`` added to its query where the user did not set them."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in defaults.items():
        query.setdefault(key, value)
    return urlunsplit(parts._replace(query=urlencode(query)))
