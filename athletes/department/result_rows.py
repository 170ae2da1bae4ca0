"""A results sheet's rows: each names its competition (found, or added with its level and dates), its
event and its athlete on record; a medal however it is written, a mark as a number, records broken.
Every problem is collected, named by row and cell; none stored unless there is none."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from athletes.department.import_rows import Row, Rows
from athletes.department.keeping import medal_named
from athletes.department.spreadsheet_values import parse_day, parse_mark, parse_yes
from athletes.department.tables import Competition, Result, ResultAthlete
from athletes.department.value_words import competition_level_named, sport_named
from athletes.models import Athlete
from athletes.records import fold
from matchdesk.errors import MatchdeskError

RECORD_WORDS = {
    "quoc gia": "national",
    "national": "national",
    "kl quoc gia": "national",
    "tinh": "provincial",
    "provincial": "provincial",
    "kl tinh": "provincial",
}


def competition_of(rows: Rows, row: Row, cache: dict[tuple[str, str, date], Competition]) -> Competition:
    name = str(rows.get(row, "competition", True))
    sport = sport_named(rows.get(row, "sport", True), rows.where(row, "sport"), rows.sports)
    start = parse_day(rows.get(row, "start", True), rows.where(row, "start"))
    key = (name, sport, start)
    if key in cache:
        return cache[key]
    end_value = rows.get(row, "end")
    end = parse_day(end_value, rows.where(row, "end")) if end_value is not None else start
    if end < start:
        raise MatchdeskError(f"{rows.where(row, 'end')}: it ends ({end}) before it starts ({start})")
    official = rows.get(row, "official")
    held_here = rows.get(row, "in_province")
    competition = Competition(
        name=name,
        sport=sport,
        level=competition_level_named(rows.get(row, "level", True), rows.where(row, "level")),
        start=start,
        end=end,
        official=True if official is None else parse_yes(official),
        in_province=False if held_here is None else parse_yes(held_here),
        place=None,
    )
    rows.session.add(competition)
    rows.session.flush()
    cache[key] = competition
    return competition


def _who(rows: Rows, row: Row) -> tuple[Athlete | None, str | None, list[Athlete]]:
    """An athlete's result, or a team's (its name, and its members as the sheet lists them)."""
    team = rows.get(row, "team")
    if rows.get(row, "name") is not None or team is None:
        return rows.athlete(row), None, []
    members = []
    for name in re.split(r"[;,\n]", str(rows.get(row, "members") or "")):
        if name.strip():
            try:
                found = rows.athletes.find(name.strip(), None, None)
            except MatchdeskError as error:
                raise MatchdeskError(f"{rows.where(row, 'members')}: {error.problem}") from None
            if found is None:
                raise MatchdeskError(f"{rows.where(row, 'members')}: {name.strip()} is not in the roster")
            members.append(found)
    return None, str(team), members


def _details(rows: Rows, row: Row) -> tuple[int | None, str | None, float | None, str | None]:
    """Rank, medal, mark and records broken, as the sheet writes them."""
    rank_value = rows.get(row, "rank")
    try:
        rank = None if rank_value is None else int(float(str(rank_value)))
    except ValueError:
        raise MatchdeskError(f"{rows.where(row, 'rank')}: {rank_value!r} is not a rank") from None
    medal = medal_named(rows.get(row, "medal"), rows.where(row, "medal"))
    mark_value = rows.get(row, "mark")
    mark = None if mark_value is None else parse_mark(mark_value, rows.where(row, "mark"))
    records_value = rows.get(row, "records")
    records = None
    if records_value is not None:
        records = RECORD_WORDS.get(fold(str(records_value)))
        if records is None:
            raise MatchdeskError(
                f"{rows.where(row, 'records')}: {records_value!r} is not a record (quốc gia, tỉnh)"
            )
    return rank, medal, mark, records


def results_rows(rows: Rows) -> list[str]:
    """Every row of a results sheet added to the session; the problems found, by row and cell. A row
    naming a team (and its members) rather than an athlete is the team's result: one medal."""
    session = rows.session
    competitions = {(c.name, c.sport, c.start): c for c in session.scalars(select(Competition))}
    on_record = {
        (r.competition_id, r.event, r.athlete_id, r.team): r for r in session.scalars(select(Result))
    }
    errors: list[str] = []
    for row in rows.sheet.rows:
        try:
            competition = competition_of(rows, row, competitions)
            athlete, team, members = _who(rows, row)
            event = str(rows.get(row, "event", True))
            key = (competition.id, event, athlete.id if athlete else None, team)
            rows.once(key, row, f"{athlete.name if athlete else team} in {event}")
            rank, medal, mark, records = _details(rows, row)
            existing = on_record.get(key)
            if existing is None:
                result = Result(
                    competition_id=competition.id,
                    event=event,
                    athlete_id=athlete.id if athlete else None,
                    team=team,
                    rank=rank,
                    medal=medal,
                    mark=mark,
                    records=records,
                    mark_text=None if rows.get(row, "mark") is None else str(rows.get(row, "mark")),
                )
                session.add(result)
                if members:
                    session.flush()
                    session.add_all(ResultAthlete(result_id=result.id, athlete_id=m.id) for m in members)
                rows.report.added += 1
            elif (existing.rank, existing.medal, existing.mark, existing.records) != (
                rank,
                medal,
                mark,
                records,
            ):
                existing.rank, existing.medal, existing.mark, existing.records = rank, medal, mark, records
                rows.report.changed += 1
            else:
                rows.report.skipped += 1
        except MatchdeskError as error:
            errors.append(str(error))
    return errors
