"""A session's coded events: the code window's buttons, what a press makes, and the events with labels.

A coach codes a session as it plays: each button stands for a code ("Pressing", "Small-sided game",
"Shot"); a single press makes an event from ``lead`` seconds before the press to ``lag`` seconds
after it (a shot is coded when it is seen, and its build-up is wanted too); a toggling button opens
an event on one press and closes it on the next (a drill). Labels (the players, an outcome) are
added to an event afterwards. Times are exact seconds (:class:`fractions.Fraction`) from the start of
the session's video.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from matchdesk.errors import MatchdeskError

Colour = tuple[int, int, int]  # RGB, 0-255
GREY: Colour = (128, 128, 128)


@dataclass(frozen=True, order=True)
class Label:
    """A label on an event: ``text`` in a ``group`` ("Player": "Nguyễn Văn An"), or a free label."""

    group: str | None
    text: str

    def __str__(self) -> str:
        return self.text if self.group is None else f"{self.group}: {self.text}"

    @classmethod
    def parse(cls, words: str) -> Label:
        """``"GROUP: TEXT"`` or ``"TEXT"``."""
        group, colon, text = words.partition(":")
        if not colon:
            return cls(None, words.strip())
        return cls(group.strip() or None, text.strip())


@dataclass(frozen=True)
class CodedEvent:
    """One instance of a code on the session's timeline."""

    id: int
    code: str
    start: Fraction  # seconds from the start of the session's video
    end: Fraction
    labels: tuple[Label, ...] = ()

    @property
    def duration(self) -> Fraction:
        return self.end - self.start

    def labelled(self, label: Label) -> CodedEvent:
        return self if label in self.labels else dataclasses.replace(self, labels=(*self.labels, label))


@dataclass(frozen=True)
class CodeButton:
    """A button of the code window."""

    code: str
    hotkey: str = ""
    lead: Fraction = Fraction(0)  # seconds before the press the event starts
    lag: Fraction = Fraction(0)  # seconds after the press it ends
    toggle: bool = False  # one press opens the event, the next closes it
    colour: Colour = GREY


@dataclass
class CodeTimeline:
    """The events of one session and the buttons that make them: the model the code window follows."""

    buttons: list[CodeButton] = field(default_factory=list)
    events: list[CodedEvent] = field(default_factory=list)
    _open: dict[str, Fraction] = field(default_factory=dict)  # toggling code -> when it was opened

    def button(self, code: str) -> CodeButton:
        for button in self.buttons:
            if button.code == code:
                return button
        raise MatchdeskError(f'no button for the code "{code}" (add it first)')

    def add_button(self, button: CodeButton) -> None:
        if any(b.code == button.code for b in self.buttons):
            raise MatchdeskError(f'there is a button for "{button.code}" already')
        if button.hotkey and any(b.hotkey == button.hotkey for b in self.buttons):
            raise MatchdeskError(f'the key "{button.hotkey}" codes another button already')
        self.buttons.append(button)

    def is_open(self, code: str) -> bool:
        return code in self._open

    @property
    def open_codes(self) -> dict[str, Fraction]:
        """Toggling codes pressed once (opened), and when."""
        return dict(self._open)

    def press(self, code: str, at: Fraction) -> CodedEvent | None:
        """A press of ``code``'s button at ``at`` seconds: the event it makes, or None when it opens a
        toggling code (the next press closes it and makes the event)."""
        button = self.button(code)
        if button.toggle:
            if code not in self._open:
                self._open[code] = at
                return None
            opened = self._open.pop(code)
            start, end = min(opened, at), max(opened, at)
        else:
            start, end = at - button.lead, at + button.lag
        return self.add(code, max(Fraction(0), start), end)

    def add(self, code: str, start: Fraction, end: Fraction, labels: Iterable[Label] = ()) -> CodedEvent:
        if end < start:
            raise MatchdeskError(
                f'"{code}" would end ({float(end):.3f} s) before it starts ({float(start):.3f} s)'
            )
        event = CodedEvent(self.next_id(), code, start, end, tuple(labels))
        self.events.append(event)
        return event

    def label(self, event_id: int, label: Label) -> CodedEvent:
        for index, event in enumerate(self.events):
            if event.id == event_id:
                self.events[index] = event.labelled(label)
                return self.events[index]
        raise MatchdeskError(f"no event {event_id} in this session")

    def next_id(self) -> int:
        return max((e.id for e in self.events), default=0) + 1

    def merged(self, events: Sequence[CodedEvent], buttons: Sequence[CodeButton] = ()) -> list[CodedEvent]:
        """Adds ``events`` (from an import) under new ids, and buttons for codes without one; returns
        the events as added."""
        added = []
        for event in sorted(events, key=lambda e: (e.start, e.id)):
            added.append(dataclasses.replace(event, id=self.next_id()))
            self.events.append(added[-1])
        known = {b.code for b in self.buttons}
        colours = {b.code: b.colour for b in buttons}
        for code in dict.fromkeys(e.code for e in events):
            if code not in known:
                self.buttons.append(CodeButton(code, colour=colours.get(code, GREY)))
                known.add(code)
        return added
