"""The words a spreadsheet uses for a record's values, mapped to matchdesk's: sex, squad and
competition levels, pay status, and the sports the department knows (with their English names)."""

from __future__ import annotations

import difflib

from athletes.department.vocabulary import (
    COMPETITION_LEVELS,
    COMPETITION_LEVELS_EN,
    SQUAD_LEVELS,
    SQUAD_LEVELS_EN,
)
from athletes.records import fold
from matchdesk.errors import MatchdeskError

SPORTS: dict[str, tuple[str, ...]] = {
    "Điền kinh": ("athletics", "track and field"), "Bơi lội": ("swimming", "boi"), "Đua thuyền": ("rowing",),
    "Xe đạp": ("cycling",), "Karate": (), "Taekwondo": (), "Vovinam": (), "Judo": (), "Pencak silat": (),
    "Wushu": (), "Quyền anh": ("boxing",), "Vật": ("wrestling",), "Cử tạ": ("weightlifting",),
    "Bắn súng": ("shooting",), "Bắn cung": ("archery",), "Cầu lông": ("badminton",),
    "Bóng bàn": ("table tennis",), "Quần vợt": ("tennis",), "Bóng chuyền": ("volleyball",),
    "Bóng chuyền bãi biển": ("beach volleyball",), "Bóng đá": ("football", "soccer"),
    "Bóng rổ": ("basketball",), "Cờ vua": ("chess",), "Cờ tướng": ("xiangqi",),
    "Thể dục dụng cụ": ("gymnastics", "artistic gymnastics"), "Kickboxing": (), "Muay": ("muay thai",),
    "Canoeing": ("canoe", "canoe kayak", "kayak"), "Cầu mây": ("sepak takraw",), "Đá cầu": ("shuttlecock",),
    "Billiards": ("billiards & snooker", "bi-a"), "Golf": (), "Bóng ném": ("handball",), "Lặn": ("diving",),
    "Khiêu vũ thể thao": ("dancesport",), "Jujitsu": ("ju-jitsu",), "Kurash": (), "Sambo": (),
    "Thể hình": ("bodybuilding",), "Võ cổ truyền": ("traditional martial arts",), "Đấu kiếm": ("fencing",),
    "Leo núi thể thao": ("sport climbing",),
    "Ba môn phối hợp": ("triathlon",), "Thuyền buồm": ("sailing",), "Bóng đá trong nhà": ("futsal",),
}  # fmt: skip
SEX_WORDS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female", "f": "female"}
PAY_WORDS = {"luong": "salary", "huong luong": "salary", "salary": "salary", "tien cong": "daily",
             "huong tien cong": "daily", "theo ngay": "daily", "daily": "daily",
             "per day": "daily"}  # fmt: skip
COMPETITION_SHORT = {
    "olympic": "olympics", "the van hoi": "olympics", "sea games": "sea_games", "asiad": "asiad",
    "asian games": "asiad", "dai hoi tdtt toan quoc": "national_games", "dai hoi toan quoc": "national_games",
    "vo dich quoc gia": "national_championship", "giai vo dich toan quoc": "national_championship",
    "vo dich tre quoc gia": "national_youth_championship", "giai tre quoc gia": "national_youth_championship",
    "vo dich the gioi": "world_championship", "vo dich chau a": "asian_championship",
    "vo dich dong nam a": "sea_championship", "dai hoi tdtt tinh": "provincial_games",
    "vo dich tinh": "provincial_championship", "giai tinh": "provincial_championship",
}  # fmt: skip
SQUAD_SHORT = {"quoc gia": "national", "tre quoc gia": "national_youth", "tinh": "provincial",
               "tre tinh": "provincial_youth", "tre": "provincial_youth", "nang khieu": "talent"}  # fmt: skip


def _lookup(words: dict[str, str], value: object, what: str, where: str) -> str:
    folded = fold(str(value))
    if folded in words:
        return words[folded]
    raise MatchdeskError(
        f"{value!r} is not a {what} (one of: {', '.join(sorted(set(words.values())))})", where
    )


def sex_named(value: object, where: str) -> str:
    return _lookup(SEX_WORDS, value, "sex", where)


def pay_named(value: object, where: str) -> str:
    return _lookup(PAY_WORDS, value, "pay status (lương / tiền công)", where)


def squad_level_named(value: object, where: str) -> str:
    words = {**SQUAD_SHORT, **{fold(k): k for k in SQUAD_LEVELS}}
    words |= {fold(v): k for k, v in SQUAD_LEVELS.items()} | {fold(v): k for k, v in SQUAD_LEVELS_EN.items()}
    words |= {fold(v).removeprefix("doi tuyen "): k for k, v in SQUAD_LEVELS.items()}
    return _lookup(words, value, "squad level", where)


def competition_level_named(value: object, where: str) -> str:
    words = {**COMPETITION_SHORT, **{fold(k): k for k in COMPETITION_LEVELS}}
    words |= {fold(v): k for k, v in COMPETITION_LEVELS.items()}
    words |= {fold(v): k for k, v in COMPETITION_LEVELS_EN.items()}
    folded = fold(str(value)).removeprefix("giai ")
    return words.get(folded) or _lookup(words, value, "competition level", where)


def sport_named(value: object, where: str, also: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    """The sport's name as the department writes it; an unknown sport is refused with a suggestion."""
    names = {fold(name): name for name in (*SPORTS, *also)}
    names |= {alias: name for name, aliases in SPORTS.items() for alias in aliases}
    folded = fold(str(value))
    if folded in names:
        return names[folded]
    close = difflib.get_close_matches(folded, list(names), n=1, cutoff=0.75)
    hint = f"; did you mean {names[close[0]]}?" if close else " (add it to the department's sports first)"
    raise MatchdeskError(f"{value!r} is not a sport the department knows{hint}", where)
