"""Turning a model's classes into ours: player, goalkeeper, referee, ball."""

from __future__ import annotations

from pathlib import Path

from matchdesk.errors import MatchdeskError
from tracking.tracks import CLASS_CODES

# Names a model may use for each of our classes (COCO first, then common football datasets).
_SYNONYMS = {
    "player": ("player", "person", "players", "footballer"),
    "goalkeeper": ("goalkeeper", "goalie", "keeper"),
    "referee": ("referee", "ref", "official", "linesman", "assistant referee"),
    "ball": ("ball", "sports ball", "football", "soccer ball"),
}


def class_map(names: dict[int, str], weights: Path) -> dict[int, int]:
    """Model class index -> our class code; classes we do not track are left out.

    Raises:
        MatchdeskError: the model detects no people at all (it cannot track players).
    """
    mapping: dict[int, int] = {}
    for index, name in names.items():
        lowered = name.strip().lower()
        for ours, synonyms in _SYNONYMS.items():
            if lowered in synonyms:
                mapping[index] = CLASS_CODES[ours]
    people = {CLASS_CODES["player"], CLASS_CODES["goalkeeper"], CLASS_CODES["referee"]}
    if not people & set(mapping.values()):
        shown = ", ".join(list(names.values())[:8])
        raise MatchdeskError(f"this model has no person or player class (it knows: {shown}...)", weights)
    return mapping
