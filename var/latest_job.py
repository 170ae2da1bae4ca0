"""A worker thread that only ever does the newest job: a job submitted while another waits replaces it.

Both the desk's frame readers and the media engine's read-ahead work this way: when the referee
moves on, work for where they were is worthless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

Job = TypeVar("Job")


class LatestJobThread(Generic[Job]):
    """Runs ``handle(job)`` on one daemon thread, for the newest job only."""

    def __init__(
        self, name: str, handle: Callable[[Job], None], on_exit: Callable[[], None] | None = None
    ) -> None:
        self._handle = handle
        self._on_exit = on_exit
        self._pending: Job | None = None
        self._condition = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        """Do ``job`` next, dropping any job still waiting."""
        with self._condition:
            self._pending = job
            self._condition.notify()

    def superseded(self) -> bool:
        """A newer job is waiting, or the thread is stopping: the running job may give up."""
        with self._condition:
            return self._pending is not None or self._stopped

    def stop(self, timeout: float = 5.0) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify()
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            while True:
                with self._condition:
                    while self._pending is None and not self._stopped:
                        self._condition.wait()
                    if self._stopped:
                        return
                    job, self._pending = self._pending, None
                assert job is not None
                self._handle(job)
        finally:
            if self._on_exit is not None:
                self._on_exit()
