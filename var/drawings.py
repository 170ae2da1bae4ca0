"""What a referee draws on a frame: lines, arrows, circles, freehand strokes and text.

Drawings belong to one angle and one of that angle's own frames, in picture pixels, so they stay on
the moment they explain whatever the zoom, the layout or a later change of sync offset.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import Enum

from var.events import Event

Point = tuple[float, float]


class DrawingKind(Enum):
    LINE = "line"
    ARROW = "arrow"
    CIRCLE = "circle"  # points: centre, a point on the rim
    FREEHAND = "freehand"
    TEXT = "text"  # points: the text's anchor


@dataclass(frozen=True)
class Drawing:
    """One mark on one frame of one angle, in the picture's pixel coordinates."""

    kind: DrawingKind
    angle: int
    frame: int
    points: tuple[Point, ...]
    text: str = ""
    colour: tuple[int, int, int] = (255, 220, 0)
    width: float = 3.0

    def __post_init__(self) -> None:
        needed = {DrawingKind.TEXT: 1, DrawingKind.FREEHAND: 2}.get(self.kind, 2)
        if len(self.points) < needed:
            raise ValueError(f"a {self.kind.value} needs at least {needed} points")
        if self.kind is DrawingKind.TEXT and not self.text.strip():
            raise ValueError("a text drawing needs some text")


@dataclass
class DrawingStore:
    """All drawings of a review, looked up by angle and frame, with undo."""

    _by_place: dict[tuple[int, int], list[Drawing]] = field(default_factory=lambda: defaultdict(list))
    _history: list[Drawing] = field(default_factory=list)
    changed: Event[int, int] = field(default_factory=Event, repr=False)  # angle, frame
    added: Event[Drawing] = field(default_factory=Event, repr=False)
    removed: Event[Drawing] = field(default_factory=Event, repr=False)

    def add(self, drawing: Drawing, announce: bool = True) -> None:
        """Keep ``drawing``; ``announce=False`` when loading drawings that are already stored elsewhere."""
        self._by_place[(drawing.angle, drawing.frame)].append(drawing)
        self._history.append(drawing)
        if announce:
            self.added.emit(drawing)
        self.changed.emit(drawing.angle, drawing.frame)

    def on(self, angle: int, frame: int) -> list[Drawing]:
        """The drawings on ``frame`` of ``angle``, oldest first."""
        return list(self._by_place.get((angle, frame), ()))

    def undo(self) -> Drawing | None:
        """Remove the most recent drawing, wherever it is."""
        if not self._history:
            return None
        drawing = self._history.pop()
        self._by_place[(drawing.angle, drawing.frame)].remove(drawing)
        self.removed.emit(drawing)
        self.changed.emit(drawing.angle, drawing.frame)
        return drawing

    def clear(self, angle: int, frame: int) -> None:
        removed = self._by_place.pop((angle, frame), [])
        self._history = [d for d in self._history if d not in removed]
        for drawing in removed:
            self.removed.emit(drawing)
        if removed:
            self.changed.emit(angle, frame)

    def all(self) -> list[Drawing]:
        return list(self._history)
