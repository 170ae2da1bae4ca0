"""How good are the tracks? Detection precision and recall, HOTA, MOTA, IDF1, position error.

HOTA comes from ``trackeval`` and MOTA/IDF1 from ``motmetrics`` (the reference implementations),
fed with our boxes matched by IoU. Ground truth is either the sample match's ``ground_truth.parquet``
(boxes, identities and pitch positions for every frame of every camera) or an annotation JSON like
``../shared/clips/annotations/*.json`` (boxes on some frames, no identities, and the field of play's
outline: someone found outside it, a steward, photographer or substitute, is not a player and counts
as a false positive; how many of those there were is reported apart).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import linear_sum_assignment

from matchdesk.errors import MatchdeskError
from tracking.tracks import CLASS_CODES, Tracks

PEOPLE = ("player", "goalkeeper", "referee")
MATCH_IOU = 0.5


@dataclass(frozen=True)
class GroundTruthFrame:
    ids: npt.NDArray[np.int64]
    boxes: npt.NDArray[np.float64]
    pitch_xy: npt.NDArray[np.float64] | None
    ball: npt.NDArray[np.float64] | None  # the ball's box when it is visible
    field: npt.NDArray[np.float32] | None = None  # the field of play's outline in the picture


@dataclass(frozen=True)
class GroundTruth:
    frames: dict[int, GroundTruthFrame]  # display frame index -> people (and ball) in it
    has_ids: bool


def load_ground_truth(path: Path, camera: str | None = None) -> GroundTruth:
    """The sample match's Parquet (pick ``camera``) or an annotation JSON (frames numbered from 1)."""
    if not path.exists():
        raise MatchdeskError("ground truth file not found", path)
    if path.suffix == ".parquet":
        table = pd.read_parquet(path)
        cameras = sorted(table.camera.unique())
        if camera is None and len(cameras) == 1:
            camera = cameras[0]
        if camera not in cameras:
            raise MatchdeskError(f"name the camera with --camera, one of: {', '.join(cameras)}", path)
        table = table[(table.camera == camera) & table.visible]
        frames = {}
        for frame, rows in table.groupby("camera_frame"):
            people = rows[rows.kind.isin(PEOPLE)]
            ball = rows[rows.kind == "ball"]
            frames[int(frame)] = GroundTruthFrame(
                people.object_id.to_numpy(np.int64),
                people[["x1", "y1", "x2", "y2"]].to_numpy(np.float64),
                people[["pitch_x", "pitch_y"]].to_numpy(np.float64),
                ball[["x1", "y1", "x2", "y2"]].to_numpy(np.float64)[0] if len(ball) else None,
            )
        return GroundTruth(frames, has_ids=True)
    try:
        annotation = json.loads(path.read_text())
        frames = {}
        for entry in annotation["frames"]:
            boxes = []
            for player in entry["players"]:
                (ax, ay), (bx, by) = player["position"]
                boxes.append([min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)])
            field = np.array(entry["field"], np.float32).reshape(-1, 2) if entry.get("field") else None
            frames[int(entry["frame"]) - 1] = GroundTruthFrame(
                np.arange(len(boxes)), np.array(boxes).reshape(-1, 4), None, None, field
            )
    except (ValueError, KeyError, TypeError) as error:
        raise MatchdeskError(f"not a ground truth file this tool reads ({error})", path) from error
    return GroundTruth(frames, has_ids=False)


def _inside(polygon: npt.NDArray[np.float32], x: float, y: float) -> bool:
    return bool(cv2.pointPolygonTest(polygon, (float(x), float(y)), False) >= 0)


