"""The automatic offside check, measured on a real broadcast clip and on the sample match.

    python bench/bench_offside_auto.py [--weights ../shared/models/yolo11n-pose.pt]

1. ``../shared/clips/fb_offside_ucl_liverpool_benfica_1080p.mp4`` with its annotation (players,
   teams, the last defender, two lines towards the goal line's vanishing point per annotated frame;
   annotated frame k is display index k-1; attack to the right). Printed:
   - on how many annotated frames the defender line passes through the annotated last defender
     (within half his box width of the middle of his feet; target >= 95 %);
   - the same against the defender the annotation's own boxes and lines put deepest (on some frames
     it names one whom its own lines put 20-40 px behind a team-mate; each such frame is printed);
   - on how many frames the named last defender is among the players found (target >= 97 %), and
     the players found against all those annotated (recall and precision);
   - how far the line's direction is from the line to the annotated vanishing point (median; target
     <= 1 degree), and the vanishing point alone against the same (baseline: the direction of the
     annotated lines themselves, which the annotation draws by hand);
   - the seconds per frame on this CPU (target <= 2 s).
2. The sample match (rendered by matchdesk; a scripted offside at match frame 110, 60 cm) on the wide
   camera, calibrated from the pitch points its ground truth gives: the verdict and the margin
   (target: within 10 cm).
3. The calibration clicked 20 and 50 frames before the pass and carried through the pan, against
   the true homography (baseline: the clicked calibration left as it was).
4. The kick found from the ball's track on two cameras, against the scripted pass (target: within
   one frame).
5. The pitch points found without clicks, from the penalty area's lines: on how many frames of the
   broadcast clip (every tenth) and of the sample's cameras, how far from the true homography on the
   sample (median pixels over the pitch points in view) and from the points clicked by hand on the
   broadcast clip (``tests/data/broadcast_pitch_points.json``; and along the pitch at the feet of the
   players near the penalty area), how many found pitches are wrong (more than 3 px from the truth),
   and the seconds it takes.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from pathlib import Path

import numpy as np

from matchdesk.sample.match import load_sample_match
from matchdesk.sample.var_demo import feet, visible_template_clicks
from tracking.evaluate import MATCH_IOU, iou_matrix
from tracking.offside.auto import AutoOffsideChecker
from tracking.offside.clip_calibration import ClipCalibration
from tracking.offside.findings import AutoOffside
from tracking.offside.players import AlongTheAttack
from tracking.offside.vanishing import (
    VanishingPoint,
    degrees_apart,
    direction_degrees,
    find_vanishing_point,
    meeting_point,
)
from var.media import open_video
from var.offside import Calibration, calibrate

SHARED = Path(__file__).resolve().parents[2] / "shared"
CLIP = SHARED / "clips" / "fb_offside_ucl_liverpool_benfica_1080p.mp4"
ANNOTATION = SHARED / "clips" / "annotations" / "fb_offside_ucl_liverpool_benfica_1080p.json"


def _box(player: dict) -> list[float]:
    """An annotated player's box, x1 y1 x2 y2 (the annotation gives two corners in any order)."""
    corners = np.array(player["position"], float)
    return [*corners.min(axis=0), *corners.max(axis=0)]


def _feet_and_width(player: dict) -> tuple[np.ndarray, float]:
    x1, _, x2, y2 = _box(player)
    return np.array([(x1 + x2) / 2, y2]), x2 - x1


def _x_at_row(line: tuple[tuple[float, float], ...], row: float) -> float:
    (ax, ay), (bx, by) = line
    return ax + (bx - ax) * (row - ay) / (by - ay)


def _passes_through(line: tuple[tuple[float, float], ...], player: dict) -> tuple[bool, float]:
    """Whether ``line`` passes within half his box width of an annotated player's box at his feet, and
    how far from the middle of his feet (px, + towards the attack)."""
    feet, width = _feet_and_width(player)
    off = _x_at_row(line, feet[1]) - feet[0]
    return abs(off) <= width / 2, off


