"""The review requests panel: the sport's categories, what each side has left, the requests and their
outcomes, all in the sport's own words; a request is logged, or refused with the rule, from here."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from matchdesk.errors import MatchdeskError
from matchdesk.problem_words import translated_problem
from ui.common.error_text import problem_text
from ui.common.i18n import current_language, tr
from var.review_record import RequestRefused
from var.review_requests import RequestId, RequestOutcome
from var.review_state import ReviewState
from var.sports.rules import NewRequest

Ask = Callable[[NewRequest], None]  # logs the request (raises MatchdeskError when refused)
Decide = Callable[[RequestId, RequestOutcome], None]

STATUS_WORDS = {"pending": "pending", "stands": "decision stands", "changed": "decision changed"}


class RequestsPanel(QWidget):
    """Follows the review file's state; logs and decides requests through the two callables."""

    def __init__(self, ask: Ask, decide: Decide) -> None:
        super().__init__()
        self._ask, self._decide = ask, decide
        self._state: ReviewState | None = None
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.left_label = QLabel()
        self.left_label.setWordWrap(True)
        self.side = QComboBox()
        self.category = QComboBox()
        self.period = QSpinBox()
        self.period.setRange(1, 20)
        self.clock = QLineEdit()
        self.clock.setPlaceholderText("63:12")
        self.ask_button = QPushButton()
        self.ask_button.clicked.connect(self.log_request)
        self.requests = QListWidget()
        self.stands_button, self.changed_button = QPushButton(), QPushButton()
        self.stands_button.clicked.connect(lambda: self.decide_selected(RequestOutcome.STANDS))
        self.changed_button.clicked.connect(lambda: self.decide_selected(RequestOutcome.CHANGED))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b")
        self.side_label, self.category_label, self.period_label, self.clock_label = (
            QLabel() for _ in range(4)
        )
        self.form = QFormLayout()
        self.form.addRow(self.side_label, self.side)
        self.form.addRow(self.category_label, self.category)
        self.form.addRow(self.period_label, self.period)
        self.form.addRow(self.clock_label, self.clock)
        outcomes = QHBoxLayout()
        outcomes.addWidget(self.stands_button)
        outcomes.addWidget(self.changed_button)
        # In a scroll area: tabbed with the incidents, the panel must not make the desk taller.
        contents = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(contents)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(contents)
        layout.addWidget(self.rules_label)
        layout.addWidget(self.left_label)
        layout.addLayout(self.form)
        layout.addWidget(self.ask_button)
        layout.addWidget(self.problem)
        layout.addWidget(self.requests, stretch=1)
        layout.addLayout(outcomes)
        self.retranslate()

    def show_state(self, state: ReviewState | None) -> None:
        """Show ``state``'s sport, sides, categories and requests, in the desk's language."""
        self._state = state
        language = current_language()
        for combo in (self.side, self.category):
            combo.blockSignals(True)
        kept_side, kept_category = self.side.currentData(), self.category.currentData()
        self.side.clear()
        self.category.clear()
        self.requests.clear()
        if state is None:
            self.rules_label.setText(tr("No review file yet: it is created with the first incident"))
            self.left_label.clear()
            return
        profile = state.rules
        self.rules_label.setText(
            f"<b>{profile.title(language)}</b> · {tr('decided by')} {profile.deciding_official(language)}"
            + (f" · {profile.deadline_seconds} s" if profile.deadline_seconds else "")
        )
        self.period_label.setText(profile.period_word(language).capitalize() + ":")
        words = {"home": tr("Home"), "away": tr("Away"), "red": tr("Red"), "blue": tr("Blue")}
        for side in state.sides or profile.sides:
            self.side.addItem(words.get(side, side), side)
        for category in profile.categories:
            self.category.addItem(category.title(language), category.name)
        self.period.setValue(state.current_period)
        left = ", ".join(f"{words.get(side, side)} {state.remaining_requests(side)}" for side in state.sides)
        points = ", ".join(f"{words.get(s, s)} +{n}" for s, n in state.points().items() if n)
        self.left_label.setText(
            tr("Requests left: {left}").format(left=left) + (f" · {points}" if points else "")
        )
        for request in state.requests.values():
            known = profile.category(request.category)
            title = known.title(language) if known else request.category
            text = (
                f"{request.id} · {words.get(request.side, request.side)} · {profile.period_word(language)} "
                f"{request.period}, {request.match_time} · {title} — {tr(STATUS_WORDS[request.status])}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, int(request.id))
            self.requests.addItem(item)
        for combo, kept in ((self.side, kept_side), (self.category, kept_category)):
            if kept is not None and combo.findData(kept) >= 0:
                combo.setCurrentIndex(combo.findData(kept))
            combo.blockSignals(False)

    def log_request(self) -> None:
        if self._state is None or self.side.currentData() is None:
            return
        by = self._state.rules.requesters[0] if self._state.rules.requesters else "coach"
        new = NewRequest(
            self.side.currentData(),
            self.category.currentData(),
            self.period.value(),
            by,
            self.clock.text().strip(),
        )
        self._run(lambda: self._ask(new))

    def decide_selected(self, outcome: RequestOutcome) -> None:
        item = self.requests.currentItem()
        if item is not None:
            request = RequestId(int(item.data(Qt.ItemDataRole.UserRole)))
            self._run(lambda: self._decide(request, outcome))

    def _run(self, operation: Callable[[], None]) -> None:
        try:
            operation()
        except RequestRefused as refused:  # why, and the rule that says so
            language = current_language()
            self.problem.setText(
                tr("refused: {reason} ({sport}: “{rule}”)").format(
                    reason=translated_problem(refused.refusal.reason, language),
                    sport=refused.sport(language),
                    rule=refused.refusal.rule(language),
                )
            )
        except MatchdeskError as error:
            self.problem.setText(problem_text(error))
        else:
            self.problem.clear()

    def retranslate(self) -> None:
        self.side_label.setText(tr("Side") + ":")
        self.category_label.setText(tr("Category") + ":")
        self.clock_label.setText(tr("Clock") + ":")
        self.ask_button.setText(tr("Log the review request"))
        self.stands_button.setText(tr("Decision stands"))
        self.changed_button.setText(tr("Decision changed"))
        self.show_state(self._state)
