"""Heart-rate straps for the sample match's players, rendered from the ground truth.

Each outfield player and goalkeeper gets a CSV as a strap exports it: the strap's clock (``time``, ISO
8601 in UTC, 25 samples a second), the heart rate (``hr``), which follows the player's true speed with
a lag (rest 90 bpm, up to 190 at a sprint, a 15-s time constant), and the accelerometer's magnitude
(``acc_g``), flat but for the jump every player makes at ``JUMP_FRAME`` (a sync point anyone can see in
the video and in the data). The strap's clock runs ``clock_offset_s`` ahead of the true time: what
the session's clocks must find.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np

from matchdesk.sample.match import SampleMatch

JUMP_FRAME = 200  # match frame: 8.00 s
REST_BPM, PEAK_BPM, LAG_S = 90.0, 190.0, 15.0


def strap_name(team: str, number: int) -> str:
    return f"{team.capitalize()} {number}"


def render_straps(sample: SampleMatch, out: Path, kickoff: datetime, clock_offset_s: float) -> list[Path]:
    """One strap CSV per player in ``out``; ``kickoff``: match frame 0 in UTC (timezone-aware)."""
    rate = float(Fraction(sample.manifest["frame_rate"]))
    truth = sample.ground_truth
    camera = truth.camera.iloc[0]
    people = truth[(truth.camera == camera) & truth.kind.isin(["player", "goalkeeper"])]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for _object_id, rows in people.groupby("object_id"):
        rows = rows.sort_values("match_frame")
        frames = rows.match_frame.to_numpy()
        xy = rows[["pitch_x", "pitch_y"]].to_numpy(np.float64)
        speed = np.concatenate([[0.0], np.linalg.norm(np.diff(xy, axis=0), axis=1) * rate])
        target = REST_BPM + (PEAK_BPM - REST_BPM) * (1 - np.exp(-speed / 4.0))
        hr = np.empty(len(target))
        level = REST_BPM
        for index, aim in enumerate(target):
            level += (aim - level) / (LAG_S * rate)
            hr[index] = level
        acc = np.full(len(frames), 1.0)
        acc[frames == JUMP_FRAME] = 3.2  # landing from the jump
        path = out / f"{strap_name(str(rows.team.iloc[0]), int(rows.number.iloc[0])).replace(' ', '_')}.csv"
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["time", "hr", "acc_g"])
            for frame, beat, g in zip(frames, hr, acc, strict=True):
                moment = kickoff + timedelta(seconds=float(frame) / rate + clock_offset_s)
                writer.writerow([moment.isoformat(timespec="milliseconds"), round(float(beat), 1), g])
        written.append(path)
    return written