def _players_matched(result: AutoOffside, annotated: dict) -> tuple[int, int, int]:
    """Players the check found that match an annotated box (IoU >= 0.5), found on the annotated
    pitch, annotated: as the tracking evaluation counts them."""
    import cv2
    from scipy.optimize import linear_sum_assignment

    field = np.array(annotated["field"], np.float32)
    boxes = np.array([_box(p) for p in annotated["players"]], float).reshape(-1, 4)
    found = np.array(
        [
            p.box
            for p in result.players
            if cv2.pointPolygonTest(field, ((p.box[0] + p.box[2]) / 2, p.box[3]), False) >= 0
        ],
        float,
    ).reshape(-1, 4)
    overlap = iou_matrix(boxes, found)
    rows, cols = linear_sum_assignment(-overlap) if overlap.size else ([], [])
    hits = sum(overlap[r, c] >= MATCH_IOU for r, c in zip(rows, cols, strict=True))
    return int(hits), len(found), len(boxes)


def _found(result: AutoOffside, player: dict) -> bool:
    """Whether the check found ``player`` (an annotated box) among the players on the pitch."""
    if not result.players:
        return False
    found = iou_matrix(np.array([_box(player)], float), np.array([p.box for p in result.players], float))
    return bool(found.max() >= MATCH_IOU)


def annotated_deepest(annotated: dict, lines: VanishingPoint) -> int:
    """The outfield player of the named last defender's team whom the annotation's own boxes and
    vanishing lines put deepest (attack to the right)."""
    team = annotated["players"][annotated["last_defense_player_index"]]["team"]
    outfield = [
        i for i, p in enumerate(annotated["players"]) if p["team"] == team and p["type"] == 1
    ]  # type 2: goalkeepers
    feet = {i: _feet_and_width(annotated["players"][i])[0] for i in outfield}
    along = AlongTheAttack(lines, 1, float(np.median([f[1] for f in feet.values()])))
    return max(outfield, key=lambda i: along.depth((float(feet[i][0]), float(feet[i][1]))))


def _metres_apart(calibration: Calibration, deeper: dict, other: dict) -> float:
    """How much nearer the goal on the right (pitch x = length) one annotated player's feet are."""
    return (
        calibration.to_pitch(tuple(_feet_and_width(deeper)[0]))[0]
        - calibration.to_pitch(tuple(_feet_and_width(other)[0]))[0]
    )


