"""Rendering the sample match to ``sample_clips/`` and reading its ground truth back.

Three MP4s (one per camera, each starting at a different match moment, each with sound), plus:
``match.json`` (cameras and their offsets, people, scripted events), ``ground_truth.parquet`` (per
camera frame and object: pitch position and box) and ``homographies.parquet`` (per camera frame:
the 3×3 map from pitch metres to pixels). ``matchdesk sample render`` regenerates all of it; the
same code always gives the same pictures, sound and tables: thread counts that would otherwise
follow the machine (OpenCV's, x264's) are fixed. Numeric libraries may still round a last bit
differently on another CPU, which is why the tests compare what a user sees, with tolerances.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pandas as pd

from matchdesk.sample.audio import camera_soundtrack, match_soundtrack, wav_bytes
from matchdesk.sample.cameras import CAMERAS, HEIGHT, WIDTH, CameraSpec, camera_poses
from matchdesk.sample.render import pitch_texture, render_frame, stand_background
from matchdesk.sample.scenario import (
    FRAME_RATE,
    MATCH_FRAMES,
    PITCH_LENGTH,
    PITCH_WIDTH,
    Scenario,
    build_scenario,
)
from tracking.tracks import CLASS_CODES, Tracks
from var.media.ffmpeg_tool import encode_rgb_with_sound, run_ffmpeg

logger = logging.getLogger(__name__)

MANIFEST = "match.json"
GROUND_TRUTH = "ground_truth.parquet"
HOMOGRAPHIES = "homographies.parquet"
_CAMERA_GAINS = (1.0, 0.7, 0.45)
ENCODER_THREADS = 3


def default_sample_dir() -> Path:
    """The checkout's ``sample_clips/`` folder."""
    return Path(__file__).resolve().parents[2] / "sample_clips"


