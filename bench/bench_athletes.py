"""Athletes: import throughput against fitdecode's own parse, and the season dashboard's speed.

    python bench/bench_athletes.py [--db URL] [--athletes 30] [--sessions 300]

Import: samples per second of ``import_file`` (read, clean, summarise, store) on the real FIT files
in ../shared/data/wearables, against a plain fitdecode pass over the same files (the floor: matchdesk
reads FIT through fitdecode). Dashboard: a squad of ``--athletes`` with ``--sessions`` 90-minute 1 Hz
sessions each (300 x 30 = 9000 sessions, 48.6 million samples) stored as summaries, then ``season``
for the whole squad; target < 2 s. The samples themselves are not generated here: the dashboard
reads only the summaries, which is the point of keeping them.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import fitdecode

from athletes.access.actor import Actor
from athletes.access.consent import consent_to
from athletes.dashboard import season
from athletes.database import Database
from athletes.importer import import_file
from athletes.models import TrainingSession
from athletes.records import NewAthlete, add_athlete

REPO = Path(__file__).resolve().parents[1]
WEARABLES = Path(os.environ.get("MATCHDESK_SHARED", REPO.parent / "shared")) / "data" / "wearables"
logger = logging.getLogger("bench_athletes")


def fitdecode_seconds(files: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    records = 0
    for path in files:
        with fitdecode.FitReader(str(path)) as reader:
            records += sum(
                1 for f in reader if isinstance(f, fitdecode.FitDataMessage) and f.name == "record"
            )
    return time.perf_counter() - started, records


def import_seconds(database: Database, files: list[Path]) -> tuple[float, int]:
    with database.session() as session:
        added = add_athlete(session, NewAthlete("Bench Import", hr_max=190, hr_rest=50))
        consent_to(session, Actor("bench", "admin"), added, ("monitoring",))
        athlete = added.id
    started = time.perf_counter()
    samples = sum(import_file(database, athlete, path).samples or 0 for path in files)
    return time.perf_counter() - started, samples


def fill_squad(database: Database, athletes: int, sessions: int) -> None:
    rng = random.Random(7)
    first = date(2026, 1, 1)
    with database.session() as session:
        ids = [
            add_athlete(session, NewAthlete(f"Cầu thủ {n:02d}", team="Đội 1", hr_max=195, hr_rest=55)).id
            for n in range(athletes)
        ]
        for athlete in ids:
            for n in range(sessions):
                day = first + timedelta(days=int(n * 365 / sessions))
                session.add(
                    TrainingSession(
                        athlete_id=athlete,
                        kind="training",
                        start_utc=datetime.combine(day, datetime.min.time()),
                        utc_offset_min=420,
                        day=day,
                        duration_s=5400.0,
                        rpe=rng.choice([None, 4, 5, 6, 7, 8]),
                        samples=5400,
                        hr_mean=140 + rng.random() * 20,
                        hr_max=185.0,
                        distance_m=7000 + rng.random() * 3000,
                        trimp_banister=80 + rng.random() * 80,
                        ln_rmssd=4.0 + rng.random() * 0.4 if n % 3 == 0 else None,
                    )
                )
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db")
    parser.add_argument("--athletes", type=int, default=30)
    parser.add_argument("--sessions", type=int, default=300)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as scratch:
        url = arguments.db or f"sqlite:///{Path(scratch) / 'bench.sqlite'}"
        database = Database(url)
        files = sorted(WEARABLES.glob("*.fit"))
        if files:
            parse, records = fitdecode_seconds(files)
            store, samples = import_seconds(database, files)
            logger.info(
                "import of %d FIT files (%d samples): fitdecode alone %.0f samples/s,"
                " matchdesk import %.0f samples/s (%.2fx fitdecode's time)",
                len(files),
                samples,
                records / parse,
                samples / store,
                store / parse,
            )
        else:
            logger.info("no FIT files in %s: import throughput not measured", WEARABLES)
        fill_squad(database, arguments.athletes, arguments.sessions)
        started = time.perf_counter()
        squad = season(database)
        elapsed = time.perf_counter() - started
        flagged = sum(1 for a in squad if a.flags)
        logger.info(
            "season dashboard, %d athletes x %d sessions (%s): %.2f s (target < 2 s); %d athletes flagged",
            arguments.athletes,
            arguments.sessions,
            database.engine.dialect.name,
            elapsed,
            flagged,
        )
        database.close()


if __name__ == "__main__":
    main()