def broadcast_clip(checker: AutoOffsideChecker) -> None:
    if not CLIP.exists() or not ANNOTATION.exists():
        print(f"1. skipped: {CLIP} or its annotation is absent")
        return
    annotation = json.loads(ANNOTATION.read_text())
    through, through_deepest, disputed, angles, vanishing_angles, seconds = 0, 0, 0, [], [], []
    matched = found_people = annotated_people = named_found = 0
    with open_video(CLIP, read_ahead=0) as video:
        pitch = ClipCalibration(lambda n: np.asarray(video.frame(n)), video.info.frame_count, attack=1)
        for annotated in annotation["frames"]:
            frame = annotated["frame"] - 1
            picture = np.asarray(video.frame(frame))
            started = time.perf_counter()
            result = checker.check(picture, frame, attack=1, frame_rate=video.info.frame_rate)
            seconds.append(time.perf_counter() - started)
            hits, found_here, expected_here = _players_matched(result, annotated)
            matched, found_people, annotated_people = (
                matched + hits,
                found_people + found_here,
                annotated_people + expected_here,
            )
            named = annotated["players"][annotated["last_defense_player_index"]]
            feet, _ = _feet_and_width(named)
            if _found(result, named):
                named_found += 1
            else:
                print(f"   frame {frame}: the named last defender is not among the players found")
            annotated_lines = meeting_point(annotated["vanishing_point"])
            assert annotated_lines is not None, "the annotation's two lines have a length"
            truth = np.array(annotated_lines.homogeneous)
            vanishing = find_vanishing_point(picture)
            if vanishing is not None:
                vanishing_angles.append(
                    degrees_apart(
                        direction_degrees(np.array(vanishing.homogeneous), feet),
                        direction_degrees(truth, feet),
                    )
                )
            if result.defender_line is None:
                print(f"   frame {frame}: no defender line ({result.problem})")
                continue
            (ax, ay), (bx, by) = result.defender_line
            hit, off = _passes_through(result.defender_line, named)
            through += hit
            deepest_index = annotated_deepest(annotated, annotated_lines)
            deepest = annotated["players"][deepest_index]
            through_it = _passes_through(result.defender_line, deepest)[0]
            through_deepest += through_it
            if deepest is not named:
                disputed += 1
                ahead = _passes_through(
                    annotated_lines.line_through(tuple(_feet_and_width(deepest)[0]), 2), named
                )[1]
                on_the_pitch = pitch.on(frame).calibration
                metres = (
                    ""
                    if on_the_pitch is None
                    else f" ({_metres_apart(on_the_pitch, deepest, named):.1f} m along the pitch found from "
                    "its markings)"
                )
                print(
                    f"   frame {frame}: the annotation names player "
                    f"{annotated['last_defense_player_index']}, "
                    f"but its own lines put player {deepest_index} {ahead:.0f} px deeper at his feet"
                    f"{metres}; "
                    f"the defender line passes through {'him' if through_it else 'neither'}"
                )
            start = np.array(result.defender.ground) if result.defender else feet
            angles.append(
                degrees_apart(math.degrees(math.atan2(by - ay, bx - ax)), direction_degrees(truth, start))
            )
            if not hit:
                part = result.defender.body_part.replace("_", " ") if result.defender else "?"
                print(
                    f"   frame {frame}: the line misses the named last defender by {off:+.0f} px at his feet "
                    f"(it is drawn through the {part} of the defender found deepest)"
                )
    count = len(annotation["frames"])
    print(f"1. {CLIP.name}, {count} annotated frames, attack to the right:")
    print(
        f"   the defender line passes through the annotated last defender on {through}/{count} frames "
        f"({100 * through / count:.0f} %; target >= 95 %)"
    )
    print(
        f"   through the deepest defender by the annotation's own boxes and lines on "
        f"{through_deepest}/{count} frames ({100 * through_deepest / count:.0f} %; "
        f"on {disputed} frames that is not the one it names)"
    )
    print(
        f"   the named last defender is among the players found on {named_found}/{count} frames "
        f"({100 * named_found / count:.0f} %; target >= 97 %)"
    )
    print(
        f"   players found on each annotated frame (the check's own detection, no tracking): recall "
        f"{matched / max(annotated_people, 1):.3f} ({matched}/{annotated_people}), precision "
        f"{matched / max(found_people, 1):.3f} ({matched}/{found_people}) "
        f"(IoU >= {MATCH_IOU}; target recall >= 0.93 at precision >= 0.9)"
    )
    if angles:
        print(
            f"   its direction against the annotated vanishing point: median "
            f"{statistics.median(angles):.2f} deg, "
            f"max {max(angles):.2f} deg (target median <= 1 deg); the vanishing point alone: median "
            f"{statistics.median(vanishing_angles):.2f} deg on {len(vanishing_angles)}/{count} frames"
        )
    print(
        f"   time per 1080p frame: median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s "
        "(target <= 2 s; the first frame plans the tiles)"
    )


