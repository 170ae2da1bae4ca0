"""A match's capture: every angle recorded at once on one capture clock, with the disk watched.

The folder gets a manifest first (so a crash leaves a recording that opens), then each angle's
recorder starts. Once a second the status of every angle is written to ``status.json`` and free disk
space is checked against what the angles write: a warning at ten minutes left, a clean stop before
the disk is full.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import write_text_whole
from var.capture.angle_recorder import AngleRecorder, AngleStatus
from var.capture.proxy_builder import ProxyBuilder
from var.capture.recording import MANIFEST, STATUS, is_recording, open_recording
from var.capture.sources import Source

logger = logging.getLogger(__name__)

WARN_MINUTES_LEFT = 10.0
STOP_BYTES_LEFT = 200 * 1024 * 1024  # stop cleanly while the file system can still take the last writes
STATUS_EVERY_SECONDS = 1.0
# Proxies take several times the cameras' bitrate: they stop while the disk holds less than this
# much more recording (or 1 GB), so that they never shorten it.
PROXIES_KEEP_MINUTES = 30.0
PROXIES_KEEP_BYTES = 1024 * 1024 * 1024


class CaptureSession:
    """Records ``sources`` into ``out_dir``; :meth:`run` until a time limit, :meth:`stop` or a full disk.

    Raises (on construction):
        MatchdeskError: ``out_dir`` holds another recording (unless ``append``), two angles share a
            name, or there is too little disk space to start.
    """

    def __init__(
        self,
        out_dir: Path,
        sources: Sequence[Source],
        match: str = "",
        append: bool = False,
        on_event: Callable[[str, dict[str, Any]], None] | None = None,
        proxies: bool = True,
    ) -> None:
        if not sources:
            raise MatchdeskError("give at least one --angle NAME=SOURCE")
        names = [source.name for source in sources]
        if len(set(names)) != len(names):
            raise MatchdeskError(f"two angles share a name: {', '.join(names)}")
        self.out_dir = out_dir
        self.sources = list(sources)
        self.stop_reason = ""
        self.disk_warning = ""
        self.proxies_stopped = ""
        self._stopped = threading.Event()
        self._prepare_folder(match, append)
        # Proxies follow each angle at the lowest priority: older parts scrub at proxy speed.
        self.proxy_builders = [ProxyBuilder(out_dir / source.name) for source in sources] if proxies else []
        self._check_disk(bytes_per_second=0.0)
        self._clock_zero_ns = time.monotonic_ns()
        self._clock_zero_ns -= self._existing_clock_ns()
        self.recorders = [
            AngleRecorder(source, out_dir / source.name, self._clock_zero_ns, on_event) for source in sources
        ]

    def run(
        self, seconds: float | None = None, on_status: Callable[[list[AngleStatus]], None] | None = None
    ) -> str:
        """Record until ``seconds`` have passed, :meth:`stop` is called, or the disk is nearly full.

        Returns:
            why recording stopped, in words.
        """
        for recorder in self.recorders:
            recorder.start()
        for builder in self.proxy_builders:
            if not self.proxies_stopped:
                builder.start()
        started = time.monotonic()
        written_before, checked = 0, started
        try:
            while not self._stopped.wait(STATUS_EVERY_SECONDS):
                statuses = self.statuses()
                self._write_status(statuses, stopped=False)
                written = sum(status.bytes_written for status in statuses)
                now = time.monotonic()
                self._check_disk((written - written_before) / max(now - checked, 1e-3))
                written_before, checked = written, now
                if on_status is not None:
                    on_status(statuses)
                if seconds is not None and now - started >= seconds:
                    self.stop_reason = self.stop_reason or f"recorded {seconds:g} s as asked"
                    break
        except MatchdeskError as error:  # the disk is full: a clean stop, everything kept
            self.stop_reason = str(error)
        finally:
            self._finish()
        return self.stop_reason

    def stop(self, reason: str = "stopped") -> None:
        """Ask :meth:`run` to finish (from a signal handler or another thread)."""
        self.stop_reason = self.stop_reason or reason
        self._stopped.set()

    def statuses(self) -> list[AngleStatus]:
        return [recorder.status() for recorder in self.recorders]

    # --- internals ---------------------------------------------------------------------------

    def _finish(self) -> None:
        for recorder in self.recorders:
            recorder.stop()
        for builder in self.proxy_builders:
            builder.stop()
        self._write_status(self.statuses(), stopped=True)
        logger.info("capture into %s stopped: %s", self.out_dir, self.stop_reason)

    def _prepare_folder(self, match: str, append: bool) -> None:
        out_dir = self.out_dir
        if out_dir.exists() and not out_dir.is_dir():
            raise MatchdeskError("is a file, not a folder for a recording", out_dir)
        if is_recording(out_dir):
            if not append:
                raise MatchdeskError(
                    "already holds a recording; add --append to record more into it, or choose a new folder",
                    out_dir,
                )
            existing = open_recording(out_dir)
            known = {angle.name: angle.address for angle in existing.angles}
            manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
            manifest["angles"] += [_angle_entry(s) for s in self.sources if s.name not in known]
        else:
            if out_dir.is_dir() and any(out_dir.iterdir()):
                raise MatchdeskError("is not empty; record into a new or empty folder", out_dir)
            manifest = {
                "format": "matchdesk-recording",
                "version": 1,
                "match": match,
                "started_wall": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "angles": [_angle_entry(s) for s in self.sources],
            }
        out_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(out_dir / MANIFEST, manifest)

    def _existing_clock_ns(self) -> int:
        """For ``--append``: the capture clock goes on from the end of what is already recorded."""
        latest = 0
        for angle in open_recording(self.out_dir).angles:
            clock = angle.clock()
            if clock.shape[0]:
                latest = max(latest, int(clock[:, 1].max()))
        return latest + (1_000_000_000 if latest else 0)

    def _check_disk(self, bytes_per_second: float) -> None:
        free = shutil.disk_usage(self.out_dir).free
        if free < STOP_BYTES_LEFT:
            raise MatchdeskError(
                f"the disk is full ({free // (1024 * 1024)} MB free): recording stopped, "
                "everything recorded is kept",
                self.out_dir,
            )
        keep_for_recording = STOP_BYTES_LEFT + max(
            PROXIES_KEEP_BYTES, bytes_per_second * 60 * PROXIES_KEEP_MINUTES
        )
        if self.proxy_builders and not self.proxies_stopped and free < keep_for_recording:
            self.proxies_stopped = "stopped to keep the disk for the recording"
            logger.warning("%s: proxies %s (%d MB free)", self.out_dir, self.proxies_stopped, free >> 20)
            for builder in self.proxy_builders:
                builder.stop(catch_up=False)
        if bytes_per_second > 0:
            minutes_left = (free - STOP_BYTES_LEFT) / bytes_per_second / 60
            if minutes_left < WARN_MINUTES_LEFT and not self.disk_warning:
                self.disk_warning = f"about {minutes_left:.0f} minutes of disk space left at this bitrate"
                logger.warning("%s: %s", self.out_dir, self.disk_warning)

    def _write_status(self, statuses: list[AngleStatus], stopped: bool) -> None:
        _write_atomically(
            self.out_dir / STATUS,
            {
                "updated_wall": time.time(),
                "stopped": stopped,
                "stop_reason": self.stop_reason,
                "disk_warning": self.disk_warning,
                "proxies": self.proxies_stopped or ("following" if self.proxy_builders else "off"),
                "angles": [status.to_json_dict() for status in statuses],
            },
        )


def _angle_entry(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "address": source.address,
        "delivery_delay_seconds": source.delivery_delay_seconds,
    }


def _write_atomically(path: Path, content: dict[str, Any]) -> None:
    write_text_whole(path, json.dumps(content, indent=2, ensure_ascii=False) + "\n")
