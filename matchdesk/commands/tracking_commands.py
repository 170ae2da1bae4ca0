"""``matchdesk track`` and ``matchdesk tracking``: players and ball, datasets, training, evaluation."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from tracking.settings import TrackingSettings


def register(commands: Any) -> None:
    track = commands.add_parser("track", help="track players and ball with YOLO weights; write Parquet")
    track.add_argument("video", type=Path)
    track.add_argument(
        "--weights", type=Path, required=True, help="Ultralytics weights (.pt, .onnx, OpenVINO)"
    )
    track.add_argument("--out", type=Path, required=True, help="tracks file (.parquet)")
    track.add_argument(
        "--every",
        type=_at_least(1),
        default=TrackingSettings.every,
        help=f"detect every k-th frame (default {TrackingSettings.every})",
    )
    track.add_argument("--tiling", choices=["auto", "off"], default="auto")
    track.add_argument(
        "--ball-pass",
        choices=["auto", "off"],
        default="auto",
        help="a second look for a small ball on enlarged tiles (auto: where the ball is too small)",
    )
    track.add_argument(
        "--point",
        action="append",
        default=[],
        metavar="NAME=X,Y",
        help="a pitch point on the first frame (4 or more) for pitch positions",
    )
    track.add_argument("--no-cache", action="store_true")
    track.set_defaults(handler=run_track)

    tracking = commands.add_parser("tracking", help="datasets, training and evaluation for tracking")
    actions = tracking.add_subparsers(dest="tracking_command", metavar="ACTION", required=True)
    dataset = actions.add_parser("dataset", help="export a YOLO dataset from the sample match")
    dataset.add_argument("--out", type=Path, required=True)
    dataset.add_argument("--stride", type=_at_least(1), default=3, help="every k-th frame of each camera")
    dataset.add_argument(
        "--ball-crops",
        type=_enlargement,
        default=0.0,
        metavar="SCALE",
        help="also a crop around the ball per frame, enlarged SCALE times (2 teaches the ball pass)",
    )
    dataset.set_defaults(handler=run_dataset)

    train = actions.add_parser("train", help="fine-tune YOLO on a YOLO-format dataset")
    train.add_argument("dataset", type=Path, metavar="DATA_YAML")
    train.add_argument("--from", dest="start_from", type=Path, required=True, help="starting weights")
    train.add_argument("--out", type=Path, required=True, help="where the trained weights go")
    train.add_argument("--epochs", type=int, default=40)
    train.add_argument(
        "--hours",
        type=float,
        help="train for this long: Ultralytics then sets the epochs to fill it, whatever --epochs says",
    )
    train.add_argument(
        "--image-size", type=int, default=640, help="training input size in pixels (960 sees small balls)"
    )
    train.set_defaults(handler=run_train)

    score = actions.add_parser("eval", help="precision, recall, HOTA, MOTA, IDF1 against ground truth")
    score.add_argument("tracks", type=Path)
    score.add_argument("ground_truth", type=Path, help="sample ground_truth.parquet or an annotation JSON")
    score.add_argument("--camera", help="which camera of the sample match the tracks are of")
    score.add_argument("--json", action="store_true")
    score.set_defaults(handler=run_eval)

    report = actions.add_parser("metrics", help="distance, speed, HSR, sprints and possession from tracks")
    report.add_argument("tracks", type=Path)
    report.add_argument("--fps", type=float, default=25.0)
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=run_metrics)


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number no smaller than ``minimum``."""

    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return parse


def _enlargement(text: str) -> float:
    """An argparse type: 0 (none), or how many times to enlarge (1 or more)."""
    value = float(text)
    if value != 0 and not value >= 1:
        raise argparse.ArgumentTypeError(f"must be 0 (none) or 1 or more, not {text}")
    return value


