"""A province-sized synthetic dataset: about 600 athletes in 30 sports on squads of the five levels,
five years of competitions and results, grades, camp and competition days, and rates, so that the
indicators, the pay table and their speed can be seen without anyone's records. Every name is made
up; the rates are example figures, not the decree's (the department enters those)."""

from __future__ import annotations

import logging
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from athletes.database import Database
from athletes.department.tables import (
    CampMonth,
    Competition,
    Grade,
    Rate,
    Result,
    Squad,
    SquadCoach,
    SquadMember,
)
from athletes.department.vocabulary import INTERNATIONAL_LEVELS, SQUAD_LEVELS
from athletes.models import Athlete
from athletes.records import fold

logger = logging.getLogger(__name__)

SPORTS = (
    "Điền kinh", "Bơi lội", "Đua thuyền", "Xe đạp", "Karate", "Taekwondo", "Vovinam", "Judo",
    "Pencak silat", "Wushu", "Quyền anh", "Vật", "Cử tạ", "Bắn súng", "Bắn cung", "Cầu lông", "Bóng bàn",
    "Quần vợt", "Bóng chuyền", "Bóng đá", "Bóng rổ", "Cờ vua", "Cờ tướng", "Thể dục dụng cụ", "Kickboxing",
    "Muay", "Canoeing", "Cầu mây", "Đá cầu", "Billiards",
)  # fmt: skip
FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
)
MIDDLE = {
    "male": ("Văn", "Minh", "Đức", "Quốc", "Hữu", "Thành"),
    "female": ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ"),
}
GIVEN = {
    "male": (
        "An",
        "Bảo",
        "Cường",
        "Dũng",
        "Hải",
        "Hùng",
        "Khoa",
        "Long",
        "Nam",
        "Phúc",
        "Quân",
        "Sơn",
        "Tài",
    ),
    "female": ("Anh", "Chi", "Dung", "Hà", "Hương", "Lan", "Linh", "Mai", "Nhung", "Phương", "Thảo", "Trang"),
}
ATHLETES = 600
# Example daily rates in đồng (NOT the decree's: the department enters those with `athletes rate`).
EXAMPLE_RATES = {
    "daily_pay": {"national": 270_000, "national_youth": 180_000, "provincial": 150_000,
                  "provincial_youth": 120_000, "talent": 40_000},
    "nutrition_training": {"national": 320_000, "national_youth": 320_000, "provincial": 240_000,
                           "provincial_youth": 190_000, "talent": 150_000},
    "nutrition_competition": {"national": 480_000, "national_youth": 480_000, "provincial": 320_000,
                              "provincial_youth": 240_000, "talent": 190_000},
}  # fmt: skip
RATE_SOURCE = "example figures (demo, not the decree's)"


def fill_province(database: Database, until: date | None = None, seed: int = 349) -> int:
    """Adds the dataset (five years up to ``until``); returns the number of athletes added."""
    until = until or date.today()
    rng = random.Random(seed)
    first_year = until.year - 4
    with database.session() as session:
        session.execute(insert(Rate), _rates(first_year))
        squads = {}
        for sport in SPORTS:
            for level, level_name in SQUAD_LEVELS.items():
                squads[sport, level] = Squad(name=f"{level_name} - {sport}", sport=sport, level=level)
        session.add_all(squads.values())
        session.flush()
        session.execute(
            insert(SquadCoach),
            [
                {"squad_id": squad.id, "coach": _name(rng, rng.choice(("male", "female"))),
                 "start": date(first_year, 1, 1), "end": None}
                for (_, level), squad in squads.items()
                if level in ("provincial", "provincial_youth", "talent")
            ],
        )  # fmt: skip
        athletes = _athletes(rng, until)
        session.execute(insert(Athlete), athletes)
        ids = list(
            session.scalars(select(Athlete.id).where(Athlete.id_number.like("099%")).order_by(Athlete.id))
        )
        members = _members(rng, ids, athletes, squads, first_year, until)
        session.execute(insert(SquadMember), members)
        session.execute(insert(CampMonth), _camp_months(rng, members, first_year, until))
        competitions = _competitions(rng, first_year, until)
        session.execute(insert(Competition), competitions)
        stored = session.execute(
            select(Competition.id, Competition.sport, Competition.level, Competition.end)
        ).all()
        by_sport: dict[str, list[int]] = {}
        for athlete_id, row in zip(ids, athletes, strict=True):
            by_sport.setdefault(row["sport"], []).append(athlete_id)
        results = _results(rng, list(stored), by_sport)
        session.execute(insert(Result), results)
        session.execute(insert(Grade), _grades(rng, ids, athletes, first_year, until))
        session.commit()
    logger.info("province demo: %d athletes, %d results", len(ids), len(results))
    return len(ids)


def _name(rng: random.Random, sex: str) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _rates(first_year: int) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "squad_level": level, "amount_vnd": amount, "effective_from": effective,
         "source": RATE_SOURCE}
        for kind, levels in EXAMPLE_RATES.items()
        for level, base in levels.items()
        for effective, amount in (
            (date(first_year, 1, 1), base), (date(first_year + 3, 1, 1), base * 11 // 10)
        )
    ]  # fmt: skip