def sample_match(weights: Path) -> None:
    """The scripted offside: Home #9 0.60 m beyond Away #5, with Home #11 further still on the far
    side. Automatic, the foremost attacker is #11; with the referee's click on #9 (the player
    involved), #9. Truth from the ground truth's pitch positions."""
    sample = load_sample_match()
    event = next(e for e in sample.manifest["events"] if e["type"] == "offside")
    frame = int(event["frame"])
    calibration = calibrate(visible_template_clicks(sample, "cam1_wide", frame))
    truth = sample.ground_truth
    on_frame = truth[(truth.camera == "cam1_wide") & (truth.camera_frame == frame)]
    defender_x = float(on_frame[on_frame.object_id == int(event["second_last_defender"])].pitch_x.iloc[0])
    home = on_frame[(on_frame.kind == "player") & (on_frame.team == "home")]
    foremost = home.loc[home.pitch_x.idxmax()]
    checker = AutoOffsideChecker(weights)
    with open_video(sample.camera_path("cam1_wide"), read_ahead=0) as video:
        picture = np.asarray(video.frame(frame))
        for label, attacker_id, click in (
            (f"automatic (foremost attacker, Home #{int(foremost.number)})", int(foremost.object_id), None),
            ("the referee clicks the attacker involved, Home #9", int(event["attacker"]),
             feet(sample, "cam1_wide", frame, int(event["attacker"]))),
        ):  # fmt: skip
            result = checker.check(picture, frame, 1, video.info.frame_rate, calibration, attacker_at=click)
            attacker_x = float(on_frame[on_frame.object_id == attacker_id].pitch_x.iloc[0])
            expected = (attacker_x - defender_x) * 100
            margin = (
                "none"
                if result.margin_cm is None
                else f"{result.margin_cm:+.1f} +/- {result.uncertainty_cm:.1f} cm"
            )
            print(f"2. sample match, wide camera, frame {frame}, {label}: {result.verdict}, {margin} "
                  f"(truth {expected:+.1f} cm; target within 10 cm)")  # fmt: skip


def carried_calibration_and_kick(detector_weights: Path) -> None:
    """The calibration carried through the wide camera's pan, against the true homographies; the
    kick found on two cameras, against the script."""
    from tracking.detector import Detector
    from tracking.offside.kick import find_kick
    from tracking.offside.registration import carry_calibration
    from var.pitch import Pitch

    sample = load_sample_match()
    frame = int(next(e for e in sample.manifest["events"] if e["type"] == "offside")["frame"])
    points = np.c_[np.array(list(Pitch().points().values())), np.ones(len(Pitch().points()))]
    with open_video(sample.camera_path("cam1_wide"), read_ahead=0) as video:
        for clicked_on in (frame - 20, frame - 50):
            calibration = calibrate(visible_template_clicks(sample, "cam1_wide", clicked_on))
            started = time.perf_counter()
            carried = carry_calibration(calibration, lambda n: np.asarray(video.frame(n)), clicked_on, frame)
            took = time.perf_counter() - started
            found, truth = (points @ h.T for h in (carried.homography, sample.homography("cam1_wide", frame)))
            found, truth = found[:, :2] / found[:, 2:], truth[:, :2] / truth[:, 2:]
            seen = (
                (truth[:, 0] > 0)
                & (truth[:, 0] < video.info.width)
                & (truth[:, 1] > 0)
                & (truth[:, 1] < video.info.height)
            )
            apart = np.linalg.norm(found[seen] - truth[seen], axis=1)
            stale = np.linalg.norm(
                (points @ calibration.homography.T)[:, :2] / (points @ calibration.homography.T)[:, 2:]
                - truth,
                axis=1,
            )[seen]
            print(
                f"3. sample match, calibration clicked {frame - clicked_on} frames before the pass and "
                f"carried to it: {np.median(apart):.1f} px median from the truth (not carried: "
                f"{np.median(stale):.0f} px), {took / (frame - clicked_on) * 1000:.0f} ms per frame"
            )
    detector = Detector(detector_weights)
    for camera, starts_at in (("cam1_wide", 0), ("cam2_tight", 23)):
        with open_video(sample.camera_path(camera), read_ahead=0) as video:
            kick = find_kick(video, frame - starts_at - 15, frame - starts_at + 15, detector)
        print(
            f"4. sample match, {camera}: the pass found on frame {kick.frame} (scripted: {frame - starts_at})"
        )


HAND_CLICKED = Path(__file__).resolve().parents[1] / "tests" / "data" / "broadcast_pitch_points.json"