def iou_matrix(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    x1 = np.maximum(a[:, None, 0], b[None, :, 0])
    y1 = np.maximum(a[:, None, 1], b[None, :, 1])
    x2 = np.minimum(a[:, None, 2], b[None, :, 2])
    y2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area_a = (a[:, 2] - a[:, 0]) * (a[:, 3] - a[:, 1])
    area_b = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
    return np.asarray(inter / (area_a[:, None] + area_b[None, :] - inter + 1e-9))


def whose(boxes: Tracks, truth: pd.DataFrame) -> npt.NDArray[np.int64]:
    """For each of ``boxes``, the truth's object its box overlaps most on the same frame (``truth``:
    rows of ``camera_frame``, ``object_id`` and ``x1..y2``, as the sample's ground truth); -1 where no
    object is seen on that frame."""
    owners = np.full(len(boxes), -1, np.int64)
    by_frame = dict(tuple(truth.groupby("camera_frame")))
    for frame in np.unique(boxes.frame):
        there = by_frame.get(frame)
        rows = np.flatnonzero(boxes.frame == frame)
        if there is None or len(there) == 0:
            continue
        overlap = iou_matrix(boxes.xyxy[rows].astype(float), there[["x1", "y1", "x2", "y2"]].to_numpy(float))
        owners[rows] = there.object_id.to_numpy()[overlap.argmax(axis=1)]
    return owners


def evaluate(tracks: Tracks, truth: GroundTruth) -> dict[str, Any]:
    """Scores of ``tracks`` on the frames ``truth`` covers."""
    people = tracks[np.isin(tracks.cls, [CLASS_CODES[c] for c in PEOPLE])]
    true_positives = false_positives = false_negatives = off_pitch = 0
    position_errors: list[float] = []
    hota_input: dict[str, Any] = {"gt_ids": [], "tracker_ids": [], "similarity_scores": []}
    import motmetrics

    accumulator = motmetrics.MOTAccumulator(auto_id=True)
    ball_visible = ball_found = 0
    balls = tracks[tracks.cls == CLASS_CODES["ball"]]
    for frame in sorted(truth.frames):
        expected = truth.frames[frame]
        found = people[people.frame == frame]
        overlap = iou_matrix(expected.boxes, found.xyxy.astype(np.float64))
        rows, cols = (
            linear_sum_assignment(-overlap) if overlap.size else (np.array([], int), np.array([], int))
        )
        matched = [(r, c) for r, c in zip(rows, cols, strict=True) if overlap[r, c] >= MATCH_IOU]
        if expected.field is not None:
            # Someone found off the field of play (a substitute, a ball boy) is a false positive too.
            players = {c for _, c in matched}
            off_pitch += sum(
                1
                for c, (x, y) in enumerate(found.feet)
                if c not in players and not _inside(expected.field, x, y)
            )
        true_positives += len(matched)
        false_positives += len(found) - len(matched)
        false_negatives += len(expected.boxes) - len(matched)
        if expected.pitch_xy is not None:
            for r, c in matched:
                if not np.isnan(found.pitch_xy[c]).any():
                    position_errors.append(float(np.linalg.norm(found.pitch_xy[c] - expected.pitch_xy[r])))
        hota_input["gt_ids"].append(expected.ids)
        hota_input["tracker_ids"].append(found.track_id)
        hota_input["similarity_scores"].append(overlap)
        accumulator.update(
            list(expected.ids), list(found.track_id), np.where(overlap >= MATCH_IOU, 1 - overlap, np.nan)
        )
        if expected.ball is not None:
            ball_visible += 1
            here = balls[balls.frame == frame]
            if len(here) and iou_matrix(expected.ball[None], here.xyxy.astype(np.float64)).max() >= 0.1:
                ball_found += 1
    scores: dict[str, Any] = {
        "frames": len(truth.frames),
        "precision": true_positives / max(1, true_positives + false_positives),
        "recall": true_positives / max(1, true_positives + false_negatives),
        "true_positives": true_positives,
        "false_positives": false_positives,
        "false_negatives": false_negatives,
        "off_pitch_false_positives": off_pitch,
    }
    if truth.has_ids:
        scores |= _identity_scores(hota_input, accumulator)
    if position_errors:
        scores["position_error_m"] = float(np.mean(position_errors))
    if ball_visible:
        scores["ball_found_share"] = ball_found / ball_visible
    return scores


def _identity_scores(hota_input: dict[str, Any], accumulator: Any) -> dict[str, float]:
    import motmetrics

    try:
        from trackeval.metrics import HOTA
    except ImportError as error:
        raise MatchdeskError(
            'HOTA needs trackeval: python -m pip install --no-deps "trackeval>=1.3"'
        ) from error

    gt_all = np.unique(np.concatenate(hota_input["gt_ids"])) if hota_input["gt_ids"] else np.array([])
    tracker_all = (
        np.unique(np.concatenate(hota_input["tracker_ids"])) if hota_input["tracker_ids"] else np.array([])
    )
    gt_index = {int(v): i for i, v in enumerate(gt_all)}
    tracker_index = {int(v): i for i, v in enumerate(tracker_all)}
    data = {
        "num_timesteps": len(hota_input["gt_ids"]),
        "num_gt_ids": len(gt_all),
        "num_tracker_ids": len(tracker_all),
        "num_gt_dets": int(sum(len(i) for i in hota_input["gt_ids"])),
        "num_tracker_dets": int(sum(len(i) for i in hota_input["tracker_ids"])),
        "gt_ids": [np.array([gt_index[int(v)] for v in ids], dtype=int) for ids in hota_input["gt_ids"]],
        "tracker_ids": [
            np.array([tracker_index[int(v)] for v in ids], dtype=int) for ids in hota_input["tracker_ids"]
        ],
        "similarity_scores": hota_input["similarity_scores"],
    }
    hota = HOTA().eval_sequence(data)
    summary = motmetrics.metrics.create().compute(accumulator, metrics=["mota", "idf1"], name="tracks")
    return {
        "HOTA": float(np.mean(hota["HOTA"])),
        "DetA": float(np.mean(hota["DetA"])),
        "AssA": float(np.mean(hota["AssA"])),
        "MOTA": float(summary["mota"].iloc[0]),
        "IDF1": float(summary["idf1"].iloc[0]),
    }
