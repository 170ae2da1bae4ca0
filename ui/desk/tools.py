"""Which tool the referee's mouse holds, shared by every angle view."""

from __future__ import annotations

from enum import Enum

from PyQt6.QtCore import QObject, pyqtSignal


class Tool(Enum):
    PAN = "pan"
    LINE = "line"
    ARROW = "arrow"
    CIRCLE = "circle"
    FREEHAND = "freehand"
    TEXT = "text"


class ToolState(QObject):
    """The mouse tool and the loupe switch; views follow it."""

    changed = pyqtSignal()

    def __init__(self) -> None:
        super().__init__()
        self.tool = Tool.PAN
        self.loupe = False

    def set_tool(self, tool: Tool) -> None:
        if tool is not self.tool:
            self.tool = tool
            self.changed.emit()

    def toggle_loupe(self) -> None:
        self.loupe = not self.loupe
        self.changed.emit()
