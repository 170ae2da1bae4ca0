"""A sport's review rules as data: who may ask, how often, when, about what, who decides, what it costs.

Each sport's rules live in one TOML file that cites the rule text its numbers come from; matchdesk
ships one per sport (``var/sports/profiles/``) and a department may write its own. A profile is read
once, checked field by field (a missing or nonsensical field names the file and the field), and
identified in the review file by its name, version and the SHA-256 of its text.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

from matchdesk.errors import MatchdeskError

REQUESTERS = ("coach", "athlete", "captain", "official")
QUOTA_UNITS = ("match", "set", "game", "bout", "contest", "quarter", "competition")
SPENT = ("always", "on_failure")
CLOCKS = ("elapsed", "remaining")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Words:
    """A title, or a rule's text, in both of the desk's languages."""

    vi: str
    en: str

    def __call__(self, language: str) -> str:
        return self.vi if language == "vi" else self.en

    def to_json(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class Category:
    """A kind of situation that may be reviewed, and when (``None``: at any time)."""

    name: str
    title: Words
    from_period: int | None = None  # only in this period and later (basketball: the 4th quarter)
    last_seconds: int | None = None  # only in the period's last seconds (by the game clock)


@dataclass(frozen=True)
class Quota:
    """How many requests a side has, per what, and when one is used up."""

    count: int
    per: str  # the sport's own word: match, set, game, bout, contest, quarter or competition
    per_period: bool  # True: the count starts again each period (a set, a quarter)
    spent: str  # "always", or "on_failure": a request that changes the decision is kept
    extra_from_period: int | None = None  # extra time or overtime starts with this period
    extra_adds: int = 0


@dataclass(frozen=True)
class SportProfile:
    """One sport's review rules."""

    name: str
    version: str
    title: Words
    source: str  # the rule text, cited
    sides: tuple[str, ...]  # empty: the sides are named per match (badminton's players or pairs)
    requesters: tuple[str, ...]  # empty: nobody may ask (the review starts from the officials)
    quota_applies_to: tuple[str, ...]  # who uses requests up (basketball: the coach, not the referees)
    category_windows_bind: tuple[str, ...]  # whose requests the categories' time windows restrict
    requester_rule: Words
    quota: Quota
    quota_rule: Words
    window_seconds: int | None  # the action must be this recent when the request is made
    window_rule: Words
    categories: tuple[Category, ...]
    category_rule: Words
    deciding_official: Words
    deadline_seconds: int | None
    failure_gives_opponent_points: int
    outcome_rule: Words
    clock: str  # how the match time is read: "elapsed" (football) or "remaining" (basketball)
    period_word: Words
    sha256: str
    text: str  # the file as it was read: the review file keeps the rules it ran under

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    def quota_in(self, period: int, extra_time: bool) -> int:
        """The requests a side has for ``period`` (extra time or overtime may add some)."""
        quota = self.quota
        extra = quota.extra_from_period is not None and (extra_time or period >= quota.extra_from_period)
        return quota.count + (quota.extra_adds if extra else 0)

    def to_json(self) -> dict[str, Any]:
        """As ``matchdesk sports --json`` prints it."""
        return {
            "sport": self.name,
            "version": self.version,
            "title": self.title.to_json(),
            "sides": list(self.sides),
            "requesters": list(self.requesters),
            "categories": [{"name": c.name, "title": c.title.to_json()} for c in self.categories],
            "quota": {"count": self.quota.count, "per": self.quota.per, "spent": self.quota.spent},
            "window_s": self.window_seconds,
            "deciding_official": self.deciding_official.to_json(),
            "deadline_s": self.deadline_seconds,
            "source": self.source,
            "sha256": self.sha256,
        }


# Keys a competition may override (``--override KEY=VALUE``), as a technical delegate may.
OVERRIDABLE = ("quota.count", "quota.extra_adds", "window_s", "deadline_s")


