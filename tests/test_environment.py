"""The installed set is the one the brief chose: headless OpenCV only, and a torch ultralytics can use."""

from __future__ import annotations

import importlib.metadata

import numpy as np

from tests.conftest import shared_file


def installed(name: str) -> bool:
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def test_only_headless_opencv_is_installed_so_it_cannot_clash_with_pyqt6() -> None:
    assert installed("opencv-python-headless")
    assert not installed("opencv-python")
    assert not installed("ultralytics")  # the plain distribution depends on opencv-python
    assert installed("ultralytics-opencv-headless")


def test_torch_and_torchvision_load_together() -> None:
    import torch
    import torchvision

    assert (
        torch.__version__ != "2.13.0"
    )  # the local CPU build that the registry's torchvision cannot load with
    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 10.0, 10.0]])
    kept = torchvision.ops.nms(boxes, torch.tensor([0.9, 0.8]), 0.5)
    assert kept.tolist() == [0]


def test_the_real_yolo_pose_weights_run_on_the_cpu() -> None:
    weights = shared_file("models/yolo11n-pose.pt")
    from ultralytics import YOLO

    model = YOLO(str(weights))
    result = model.predict(np.zeros((320, 320, 3), dtype=np.uint8), device="cpu", verbose=False)[0]
    assert model.names[0] == "person"
    assert result.keypoints is not None
