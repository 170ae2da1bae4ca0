"""A worked VAR example on the sample match: the scripted offside, measured and decided.

Calibration clicks and player points come from the sample's ground truth, placed to the nearest
pixel as a referee's clicks would be, so the demo (and the tests that use these helpers) measure
what the desk measures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matchdesk.sample.match import SampleMatch, load_sample_match
from matchdesk.sample.scenario import FRAME_RATE
from var.offside import analysis_record, calibrate, offside_lines
from var.pitch import Pitch
from var.review_record import Review
from var.review_state import IncidentId, IncidentType
from var.sync import sync_angles

Point = tuple[float, float]
DEMO_REVIEWER = "Trọng tài VAR (demo)"


def visible_template_clicks(sample: SampleMatch, camera: str, frame: int) -> list[tuple[str, Point]]:
    """Template points where they appear in ``camera``'s ``frame``, to the nearest pixel."""
    homography = sample.homography(camera, frame)
    width, height = (
        next(c for c in sample.manifest["cameras"] if c["name"] == camera)[k] for k in ("width", "height")
    )
    clicks = []
    for name, (x, y) in Pitch().points().items():
        u, v, w = homography @ np.array([x, y, 1.0])
        if w > 0 and 5 < u / w < width - 5 and 40 < v / w < height - 5:
            clicks.append((name, (float(round(u / w)), float(round(v / w)))))
    return clicks


def feet(sample: SampleMatch, camera: str, frame: int, object_id: int) -> Point:
    """Where a referee would click a standing player's feet: the bottom-centre of the box."""
    truth = sample.ground_truth
    row = truth[
        (truth.camera == camera) & (truth.camera_frame == frame) & (truth.object_id == object_id)
    ].iloc[0]
    return float((row.x1 + row.x2) / 2), float(row.y2)


def make_var_demo(target: Path, sample: SampleMatch | None = None) -> tuple[Path, IncidentId]:
    """Write a review file of the sample match with the offside logged, measured and decided."""
    sample = sample or load_sample_match()
    event = next(e for e in sample.manifest["events"] if e["type"] == "offside")
    with Review.create(target, "Home v Away (sample match)", sample.camera_paths, DEMO_REVIEWER) as review:
        for index, found in enumerate(sync_angles(sample.camera_paths)[1:], start=1):
            if found.offset_frames is not None:
                review.set_offset(index, found.offset_frames, found.method, found.confidence, DEMO_REVIEWER)
        frame = int(event["frame"])
        incident = review.add_incident(
            IncidentType.OFFSIDE,
            frame - 5,
            frame + 5,
            ["Home 9", "Away 5", "Home 10"],
            "Through ball from Home 10; Home 9 runs beyond the line.",
            DEMO_REVIEWER,
        )
        calibration = calibrate(visible_template_clicks(sample, "cam1_wide", frame))
        attacker = feet(sample, "cam1_wide", frame, int(event["attacker"]))
        defender = feet(sample, "cam1_wide", frame, int(event["second_last_defender"]))
        lines = offside_lines(calibration, attacker, defender, attack_direction=1, frame_rate=FRAME_RATE)
        review.record_offside(incident, analysis_record(0, frame, frame, calibration, lines), DEMO_REVIEWER)
        review.record_decision(
            incident,
            "Goal",
            "No goal: offside",
            "No goal: offside",
            f"Home 9 {lines.distance_cm:.0f} cm beyond Away 5 when the ball was played",
            DEMO_REVIEWER,
        )
    return target, incident
