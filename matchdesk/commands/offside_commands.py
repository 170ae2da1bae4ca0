"""``matchdesk offside auto``: the offside lines found on broadcast frames, for scripts and the desk."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from matchdesk.commands.arguments import parse_point
from matchdesk.errors import MatchdeskError
from matchdesk.settings import load_settings


def register(commands: Any) -> None:
    offside = commands.add_parser("offside", help="offside lines found automatically")
    actions = offside.add_subparsers(dest="offside_action", required=True, metavar="ACTION")
    auto = actions.add_parser(
        "auto", help="find the second-last defender, the foremost attacker and both lines on frames"
    )
    auto.add_argument("video", type=Path, metavar="VIDEO")
    auto.add_argument(
        "--frame", type=int, nargs="+", required=True, metavar="N", help="display frames, 0-based"
    )
    auto.add_argument(
        "--attack",
        choices=["left", "right"],
        required=True,
        help="where the attacking team plays to, in the picture",
    )
    auto.add_argument(
        "--weights", type=Path, help="Ultralytics pose weights (default: the settings' pose weights)"
    )
    auto.add_argument(
        "--calibration",
        type=Path,
        help="pitch points clicked on a frame, JSON: "
        '{"frame": N, "points": [{"name": "...", "image": [x, y]}, ...]}; gives the margin in centimetres, '
        "on other frames too (the pitch's markings are followed as the camera moves); without "
        '"frame", the camera is taken to be fixed',
    )
    for role in ("attacker", "defender"):
        auto.add_argument(
            f"--{role}",
            metavar="X,Y",
            help=f"the referee's click on the {role} to measure (default: the one found)",
        )
    auto.add_argument("--json", action="store_true", help="one JSON object per frame, one per line")
    auto.set_defaults(handler=run_auto)

    kick = actions.add_parser("kick", help="find the frame the pass is played on, from the ball's track")
    kick.add_argument("video", type=Path, metavar="VIDEO")
    kick.add_argument(
        "--from", dest="first", type=int, required=True, metavar="N", help="first frame to look at"
    )
    kick.add_argument("--to", dest="last", type=int, required=True, metavar="N", help="last frame to look at")
    kick.add_argument(
        "--weights", type=Path, help="Ultralytics weights that find the ball (default: settings)"
    )
    kick.add_argument("--json", action="store_true")
    kick.set_defaults(handler=run_kick)


def _weights(given: Path | None, configured: str, what: str) -> Path:
    weights = given or Path(configured or "")
    if not str(weights) or str(weights) == "." or not weights.is_file():
        raise MatchdeskError(f"give {what} with --weights", weights if given else None)
    return weights


def run_kick(arguments: argparse.Namespace) -> int:
    from tracking.detector import Detector
    from tracking.offside.kick import find_kick
    from var.media import open_video

    weights = _weights(arguments.weights, load_settings().tracking_weights, "weights that find the ball")
    with open_video(arguments.video, read_ahead=0) as video:
        count = video.info.frame_count
        if not 0 <= arguments.first < arguments.last < count:
            raise MatchdeskError(
                f"--from {arguments.first} --to {arguments.last}: give two frames in order, 0 to {count - 1}",
                arguments.video,
            )
        found = find_kick(video, arguments.first, arguments.last, Detector(weights))
    if arguments.json:
        sys.stdout.write(json.dumps(found.to_json_dict()) + "\n")
    elif found.frame is None:
        sys.stdout.write(f"{found.problem}\n")
    else:
        sys.stdout.write(
            f"the pass is played on frame {found.frame} (ball at {found.to_json_dict()['ball']})\n"
        )
    return 0


def run_auto(arguments: argparse.Namespace) -> int:
    import numpy as np

    from tracking.offside.auto import AutoOffsideChecker  # loads the model: only when asked
    from tracking.offside.clip_calibration import ClipCalibration
    from tracking.offside.clip_check import check_clip, longest_followed_gap
    from tracking.offside.clip_pitch import ClipPitch
    from var.media import open_video
    from var.offside import read_clicked_calibration

    weights = _weights(arguments.weights, load_settings().pose_weights, "pose weights (e.g. yolo11n-pose.pt)")
    calibration, clicked_on = (
        read_clicked_calibration(arguments.calibration) if arguments.calibration else (None, None)
    )
    attack = 1 if arguments.attack == "right" else -1
    with open_video(arguments.video, read_ahead=0) as video:
        count = video.info.frame_count
        wrong = [n for n in arguments.frame if not 0 <= n < count]
        if wrong:
            raise MatchdeskError(
                f"--frame {wrong[0]} is past the video (frames 0 to {count - 1})", arguments.video
            )
        if clicked_on is not None and not 0 <= clicked_on < count:
            raise MatchdeskError(
                f"the calibration's frame {clicked_on} is past the video", arguments.calibration
            )
        checker = AutoOffsideChecker(weights)

        def picture(n: int) -> Any:
            return np.asarray(video.frame(n))

        pitch = ClipPitch(
            arguments.frame,
            longest_followed_gap(video.info.frame_rate),
            attack,
            calibration,
            clicked_on,
            lambda: ClipCalibration(picture, count, attack, calibration, clicked_on),
        )
        checked = check_clip(
            checker,
            picture,
            arguments.frame,
            attack,
            video.info.frame_rate,
            pitch,
            attacker_at=parse_point(arguments.attacker) if arguments.attacker else None,
            defender_at=parse_point(arguments.defender) if arguments.defender else None,
        )
    for one in checked:
        result = one.result
        problem = one.calibration.problem
        if problem:
            result = dataclasses.replace(result, problem="; ".join(filter(None, [result.problem, problem])))
        pitch_points = one.calibration.to_json_dict(result.frame)
        found = {**result.to_json_dict(), "direction": one.direction_json(), "calibration": pitch_points}
        sys.stdout.write((json.dumps(found) if arguments.json else _in_words(found)) + "\n")
    return 0


def _in_words(found: dict[str, Any]) -> str:
    head = f"frame {found['frame']}: {found['verdict']}"
    if found["margin_cm"] is not None:
        head += f" {found['margin_cm']:+.1f} cm (±{found['uncertainty_cm']:.1f})"
    if found["problem"]:
        return f"{head} - {found['problem']}"
    defender, attacker = found["defender"], found["attacker"]
    parts = [head]
    if defender:
        parts.append(f"second-last defender at {defender['point']} ({defender['body_part']})")
    if attacker:
        parts.append(f"foremost attacker at {attacker['point']} ({attacker['body_part']})")
    pitch = found["calibration"]
    if pitch:
        on_frame = "" if pitch["on_frame"] is None else f" on frame {pitch['on_frame']}"
        parts.append(f"pitch points {pitch['source']}{on_frame}{', carried' if pitch['carried'] else ''}")
    return "; ".join(parts)
