"""The angles panel: each angle's file, whether it scrubs from a proxy, and its sync offset."""

from __future__ import annotations

from PyQt6.QtWidgets import QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from ui.common.i18n import tr
from var.review_session import ReviewSession


class AnglesPanel(QWidget):
    """Offsets are edited here (or nudged with Alt+Left/Right); the model is the one truth."""

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self._session = session
        self._playback = session.playback
        self.offsets: list[QSpinBox] = []
        self._labels: list[QLabel] = []
        self._status: list[QLabel] = []
        form = QFormLayout()
        for angle, track in enumerate(self._playback.angles):
            box = QSpinBox()
            box.setRange(-100_000, 100_000)
            box.setValue(track.offset)
            box.setEnabled(angle != 0)  # the reference angle defines the timeline
            box.valueChanged.connect(lambda value, angle=angle: self._playback.set_offset(angle, value))
            label = QLabel()
            status = QLabel()
            status.setWordWrap(True)
            self.offsets.append(box)
            self._labels.append(label)
            self._status.append(status)
            form.addRow(label, box)
            form.addRow("", status)
        self._title = QLabel()
        self._title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(form)
        layout.addStretch(1)
        self._playback.offsets_changed.connect(self._offset_changed)
        self.retranslate()

    def _offset_changed(self, angle: int) -> None:
        box = self.offsets[angle]
        if box.value() != self._playback.angles[angle].offset:
            box.setValue(self._playback.angles[angle].offset)

    def retranslate(self) -> None:
        self._title.setText(tr("Sync offset of each angle, in frames of angle 1:"))
        for angle, track in enumerate(self._playback.angles):
            self._labels[angle].setText(f"{angle + 1} · {track.name}")
            proxied = self._session.videos[angle].uses_proxy
            self._status[angle].setText(
                tr("proxy: instant scrubbing") if proxied else tr("no proxy: slower scrubbing")
            )
