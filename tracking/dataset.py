"""Exporting a YOLO-format dataset from the sample match's pictures and ground truth.

Images are the cameras' own frames (every ``stride``-th); labels are the ground-truth boxes of
players, goalkeepers, the referee and the ball. Every ``val_every``-th exported frame goes to the
validation split, so validation frames are spread over the whole match.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

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
) -> Path:
    """Write ``out/images/{train,val}``, ``out/labels/{train,val}`` and ``out/data.yaml`` (returned)."""
    if stride < 1 or val_every < 2:
        raise ValueError("stride must be >= 1 and val_every >= 2")
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
                cv2.imwrite(
                    str(image_dir / f"{stem}.jpg"),
                    cv2.cvtColor(picture, cv2.COLOR_RGB2BGR),
                    [cv2.IMWRITE_JPEG_QUALITY, 95],
                )
                lines = []
                for row in rows[rows.camera_frame == own].itertuples():
                    if row.kind not in CLASSES or row.x2 - row.x1 < 2 or row.y2 - row.y1 < 2:
                        continue
                    cx, cy = (row.x1 + row.x2) / 2 / width, (row.y1 + row.y2) / 2 / height
                    w, h = (row.x2 - row.x1) / width, (row.y2 - row.y1) / height
                    lines.append(f"{CLASSES.index(row.kind)} {cx:.6f} {cy:.6f} {w:.6f} {h:.6f}")
                (label_dir / f"{stem}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
                written += 1
                if on_image is not None:
                    on_image(written)
    data = out / "data.yaml"
    names = "\n".join(f"  {index}: {name}" for index, name in enumerate(CLASSES))
    data.write_text(f"path: {out.resolve()}\ntrain: images/train\nval: images/val\nnames:\n{names}\n")
    logger.info("exported %d images to %s", written, out)
    return data
