"""Exporting a YOLO-format dataset from the sample match's pictures and ground truth.

Images are the cameras' own frames (every ``stride``-th); labels are the ground-truth boxes of
players, goalkeepers, the referee and the ball. Every ``val_every``-th exported frame goes to the
validation split, so validation frames are spread over the whole match.

The ball is a 4-8 px dot in these cameras, under the 8-px stride of YOLO's finest feature map. With
``ball_crops`` each frame also gives two square crops enlarged that many times, as the ball pass
(``tracking.ball``) shows the pitch to the model: one holding the ball somewhere inside, and one
anywhere, so that penalty spots and line ends are seen enlarged and not taken for the ball.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pandas as pd

from matchdesk.sample.match import SampleMatch
from tracking.tracks import CLASSES
from var.media import open_video

logger = logging.getLogger(__name__)


def export_sample_dataset(
    sample: SampleMatch,
    out: Path,
    stride: int = 3,
    val_every: int = 5,
    on_image: Callable[[int], None] | None = None,
    ball_crops: float = 0.0,
    crop_side: int = 480,
) -> Path:
    """Write ``out/images/{train,val}``, ``out/labels/{train,val}`` and ``out/data.yaml`` (returned).

    ``ball_crops``: also write, per frame, two ``crop_side``-px crops (around the ball, and anywhere)
    enlarged this many times (0: none).
    """
    if stride < 1 or val_every < 2:
        raise ValueError("stride must be >= 1 and val_every >= 2")
    if ball_crops and ball_crops < 1:
        raise ValueError("ball crops are enlarged 1 or more times")
    random = np.random.default_rng(7)
    truth = sample.ground_truth
    written = 0
    for camera in sample.manifest["cameras"]:
        name = camera["name"]
        rows = truth[(truth.camera == name) & truth.visible]
        width, height = camera["width"], camera["height"]
        with open_video(sample.camera_path(name), read_ahead=0) as video:
            for own in range(0, video.info.frame_count, stride):
                split = "val" if (own // stride) % val_every == val_every - 1 else "train"
                stem = f"{name}_{own:05d}"
                image_dir, label_dir = out / "images" / split, out / "labels" / split
                image_dir.mkdir(parents=True, exist_ok=True)
                label_dir.mkdir(parents=True, exist_ok=True)
                picture = np.asarray(video.frame(own))
                objects = rows[rows.camera_frame == own]
                _write_example(picture, objects, image_dir / f"{stem}.jpg", label_dir / f"{stem}.txt")
                written += 1
                ball = objects[objects.kind == "ball"]
                if ball_crops and len(ball):
                    side = min(crop_side, width, height)
                    anywhere = (
                        int(random.integers(0, width - side + 1)),
                        int(random.integers(0, height - side + 1)),
                    )
                    for suffix, (x, y) in (
                        ("ball", _crop_around(ball.iloc[0], side, (width, height), random)),
                        ("any", anywhere),  # penalty spots and line ends, which are not the ball
                    ):
                        crop = picture[y : y + side, x : x + side]
                        enlarged: npt.NDArray[np.uint8] = cv2.resize(
                            crop, None, fx=ball_crops, fy=ball_crops, interpolation=cv2.INTER_LINEAR
                        ).astype(np.uint8)
                        moved = objects.assign(
                            x1=(objects.x1 - x) * ball_crops,
                            x2=(objects.x2 - x) * ball_crops,
                            y1=(objects.y1 - y) * ball_crops,
                            y2=(objects.y2 - y) * ball_crops,
                        )
                        _write_example(
                            enlarged,
                            moved,
                            image_dir / f"{stem}_{suffix}.jpg",
                            label_dir / f"{stem}_{suffix}.txt",
                        )
                        written += 1
                if on_image is not None:
                    on_image(written)
    data = out / "data.yaml"
    names = "\n".join(f"  {index}: {name}" for index, name in enumerate(CLASSES))
    data.write_text(f"path: {out.resolve()}\ntrain: images/train\nval: images/val\nnames:\n{names}\n")
    logger.info("exported %d images to %s", written, out)
    return data


def _crop_around(
    ball: pd.Series, side: int, frame_size: tuple[int, int], random: np.random.Generator
) -> tuple[int, int]:
    """A crop origin putting the ball at a random place inside the crop, at least 16 px from its edges."""
    width, height = frame_size
    cx, cy = (ball.x1 + ball.x2) / 2, (ball.y1 + ball.y2) / 2
    margin = min(16, side // 4)
    x = int(np.clip(cx - random.uniform(margin, side - margin), 0, width - side))
    y = int(np.clip(cy - random.uniform(margin, side - margin), 0, height - side))
    return x, y


def _write_example(picture: npt.NDArray[np.uint8], objects: pd.DataFrame, image: Path, label: Path) -> None:
    """The picture as JPEG and its objects as YOLO labels (boxes mostly outside the picture left out)."""
    height, width = picture.shape[:2]
    cv2.imwrite(str(image), cv2.cvtColor(picture, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 95])
    lines = []
    for row in objects.itertuples():
        if row.kind not in CLASSES:
            continue
        x1, x2 = np.clip([row.x1, row.x2], 0, width)
        y1, y2 = np.clip([row.y1, row.y2], 0, height)
        whole = (row.x2 - row.x1) * (row.y2 - row.y1)
        if x2 - x1 < 2 or y2 - y1 < 2 or (x2 - x1) * (y2 - y1) < 0.6 * whole:
            continue
        cx, cy = (x1 + x2) / 2 / width, (y1 + y2) / 2 / height
        w, h = (x2 - x1) / width, (y2 - y1) / height
        lines.append(f"{CLASSES.index(row.kind)} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}")
    label.write_text("\n".join(lines) + ("\n" if lines else ""))
