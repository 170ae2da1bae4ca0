"""A synthetic race for the photo finish: eight lanes filmed from the finish line's extension.

The camera stands on a tripod beside the track, on the line's extension, as photo-finish cameras
do: the finish line is a slanted white line in the picture, the lanes cross it (lane 1 nearest, at
its bottom end), and the runners move from left to right. Each runner's torso is the leading part
(World Athletics times the torso), and crosses the line at a known time, to the microsecond, whatever
the frame rate. A starting gun is in the sound. With ``readout_s`` the sensor is a rolling shutter:
row ``y`` of a frame is exposed ``readout_s * y / height`` after its first row, as on a phone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matchdesk.sample.audio import wav_bytes
from var.media.ffmpeg_tool import encode_rgb_with_sound

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 960, 540
SAMPLE_RATE = 48_000
LANES = 8
# The finish line in the picture, from lane 1's end (bottom) to lane 8's (top): slanted by the view.
LINE = (560.0, 520.0, 600.0, 110.0)
# Where each lane line crosses the finish line, from lane 1's outer line (0) to lane 8's (1): nearer
# lanes look wider.
LANE_LINES = tuple((k / LANES) * 1.6 / (1 + 0.6 * k / LANES) for k in range(LANES + 1))
SPEED_PX_S = 480.0  # about 10 m/s at 48 px/m
GUN_S = 0.5013  # the gun goes off here in the video's time (not on a 5 ms block boundary)
SPEED_OF_SOUND = 343.0
NOISE_FRAMES = 24  # distinct frames of sensor noise the render picks from
RACE_TIMES_S = (7.231, 7.169, 7.2942, 7.1905, 7.2128, 7.3310, 7.2515, 7.1928)  # lane 1..8, from the gun
COLOURS = (
    (30, 90, 200),
    (240, 200, 20),
    (20, 150, 70),
    (250, 250, 250),
    (200, 40, 160),
    (20, 20, 20),
    (0, 180, 200),
    (250, 120, 20),
)

Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class RaceSpec:
    """What to render."""

    frame_rate: Fraction
    readout_s: float = 0.0  # rolling shutter: the time from the first row's exposure to the last's
    seconds: float = 8.0
    gun_distance_m: float = 0.0  # the camera's microphone this far from the gun (sound arrives late)
    pan_px_s: float = 0.0  # a camera that is not fixed (it pans): for the moving-camera warning
    times_s: tuple[float, ...] = RACE_TIMES_S
    scale: int = 1  # 2: the same view at 1920x1080
    flash: bool = False  # the starter's pistol flashes in the picture (top left) as the gun fires

    @property
    def view(self) -> View:
        return View(
            WIDTH * self.scale, HEIGHT * self.scale, tuple(v * self.scale for v in LINE), float(self.scale)
        )


@dataclass(frozen=True)
class View:
    """The picture's size, where the finish line is in it, and its pixels per sample-view pixel."""

    width: int
    height: int
    line: tuple[float, ...]
    scale: float

    def lane_boundaries(self) -> list[tuple[float, float]]:
        """Where the lane lines cross the finish line, (x, y) from lane 1's outer line to lane 8's."""
        x1, y1, x2, y2 = self.line
        return [(x1 + (x2 - x1) * f, y1 + (y2 - y1) * f) for f in LANE_LINES]

    def line_x(self, y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x1, y1, x2, y2 = self.line
        return np.asarray(x1 + (x2 - x1) * (y - y1) / (y2 - y1), dtype=np.float64)


@dataclass
class RaceTruth:
    """What the rendered race shows, for tests and the README."""

    fps: str
    readout_s: float
    gun_s: float  # the gun fired, in the video's time
    gun_heard_s: float  # its sound reached the camera's microphone
    line: tuple[float, float, float, float]
    lanes: int
    finishers: list[dict[str, float]] = field(default_factory=list)  # lane, time_s (from the gun), at_s


def render_race(spec: RaceSpec, out_dir: Path) -> Path:
    """Render the race to ``out_dir/race.mp4`` with ``race.json`` (the truth); returns the video."""
    out_dir.mkdir(parents=True, exist_ok=True)
    video = out_dir / "race.mp4"
    frames = int(spec.seconds * spec.frame_rate)
    view = spec.view
    heard = GUN_S + spec.gun_distance_m / SPEED_OF_SOUND
    truth = RaceTruth(
        fps=str(spec.frame_rate),
        readout_s=spec.readout_s,
        gun_s=GUN_S,
        gun_heard_s=heard,
        line=(view.line[0], view.line[1], view.line[2], view.line[3]),
        lanes=LANES,
        finishers=[
            {"lane": lane, "time_s": time, "at_s": GUN_S + time}
            for lane, time in enumerate(spec.times_s, start=1)
        ],
    )
    background = _track(view)
    encode_rgb_with_sound(
        video,
        (picture.tobytes() for picture in _pictures(spec, view, frames, background)),
        (view.width, view.height),
        spec.frame_rate,
        wav_bytes(_soundtrack(spec.seconds, heard)),
        ["-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p"],
        ["-b:a", "128k"],
    )
    (out_dir / "race.json").write_text(json.dumps(asdict(truth), indent=2) + "\n", encoding="utf-8")
    logger.info("rendered %s: %d frames at %s fps", video, frames, spec.frame_rate)
    return video


def _track(view: View) -> Image:
    """The empty track: tartan with a fixed texture, lane lines and the finish line."""
    rng = np.random.default_rng(5)
    image = np.empty((view.height, view.width, 3), dtype=np.float64)
    image[:] = (178, 72, 58)
    image += rng.normal(0, 6, size=(view.height, view.width, 1))
    rows = np.arange(view.height, dtype=np.float64)[:, None]
    cols = np.arange(view.width, dtype=np.float64)[None, :]
    top, bottom = view.line[3], view.line[1]
    for x, y in view.lane_boundaries():
        # Each lane line runs across the picture through its point on the finish line, a little
        # steeper the nearer it is (the view's perspective).
        slope = 0.04 + 0.10 * (y - top) / (bottom - top)
        centre = y + slope * (cols - x)
        thickness = view.scale * (1.0 + 2.5 * (y - top) / (bottom - top))
        cover = np.clip(thickness / 2 + 0.5 - np.abs(rows - centre), 0, 1)[..., None]
        image = image * (1 - cover) + 245 * cover
    cover = np.clip(2.0 * view.scale - np.abs(cols - view.line_x(rows)), 0, 1)[..., None]
    image = image * (1 - cover) + 250 * cover
    return np.clip(np.rint(image), 0, 255).astype(np.uint8)


def _pictures(spec: RaceSpec, view: View, frames: int, background: Image) -> Iterator[Image]:
    rng = np.random.default_rng(17)
    bounds = view.lane_boundaries()
    # The sensor's own noise, drawn for a few frames and then picked at random frame by frame:
    # drawing a whole frame of it for each of 240 frames a second was most of the rendering time.
    noise = rng.normal(0, 1.5, size=(NOISE_FRAMES, view.height, view.width, 1)).astype(np.float32)
    track = background.astype(np.float32)
    for index in range(frames):
        start = float(Fraction(index) / spec.frame_rate)
        picture = track.copy()
        if spec.pan_px_s:
            picture = np.roll(picture, int(round(spec.pan_px_s * view.scale * start)), axis=1)
        for lane, time in enumerate(spec.times_s):
            (_, y_outer), (_, y_inner) = bounds[lane], bounds[lane + 1]
            _draw_runner(picture, spec, view, start, GUN_S + time, y_outer, y_inner, COLOURS[lane])
        if spec.flash and start <= GUN_S < start + float(1 / spec.frame_rate):
            _flash(picture, view)
        picture += noise[rng.integers(NOISE_FRAMES)]
        yield np.clip(np.rint(picture), 0, 255, out=picture).astype(np.uint8)


def _draw_runner(
    picture: npt.NDArray[np.float32],
    spec: RaceSpec,
    view: View,
    frame_start: float,
    crosses_at: float,
    y_outer: float,
    y_inner: float,
    colour: tuple[int, int, int],
) -> None:
    """A runner whose torso's leading edge reaches the finish line at ``crosses_at``, row by row."""
    lane_height = y_outer - y_inner
    torso_bottom, torso_top = y_outer - 0.30 * lane_height, y_outer - 0.80 * lane_height
    width = 0.45 * lane_height
    rows = np.arange(int(np.floor(torso_top - 0.25 * lane_height)), int(np.ceil(y_outer)) + 1)
    rows = rows[(rows >= 0) & (rows < view.height)]
    # Each row is exposed at its own moment (a rolling shutter), and shows the runner then.
    row_times = frame_start + spec.readout_s * rows / view.height
    lead = view.line_x(rows.astype(np.float64)) + SPEED_PX_S * view.scale * (row_times - crosses_at)
    if lead.min() < -2 * width or lead.max() - 2 * width > view.width:
        return
    torso = (rows >= torso_top) & (rows <= torso_bottom)
    head = rows < torso_top
    legs = rows > torso_bottom
    stride = 0.25 * width * np.sin(2 * np.pi * 2.2 * frame_start)
    spans = [
        (torso, lead - width, lead),
        (head, lead - 0.75 * width, lead - 0.25 * width),
        (legs, lead - 0.85 * width + stride, lead - 0.55 * width + stride),
        (legs, lead - 0.45 * width - stride, lead - 0.15 * width - stride),
    ]
    columns = np.arange(view.width, dtype=np.float64)
    for chosen, left, right in spans:
        for row, x0, x1 in zip(rows[chosen], left[chosen], right[chosen], strict=True):
            first, last = max(int(np.floor(x0 - 0.5)), 0), min(int(np.ceil(x1 + 0.5)), view.width - 1)
            if last < first:
                continue
            cells = columns[first : last + 1]  # pixel c spans c - 0.5 .. c + 0.5, as OpenCV samples it
            cover = np.clip(np.minimum(cells + 0.5, x1) - np.maximum(cells - 0.5, x0), 0, 1)[:, None]
            picture[row, first : last + 1] = (
                picture[row, first : last + 1] * (1 - cover) + np.array(colour) * cover
            )


def _flash(picture: npt.NDArray[np.float32], view: View) -> None:
    """The starter's pistol flashing, far off at the top left: a bright disc for one frame."""
    rows = np.arange(view.height, dtype=np.float64)[:, None]
    cols = np.arange(view.width, dtype=np.float64)[None, :]
    radius, centre = 40 * view.scale, (34 * view.scale, 60 * view.scale)
    inside = np.clip(radius - np.hypot(rows - centre[0], cols - centre[1]), 0, 1)[..., None]
    picture[:] = picture * (1 - inside) + 255 * inside


def _soundtrack(seconds: float, gun_heard_s: float) -> npt.NDArray[np.float64]:
    """A quiet stadium, then the gun: a sharp, loud crack that dies away in a few tens of ms."""
    rng = np.random.default_rng(23)
    count = int(seconds * SAMPLE_RATE)
    t = np.arange(count) / SAMPLE_RATE
    sound = 0.01 * rng.standard_normal(count)
    since = t - gun_heard_s
    crack = np.where(since >= 0, np.exp(-np.clip(since, 0, None) / 0.03), 0.0)
    sound += 0.8 * crack * rng.standard_normal(count)
    return np.clip(sound, -1.0, 1.0)