def found_pitch() -> None:
    """The pitch points found from the markings, against the truth and the hand."""
    from tracking.offside.pitch_finder import PitchNotFound, find_pitch
    from var.pitch import Pitch

    template = Pitch().points()
    points = np.c_[np.array(list(template.values())), np.ones(len(template))]
    sample = load_sample_match()
    for camera in ("cam1_wide", "cam2_tight", "cam3_behind_goal"):
        found, wrong, apart, seconds = 0, 0, [], []
        with open_video(sample.camera_path(camera), read_ahead=0) as video:
            frames = range(0, video.info.frame_count, 10)
            for frame in frames:
                started = time.perf_counter()
                try:
                    calibration = find_pitch(np.asarray(video.frame(frame)), attack=1).calibration
                except PitchNotFound:
                    seconds.append(time.perf_counter() - started)
                    continue
                seconds.append(time.perf_counter() - started)
                drawn, true = (
                    points @ h.T for h in (calibration.homography, sample.homography(camera, frame))
                )
                drawn, true = drawn[:, :2] / drawn[:, 2:], true[:, :2] / true[:, 2:]
                seen = (true[:, 0] >= 0) & (true[:, 0] < 960) & (true[:, 1] >= 0) & (true[:, 1] < 540)
                error = float(np.median(np.linalg.norm(drawn[seen] - true[seen], axis=1)))
                found += 1
                wrong += error > 3
                apart.append(error)
        median = f"{statistics.median(apart):.2f} px" if apart else "none"
        print(
            f"5. sample match, {camera}: pitch found on {found}/{len(frames)} frames (every tenth), "
            f"{wrong} of them wrong (> 3 px); median {median} from the true homography; "
            f"{statistics.median(seconds):.2f} s per frame"
        )
    if not CLIP.exists() or not HAND_CLICKED.exists():
        print(f"5. skipped the broadcast clip: {CLIP} is absent")
        return
    hand = json.loads(HAND_CLICKED.read_text(encoding="utf-8"))
    annotation = json.loads(ANNOTATION.read_text())
    with open_video(CLIP, read_ahead=0) as video:
        frames = range(0, video.info.frame_count, 10)
        found, seconds = 0, []
        for frame in frames:
            started = time.perf_counter()
            try:
                find_pitch(np.asarray(video.frame(frame)), attack=1)
                found += 1
            except PitchNotFound:
                pass
            seconds.append(time.perf_counter() - started)
        calibration = find_pitch(np.asarray(video.frame(hand["frame"])), attack=1).calibration
    clicked = {name: (float(x), float(y)) for name, (x, y) in hand["points"].items()}
    by_hand = calibrate(list(clicked.items()))
    apart = [math.dist(calibration.to_image(template[name]), xy) for name, xy in clicked.items()]
    players = next(f for f in annotation["frames"] if f["frame"] == hand["frame"] + 1)["players"]
    along = []
    for player in players:
        x1, _, x2, y2 = _box(player)
        feet_xy = ((x1 + x2) / 2, y2)
        if by_hand.to_pitch(feet_xy)[0] >= 80:  # within 25 m of the goal line
            along.append(abs(calibration.to_pitch(feet_xy)[0] - by_hand.to_pitch(feet_xy)[0]) * 100)
    print(
        f"5. broadcast clip: pitch found on {found}/{len(frames)} frames (every tenth; the others show "
        f"no penalty area: their points are carried from a frame that does), "
        f"{statistics.median(seconds):.2f} s per frame; on frame {hand['frame']} the points clicked by hand "
        f"are {statistics.median(apart):.1f} px away (median; max {max(apart):.1f} px at 1080p), and at the "
        f"feet of the {len(along)} players within 25 m of the goal line the two agree along the pitch to "
        f"{statistics.median(along):.0f} cm (median; max {max(along):.0f} cm)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--weights", type=Path, default=SHARED / "models" / "yolo11n-pose.pt")
    args = parser.parse_args()
    broadcast_clip(AutoOffsideChecker(args.weights))
    # The sample's players are 20-40 px figures the COCO pose model does not see: its own detector.
    demo_detector = Path(__file__).resolve().parents[1] / "sample_clips" / "demo_detector.pt"
    sample_match(demo_detector)
    carried_calibration_and_kick(demo_detector)
    found_pitch()


if __name__ == "__main__":
    main()
