"""Files are written whole or not at all: a session file, a signed report or a receipt that a crash, a
full disk or a second program interrupts leaves the file that was there, never half of one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from athletes.video_session.names import Click, load_clicks, save_clicks
from matchdesk.whole_files import write_text_whole, written_whole


def test_a_write_that_fails_half_way_leaves_the_file_as_it_was_and_nothing_beside_it(tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    report.write_text("last month's report", encoding="utf-8")
    with pytest.raises(OSError, match="disk full"), written_whole(report) as partial:
        partial.write_text("half of this month's", encoding="utf-8")
        raise OSError("disk full")
    assert report.read_text(encoding="utf-8") == "last month's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_the_temporary_file_keeps_the_suffix_writers_choose_their_format_by(tmp_path: Path) -> None:
    with written_whole(tmp_path / "pay.pdf") as partial:
        assert partial.suffix == ".pdf" and partial.parent == tmp_path
        partial.write_bytes(b"%PDF-1.7")
    assert (tmp_path / "pay.pdf").read_bytes() == b"%PDF-1.7"


def test_two_writers_of_one_file_at_once_each_write_their_own_and_one_whole_file_is_left(
    tmp_path: Path,
) -> None:
    """The desk and a script save the same session file at the same moment: both temporary files
    exist at once (the barrier), neither writes into the other's, and the file is one of them whole."""
    target = tmp_path / "session.json"
    both_writing = threading.Barrier(2)
    used: list[Path] = []

    def save(text: str) -> None:
        with written_whole(target) as partial:
            partial.write_text(text, encoding="utf-8")
            used.append(partial)
            both_writing.wait(timeout=10)

    writers = [threading.Thread(target=save, args=(text * 1000,)) for text in ("a", "b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert len(set(used)) == 2
    assert target.read_text(encoding="utf-8") in ("a" * 1000, "b" * 1000)
    assert [p.name for p in tmp_path.iterdir()] == ["session.json"]


def test_a_coachs_track_names_are_saved_through_it(tmp_path: Path) -> None:
    write_text_whole(tmp_path / "names.json", "[]")
    clicks = [Click(angle="wide", frame=10, at=(412.0, 230.5), athlete="Nguyễn Văn An")]
    save_clicks(tmp_path, clicks)
    assert load_clicks(tmp_path) == clicks
    assert sorted(p.name for p in tmp_path.iterdir()) == ["names.json"]
