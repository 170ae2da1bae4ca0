"""Fine-tuning Ultralytics YOLO on a YOLO-format dataset, on whatever machine there is.

Ultralytics cannot download weights here, so the starting point is a weights file the user has
(``../shared/models/yolo11n-pose.pt`` on this project's machines): its backbone and neck are
transferred into a detection model of the same size, whose head learns our four classes.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)


def train_detector(
    data_yaml: Path,
    start_from: Path,
    out: Path,
    epochs: int = 40,
    hours: float | None = None,
    image_size: int = 640,
    work_dir: Path | None = None,
) -> Path:
    """Train, then copy the best weights to ``out``; returns ``out``."""
    if not data_yaml.is_file():
        raise MatchdeskError("dataset description (data.yaml) not found", data_yaml)
    if not start_from.is_file():
        raise MatchdeskError("starting weights not found", start_from)
    from ultralytics import YOLO

    model = YOLO("yolo11n.yaml")
    runs = work_dir or out.parent / "training-runs"
    arguments = {
        "data": str(data_yaml),
        "epochs": epochs,
        "imgsz": image_size,
        "batch": 8,
        "workers": 2,
        "device": "cpu",
        "pretrained": str(start_from),
        "project": str(runs),
        "name": out.stem,
        "exist_ok": True,
        "plots": False,
        "amp": False,
        "verbose": False,
        "close_mosaic": 5,
    }
    if hours is not None:
        arguments["time"] = hours
    model.train(**arguments)
    best = runs / out.stem / "weights" / "best.pt"
    if not best.exists():
        raise MatchdeskError("training produced no weights", runs)
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(best, out)
    logger.info("trained weights written to %s", out)
    return out
