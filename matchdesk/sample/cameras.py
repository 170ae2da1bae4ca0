"""Virtual pinhole cameras filming the sample match: a wide and a tight camera on the main stand,
and a fixed camera high behind the Away goal."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchdesk.sample.scenario import FloatArray, Scenario

WIDTH, HEIGHT = 960, 540


@dataclass(frozen=True)
class CameraSpec:
    """Where a camera stands and how it frames the play.

    Attributes:
        name: file stem, e.g. ``cam1_wide``.
        label: shown in the picture.
        position: camera centre in pitch metres (x, y, z).
        horizontal_fov_deg: field of view across the picture.
        follow: how much the camera aims at the ball (0: fixed on ``aim``, 1: on the ball).
        aim: the fixed aiming point (x, y) when not following.
        start_frame: the match frame this camera's file starts at.
        frames: how many frames its file holds.
    """

    name: str
    label: str
    position: tuple[float, float, float]
    horizontal_fov_deg: float
    follow: float
    aim: tuple[float, float]
    start_frame: int
    frames: int = 300


CAMERAS = (
    CameraSpec("cam1_wide", "CAM 1 WIDE", (52.5, -32.0, 24.0), 52.0, 0.85, (60.0, 34.0), start_frame=0),
    CameraSpec("cam2_tight", "CAM 2 TIGHT", (52.5, -30.0, 20.0), 19.0, 1.0, (70.0, 34.0), start_frame=23),
    CameraSpec(
        "cam3_behind_goal", "CAM 3 GOAL", (121.0, 34.0, 14.0), 62.0, 0.0, (78.0, 34.0), start_frame=47
    ),
)


@dataclass(frozen=True)
class CameraPose:
    """Intrinsics and pose of one camera at one frame; ``R @ (P - centre)`` is camera space."""

    K: FloatArray
    R: FloatArray
    centre: FloatArray

    def project(self, points: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Pixel positions ``(n, 2)`` and depths ``(n,)`` of pitch points ``(n, 3)``."""
        camera = (points - self.centre) @ self.R.T
        depth = camera[:, 2]
        pixels = camera[:, :2] / depth[:, None] * self.K[0, 0] + self.K[:2, 2]
        return pixels, depth

    def ground_homography(self) -> FloatArray:
        """The 3×3 map from pitch metres (x, y, 1) on the grass to pixels."""
        columns = np.column_stack([self.R[:, 0], self.R[:, 1], -self.R @ self.centre])
        homography = self.K @ columns
        result: FloatArray = homography / homography[2, 2]
        return result


def _smoothed_ball(scenario: Scenario, window: int) -> FloatArray:
    # A camera operator does not follow every touch: a moving average of the ball, edge-padded.
    xy = scenario.ball[:, :2]
    padded = np.pad(xy, ((window, window), (0, 0)), mode="edge")
    kernel = np.ones(2 * window + 1) / (2 * window + 1)
    return np.column_stack(
        [np.convolve(padded[:, 0], kernel, "valid"), np.convolve(padded[:, 1], kernel, "valid")]
    )


def camera_poses(spec: CameraSpec, scenario: Scenario) -> list[CameraPose]:
    """The pose of ``spec`` at each of its own frames."""
    focal = (WIDTH / 2) / np.tan(np.radians(spec.horizontal_fov_deg) / 2)
    intrinsics = np.array([[focal, 0, WIDTH / 2], [0, focal, HEIGHT / 2], [0, 0, 1]])
    ball = _smoothed_ball(scenario, window=12)
    centre = np.array(spec.position, dtype=np.float64)
    poses = []
    for own_frame in range(spec.frames):
        match_frame = spec.start_frame + own_frame
        aim = np.array(spec.aim) * (1 - spec.follow) + ball[match_frame] * spec.follow
        poses.append(CameraPose(intrinsics, _look_at(centre, np.array([aim[0], aim[1], 0.0])), centre))
    return poses


def _look_at(centre: FloatArray, target: FloatArray) -> FloatArray:
    forward = target - centre
    forward /= np.linalg.norm(forward)
    right = np.cross(forward, [0.0, 0.0, 1.0])
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    return np.stack([right, down, forward])