def render_sample_match(
    out_dir: Path,
    on_camera_done: Callable[[str], None] | None = None,
    cameras: Sequence[str] | None = None,
) -> Path:
    """Render the sample match into ``out_dir``; returns the manifest's path.

    Args:
        out_dir: the folder to write into.
        on_camera_done: told each camera's name as its file is finished.
        cameras: render only these cameras (their ground truth too); default every camera.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    opencv_threads = cv2.getNumThreads()
    cv2.setNumThreads(1)  # the pictures must not depend on how many cores drew them
    try:
        return _render(out_dir, on_camera_done, cameras)
    finally:
        cv2.setNumThreads(opencv_threads)


def _render(
    out_dir: Path, on_camera_done: Callable[[str], None] | None, cameras: Sequence[str] | None
) -> Path:
    scenario = build_scenario()
    soundtrack = match_soundtrack()
    texture = pitch_texture()
    truth_rows: list[dict[str, Any]] = []
    homography_rows: list[dict[str, Any]] = []
    for camera_number, spec in enumerate(CAMERAS):
        if cameras is not None and spec.name not in cameras:
            continue
        poses = camera_poses(spec, scenario)
        background = stand_background(seed=camera_number)

        def pictures(
            spec: CameraSpec = spec, poses: list[Any] = poses, background: Any = background
        ) -> Iterator[bytes]:
            for own_frame, pose in enumerate(poses):
                match_frame = spec.start_frame + own_frame
                image, objects = render_frame(
                    spec, pose, scenario, match_frame, own_frame, texture, background
                )
                truth_rows.extend(_truth_rows(spec, scenario, own_frame, match_frame, objects))
                homography = pose.ground_homography()
                homography_rows.append(
                    {
                        "camera": spec.name,
                        "camera_frame": own_frame,
                        "match_frame": match_frame,
                        **{f"h{r}{c}": float(homography[r, c]) for r in range(3) for c in range(3)},
                    }
                )
                yield image.tobytes()

        sound = camera_soundtrack(
            soundtrack, spec.start_frame, spec.frames, _CAMERA_GAINS[camera_number], seed=100 + camera_number
        )
        _encode_camera(out_dir / f"{spec.name}.mp4", pictures(), wav_bytes(sound))
        if on_camera_done is not None:
            on_camera_done(spec.name)
    truth = pd.DataFrame(truth_rows)
    # Centimetres and hundredths of a pixel are finer than anything measured against them.
    for column in ("pitch_x", "pitch_y", "pitch_z", "x1", "y1", "x2", "y2"):
        truth[column] = truth[column].round(2).astype(np.float32)
    truth.to_parquet(out_dir / GROUND_TRUTH, index=False, compression="zstd")
    pd.DataFrame(homography_rows).to_parquet(out_dir / HOMOGRAPHIES, index=False, compression="zstd")
    manifest = out_dir / MANIFEST
    manifest.write_text(
        json.dumps(_manifest(scenario), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    logger.info("rendered the sample match into %s", out_dir)
    return manifest


def _truth_rows(
    spec: CameraSpec, scenario: Scenario, own_frame: int, match_frame: int, objects: list[Any]
) -> Iterator[dict[str, Any]]:
    for seen in objects:
        if seen.object_id == scenario.ball_id:
            kind, team, number, lying = "ball", "", 0, False
            x, y, z = (float(v) for v in scenario.ball[match_frame])
        else:
            person = scenario.people[seen.object_id]
            kind, team, number = person.kind, person.team, person.number
            lying = bool(scenario.fallen[match_frame, seen.object_id] > 0.5)
            x, y = (float(v) for v in scenario.positions[match_frame, seen.object_id])
            z = 0.0
        yield {
            "camera": spec.name,
            "camera_frame": own_frame,
            "match_frame": match_frame,
            "object_id": seen.object_id,
            "kind": kind,
            "team": team,
            "number": number,
            "pitch_x": x,
            "pitch_y": y,
            "pitch_z": z,
            "x1": seen.box[0],
            "y1": seen.box[1],
            "x2": seen.box[2],
            "y2": seen.box[3],
            "visible": seen.visible,
            "lying": lying,
        }


def _encode_camera(target: Path, pictures: Iterator[bytes], sound: bytes) -> None:
    encode_rgb_with_sound(
        target,
        pictures,
        (WIDTH, HEIGHT),
        FRAME_RATE,
        sound,
        [
            "-preset",
            "medium",
            "-crf",
            "25",
            "-g",
            "50",
            "-bf",
            "2",
            "-pix_fmt",
            "yuv420p",
            # x264's output depends on its thread count, which it would pick from the CPU count:
            # a fixed count makes the same bytes on every machine (3 is what 2 cores pick).
            "-threads:v",
            str(ENCODER_THREADS),
        ],
        [
            "-b:a",
            "64k",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
        ],
    )


def _manifest(scenario: Scenario) -> dict[str, Any]:
    return {
        "name": "matchdesk sample match",
        "description": "Synthetic match rendered by `matchdesk sample render`: Home (red) v Away (blue).",
        "frame_rate": f"{FRAME_RATE.numerator}/{FRAME_RATE.denominator}",
        "match_frames": MATCH_FRAMES,
        "pitch": {
            "length_m": PITCH_LENGTH,
            "width_m": PITCH_WIDTH,
            "origin": "corner at the Home goal line and the near touchline; x along, y across",
        },
        "cameras": [
            {
                "name": spec.name,
                "file": f"{spec.name}.mp4",
                "label": spec.label,
                "start_frame": spec.start_frame,
                "frames": spec.frames,
                "width": WIDTH,
                "height": HEIGHT,
                "position_m": list(spec.position),
                "horizontal_fov_deg": spec.horizontal_fov_deg,
            }
            for spec in CAMERAS
        ],
        "people": [
            {
                "object_id": p.object_id,
                "kind": p.kind,
                "team": p.team,
                "number": p.number,
                "shirt_rgb": list(p.shirt_rgb),
            }
            for p in scenario.people
        ]
        + [
            {
                "object_id": scenario.ball_id,
                "kind": "ball",
                "team": "",
                "number": 0,
                "shirt_rgb": [250, 250, 250],
            }
        ],
        "events": scenario.events,
    }


@dataclass(frozen=True)
class SampleMatch:
    """The rendered sample match, as tests and demos read it."""

    folder: Path
    manifest: dict[str, Any]
    ground_truth: pd.DataFrame
    homographies: pd.DataFrame

    def camera_path(self, name: str) -> Path:
        return self.folder / f"{name}.mp4"

    @property
    def camera_paths(self) -> list[Path]:
        return [self.folder / camera["file"] for camera in self.manifest["cameras"]]

    def start_frame(self, name: str) -> int:
        """The match frame shown by frame 0 of camera ``name``."""
        return int(next(c["start_frame"] for c in self.manifest["cameras"] if c["name"] == name))

    def homography(self, name: str, camera_frame: int) -> np.ndarray:
        row = self.homographies[
            (self.homographies.camera == name) & (self.homographies.camera_frame == camera_frame)
        ]
        values = row[[f"h{r}{c}" for r in range(3) for c in range(3)]].to_numpy(dtype=np.float64)
        homography: np.ndarray = values.reshape(3, 3)
        return homography

    def clear_view(self, camera: str, object_id: int, edge: float = 10.0) -> Any:
        """The first frame ``camera`` shows player ``object_id`` whole (``edge`` pixels in from the
        sides) overlapping no one else: his ground-truth row, or None (where a coach would click him)."""
        from tracking.evaluate import iou_matrix

        truth = self.ground_truth
        seen = truth[(truth.camera == camera) & truth.visible & truth.kind.isin(["player", "goalkeeper"])]
        width = float(next(c["width"] for c in self.manifest["cameras"] if c["name"] == camera))
        for row in seen[seen.object_id == object_id].sort_values("camera_frame").itertuples():
            if row.x1 < edge or row.x2 > width - edge:
                continue
            others = seen[(seen.camera_frame == row.camera_frame) & (seen.object_id != object_id)]
            box = np.array([[row.x1, row.y1, row.x2, row.y2]], np.float64)
            if iou_matrix(box, others[["x1", "y1", "x2", "y2"]].to_numpy(float)).max(initial=0) == 0:
                return row
        return None

    def true_tracks(self, name: str) -> Tracks:
        """The people camera ``name`` shows, as tracks: their true boxes, one track per person."""
        truth = self.ground_truth
        seen = truth[
            (truth.camera == name) & truth.visible & truth.kind.isin(["player", "goalkeeper", "referee"])
        ]
        return Tracks.build(
            frame=seen.camera_frame.to_numpy(),
            xyxy=seen[["x1", "y1", "x2", "y2"]].to_numpy(np.float32),
            conf=np.ones(len(seen), np.float32),
            cls=np.full(len(seen), CLASS_CODES["player"], np.int8),
            track_id=seen.object_id.to_numpy() + 1,
        )

    def stamped_camera(self, name: str, target: Path, started: datetime | None) -> Path:
        """Camera ``name`` copied to ``target`` as a camera's file comes: its container says when it
        started (``started``, UTC), or, with None, says nothing of it."""
        stamp = ["-map_metadata", "-1"]
        if started is not None:
            stamp = [
                "-metadata",
                f"creation_time={started.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%fZ')}",
            ]
        run_ffmpeg(
            ["-v", "error", "-y", "-i", str(self.camera_path(name)), "-c", "copy", *stamp, str(target)],
            about=target,
        )
        return target


def load_sample_match(folder: Path | None = None) -> SampleMatch:
    folder = folder or default_sample_dir()
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return SampleMatch(
        folder, manifest, pd.read_parquet(folder / GROUND_TRUTH), pd.read_parquet(folder / HOMOGRAPHIES)
    )
