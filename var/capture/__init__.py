"""Live capture: every camera of a match recorded as it films, readable while it grows.

``matchdesk capture`` records each angle's own H.264/HEVC (no re-encoding) into a growing MPEG-TS
file, with the arrival time of every frame on one monotonic capture clock; ``open_video`` and every
command that takes a video read an angle as ``OUT_DIR/NAME``, also while it is being recorded.
"""

from var.capture.recording import RecordingAngle, is_recording, open_recording
from var.capture.session import CaptureSession
from var.capture.sources import Source, parse_angle

__all__ = ["CaptureSession", "RecordingAngle", "Source", "is_recording", "open_recording", "parse_angle"]
