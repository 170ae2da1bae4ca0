"""Small parsers the session commands share."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from matchdesk.errors import MatchdeskError


def seconds_option(text: str, option: str, signed: bool = False) -> Fraction:
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError) as error:
        raise MatchdeskError(f'{option}: "{text}" is not a number of seconds') from error
    if value < 0 and not signed:
        raise MatchdeskError(f"{option}: negative")
    return value
