"""The review desk's single source of truth: where the playhead is and how each angle follows it.

The playhead counts frames of the reference angle (angle 0). An angle with offset ``k`` shows, at
playhead ``t``, the frame that was filmed at the same moment: its own frame ``t - k`` when it runs at
the reference rate (``k`` is the reference frame that shows the same moment as the angle's frame 0).
Widgets never hold playback state: they change this model and redraw when it announces a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from fractions import Fraction

from var.events import Event
from var.timebase import format_timecode

SLOW_MOTION = (Fraction(1, 8), Fraction(1, 4), Fraction(1, 2), Fraction(1))
SHUTTLE_SPEEDS = (*SLOW_MOTION, Fraction(2), Fraction(4))
MIN_ZOOM, MAX_ZOOM = 1.0, 16.0


class Layout(Enum):
    GRID = "grid"
    MAIN_AND_THUMBNAILS = "main"


@dataclass(frozen=True)
class AngleTrack:
    """One camera angle as the playhead sees it."""

    name: str
    frame_count: int
    frame_rate: Fraction
    offset: int = 0  # reference frame showing the same moment as this angle's frame 0
    # Where the angle has no picture (a camera that dropped out): (first missing slot, slots missing),
    # in slots of its own frame rate counted from its frame 0, sorted. The gap stays a gap.
    gaps: tuple[tuple[int, int], ...] = ()

    def slot_of(self, own_frame: int) -> int:
        """Where own frame ``own_frame`` sits on the angle's continuous frame grid (gaps included)."""
        slot = own_frame
        for start, missing in self.gaps:
            if slot >= start:
                slot += missing
        return slot

    def own_frame_of(self, slot: int) -> int | None:
        """The own frame filmed at ``slot``; None inside a gap."""
        own = slot
        for start, missing in self.gaps:
            if slot >= start + missing:
                own -= missing
            elif slot >= start:
                return None
        return own

    @property
    def slot_count(self) -> int:
        return self.slot_of(self.frame_count - 1) + 1 if self.frame_count else 0


@dataclass(frozen=True)
class Zoom:
    """How one angle is magnified: ``scale`` >= 1 and the picture point at the view's centre."""

    scale: float = 1.0
    centre_x: float = 0.5  # fractions of the picture's width and height
    centre_y: float = 0.5


