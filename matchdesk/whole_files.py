"""Files written whole or not at all.

A session file, a signed report or a receipt is written under a temporary name beside it and moved
into place in one step, so a reader (another program, the same one after a crash or a full disk)
finds the old file or the new one, never half of one. The temporary name is this process's and
thread's own, so two programs writing the same file at once never write into one temporary file,
and it keeps the file's suffix (writers that choose their format by it still do).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write to; it replaces ``target`` when the block ends
    without an error, and is removed when it raises."""
    partial = target.with_name(f"{target.stem}.partial-{os.getpid()}-{threading.get_ident()}{target.suffix}")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def write_text_whole(target: Path, text: str) -> None:
    """``text`` in UTF-8 as the whole of ``target``, replacing it in one step."""
    with written_whole(target) as partial:
        partial.write_text(text, encoding="utf-8")


def write_bytes_whole(target: Path, data: bytes) -> None:
    """``data`` as the whole of ``target``, replacing it in one step."""
    with written_whole(target) as partial:
        partial.write_bytes(data)
