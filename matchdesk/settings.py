"""Per-user settings: a typed record with a schema version, kept as JSON in the user's config folder."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
CONFIG_DIR_VARIABLE = "MATCHDESK_CONFIG_DIR"
LANGUAGES = ("vi", "en")


@dataclass
class Settings:
    """What matchdesk remembers for one user between sessions."""

    schema_version: int = SCHEMA_VERSION
    language: str = "vi"
    last_folder: str = ""
    shortcuts: dict[str, str] = field(default_factory=dict)  # action id -> key sequence, overriding defaults
    window_geometry: str = ""  # Qt's saveGeometry(), base64
    window_state: str = ""  # Qt's saveState(), base64
    reviewer_name: str = ""
    pose_weights: str = ""  # Ultralytics pose weights for snapping offside points to body points
    export_folder: str = ""
    tracking_weights: str = ""  # Ultralytics weights for player and ball tracking
    tracking_every: int = (
        2  # the desk detects every k-th frame (the tracker carries the rest): higher is faster
    )


def config_dir() -> Path:
    configured = os.environ.get(CONFIG_DIR_VARIABLE)
    return Path(configured) if configured else Path(platformdirs.user_config_dir("matchdesk"))


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> Settings:
    """The saved settings, or defaults when there are none or the file cannot be read."""
    path = settings_path()
    if not path.exists():
        return Settings()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as error:
        logger.warning("%s: unreadable settings (%s); using defaults", path, error)
        return Settings()
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{key: value for key, value in stored.items() if key in known})
    settings.schema_version = SCHEMA_VERSION
    if settings.language not in LANGUAGES:
        settings.language = "vi"
    return settings


def save_settings(settings: Settings) -> None:
    """Write atomically, so a crash never leaves half a settings file."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(asdict(settings), indent=2, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)
