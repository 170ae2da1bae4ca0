"""``matchdesk sports``: the sports whose review rules matchdesk knows, and what each allows."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from var.sports.catalogue import all_profiles


def register(commands: Any) -> None:
    sports = commands.add_parser(
        "sports", help="the sports' review rules: who may ask, how often, about what"
    )
    sports.add_argument("--json", action="store_true")
    sports.add_argument("--language", choices=("vi", "en"), default="en")
    sports.set_defaults(handler=run_sports)


def run_sports(arguments: argparse.Namespace) -> int:
    profiles = all_profiles()
    if arguments.json:
        sys.stdout.write(json.dumps([p.to_json() for p in profiles], indent=2, ensure_ascii=False) + "\n")
        return 0
    language = arguments.language
    for profile in profiles:
        quota = profile.quota
        asks = ", ".join(profile.requesters) or "-"
        sys.stdout.write(
            f"{profile.name}: {profile.title(language)}; {asks}: {quota.count} per {quota.per} "
            f"({'spent always' if quota.spent == 'always' else 'kept when it succeeds'}); "
            f"{', '.join(c.name for c in profile.categories)}\n    {profile.source}\n"
        )
    return 0