def with_overrides(profile: SportProfile, overrides: dict[str, int]) -> SportProfile:
    """``profile`` with a competition's own counts."""
    quota = profile.quota
    if "quota.count" in overrides:
        quota = replace(quota, count=overrides["quota.count"])
    if "quota.extra_adds" in overrides:
        quota = replace(quota, extra_adds=overrides["quota.extra_adds"])
    return replace(
        profile,
        quota=quota,
        window_seconds=overrides.get("window_s", profile.window_seconds),
        deadline_seconds=overrides.get("deadline_s", profile.deadline_seconds),
    )


def parse_overrides(texts: list[str]) -> dict[str, int]:
    """``KEY=VALUE`` pairs as typed after ``--override``.

    Raises:
        MatchdeskError: an unknown key or a value that is not a whole number from 0 up.
    """
    overrides: dict[str, int] = {}
    for text in texts:
        key, separator, value = text.partition("=")
        key = key.strip()
        if not separator or key not in OVERRIDABLE:
            raise MatchdeskError(
                f"--override {text!r}: give KEY=VALUE with KEY one of {', '.join(OVERRIDABLE)}"
            )
        if not value.strip().isdigit():
            raise MatchdeskError(f"--override {text!r}: the value must be a whole number from 0 up")
        overrides[key] = int(value)
    return overrides


def read_profile(path: Path) -> SportProfile:
    """Read and check one profile file.

    Raises:
        MatchdeskError: the file is missing, is not TOML, or a field is missing or makes no sense
            (the message names the file and the field).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise MatchdeskError("no such sport profile", path) from error
    except OSError as error:
        raise MatchdeskError(f"cannot read the sport profile ({error})", path) from error
    return parse_profile(raw, path)


def parse_profile(raw: bytes, origin: Path) -> SportProfile:
    """A profile from its file's bytes (``origin`` names where they came from in any error)."""
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise MatchdeskError(f"not a readable sport profile ({error})", origin) from error
    return _ProfileReader(origin, document, raw).profile()