@dataclass
class Playback:
    """Playhead, speed, direction, per-angle offsets and zoom, layout and main angle."""

    angles: list[AngleTrack]
    frame: int = 0
    playing: bool = False
    direction: int = 1
    speed: Fraction = Fraction(1)
    main_angle: int = 0
    layout: Layout = Layout.GRID
    zooms: list[Zoom] = field(default_factory=list)

    frame_changed: Event[int] = field(default_factory=Event, repr=False)
    playing_changed: Event[bool] = field(default_factory=Event, repr=False)
    speed_changed: Event[Fraction, int] = field(default_factory=Event, repr=False)
    offsets_changed: Event[int] = field(default_factory=Event, repr=False)
    layout_changed: Event[int] = field(default_factory=Event, repr=False)  # main angle
    zoom_changed: Event[int] = field(default_factory=Event, repr=False)
    length_changed: Event[int] = field(default_factory=Event, repr=False)  # the last frame, as it grows

    def __post_init__(self) -> None:
        if not 1 <= len(self.angles) <= 4:
            raise ValueError(f"a review has 1 to 4 angles, not {len(self.angles)}")
        if not self.zooms:
            self.zooms = [Zoom() for _ in self.angles]

    # --- the timeline -------------------------------------------------------------------------------

    @property
    def frame_rate(self) -> Fraction:
        return self.angles[0].frame_rate

    @property
    def first_frame(self) -> int:
        """The earliest playhead position at which some angle has a picture."""
        return min(0, *(self._reference_frame_of(a, 0) for a in self.angles))

    @property
    def last_frame(self) -> int:
        return max(self._reference_frame_of_slot(a, a.slot_count) - 1 for a in self.angles)

    def angle_frame(self, angle: int, frame: int | None = None) -> int | None:
        """The frame of ``angle`` filmed at playhead ``frame`` (default: now); None outside its clip
        or in one of its gaps."""
        track = self.angles[angle]
        at = self.frame if frame is None else frame
        if track.frame_rate == self.frame_rate:
            slot = at - track.offset
        else:
            slot = int(((at - track.offset) / self.frame_rate * track.frame_rate) // 1)
        if not 0 <= slot < track.slot_count:
            return None
        return track.own_frame_of(slot)

    def seconds(self, frame: int | None = None) -> Fraction:
        """Match time of playhead ``frame`` (default: now): seconds from the reference's frame 0."""
        return Fraction(self.frame if frame is None else frame) / self.frame_rate

    def timecode(self, frame: int | None = None) -> str:
        return format_timecode(self.seconds(frame))

    def frame_at_seconds(self, seconds: Fraction) -> int:
        return int((seconds * self.frame_rate) // 1)

    def reference_frame(self, angle: int, own_frame: int) -> int:
        """The playhead position at which ``angle`` shows its own frame ``own_frame``."""
        return self._reference_frame_of(self.angles[angle], own_frame)

    def gap_spans(self) -> list[tuple[int, int, int]]:
        """Where an angle has no picture: ``(angle, first playhead frame, last playhead frame)``."""
        return [
            (
                angle,
                self._reference_frame_of_slot(track, start),
                self._reference_frame_of_slot(track, start + missing) - 1,
            )
            for angle, track in enumerate(self.angles)
            for start, missing in track.gaps
        ]

    def _reference_frame_of(self, track: AngleTrack, own_frame: int) -> int:
        return self._reference_frame_of_slot(track, track.slot_of(own_frame))

    def _reference_frame_of_slot(self, track: AngleTrack, slot: int) -> int:
        if track.frame_rate == self.frame_rate:
            return slot + track.offset
        return track.offset + int(-((-slot / track.frame_rate * self.frame_rate) // 1))

    def set_frame_count(
        self, angle: int, frame_count: int, gaps: tuple[tuple[int, int], ...] | None = None
    ) -> None:
        """An angle still being recorded has grown to ``frame_count`` frames (with ``gaps``)."""
        track = self.angles[angle]
        gaps = track.gaps if gaps is None else gaps
        if frame_count != track.frame_count or gaps != track.gaps:
            self.angles[angle] = replace(track, frame_count=frame_count, gaps=gaps)
            self.length_changed.emit(self.last_frame)

    # --- moving the playhead ------------------------------------------------------------------------

    def seek(self, frame: int) -> None:
        """Put the playhead on ``frame`` (clamped to the timeline)."""
        clamped = min(max(frame, self.first_frame), self.last_frame)
        if clamped != self.frame:
            self.frame = clamped
            self.frame_changed.emit(clamped)

    def step(self, frames: int) -> None:
        """Step by ``frames`` (negative: back), pausing playback as a referee expects."""
        self.pause()
        self.seek(self.frame + frames)

    def jump_seconds(self, seconds: Fraction) -> None:
        self.seek(self.frame + int((seconds * self.frame_rate) // 1))

    def seek_seconds(self, seconds: Fraction) -> None:
        self.seek(self.frame_at_seconds(seconds))

    # --- playing --------------------------------------------------------------------------------

    def play(self, direction: int = 1) -> None:
        direction = 1 if direction >= 0 else -1
        if direction != self.direction:
            self.direction = direction
            self.speed_changed.emit(self.speed, self.direction)
        if not self.playing:
            self.playing = True
            self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.playing:
            self.playing = False
            self.playing_changed.emit(False)

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(self.direction)

    def set_speed(self, speed: Fraction) -> None:
        if speed not in SHUTTLE_SPEEDS:
            raise ValueError(f"speed {speed} is not one of {[str(s) for s in SHUTTLE_SPEEDS]}")
        if speed != self.speed:
            self.speed = speed
            self.speed_changed.emit(speed, self.direction)

    def slower(self) -> None:
        position = SHUTTLE_SPEEDS.index(self.speed)
        self.set_speed(SHUTTLE_SPEEDS[max(0, position - 1)])

    def faster(self) -> None:
        position = SHUTTLE_SPEEDS.index(self.speed)
        self.set_speed(SHUTTLE_SPEEDS[min(len(SHUTTLE_SPEEDS) - 1, position + 1)])

    def shuttle(self, direction: int) -> None:
        """J (``-1``) or L (``+1``): play that way; pressed again while playing that way, go faster."""
        if self.playing and self.direction == direction:
            self.faster()
        else:
            if not self.playing or self.direction != direction:
                self.set_speed(min(self.speed, Fraction(1)))
            self.play(direction)

    def tick_interval(self) -> Fraction:
        """Seconds between clock ticks at the current speed."""
        return 1 / (self.frame_rate * min(self.speed, Fraction(1)))

    def tick(self) -> None:
        """One clock tick while playing: advance, and stop at either end of the timeline."""
        if not self.playing:
            return
        frames_per_tick = max(1, int(self.speed))
        target = self.frame + self.direction * frames_per_tick
        if target > self.last_frame or target < self.first_frame:
            self.seek(target)
            self.pause()
            return
        self.seek(target)

    # --- angles, layout and zoom ----------------------------------------------------------------

    def set_offset(self, angle: int, offset: int) -> None:
        if angle == 0 and offset != 0:
            raise ValueError("the reference angle's offset is 0 by definition")
        if self.angles[angle].offset != offset:
            self.angles[angle] = replace(self.angles[angle], offset=offset)
            self.offsets_changed.emit(angle)

    def nudge_offset(self, angle: int, frames: int) -> None:
        self.set_offset(angle, self.angles[angle].offset + frames)

    def make_main(self, angle: int) -> None:
        if not 0 <= angle < len(self.angles):
            return
        if angle != self.main_angle:
            self.main_angle = angle
            self.layout_changed.emit(self.main_angle)

    def swap_main(self) -> None:
        """Make the next angle the main one (wrapping round)."""
        self.make_main((self.main_angle + 1) % len(self.angles))

    def set_layout(self, layout: Layout) -> None:
        if layout != self.layout:
            self.layout = layout
            self.layout_changed.emit(self.main_angle)

    def toggle_layout(self) -> None:
        self.set_layout(Layout.MAIN_AND_THUMBNAILS if self.layout is Layout.GRID else Layout.GRID)

    def zoom_at(self, angle: int, factor: float, anchor_x: float, anchor_y: float) -> None:
        """Magnify ``angle`` by ``factor`` keeping the picture point (fractions) under the anchor still."""
        zoom = self.zooms[angle]
        scale = min(max(zoom.scale * factor, MIN_ZOOM), MAX_ZOOM)
        ratio = zoom.scale / scale
        centre_x = anchor_x + (zoom.centre_x - anchor_x) * ratio
        centre_y = anchor_y + (zoom.centre_y - anchor_y) * ratio
        self._set_zoom(angle, Zoom(scale, centre_x, centre_y))

    def pan(self, angle: int, dx: float, dy: float) -> None:
        """Move the view of ``angle`` by a fraction of the picture."""
        zoom = self.zooms[angle]
        self._set_zoom(angle, Zoom(zoom.scale, zoom.centre_x + dx, zoom.centre_y + dy))

    def reset_zoom(self, angle: int | None = None) -> None:
        for index in range(len(self.angles)) if angle is None else [angle]:
            self._set_zoom(index, Zoom())

    def _set_zoom(self, angle: int, zoom: Zoom) -> None:
        half = 0.5 / zoom.scale  # keep the view inside the picture
        bounded = Zoom(
            zoom.scale, min(max(zoom.centre_x, half), 1 - half), min(max(zoom.centre_y, half), 1 - half)
        )
        if bounded != self.zooms[angle]:
            self.zooms[angle] = bounded
            self.zoom_changed.emit(angle)


def parse_goto(text: str, frame_rate: Fraction) -> int:
    """A playhead frame from what a referee types: ``1234`` (frame), ``1:05.20``, ``65.2s`` or ``0:01:05``.

    Raises:
        ValueError: the text is neither a frame number nor a time.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError("type a frame number or a time such as 1:05.2")
    if cleaned.lstrip("-").isdigit():
        return int(cleaned)
    if cleaned.endswith("s"):
        return int((Fraction(cleaned[:-1]) * frame_rate) // 1)
    parts = cleaned.split(":")
    if len(parts) > 3 or not all(parts):
        raise ValueError(f"{text!r} is not a frame number or a time such as 1:05.2")
    seconds = Fraction(0)
    for part in parts:
        seconds = seconds * 60 + Fraction(part)
    return int((seconds * frame_rate) // 1)