def run_track(arguments: argparse.Namespace) -> int:
    from tqdm import tqdm

    from tracking.pipeline import track_video
    from var.offside import CalibrationError, calibrate

    homography = None
    if arguments.point:
        clicks = []
        for item in arguments.point:
            name, _, position = item.rpartition("=")
            try:
                x, y = (float(v) for v in position.split(","))
            except ValueError as error:
                raise MatchdeskError(f"a point is NAME=X,Y, not {item!r}") from error
            clicks.append((name.strip(), (x, y)))
        try:
            homography = calibrate(clicks).homography
        except CalibrationError as error:
            raise MatchdeskError(f"calibration: {error}", arguments.video) from error
    settings = TrackingSettings(every=arguments.every, tiling=arguments.tiling, ball_pass=arguments.ball_pass)
    with tqdm(desc=arguments.video.name, unit="frame", file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        tracks, report = track_video(
            arguments.video,
            arguments.weights,
            settings,
            homography,
            advance,
            use_cache=not arguments.no_cache,
        )
    tracks.to_parquet(arguments.out)
    if report is not None and not report.pitch_in_view:
        sys.stderr.write(f"{arguments.video}: no pitch in view; players tracked over the whole picture\n")
    people = len(set(tracks.track_id.tolist()) - {0})
    if people == 0:
        sys.stderr.write(f"{arguments.video}: no players found; the tracks file has no player rows\n")
    sys.stdout.write(
        f"{arguments.out}: {len(tracks)} rows, {people} player tracks"
        + (
            f", tiles {report.tiles}, ball pass {report.ball_tiles},"
            f" ball seen in {report.ball_seen_share:.0%} of detected frames"
            if report
            else " (from the cache)"
        )
        + "\n"
    )
    return 0


def run_dataset(arguments: argparse.Namespace) -> int:
    from matchdesk.sample.match import default_sample_dir, load_sample_match
    from tracking.dataset import export_sample_dataset

    data = export_sample_dataset(
        load_sample_match(default_sample_dir()),
        arguments.out,
        arguments.stride,
        ball_crops=arguments.ball_crops,
    )
    sys.stdout.write(f"{data}\n")
    return 0


def run_train(arguments: argparse.Namespace) -> int:
    from tracking.training import train_detector

    out = train_detector(
        arguments.dataset,
        arguments.start_from,
        arguments.out,
        arguments.epochs,
        arguments.hours,
        image_size=arguments.image_size,
    )
    sys.stdout.write(f"{out}\n")
    return 0


def run_eval(arguments: argparse.Namespace) -> int:
    from tracking.evaluate import evaluate, load_ground_truth
    from tracking.tracks import Tracks

    if not arguments.tracks.exists():
        raise MatchdeskError("tracks file not found", arguments.tracks)
    scores = evaluate(
        Tracks.read_parquet(arguments.tracks), load_ground_truth(arguments.ground_truth, arguments.camera)
    )
    if arguments.json:
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
    else:
        sys.stdout.write(
            "\n".join(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}" for k, v in scores.items())
            + "\n"
        )
    return 0


def run_metrics(arguments: argparse.Namespace) -> int:
    from tracking.metrics import player_metrics, possession
    from tracking.tracks import Tracks

    tracks = Tracks.read_parquet(arguments.tracks)
    players = player_metrics(tracks, arguments.fps)
    if not players:
        raise MatchdeskError(
            "the tracks have no pitch positions: track with --point calibration", arguments.tracks
        )
    if arguments.json:
        document = {"players": [asdict(p) for p in players], "possession": possession(tracks)}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return 0
    for p in sorted(players, key=lambda p: -p.distance_m):
        sys.stdout.write(
            f"track {p.track_id:3d} team {p.team:2d}: {p.distance_m:6.1f} m, top {p.top_speed_kmh:4.1f} km/h,"
            f" HSR {p.hsr_distance_m:5.1f} m ({p.hsr_efforts}), sprints {p.sprints}\n"
        )
    return 0
