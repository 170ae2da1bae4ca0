"""A minimal observer, so models in ``var/`` can announce changes without knowing about Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVarTuple, Unpack

Arguments = TypeVarTuple("Arguments")


class Event(Generic[*Arguments]):
    """Callbacks run in connection order each time the event is emitted."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[Unpack[Arguments]], object]] = []

    def connect(self, callback: Callable[[Unpack[Arguments]], object]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[Unpack[Arguments]], object]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *arguments: *Arguments) -> None:
        for callback in list(self._callbacks):
            callback(*arguments)
