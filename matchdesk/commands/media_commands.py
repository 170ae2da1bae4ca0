"""``matchdesk probe``, ``frame`` and ``ingest``: the media engine from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from var.timebase import format_timecode


def register(commands: Any) -> None:
    probe = commands.add_parser("probe", help="print a video's exact facts (frames, rate, time base, ...)")
    probe.add_argument("video", type=Path)
    probe.add_argument("--json", action="store_true", help="print JSON instead of text")
    probe.set_defaults(handler=run_probe)

    frame = commands.add_parser("frame", help="write exactly the given display frames as PNG files")
    frame.add_argument("video", type=Path)
    frame.add_argument("indices", type=int, nargs="+", metavar="INDEX", help="0-based display frame index")
    frame.add_argument("--out", type=Path, required=True, help="folder for <INDEX>.png")
    frame.add_argument("--cache-dir", type=Path, help="proxy cache folder (default: the user cache)")
    frame.add_argument("--no-proxy", action="store_true", help="decode the source even if a proxy exists")
    frame.set_defaults(handler=run_frame)

    ingest = commands.add_parser("ingest", help="build intra-frame proxies for instant scrubbing")
    ingest.add_argument("videos", type=Path, nargs="+", metavar="VIDEO")
    ingest.add_argument("--cache-dir", type=Path, help="proxy cache folder (default: the user cache)")
    ingest.set_defaults(handler=run_ingest)


def run_probe(arguments: argparse.Namespace) -> int:
    from var.media.index import build_frame_index

    _, info = build_frame_index(arguments.video)
    if arguments.json:
        sys.stdout.write(json.dumps(info.to_json_dict(), indent=2) + "\n")
        return 0
    lines = [
        f"file:        {info.path}",
        f"codec:       {info.codec}, {info.width}x{info.height}"
        + (f", rotated {info.rotation}°" if info.rotation else ""),
        f"frames:      {info.frame_count} displayed",
        f"frame rate:  {info.frame_rate} ({float(info.frame_rate):.3f} fps"
        + (", variable)" if info.variable_frame_rate else ")"),
        f"time base:   {info.time_base}",
        f"start:       {format_timecode(info.start_time)}",
        f"duration:    {format_timecode(info.duration)}",
        f"keyframes:   {len(info.keyframes)}",
    ]
    if info.warning:
        lines.append(f"warning:     {info.warning}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_frame(arguments: argparse.Namespace) -> int:
    import cv2

    from var.media import open_video

    out: Path = arguments.out
    with open_video(
        arguments.video, use_proxy=not arguments.no_proxy, cache_dir=arguments.cache_dir, read_ahead=0
    ) as video:
        # Check every index first, so a bad one writes nothing rather than half the request.
        for index in arguments.indices:
            if not 0 <= index < video.info.frame_count:
                raise MatchdeskError(
                    f"frame {index} is out of range (the video has {video.info.frame_count} frames, "
                    f"0 to {video.info.frame_count - 1})",
                    arguments.video,
                )
        out.mkdir(parents=True, exist_ok=True)
        for index in arguments.indices:
            target = out / f"{index}.png"
            if not cv2.imwrite(str(target), cv2.cvtColor(video.frame(index), cv2.COLOR_RGB2BGR)):
                raise MatchdeskError("cannot write the PNG file", target)
            sys.stdout.write(f"{target}\n")
    return 0


def run_ingest(arguments: argparse.Namespace) -> int:
    from tqdm import tqdm

    from var.media import build_proxy
    from var.media.index import build_frame_index

    failures = 0
    for video in arguments.videos:
        try:
            index, info = build_frame_index(video)
            with tqdm(total=info.frame_count, desc=video.name, unit="frame", file=sys.stderr) as bar:

                def advance(done: int, bar: tqdm[Any] = bar) -> None:
                    bar.update(done - bar.n)

                proxy = build_proxy(video, arguments.cache_dir, on_progress=advance, indexed=(index, info))
                bar.update(info.frame_count - bar.n)
            sys.stdout.write(f"{video}: proxy of {proxy.index.frame_count} frames at {proxy.files.video}\n")
        except MatchdeskError as error:
            # One bad angle does not stop the others; the exit status still reports it.
            failures += 1
            sys.stderr.write(f"matchdesk ingest: error: {error}\n")
    return 2 if failures else 0
