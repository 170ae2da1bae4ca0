"""Live heart-rate logging from Bluetooth LE straps (Heart Rate Measurement, characteristic 0x2A37).

Each notification is parsed (uint8 or uint16 HR, optional energy expended, any number of RR
intervals in 1/1024 s) and committed to the session at once, so a crash or a closed laptop loses
nothing; ``finish`` folds the samples into the session's series and summary. ``SimulatedStrap``
sends the same bytes a real strap does, for tests and demos.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import struct
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from athletes.access.actor import Actor, local_admin
from athletes.access.consent import consent_in_force, require_consent
from athletes.database import Database
from athletes.importer import store_recording
from athletes.models import Athlete, LiveSample, TrainingSession
from athletes.science.zones import zone_of
from athletes.wearables.recording import Recording
from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)

HEART_RATE_MEASUREMENT = "00002a37-0000-1000-8000-00805f9b34fb"


CONSENT_CHECK_EVERY = 5  # samples (about 5 s): a withdrawn live consent stops the strap this soon


@dataclass(frozen=True)
class HeartRateMeasurement:
    hr: int
    energy_kj: int | None
    rr_ms: tuple[float, ...]
    contact: bool | None  # None when the strap does not report skin contact


def parse_heart_rate_measurement(data: bytes) -> HeartRateMeasurement:
    """Bluetooth SIG Heart Rate Measurement: flags, HR (uint8 or uint16), energy (uint16), RR (uint16s)."""
    if len(data) < 2:
        raise ValueError(f"heart-rate notification of {len(data)} bytes is too short")
    flags = data[0]
    offset = 1
    if flags & 0x01:
        (hr,) = struct.unpack_from("<H", data, offset)
        offset += 2
    else:
        hr = data[offset]
        offset += 1
    contact = bool(flags & 0x02) if flags & 0x04 else None
    energy = None
    if flags & 0x08:
        (energy,) = struct.unpack_from("<H", data, offset)
        offset += 2
    rr: list[float] = []
    if flags & 0x10:
        while offset + 2 <= len(data):
            (raw,) = struct.unpack_from("<H", data, offset)
            rr.append(raw * 1000.0 / 1024.0)
            offset += 2
    return HeartRateMeasurement(int(hr), energy, tuple(rr), contact)


def encode_heart_rate_measurement(hr: int, rr_ms: list[float], energy_kj: int | None = None) -> bytes:
    """The bytes a strap sends (uint16 HR when above 255, contact detected, RR in 1/1024 s)."""
    flags = 0x06 | (0x01 if hr > 255 else 0) | (0x08 if energy_kj is not None else 0) | (0x10 if rr_ms else 0)
    body = struct.pack("<H", hr) if hr > 255 else struct.pack("<B", hr)
    if energy_kj is not None:
        body += struct.pack("<H", energy_kj)
    for rr in rr_ms:
        body += struct.pack("<H", round(rr * 1024.0 / 1000.0))
    return bytes([flags]) + body


class Strap(Protocol):
    def notifications(self) -> AsyncIterator[bytes]: ...


class SimulatedStrap:
    """Sends Heart Rate Measurement bytes about once a second: warm-up, intervals, cool-down."""

    def __init__(self, seed: int = 0, speed: float = 1.0, resting: float = 65.0, peak: float = 185.0) -> None:
        self.random = random.Random(seed)
        self.speed = speed
        self.resting, self.peak = resting, peak

    async def notifications(self) -> AsyncIterator[bytes]:
        elapsed = 0.0
        while True:
            phase = 0.5 + 0.5 * math.sin(elapsed / 90.0)  # efforts and recoveries
            hr = self.resting + (self.peak - self.resting) * (0.35 + 0.6 * phase)
            hr += self.random.gauss(0.0, 1.5)
            beats = max(1, round(hr / 60.0))
            rr = [60000.0 / hr + self.random.gauss(0.0, 15.0) for _ in range(beats)]
            yield encode_heart_rate_measurement(round(hr), rr)
            elapsed += 1.0
            await asyncio.sleep(1.0 / self.speed if self.speed > 0 else 0.0)


class BleakStrap:
    """A real strap through bleak, by its Bluetooth address."""

    def __init__(self, address: str) -> None:
        self.address = address

    async def notifications(self) -> AsyncIterator[bytes]:
        """The strap's notifications; a strap out of reach or lost is a MatchdeskError naming it."""
        from bleak import BleakClient  # only when a real strap is used
        from bleak.exc import BleakError

        queue: asyncio.Queue[bytes] = asyncio.Queue()
        try:
            async with BleakClient(self.address) as client:
                await client.start_notify(
                    HEART_RATE_MEASUREMENT, lambda _sender, data: queue.put_nowait(bytes(data))
                )
                while True:
                    yield await queue.get()
        except (BleakError, TimeoutError, OSError) as error:
            raise MatchdeskError(f"heart-rate strap not reachable or lost ({error})", self.address) from error