class _ProfileReader:
    """Reads the fields of one profile, naming the file and field of anything wrong."""

    def __init__(self, path: Path, document: dict[str, Any], raw: bytes) -> None:
        self.path, self.document, self.raw = path, document, raw

    def profile(self) -> SportProfile:
        sport = self.table(self.document, "sport")
        requests = self.table(self.document, "requests")
        quota = self.table(self.document, "quota")
        window = self.table(self.document, "window")
        decision = self.table(self.document, "decision")
        outcome = self.table(self.document, "outcome")
        categories = self.document.get("categories")
        if not isinstance(categories, list) or not categories:
            self.fail("categories", "list at least one [[categories]] that may be reviewed")
        requesters = tuple(self.strings(requests, "requests.who", allow_empty=True))
        for who in requesters:
            self.one_of("requests.who", who, REQUESTERS)
        count = self.whole(quota, "quota.count")
        extra = quota.get("extra")
        return SportProfile(
            name=self.text(sport, "sport.name"),
            version=self.text(sport, "sport.version"),
            title=self.words(sport, "sport.title"),
            source=self.text(sport, "sport.source"),
            sides=tuple(self.strings(sport, "sport.sides", allow_empty=True)),
            requesters=requesters,
            quota_applies_to=self.subset(requests, "requests.quota_applies_to", requesters),
            category_windows_bind=self.subset(requests, "requests.category_windows_bind", requesters),
            requester_rule=self.rule(requests, "requests.rule"),
            quota=Quota(
                count=count,
                per=self.one_of("quota.per", self.text(quota, "quota.per"), QUOTA_UNITS),
                per_period=self.flag(quota, "quota.per_period"),
                spent=self.one_of("quota.spent", self.text(quota, "quota.spent"), SPENT),
                extra_from_period=None
                if extra is None
                else self.whole(extra, "quota.extra.from_period", least=1),
                extra_adds=0 if extra is None else self.whole(extra, "quota.extra.adds"),
            ),
            quota_rule=self.rule(quota, "quota.rule"),
            window_seconds=self.optional_whole(window, "window.seconds"),
            window_rule=self.rule(window, "window.rule"),
            categories=tuple(self.category(item, n) for n, item in enumerate(categories, start=1)),
            category_rule=self.rule(requests, "requests.categories_rule"),
            deciding_official=self.words(decision, "decision.official"),
            deadline_seconds=self.optional_whole(decision, "decision.deadline_seconds", least=1),
            failure_gives_opponent_points=self.whole(outcome, "outcome.failure_gives_opponent_points"),
            outcome_rule=self.rule(outcome, "outcome.rule"),
            clock=self.one_of("sport.clock", self.text(sport, "sport.clock"), CLOCKS),
            period_word=self.words(sport, "sport.period"),
            sha256=hashlib.sha256(self.raw).hexdigest(),
            text=self.raw.decode("utf-8"),
        )

    def category(self, item: Any, number: int) -> Category:
        field = f"categories[{number}]"
        if not isinstance(item, dict):
            self.fail(field, "must be a table with a name and a title")
        return Category(
            name=self.text(item, f"{field}.name"),
            title=self.words(item, f"{field}.title"),
            from_period=self.optional_whole(item, f"{field}.from_period", least=1),
            last_seconds=self.optional_whole(item, f"{field}.last_seconds", least=1),
        )

    # --- fields ---------------------------------------------------------------------------------

    def fail(self, field: str, problem: str) -> NoReturn:
        raise MatchdeskError(f"sport profile field {field}: {problem}", self.path)

    def table(self, parent: dict[str, Any], field: str) -> dict[str, Any]:
        value = parent.get(field)
        if not isinstance(value, dict):
            self.fail(field, f"missing: the profile needs a [{field}] table")
        return value

    def value(self, parent: dict[str, Any], field: str) -> Any:
        key = field.rsplit(".", 1)[-1]
        if key not in parent:
            self.fail(field, "missing")
        return parent[key]

    def text(self, parent: dict[str, Any], field: str) -> str:
        value = self.value(parent, field)
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be a text that is not empty")
        return str(value).strip()

    def words(self, parent: dict[str, Any], field: str) -> Words:
        value = self.value(parent, field)
        if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in LANGUAGES):
            self.fail(field, 'must give the words in both languages: { vi = "...", en = "..." }')
        return Words(value["vi"], value["en"])

    def rule(self, parent: dict[str, Any], field: str) -> Words:
        """A rule's text in both languages, or in one (a department's own profile may quote its rules
        in one language only: they are quoted so in either)."""
        if isinstance(self.value(parent, field), str):
            text = self.text(parent, field)
            return Words(text, text)
        rule = self.words(parent, field)
        if not (rule.vi.strip() and rule.en.strip()):
            self.fail(field, "must be a text that is not empty")
        return rule

    def strings(self, parent: dict[str, Any], field: str, allow_empty: bool = False) -> list[str]:
        value = self.value(parent, field)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(field, "must be a list of texts")
        if not value and not allow_empty:
            self.fail(field, "must not be empty")
        if len(set(value)) != len(value):
            self.fail(field, "names something twice")
        return list(value)

    def subset(self, parent: dict[str, Any], field: str, of: tuple[str, ...]) -> tuple[str, ...]:
        """An optional list of some of ``of`` (all of them when absent)."""
        if field.rsplit(".", 1)[-1] not in parent:
            return of
        chosen = tuple(self.strings(parent, field))
        for name in chosen:
            self.one_of(field, name, of)
        return chosen

    def whole(self, parent: dict[str, Any], field: str, least: int = 0) -> int:
        value = self.value(parent, field)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            self.fail(field, f"must be a whole number from {least} up (it is {value!r})")
        return int(value)

    def optional_whole(self, parent: dict[str, Any], field: str, least: int = 0) -> int | None:
        return self.whole(parent, field, least) if field.rsplit(".", 1)[-1] in parent else None

    def flag(self, parent: dict[str, Any], field: str) -> bool:
        value = self.value(parent, field)
        if not isinstance(value, bool):
            self.fail(field, "must be true or false")
        return bool(value)

    def one_of(self, field: str, value: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            self.fail(field, f"{value!r} is not one of {', '.join(allowed)}")
        return value
