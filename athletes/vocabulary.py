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
# Where an athlete's HRmax or resting HR came from, as matchdesk writes it beside the figure (the
# reports word these in their language: report_text.hr_source; a coach's own words stay as written)
HR_FROM_TEST = "max HR test"  # followed by the test's day when a test set it
HR_BY_AGE = "age (Tanaka 208 - 0.7 x age)"
HR_BY_HAND = "entered by hand"  # the command line's
HR_ENTERED = "entered"  # the athletes window's
HR_MORNINGS = "morning readings"
TEST_MAX_HR = "max_hr"  # the test whose result becomes the athlete's HRmax
