"""A results sheet's rows: each names its competition (found, or added with its level and dates), its
event and its athlete on record; a medal however it is written, a mark as a number, records broken.
Every problem is collected, named by row and cell; none stored unless there is none."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from athletes.department.import_rows import Row, Rows
from athletes.department.keeping import medal_named
from athletes.department.spreadsheet_values import parse_day, parse_mark, parse_yes
from athletes.department.tables import Competition, Result
from athletes.department.value_words import competition_level_named, sport_named
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


def results_rows(rows: Rows) -> list[str]:
    """Every row of a results sheet added to the session; the problems found, by row and cell."""
    session = rows.session
    competitions = {(c.name, c.sport, c.start): c for c in session.scalars(select(Competition))}
    on_record = {(r.competition_id, r.event, r.athlete_id): r for r in session.scalars(select(Result))}
    errors: list[str] = []
    for row in rows.sheet.rows:
        try:
            competition = competition_of(rows, row, competitions)
            athlete = rows.athlete(row)
            event = str(rows.get(row, "event", True))
            rows.once((competition.id, event, athlete.id), row, f"{athlete.name} in {event}")
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
                kind = RECORD_WORDS.get(fold(str(records_value)))
                if kind is None:
                    raise MatchdeskError(
                        f"{rows.where(row, 'records')}: {records_value!r} is not a record (quốc gia, tỉnh)"
                    )
                records = kind
            existing = on_record.get((competition.id, event, athlete.id))
            if existing is None:
                session.add(
                    Result(
                        competition_id=competition.id,
                        event=event,
                        athlete_id=athlete.id,
                        rank=rank,
                        medal=medal,
                        mark=mark,
                        mark_text=None if mark_value is None else str(mark_value),
                        records=records,
                    )
                )
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
