"""The words the athletes' records use (levels, roles, consent purposes...), apart from the models so
that the command line can offer them without loading the database libraries."""

from __future__ import annotations

LEVELS = ("national", "provincial", "youth")
SESSION_KINDS = ("training", "match", "test", "hrv", "live")
SEXES = ("male", "female")
ROLES = ("admin", "coach", "medical", "analyst", "athlete", "department")
PURPOSES = ("monitoring", "live", "video", "statistics", "research")
ACCESS_ACTIONS = ("read", "change", "export", "import", "erase", "consent", "account")
USER_VARIABLE = "MATCHDESK_USER"
