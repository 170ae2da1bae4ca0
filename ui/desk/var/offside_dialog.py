"""The offside tool: calibrate the frame on the pitch template, pick attacker and defender, read the lines."""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from PyQt6.QtCore import pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tracking.teams import OTHERS
from ui.common.error_text import error_text
from ui.common.i18n import tr
from ui.desk.dialogs import accept_cancel_buttons
from ui.desk.var.offside_auto import AUTOMATIC, BY_REFEREE, AutoStep, SharedChecker
from ui.desk.var.offside_canvas import OffsideCanvas
from var.offside import (
    MIN_PITCH_POINTS,
    Calibration,
    CalibrationError,
    analysis_record,
    calibrate,
    offside_lines,
    verdict_in_words,
)
from var.pitch import Pitch

logger = logging.getLogger(__name__)

Point = tuple[float, float]
MODES = ("calibrate", "attacker", "defender", "direction")


class OffsideDialog(QDialog):
    """Measures one offside on one frame of one angle; ``analysis()`` is what the review records."""

    snapped = pyqtSignal(str, float, float)  # role, picture point (from the snapping thread)

    def __init__(
        self,
        parent: QWidget | None,
        picture: np.ndarray,
        angle: int,
        frame: int,
        reference_frame: int,
        pose_weights: Path | None = None,
        frame_rate: Fraction = Fraction(25),
        auto_checker: SharedChecker | None = None,
        footage: Hashable = None,
    ) -> None:
        """``auto_checker``: the desk's checker, shared by every offside tool opened (one is made
        for this one when none is given); ``footage``: which camera the picture is from."""
        super().__init__(parent)
        self.setWindowTitle(tr("Offside line") + f": {tr('angle')} {angle + 1}, {tr('Frame')} {frame}")
        self.resize(1280, 760)
        self.angle, self.frame, self.reference_frame = angle, frame, reference_frame
        self.canvas = OffsideCanvas(picture)
        self.canvas.clicked.connect(self._clicked)
        self.template = QListWidget()
        self.template.addItems(list(Pitch().points()))
        self.template.setCurrentRow(0)
        self.mode_buttons = {mode: QRadioButton() for mode in MODES}
        self.mode_buttons["calibrate"].setChecked(True)
        self.direction = QComboBox()
        self.direction.addItem(tr("Attack towards the right-hand goal line (→)"), 1)
        self.direction.addItem(tr("Attack towards the left-hand goal line (←)"), -1)
        self.direction.currentIndexChanged.connect(lambda _: self._update())
        self.snap = QCheckBox(tr("Snap to body points (feet, knees, hips, shoulders)"))
        self._snapper: Any = None
        self._pose_weights = pose_weights
        self.snap.setEnabled(pose_weights is not None)
        if pose_weights is None:
            self.snap.setToolTip(tr("Set the YOLO pose weights in Settings to snap to body points"))
        self.snapped.connect(self._set_player)
        self.frame_rate = frame_rate
        self.set_by: dict[str, str] = {}  # role -> AUTOMATIC or BY_REFEREE
        self.auto_result: Any = None
        self.found_calibration: Calibration | None = None  # Auto's pitch points, until four are clicked
        self.auto_step = AutoStep(auto_checker or SharedChecker(pose_weights), footage)
        self.auto_step.found.connect(self._auto_found)
        self.auto_step.failed.connect(lambda message: self.status.setText(message))
        self.auto_button = QPushButton(tr("Auto: find both players and lines"))
        self.auto_button.setEnabled(self.auto_step.available)
        if not self.auto_step.available:
            self.auto_button.setToolTip(tr("Set the YOLO pose weights in Settings to snap to body points"))
        self.auto_button.clicked.connect(lambda: self.run_auto())
        self.swap_button = QPushButton(tr("The other team defends"))
        self.swap_button.setToolTip(
            tr("Check again with the other team defending, for the rest of this move")
        )
        self.swap_button.setEnabled(False)
        self.swap_button.clicked.connect(self.other_team_defends)
        self.status = QLabel()
        self.status.setWordWrap(True)
        undo = QPushButton(tr("Undo last point"))
        undo.clicked.connect(self.undo)
        self.buttons = accept_cancel_buttons(self, QDialogButtonBox.StandardButton.Save)
        side = QVBoxLayout()
        side.addWidget(QLabel(tr("1. Pick a pitch point, then click it on the picture (4 or more):")))
        side.addWidget(self.template, stretch=1)
        for mode, label in zip(
            MODES,
            (
                tr("Calibrate"),
                tr("Attacker"),
                tr("Second-last defender"),
                tr("Direction: click two lines parallel to the goal line"),
            ),
            strict=True,
        ):
            self.mode_buttons[mode].setText(label)
            side.addWidget(self.mode_buttons[mode])
        side.addWidget(self.direction)
        side.addWidget(self.auto_button)
        side.addWidget(self.swap_button)
        side.addWidget(self.snap)
        side.addWidget(undo)
        side.addWidget(self.status)
        side.addWidget(self.buttons)
        row = QHBoxLayout(self)
        row.addWidget(self.canvas, stretch=4)
        row.addLayout(side, stretch=1)
        self._update()

    # --- input --------------------------------------------------------------------------------

    def mode(self) -> str:
        return next(mode for mode, button in self.mode_buttons.items() if button.isChecked())

    def set_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)

    def _clicked(self, x: float, y: float) -> None:
        mode = self.mode()
        if mode == "calibrate":
            item = self.template.currentItem()
            if item is not None:
                self.add_calibration_click(item.text(), (x, y))
            return
        if mode == "direction":
            self.add_direction_click((x, y))
            return
        if self.snap.isChecked() and self._pose_weights is not None:
            self._snap_in_background(mode, (x, y))
        else:
            self._set_player(mode, x, y)

    def add_calibration_click(self, name: str, point: Point) -> None:
        self.canvas.clicks = [c for c in self.canvas.clicks if c[0] != name] + [(name, point)]
        row = self.template.currentRow()
        if row + 1 < self.template.count():
            self.template.setCurrentRow(row + 1)
        self._update()

    def add_direction_click(self, point: Point) -> None:
        """Two points on each of two lines parallel to the goal line: where they meet is the
        direction of the offside lines (the vanishing point), set by the referee."""
        from tracking.offside.vanishing import meeting_point

        clicks = self.canvas.direction_clicks
        if len(clicks) >= 4:
            clicks.clear()
        clicks.append(point)
        if len(clicks) == 4:
            meet = meeting_point([clicks[:2], clicks[2:]])
            if meet is not None:
                self.canvas.vanishing = meet
                self.set_by["direction"] = BY_REFEREE
        self._update()

    def _set_player(self, role: str, x: float, y: float) -> None:
        self.canvas.players[role] = (x, y)
        self.set_by[role] = BY_REFEREE
        self._update()

    def run_auto(self, defending: int | None = None) -> None:
        """Find the second-last defender, the foremost attacker and the lines' direction
        (``defending``: the team the referee says defends, else the check finds it)."""
        self.status.setText(tr("Finding the players and the lines…"))
        self.auto_button.setEnabled(False)
        self.swap_button.setEnabled(False)
        self.auto_step.run(
            self.canvas.picture,
            self.frame,
            int(self.direction.currentData()),
            self.frame_rate,
            self.canvas.calibration,
            defending,
        )

    def other_team_defends(self) -> None:
        """The referee's one click: the team Auto did not find defending defends."""
        self.set_by["defending_team"] = BY_REFEREE
        self.run_auto(defending=self.other_team())

    def other_team(self) -> int | None:
        """The team that is not the one the last Auto found defending (referees and keepers aside)."""
        found = self.auto_result
        if found is None or found.defender is None:
            return None
        teams = {p.team for p in found.players} - {found.defender.team, OTHERS}
        return min(teams) if teams else None

    def _auto_found(self, result: Any) -> None:
        self.auto_button.setEnabled(True)
        self.auto_result = result
        self.swap_button.setEnabled(self.other_team() is not None)
        self.set_by.setdefault("defending_team", AUTOMATIC)
        if result.found_pitch is not None and len(self.canvas.clicks) < MIN_PITCH_POINTS:
            self.found_calibration = result.found_pitch
            self.set_by["pitch_points"] = AUTOMATIC
        if self.set_by.get("direction") != BY_REFEREE:
            self.canvas.vanishing = result.vanishing
            self.set_by["direction"] = AUTOMATIC
        for role, player in (("defender", result.defender), ("attacker", result.attacker)):
            if player is not None:
                self.canvas.players[role] = player.ground
                self.set_by[role] = AUTOMATIC
        self._update()
        if result.problem:
            self.status.setText(self.status.text() + "\n" + tr(result.problem))

    def _set_by_for_the_record(self) -> dict[str, str]:
        """Who set each player (the referee unless Auto did), and who chose the defending team when
        Auto ran."""
        set_by = {role: self.set_by.get(role, BY_REFEREE) for role in ("attacker", "defender")}
        for choice in ("defending_team", "pitch_points"):
            if choice in self.set_by:
                set_by[choice] = self.set_by[choice]
        return set_by

    def undo(self) -> None:
        if self.mode() == "calibrate" and self.canvas.clicks:
            self.canvas.clicks.pop()
        elif self.mode() == "direction" and self.canvas.direction_clicks:
            self.canvas.direction_clicks.pop()
        else:
            self.canvas.players.pop(self.mode(), None)
        self._update()

    def _snap_in_background(self, role: str, click: Point) -> None:
        self.status.setText(tr("Finding body points…"))

        def work() -> None:
            from tracking.pose_snap import PoseSnapper

            try:
                if self._snapper is None:
                    assert self._pose_weights is not None
                    self._snapper = PoseSnapper(self._pose_weights)
                point = self._snapper.snap(self.canvas.picture, click)
            except Exception as error:  # a bad weights file must not take the dialog down
                logger.warning("snapping failed: %s", error)
                point = None
            x, y = (point.x, point.y) if point is not None else click
            self.snapped.emit(role, x, y)

        threading.Thread(target=work, name="pose-snap", daemon=True).start()

    # --- results -------------------------------------------------------------------------------

    def _update(self) -> None:
        canvas = self.canvas
        canvas.calibration, canvas.lines = None, None
        messages = []
        try:
            canvas.calibration = calibrate(canvas.clicks)
            messages.append(
                tr("Calibrated on {count} points; reprojection error {error:.2f} px").format(
                    count=len(canvas.clicks), error=canvas.calibration.reprojection_error_px
                )
            )
            if "pitch_points" in self.set_by:
                self.set_by["pitch_points"] = BY_REFEREE  # the clicked points replace the found ones
        except CalibrationError as error:
            if self.found_calibration is not None:
                canvas.calibration = self.found_calibration
                messages.append(tr("Pitch points found from the penalty area's lines: check them"))
            else:
                messages.append(tr("Not calibrated yet") + f" ({error_text(error)})")
        if canvas.calibration is not None and {"attacker", "defender"} <= set(canvas.players):
            canvas.lines = offside_lines(
                canvas.calibration,
                canvas.players["attacker"],
                canvas.players["defender"],
                int(self.direction.currentData()),
                frame_rate=self.frame_rate,
            )
            messages.append(
                tr("Attacker beyond the second-last defender: {cm:+.1f} ± {uncertainty:.1f} cm").format(
                    cm=canvas.lines.distance_cm, uncertainty=canvas.lines.uncertainty_cm
                )
                + f" ({tr(verdict_in_words(canvas.lines.verdict))})"
            )
        found = self.auto_result
        if (
            canvas.lines is None
            and found is not None
            and found.verdict != "unknown"
            and all(self.set_by.get(role) == AUTOMATIC for role in ("attacker", "defender"))
        ):
            messages.append(
                tr("Found automatically: {verdict}").format(verdict=tr(verdict_in_words(found.verdict)))
            )
        self.status.setText("\n".join(messages))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setEnabled(canvas.lines is not None)
        canvas.update()

    def analysis(self) -> dict[str, Any] | None:
        if self.canvas.calibration is None or self.canvas.lines is None:
            return None
        return analysis_record(
            self.angle,
            self.frame,
            self.reference_frame,
            self.canvas.calibration,
            self.canvas.lines,
            set_by=self._set_by_for_the_record(),
        )
