"""How a video is tracked: what the command line, the desk and the cache key agree on. Apart from
the pipeline so that the command line can offer its defaults without loading the models."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrackingSettings:
    every: int = 2  # detect every k-th frame; the tracker carries the frames between
    confidence: float = 0.25
    tiling: str = "auto"  # "auto": only where players are small; "off": whole frames
    ball_pass: str = "auto"  # "auto": enlarged tiles where the ball is too small to see; "off": none

    def __post_init__(self) -> None:
        if self.every < 1:
            raise ValueError("detect every 1 or more frames")
        if self.tiling not in ("auto", "off"):
            raise ValueError("tiling is 'auto' or 'off'")
        if self.ball_pass not in ("auto", "off"):
            raise ValueError("the ball pass is 'auto' or 'off'")