def _athletes(rng: random.Random, until: date) -> list[dict[str, Any]]:
    rows = []
    for number in range(ATHLETES):
        sex = "male" if rng.random() < 0.55 else "female"
        name = _name(rng, sex)
        born = date(until.year - rng.randint(12, 30), rng.randint(1, 12), rng.randint(1, 28))
        rows.append({
            "name": name, "name_folded": fold(name), "date_of_birth": born, "sex": sex,
            "sport": SPORTS[number % len(SPORTS)], "id_number": f"099{number:09d}",
            "hsr_kmh": 19.8, "sprint_kmh": 25.2, "acceleration_ms2": 3.0, "created_at": datetime.now(UTC),
        })  # fmt: skip
    return rows


def _members(
    rng: random.Random, ids: list[int], athletes: list[dict[str, Any]], squads: dict[tuple[str, str], Squad],
    first_year: int, until: date,
) -> list[dict[str, Any]]:  # fmt: skip
    members = []
    for athlete_id, row in zip(ids, athletes, strict=True):
        age = until.year - row["date_of_birth"].year
        level = "talent" if age < 16 else "provincial_youth" if age < 19 else "provincial"
        start = date(rng.randint(first_year, until.year), rng.randint(1, 12), 1)
        end = None if rng.random() < 0.8 else min(until, start + timedelta(days=rng.randint(90, 900)))
        status = "salary" if level == "provincial" and rng.random() < 0.4 else "daily"
        members.append({"squad_id": squads[row["sport"], level].id, "athlete_id": athlete_id,
                        "start": start, "end": end, "pay_status": status})  # fmt: skip
        if level == "provincial" and rng.random() < 0.08:  # called up to a national squad for a while
            called = date(until.year, rng.randint(1, until.month), 1)
            national = squads[row["sport"], rng.choice(("national", "national_youth"))]
            members.append({"squad_id": national.id, "athlete_id": athlete_id, "start": called,
                            "end": None, "pay_status": "daily"})  # fmt: skip
    return members


def _camp_months(
    rng: random.Random, members: list[dict[str, Any]], first_year: int, until: date
) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for member in members:
        month = max(member["start"], date(first_year, 1, 1)).replace(day=1)
        last = member["end"] or until
        while month <= last and month <= until:
            if (member["athlete_id"], month) not in seen and rng.random() < 0.85:
                seen.add((member["athlete_id"], month))
                training = rng.randint(12, 24)
                rows.append({"athlete_id": member["athlete_id"], "month": month, "training_days": training,
                             "competition_days": rng.randint(0, 26 - training),
                             "place": "Trung tâm HL&TĐ TDTT"})  # fmt: skip
            month = (month + timedelta(days=32)).replace(day=1)
    return rows


def _competitions(rng: random.Random, first_year: int, until: date) -> list[dict[str, Any]]:
    rows = []
    for year in range(first_year, until.year + 1):
        for sport in SPORTS:
            plan = ["national_championship", "national_youth_championship", "provincial_championship"]
            if rng.random() < 0.5:
                plan.append(rng.choice(INTERNATIONAL_LEVELS))
            if year % 4 == 2:
                plan.append("national_games")
            for number, level in enumerate(plan):
                start = date(year, rng.randint(1, 12), rng.randint(1, 20))
                if start > until:
                    continue
                official = not (level in INTERNATIONAL_LEVELS and rng.random() < 0.25)
                rows.append({
                    "name": f"{level} {sport} {year} #{number}", "sport": sport, "level": level,
                    "start": start,
                    "end": start + timedelta(days=rng.randint(1, 7)), "official": official,
                    "place": "tỉnh nhà" if level.startswith("provincial") else "nơi khác",
                    "in_province": level.startswith("provincial") or rng.random() < 0.1,
                })  # fmt: skip
    return rows


def _results(
    rng: random.Random, competitions: list[Any], by_sport: dict[str, list[int]]
) -> list[dict[str, Any]]:
    rows = []
    for competition_id, sport, level, _ in competitions:
        entrants = rng.sample(by_sport[sport], k=min(len(by_sport[sport]), rng.randint(2, 10)))
        for place, athlete_id in enumerate(entrants, start=1):
            rank = place + (rng.randint(0, 3) if level in INTERNATIONAL_LEVELS else rng.randint(0, 2))
            medal = {1: "gold", 2: "silver", 3: "bronze"}.get(rank)
            mark = round(10.0 + rng.random() * 5, 2)
            rows.append({
                "competition_id": competition_id, "event": f"{sport} nội dung {rng.randint(1, 4)}",
                "athlete_id": athlete_id, "team": None, "rank": rank, "medal": medal, "mark": mark,
                "mark_text": f"{mark:.2f}",
                "records": "provincial" if rank == 1 and rng.random() < 0.05 else None,
                "source_file": None, "source_sha256": None,
            })  # fmt: skip
    return rows


def _grades(
    rng: random.Random, ids: list[int], athletes: list[dict[str, Any]], first_year: int, until: date
) -> list[dict[str, Any]]:
    rows = []
    for athlete_id, row in zip(ids, athletes, strict=True):
        if rng.random() < 0.35:
            awarded = date(rng.randint(first_year, until.year), rng.randint(1, 12), rng.randint(1, 28))
            confirmed = awarded <= until and rng.random() < 0.9
            rows.append({
                "athlete_id": athlete_id, "sport": row["sport"],
                "grade": rng.choices(("kien_tuong", "cap_1", "cap_2"), weights=(1, 3, 6))[0],
                "awarded_on": awarded if confirmed else None,
                "decision_number": f"{rng.randint(1, 999)}/QĐ-SVHTT" if confirmed else None,
                "status": "confirmed" if confirmed else "proposed",
                "confirmed_by": "demo" if confirmed else None,
                "result_id": None,
            })  # fmt: skip
    return rows
