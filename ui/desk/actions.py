"""Every action of the desk, its default shortcut and its label: one table that the window, the
menus, the help overlay and the shortcut settings all read."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from PyQt6.QtCore import QT_TRANSLATE_NOOP

from ui.desk.tools import Tool


@dataclass(frozen=True)
class ActionSpec:
    """One thing the referee can do, with its default key."""

    id: str
    label: str  # English source text; shown through tr()
    shortcut: str
    group: str
    symbol: str = ""  # what a transport button shows


def _t(text: str) -> str:
    # Marks text for translation where it is defined; tr() translates it where it is shown.
    return str(QT_TRANSLATE_NOOP("matchdesk", text))


PLAYBACK, ANGLES, VIEW, DRAW, REVIEW = _t("Playback"), _t("Angles"), _t("View"), _t("Draw"), _t("Review")
VAR = _t("VAR")
LIVE = _t("Live")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("play_pause", _t("Play / pause"), "Space", PLAYBACK, "▶"),
    ActionSpec("play_backwards", _t("Play backwards"), "Shift+Space", PLAYBACK, "◀"),
    ActionSpec("step_forward", _t("Next frame"), "Right", PLAYBACK, "▸|"),
    ActionSpec("step_back", _t("Previous frame"), "Left", PLAYBACK, "|◂"),
    ActionSpec("forward_1s", _t("Forward 1 second"), "Shift+Right", PLAYBACK, "+1s"),
    ActionSpec("back_1s", _t("Back 1 second"), "Shift+Left", PLAYBACK, "−1s"),
    ActionSpec("forward_5s", _t("Forward 5 seconds"), "Ctrl+Right", PLAYBACK, "▸▸"),
    ActionSpec("back_5s", _t("Back 5 seconds"), "Ctrl+Left", PLAYBACK, "◂◂"),
    ActionSpec("first_frame", _t("First frame"), "Home", PLAYBACK, "|◀"),
    ActionSpec("last_frame", _t("Last frame"), "End", PLAYBACK, "▶|"),
    ActionSpec("shuttle_back", _t("Shuttle backwards (faster each press)"), "J", PLAYBACK),
    ActionSpec("shuttle_stop", _t("Stop"), "K", PLAYBACK),
    ActionSpec("shuttle_forward", _t("Shuttle forwards (faster each press)"), "L", PLAYBACK),
    ActionSpec("slower", _t("Slower"), "[", PLAYBACK),
    ActionSpec("faster", _t("Faster"), "]", PLAYBACK),
    ActionSpec("speed_1_8", _t("Slow motion 1/8"), "1", PLAYBACK),
    ActionSpec("speed_1_4", _t("Slow motion 1/4"), "2", PLAYBACK),
    ActionSpec("speed_1_2", _t("Slow motion 1/2"), "3", PLAYBACK),
    ActionSpec("speed_1", _t("Normal speed"), "4", PLAYBACK),
    ActionSpec("go_to", _t("Go to frame or match time…"), "Ctrl+G", PLAYBACK),
    ActionSpec("swap_main", _t("Swap the main angle"), "Tab", ANGLES),
    ActionSpec("toggle_layout", _t("Grid / one large angle"), "V", ANGLES),
    ActionSpec("main_1", _t("Angle 1 large"), "Alt+1", ANGLES),
    ActionSpec("main_2", _t("Angle 2 large"), "Alt+2", ANGLES),
    ActionSpec("main_3", _t("Angle 3 large"), "Alt+3", ANGLES),
    ActionSpec("main_4", _t("Angle 4 large"), "Alt+4", ANGLES),
    ActionSpec("offset_minus", _t("Main angle's sync offset −1 frame"), "Alt+Left", ANGLES),
    ActionSpec("offset_plus", _t("Main angle's sync offset +1 frame"), "Alt+Right", ANGLES),
    ActionSpec("reset_zoom", _t("Reset zoom"), "Z", VIEW),
    ActionSpec("loupe", _t("Loupe (full resolution)"), "M", VIEW),
    ActionSpec("help", _t("Keyboard shortcuts"), "?", VIEW),
    ActionSpec("tool_pan", _t("Pan and zoom"), "P", DRAW),
    ActionSpec("tool_line", _t("Line"), "I", DRAW),
    ActionSpec("tool_arrow", _t("Arrow"), "A", DRAW),
    ActionSpec("tool_circle", _t("Circle"), "C", DRAW),
    ActionSpec("tool_freehand", _t("Freehand"), "F", DRAW),
    ActionSpec("tool_text", _t("Text"), "T", DRAW),
    ActionSpec("undo_drawing", _t("Undo the last drawing"), "Ctrl+Z", DRAW),
    ActionSpec("clear_drawings", _t("Clear drawings on this frame"), "Delete", DRAW),
    ActionSpec("mark_incident", _t("Mark an incident here…"), "Ctrl+M", VAR),
    ActionSpec("decide", _t("Record the decision on the selected incident…"), "Ctrl+D", VAR),
    ActionSpec("offside_tool", _t("Offside line on this frame of the main angle…"), "O", VAR),
    ActionSpec("find_pass", _t("Go to the pass: the kick within a second of here"), "Shift+O", VAR),
    ActionSpec("export_incident", _t("Export the selected incident (clips, stills, report)"), "Ctrl+E", VAR),
    ActionSpec("sync_angles", _t("Sync the angles automatically (sound, then motion)"), "Ctrl+Shift+S", VAR),
    ActionSpec("track_players", _t("Track players and ball on the main angle"), "Ctrl+T", VIEW),
    ActionSpec("track_all_angles", _t("Track players and ball on every angle"), "Ctrl+Shift+T", VIEW),
    ActionSpec("toggle_angle_tracking", _t("Show tracking on the main angle"), "Shift+T", VIEW),
    ActionSpec("toggle_boxes", _t("Show player boxes and track ids"), "B", VIEW),
    ActionSpec("toggle_ball", _t("Show the ball and its trail"), "Shift+B", VIEW),
    ActionSpec("toggle_skeletons", _t("Show pose skeletons"), "Y", VIEW),
    ActionSpec("replay_5s", _t("Instant replay: 5 seconds back, half speed"), "R", LIVE),
    ActionSpec("replay_10s", _t("Instant replay: 10 seconds back, half speed"), "Shift+R", LIVE),
    ActionSpec("referee_monitor", _t("Referee review monitor: show / hide"), "Ctrl+Shift+M", LIVE),
    ActionSpec("monitor_layout", _t("Referee monitor: main angle / every angle"), "Ctrl+Shift+G", LIVE),
    ActionSpec("new_review", _t("New review…"), "Ctrl+N", REVIEW),
    ActionSpec("build_proxies", _t("Build proxies for instant scrubbing"), "Ctrl+B", REVIEW),
    ActionSpec("athletes", _t("Athletes: records, wearables, load…"), "Ctrl+Shift+A", REVIEW),
    ActionSpec(
        "training_session", _t("Training session: video, named athletes, codes…"), "Ctrl+Shift+O", REVIEW
    ),
    ActionSpec("settings", _t("Settings…"), "Ctrl+,", REVIEW),
    ActionSpec("quit", _t("Quit"), "Ctrl+Q", REVIEW),
)

ACTIONS_BY_ID = {spec.id: spec for spec in ACTIONS}

SPEED_ACTIONS = {
    "speed_1_8": Fraction(1, 8),
    "speed_1_4": Fraction(1, 4),
    "speed_1_2": Fraction(1, 2),
    "speed_1": Fraction(1),
}

TOOL_ACTIONS = {
    "tool_pan": Tool.PAN,
    "tool_line": Tool.LINE,
    "tool_arrow": Tool.ARROW,
    "tool_circle": Tool.CIRCLE,
    "tool_freehand": Tool.FREEHAND,
    "tool_text": Tool.TEXT,
}
