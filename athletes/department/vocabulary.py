"""The words of the department's records, in the order the decrees and circulars list them, with
their Vietnamese names; apart from the tables so that the command line offers them cheaply."""

from __future__ import annotations

# Decree 349/2025/ND-CP (which replaced Decree 152/2018/ND-CP): the five squad levels.
SQUAD_LEVELS: dict[str, str] = {
    "national": "Đội tuyển quốc gia",
    "national_youth": "Đội tuyển trẻ quốc gia",
    "provincial": "Đội tuyển tỉnh",
    "provincial_youth": "Đội tuyển trẻ tỉnh",
    "talent": "Đội tuyển năng khiếu tỉnh",
}
SQUAD_LEVELS_EN: dict[str, str] = {
    "national": "National team",
    "national_youth": "National youth team",
    "provincial": "Provincial team",
    "provincial_youth": "Provincial youth team",
    "talent": "Provincial talent squad",
}
# How an athlete on a squad is paid: a state salary, or per day of training and competition.
PAY_STATUSES: dict[str, str] = {"salary": "Hưởng lương", "daily": "Hưởng tiền công theo ngày"}

# Thông tư 06/2021/TT-BVHTTDL: the three grades.
GRADES: dict[str, str] = {"kien_tuong": "Kiện tướng", "cap_1": "Cấp 1", "cap_2": "Cấp 2"}
GRADES_EN: dict[str, str] = {"kien_tuong": "Master of Sport", "cap_1": "Grade 1", "cap_2": "Grade 2"}

COMPETITION_LEVELS: dict[str, str] = {
    "olympics": "Thế vận hội Olympic",
    "asiad": "Đại hội Thể thao châu Á (ASIAD)",
    "sea_games": "Đại hội Thể thao Đông Nam Á (SEA Games)",
    "world_championship": "Giải vô địch thế giới",
    "asian_championship": "Giải vô địch châu Á",
    "sea_championship": "Giải vô địch Đông Nam Á",
    "national_games": "Đại hội Thể dục thể thao toàn quốc",
    "national_championship": "Giải vô địch quốc gia",
    "national_youth_championship": "Giải vô địch trẻ quốc gia",
    "provincial_games": "Đại hội Thể dục thể thao tỉnh",
    "provincial_championship": "Giải vô địch tỉnh",
}
COMPETITION_LEVELS_EN: dict[str, str] = {
    "olympics": "Olympic Games",
    "asiad": "Asian Games (ASIAD)",
    "sea_games": "Southeast Asian Games",
    "world_championship": "World championship",
    "asian_championship": "Asian championship",
    "sea_championship": "Southeast Asian championship",
    "national_games": "National Sports Games",
    "national_championship": "National championship",
    "national_youth_championship": "National youth championship",
    "provincial_games": "Provincial Sports Games",
    "provincial_championship": "Provincial championship",
}
INTERNATIONAL_LEVELS = (
    "olympics",
    "asiad",
    "sea_games",
    "world_championship",
    "asian_championship",
    "sea_championship",
)
NATIONAL_LEVELS = ("national_games", "national_championship", "national_youth_championship")

MEDALS: dict[str, str] = {"gold": "Huy chương Vàng", "silver": "Huy chương Bạc", "bronze": "Huy chương Đồng"}
MEDALS_EN: dict[str, str] = {"gold": "Gold", "silver": "Silver", "bronze": "Bronze"}
# How a spreadsheet names a medal: Vietnamese in full or short (HCV/HCB/HCĐ), English, or a rank.
MEDAL_WORDS: dict[str, str] = {
    "gold": "gold", "vàng": "gold", "vang": "gold", "hcv": "gold", "huy chương vàng": "gold", "1": "gold",
    "silver": "silver", "bạc": "silver", "bac": "silver", "hcb": "silver", "huy chương bạc": "silver",
    "2": "silver",
    "bronze": "bronze", "đồng": "bronze", "dong": "bronze", "hcđ": "bronze", "hcd": "bronze",
    "huy chương đồng": "bronze", "3": "bronze",
}  # fmt: skip

# The rates a month's pay table multiplies days by (data, with effective dates, per squad level).
RATE_KINDS: dict[str, str] = {
    "daily_pay": "Tiền công (đồng/ngày)",
    "nutrition_training": "Dinh dưỡng tập luyện (đồng/ngày)",
    "nutrition_competition": "Dinh dưỡng thi đấu (đồng/ngày)",
}
RECORD_KINDS = ("national", "provincial")