class LiveLogger:
    """Logs several athletes at once, each strap into its own session."""

    def __init__(
        self,
        database: Database,
        athlete_ids: list[int],
        straps: list[Strap],
        on_sample: Callable[[int, HeartRateMeasurement], None] | None = None,
        actor: Actor | None = None,
    ) -> None:
        if len(athlete_ids) != len(straps):
            raise ValueError("one strap per athlete")
        self.actor = actor or local_admin()
        self.database = database
        self.athlete_ids = athlete_ids
        self.straps = straps
        self.on_sample = on_sample
        self.session_ids: list[int] = []
        self.stop_requested = threading.Event()  # set from any thread: every strap stops, sessions finish

    def stop(self) -> None:
        self.stop_requested.set()

    def start(self) -> list[int]:
        """One session per athlete; refused (ConsentMissing) when one has no live consent in force."""
        now = datetime.now(UTC)
        with self.database.session() as session:
            for athlete_id in self.athlete_ids:
                athlete = session.get(Athlete, athlete_id)
                if athlete is None:
                    raise MatchdeskError(f"no athlete #{athlete_id}")
                self.actor.require_change(athlete, "live")
                require_consent(session, athlete, "live")
            for athlete_id in self.athlete_ids:
                stored = TrainingSession(
                    athlete_id=athlete_id,
                    kind="live",
                    start_utc=now.replace(tzinfo=None),
                    utc_offset_min=int((now.astimezone().utcoffset() or timedelta(0)).total_seconds() // 60),
                    day=now.astimezone().date(),
                    duration_s=0.0,
                    source_format="ble",
                    notes="live (not finished)",
                )
                session.add(stored)
                session.flush()
                self.session_ids.append(stored.id)
            session.commit()
        return self.session_ids

    async def run(self, seconds: float = math.inf) -> list[int]:
        """Log for ``seconds`` (of strap time) or until ``stop()``, then finish every session."""
        if not self.session_ids:
            self.start()
        await asyncio.gather(
            *(
                self._log(session_id, athlete_id, strap, seconds)
                for session_id, athlete_id, strap in zip(
                    self.session_ids, self.athlete_ids, self.straps, strict=True
                )
            )
        )
        finished = [finish(self.database, session_id) for session_id in self.session_ids]
        return [i for i in finished if i is not None]

    async def _log(self, session_id: int, athlete_id: int, strap: Strap, seconds: float) -> None:
        # A simulated strap's clock is its notification count (it may run faster than real time);
        # a real strap's is the wall clock, since notifications come about once a second, not exactly.
        count = 0
        started = time.monotonic()
        simulated = isinstance(strap, SimulatedStrap)
        async for data in strap.notifications():
            elapsed = float(count) if simulated else time.monotonic() - started
            if count % CONSENT_CHECK_EVERY == 0 and not self._consent_holds(athlete_id):
                logger.warning("athlete #%d withdrew live consent: logging stopped", athlete_id)
                break
            measurement = parse_heart_rate_measurement(data)
            record(self.database, session_id, elapsed, measurement)
            if self.on_sample is not None:
                self.on_sample(session_id, measurement)
            count += 1
            if self.stop_requested.is_set() or (count if simulated else elapsed) >= seconds:
                break

    def _consent_holds(self, athlete_id: int) -> bool:
        with self.database.session() as session:
            return consent_in_force(session, athlete_id, "live")


class ZoneClock:
    """What a live tile shows for one athlete: HR, % of HRmax, zone, and time spent in each zone."""

    def __init__(self, bounds: np.ndarray, hr_max: float) -> None:
        self.bounds = bounds
        self.hr_max = hr_max
        self.seconds_in_zones = np.zeros(len(bounds) + 1)
        self.hr: int | None = None
        self.zone = 0
        self._last: float | None = None

    def add(self, monotonic_seconds: float, hr: int) -> None:
        """A notification at ``monotonic_seconds``: the time since the last one counts in the last zone
        (gaps over 5 s, a lost strap, are not counted)."""
        if self._last is not None and self.hr is not None:
            step = monotonic_seconds - self._last
            if 0 < step <= 5.0:
                self.seconds_in_zones[self.zone] += step
        self._last = monotonic_seconds
        self.hr = hr
        self.zone = int(zone_of([hr], self.bounds)[0])

    @property
    def percent_of_max(self) -> float | None:
        return None if self.hr is None else 100.0 * self.hr / self.hr_max

    @property
    def seconds_in_current_zone(self) -> float:
        return float(self.seconds_in_zones[self.zone])


def record(database: Database, session_id: int, seconds: float, measurement: HeartRateMeasurement) -> None:
    """One notification, committed at once; a database that refuses it is a MatchdeskError."""
    try:
        with database.session() as session:
            session.add(
                LiveSample(
                    session_id=session_id,
                    seconds=seconds,
                    hr=float(measurement.hr),
                    rr_ms=list(measurement.rr_ms),
                )
            )
            session.commit()
    except SQLAlchemyError as error:
        raise MatchdeskError(f"could not store a live sample ({error})", f"session {session_id}") from error


def finish(database: Database, session_id: int) -> int | None:
    """Fold a live session's samples into its series and summary (also after a crash, on next start)."""
    with database.session() as session:
        stored = session.get(TrainingSession, session_id)
        if stored is None:
            return None
        samples = session.scalars(
            select(LiveSample).where(LiveSample.session_id == session_id).order_by(LiveSample.seconds)
        ).all()
        if len(samples) < 2:
            return None
        start = stored.start_utc.replace(tzinfo=UTC).astimezone()
        athlete_id = stored.athlete_id
        recording = Recording(
            source=Path(f"live session {session_id}"),
            format="ble",
            start=start,
            seconds=np.array([s.seconds for s in samples]),
            hr=np.array([s.hr for s in samples]),
            rr_ms=np.array([rr for s in samples for rr in (s.rr_ms or [])]),
        )
    # The summarised session is stored first; only then are the live rows removed. A crash in between
    # leaves both, and finishing again recognises the stored session (same start and duration).
    stored_as = store_recording(database, athlete_id, recording, digest=None, kind="training").session_id
    with database.session() as session:
        session.execute(delete(LiveSample).where(LiveSample.session_id == session_id))
        session.execute(delete(TrainingSession).where(TrainingSession.id == session_id))
        session.commit()
    return stored_as


def unfinished_sessions(database: Database) -> list[int]:
    """Live sessions a stopped app left with samples but no summary."""
    with database.session() as session:
        return list(
            session.scalars(
                select(TrainingSession.id).where(
                    TrainingSession.kind == "live", TrainingSession.notes == "live (not finished)"
                )
            )
        )
