"""The sport profiles on hand: those matchdesk ships, and those the department writes.

A department's own profiles go in ``sports/`` of the user's matchdesk folder (``MATCHDESK_CONFIG_DIR``
moves it); one there with the name of a shipped profile takes its place.
"""

from __future__ import annotations

from pathlib import Path

from matchdesk.errors import MatchdeskError
from matchdesk.settings import config_dir
from var.sports.profile import SportProfile, read_profile

SHIPPED = Path(__file__).resolve().parent / "profiles"
DEFAULT_SPORT = "football_fvs"  # what a review file without a profile ran under


def department_folder() -> Path:
    return config_dir() / "sports"


def profile_files() -> dict[str, Path]:
    """Each sport's profile file by the file's name (the sport's name), the department's first."""
    files = {path.stem: path for path in sorted(SHIPPED.glob("*.toml"))}
    folder = department_folder()
    if folder.is_dir():
        files.update({path.stem: path for path in sorted(folder.glob("*.toml"))})
    return files


def all_profiles() -> list[SportProfile]:
    return [read_profile(path) for path in profile_files().values()]


def find_profile(sport: str) -> SportProfile:
    """The profile of ``sport``.

    Raises:
        MatchdeskError: no profile for that sport (the message lists those there are).
    """
    files = profile_files()
    if sport not in files:
        raise MatchdeskError(
            f"no review profile for the sport {sport!r} (there are: {', '.join(sorted(files))}; "
            f"a department's own go in {department_folder()})"
        )
    profile = read_profile(files[sport])
    if profile.name != sport:
        raise MatchdeskError(f"the profile names its sport {profile.name!r}, not {sport!r}", files[sport])
    return profile
