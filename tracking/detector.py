"""Detection with any Ultralytics weights, tiled only where players are too small for the model.

Broadcast footage shows players 20-150 px tall; a 640-px model sees a 1080p frame shrunk three
times and finds almost none. Tiled inference cuts the pitch into overlapping squares, enlarges each
so that a typical player is about 140 px tall, runs them as one batch and merges the boxes. Tiles
with no grass in them (stands, sky, score bugs) are skipped. When players are already large
enough (close-ups, training drills), the whole frame goes through the model once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from tracking.classes import class_map
from tracking.pitch_edge import FieldOfPlay
from tracking.tiles import MAX_SCALE, Picture, Tile, TilePlan, perspective_rows, pitch_tiles
from tracking.tracks import CLASS_CODES, KEYPOINTS, Tracks
from tracking.ultralytics_logs import ultralytics_to_stderr

logger = logging.getLogger(__name__)

TARGET_PLAYER_PX = 140.0  # how tall the model sees a player best (COCO person sizes)
WELL_SEEN_PX = 40.0  # people this tall in the model's input are found without tiles
SAME_ROWS = 0.08  # two boxes whose tops and feet are this share of a height apart are one person
MAX_PERSON_ASPECT = 4.5  # the tallest a person's box is for its width (a side-on sprinter: ~4)


class Detector:
    """Loads weights once; ``detect`` returns a frame's detections as ``Tracks`` (frame 0, no ids)."""

    def __init__(
        self,
        weights: Path,
        confidence: float = 0.25,
        device: str = "cpu",
        engine: str = "auto",
        target_player_px: float = TARGET_PLAYER_PX,
        perspective: bool = True,
    ) -> None:
        """``engine``: "openvino" (a cached OpenVINO export of .pt weights, ~2.7x faster on a CPU), "torch",
        or "auto" (OpenVINO when it is installed and the weights are .pt). ``target_player_px``: how
        tall tiles enlarge the median player (taller finds more distant players, with more tiles).
        ``perspective``: rows of tiles sized to the players at each height of the picture (fewer tiles,
        each player in one or two); False: one even grid, where each player is in two to four tiles,
        for a single frame that must not miss anyone."""
        self.weights = weights
        if not weights.exists():
            raise MatchdeskError("weights file not found", weights)
        if engine not in ("auto", "openvino", "torch"):
            raise ValueError("engine is 'auto', 'openvino' or 'torch'")
        self.model: Any = _load(weights)
        self.classes = class_map(dict(self.model.names), weights)
        self.confidence = confidence
        self.device = device
        self.target_player_px = target_player_px
        self.perspective = perspective
        self.input_size = _input_size(self.model)
        if engine == "auto":
            engine = "openvino" if weights.suffix == ".pt" and _openvino_available() else "torch"
        self.engine = engine if weights.suffix == ".pt" else weights.suffix.lstrip(".") or "openvino"
        self._by_size: dict[int, Any] = {}

    def _model_for(self, size: int) -> Any:
        """The model run at ``size`` pixels: the weights as given, or their OpenVINO export for that size."""
        if self.engine != "openvino" or self.weights.suffix != ".pt":
            return self.model
        if size not in self._by_size:
            from tracking.accelerate import openvino_model

            self._by_size[size] = _load(openvino_model(self.weights, size), task=self.model.task)
        return self._by_size[size]

    # --- planning ---------------------------------------------------------------------------

    def plan(self, picture: Picture) -> tuple[TilePlan | None, Tracks]:
        """Tiles for this footage (None when whole frames already find the players), and what the
        players' pass finds in ``picture`` with them.

        Tiling is used where it is needed and nowhere else: only when a tiled probe finds clearly more
        people than the whole frame does (a model trained on small players needs no tiles; COCO
        models on broadcast footage do).
        """
        whole = self.detect(picture, None)
        found = whole[whole.cls != CLASS_CODES["ball"]]
        whole_people = len(found)
        shrink = self.input_size / max(picture.shape[:2])
        heights = found.xyxy[:, 3] - found.xyxy[:, 1]
        if whole_people >= 3 and float(np.median(heights)) * shrink >= WELL_SEEN_PX:
            logger.info("players are large enough for whole frames: no tiles")
            return None, whole
        probe = TilePlan(tile=max(160, self.input_size // 2), scale=2.0, overlap=self.input_size // 8)
        measured = self.detect(picture, probe)
        people = measured[measured.cls != CLASS_CODES["ball"]]
        if len(people) < max(whole_people * 1.5, whole_people + 3):
            logger.info("whole frames find the players (%d, tiles %d): no tiles", whole_people, len(people))
            return None, whole
        # The players' sizes, not the crowd's: people in the stands stand where the pitch's far side
        # would, a third as tall as the players there, and tiles sized to them cut the players in two.
        on_field = people[FieldOfPlay.of_picture(picture).on_the_field(people.xyxy)]
        people = on_field if len(on_field) >= 3 else people
        sizes: npt.NDArray[np.float64] = np.asarray(people.xyxy[:, 3] - people.xyxy[:, 1], np.float64)
        feet: npt.NDArray[np.float64] = np.asarray(people.xyxy[:, 3], np.float64)
        median = float(np.median(sizes))
        scale = float(np.clip(self.target_player_px / max(median, 1.0), 1.0, MAX_SCALE))
        tile = int(self.input_size / scale)
        frame_size = (picture.shape[1], picture.shape[0])
        rows = (
            perspective_rows(feet, sizes, frame_size, self.input_size, self.target_player_px)
            if self.perspective
            else ()
        )
        # Neighbours overlap by more than the tallest player, so each is whole in some tile.
        tallest = float(np.percentile(sizes, 95))
        plan = TilePlan(tile=tile, scale=scale, overlap=min(tile // 2, int(tallest * 1.2)), rows=rows)
        logger.info("players ~%.0f px tall: %s", median, plan.describe())
        return plan, self.detect(picture, plan)

    # --- detecting --------------------------------------------------------------------------

    def detect(self, picture: Picture, plan: TilePlan | None) -> Tracks:
        if plan is None:
            return self._predict([picture], [(0, 0)], self.input_size, picture.shape[:2], edge_margin=None)
        return self.detect_tiles(picture, plan, pitch_tiles(picture, plan))

    def detect_tiles(
        self,
        picture: Picture,
        plan: TilePlan,
        tiles: list[Tile],
        confidence: float | None = None,
    ) -> Tracks:
        """Detections in ``tiles`` of ``plan``, each enlarged to the plan's model size, in frame pixels."""
        crops = [picture[y : y + side, x : x + side] for x, y, side in tiles]
        frame_shape = (picture.shape[0], picture.shape[1])
        origins = [(x, y) for x, y, _ in tiles]
        return self._predict(
            crops, origins, plan.model_size, frame_shape, edge_margin=3, confidence=confidence
        )

    def _predict(
        self,
        crops: list[Picture],
        origins: list[tuple[int, int]],
        size: int,
        frame_shape: tuple[int, int],
        edge_margin: int | None,
        confidence: float | None = None,
    ) -> Tracks:
        if not crops:
            return Tracks.empty()
        results = self._model_for(size).predict(
            [c[..., ::-1] for c in crops],
            imgsz=size,
            conf=self.confidence if confidence is None else confidence,
            device=self.device,
            verbose=False,
            classes=sorted(self.classes),
        )
        boxes, scores, codes, points, cut = [], [], [], [], []
        height, width = frame_shape
        for result, crop, (x0, y0) in zip(results, crops, origins, strict=True):
            if result.boxes is None or len(result.boxes) == 0:
                continue
            xyxy = result.boxes.xyxy.cpu().numpy()
            keypoints = result.keypoints.data.cpu().numpy() if result.keypoints is not None else None
            for row, (box, score, cls) in enumerate(
                zip(
                    xyxy,
                    result.boxes.conf.cpu().numpy(),
                    result.boxes.cls.cpu().numpy().astype(int),
                    strict=True,
                )
            ):
                cut.append(
                    edge_margin is not None
                    and _cut_by_tile_edge(box, crop.shape, (x0, y0), (height, width), edge_margin)
                )
                boxes.append(box + [x0, y0, x0, y0])
                scores.append(float(score))
                codes.append(self.classes[int(cls)])
                if keypoints is not None and keypoints.shape[1] == KEYPOINTS:
                    points.append(keypoints[row] + [x0, y0, 0])
                else:
                    points.append(np.full((KEYPOINTS, 3), np.nan))
        if not boxes:
            return Tracks.empty()
        xyxy, conf, cls, keypoints = _merge(
            np.array(boxes), np.array(scores), np.array(codes), np.array(points), np.array(cut, bool), width
        )
        return Tracks.build(
            frame=np.zeros(len(xyxy), np.int64), xyxy=xyxy, conf=conf, cls=cls, keypoints=keypoints
        )


def _load(weights: Path, task: str | None = None) -> Any:
    from ultralytics import YOLO  # heavy: loaded only to detect

    ultralytics_to_stderr()
    try:
        model = YOLO(str(weights), task=task)
        dict(model.names)
    except Exception as error:  # ultralytics raises many kinds for a bad file
        raise MatchdeskError(f"not usable Ultralytics weights ({error})", weights) from error
    model.add_callback("on_predict_start", _without_warm_up)
    if weights.is_dir() and any(weights.glob("*.xml")):  # an OpenVINO model
        from tracking.accelerate import in_full_precision

        return in_full_precision(model, weights)
    return model


def _without_warm_up(predictor: Any) -> None:
    """Ultralytics warms a model up by running a blank picture through it, and imports torchvision
    there only so that its non-maximum suppression is torchvision's: 2 s of every command that detects
    (torchvision's ops import torch's compiler). Its own suppression keeps the same boxes
    (``ultralytics.utils.nms.TorchNMS``, "matches torchvision behavior exactly"; the offside clips'
    results were compared, identical)."""
    predictor.done_warmup = True


def _input_size(model: Any) -> int:
    """The square input size the weights were trained or exported at (640 when they do not say)."""
    size = getattr(model, "overrides", {}).get("imgsz") or 640
    return int(size[0] if isinstance(size, (list, tuple)) else size)


def _openvino_available() -> bool:
    try:
        import openvino  # noqa: F401
    except ImportError:
        return False
    return True


def _cut_by_tile_edge(
    box: npt.NDArray[np.float32],
    crop_shape: tuple[int, ...],
    origin: tuple[int, int],
    frame_shape: tuple[int, int],
    margin: int,
) -> bool:
    """A box touching a tile edge that is not also the frame's edge is a player cut in two."""
    x0, y0 = origin
    crop_h, crop_w = crop_shape[:2]
    height, width = frame_shape
    return bool(
        (box[0] <= margin and x0 > 0)
        or (box[1] <= margin and y0 > 0)
        or (box[2] >= crop_w - margin and x0 + crop_w < width)
        or (box[3] >= crop_h - margin and y0 + crop_h < height)
    )


def _merge(
    boxes: npt.NDArray[np.float64],
    scores: npt.NDArray[np.float64],
    codes: npt.NDArray[np.int64],
    points: npt.NDArray[np.float64],
    cut: npt.NDArray[np.bool_],
    frame_width: int,
) -> tuple[npt.NDArray[Any], ...]:
    """Boxes found in overlapping tiles, merged: whole boxes by class-aware non-maximum suppression,
    and a box found twice kept once; a box cut by a tile edge is dropped when a kept box covers it,
    and the pieces of a player no tile saw whole are joined into one box. Boxes far taller than a
    person for their width are dropped, unless the picture's side cuts them."""
    whole = np.flatnonzero(~cut)
    kept = [int(k) for k in whole[_nms(boxes[whole], scores[whole], codes[whole])]]
    kept = [k for k in kept if not any(_double(boxes[k], boxes[o]) for o in kept if scores[o] > scores[k])]
    pieces = [int(i) for i in np.flatnonzero(cut) if not any(_covered(boxes[i], boxes[k]) for k in kept)]
    joined: list[list[int]] = []
    for i in sorted(pieces, key=lambda i: -scores[i]):
        group = next(
            (
                g
                for g in joined
                if codes[g[0]] == codes[i]
                and _same_player(boxes[g], boxes[i])
                and _person_shaped([*g, i], boxes, frame_width)
            ),
            None,
        )
        if group is None:
            joined.append([i])
        else:
            group.append(i)
    groups = [g for g in [[k] for k in kept] + joined if _person_shaped(g, boxes, frame_width)]
    best = [g[0] for g in groups]  # the highest-scoring member speaks for the group
    return (
        np.array(
            [np.concatenate([boxes[g, :2].min(axis=0), boxes[g, 2:].max(axis=0)]) for g in groups]
        ).reshape(-1, 4),
        scores[best],
        codes[best],
        points[best].reshape(-1, KEYPOINTS, 3),
    )


def _nms(
    boxes: npt.NDArray[np.float64], scores: npt.NDArray[np.float64], codes: npt.NDArray[np.int64]
) -> list[int]:
    """Class-aware non-maximum suppression."""
    if len(boxes) == 0:
        return []
    xywh = np.column_stack([boxes[:, 0], boxes[:, 1], boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]])
    kept = cv2.dnn.NMSBoxesBatched(xywh.tolist(), scores.tolist(), codes.tolist(), 0.0, 0.5)
    return sorted(int(i) for i in np.array(kept).reshape(-1))


def _covered(piece: npt.NDArray[np.float64], box: npt.NDArray[np.float64], share: float = 0.6) -> bool:
    """Most of ``piece`` lies inside ``box``."""
    width = min(piece[2], box[2]) - max(piece[0], box[0])
    height = min(piece[3], box[3]) - max(piece[1], box[1])
    area = (piece[2] - piece[0]) * (piece[3] - piece[1])
    return bool(width > 0 and height > 0 and width * height >= share * max(area, 1e-6))


def _double(box: npt.NDArray[np.float64], other: npt.NDArray[np.float64]) -> bool:
    """``box`` is ``other`` found a second time, narrower: it lies inside it from the same head to the
    same feet (a player standing behind another is shorter, or stands on another row)."""
    height = other[3] - other[1]
    return (
        _covered(box, other, share=0.85)
        and abs(box[1] - other[1]) <= SAME_ROWS * height
        and abs(box[3] - other[3]) <= SAME_ROWS * height
    )


def _person_shaped(group: list[int], boxes: npt.NDArray[np.float64], frame_width: int) -> bool:
    """Boxes that together are no taller than a person can be for their width (two players, one
    above the other in the picture, are not one), or that the picture's side cuts."""
    x1, y1 = boxes[group, :2].min(axis=0)
    x2, y2 = boxes[group, 2:].max(axis=0)
    at_the_side = x1 <= 2 or x2 >= frame_width - 2
    return bool(at_the_side or y2 - y1 <= MAX_PERSON_ASPECT * max(x2 - x1, 1.0))


def _same_player(group: npt.NDArray[np.float64], piece: npt.NDArray[np.float64]) -> bool:
    """``piece`` touches a piece already in ``group`` and overlaps it by most of its width or height."""
    for box in group:
        across = min(piece[2], box[2]) - max(piece[0], box[0])
        along = min(piece[3], box[3]) - max(piece[1], box[1])
        narrow = min(piece[2] - piece[0], box[2] - box[0])
        tall = min(piece[3] - piece[1], box[3] - box[1])
        if (across >= 0.5 * narrow and along >= -2) or (along >= 0.5 * tall and across >= -2):
            return True
    return False
