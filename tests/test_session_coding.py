"""A coach codes a training session: buttons with lead and lag or toggling, labels, the codes x labels
matrix, and the timeline in and out as Sportscode XML (checked by kloppy) and CSV."""

from __future__ import annotations

import codecs
import json
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np
import pytest

from athletes.coding.events import CodeButton, CodeTimeline, Label
from athletes.coding.sportscode import read_sportscode, write_sportscode
from athletes.coding.store import CODES_FILE
from athletes.coding.table import NO_LABEL, code_matrix, read_csv, write_csv
from matchdesk.cli import main
from matchdesk.sample.match import SampleMatch
from var.media import open_video

FRAME = Fraction(1001, 30000)  # one frame of 29.97 fps video


def _coded_session() -> CodeTimeline:
    """A small-sided game (toggled), two shots (lead 5 s, lag 2 s) and a press, with labels."""
    timeline = CodeTimeline()
    timeline.add_button(CodeButton("Small-sided game", "g", toggle=True, colour=(0, 160, 80)))
    timeline.add_button(CodeButton("Shot", "s", lead=Fraction(5), lag=Fraction(2), colour=(220, 30, 30)))
    timeline.add_button(CodeButton("Pressing", "p", lead=Fraction(3), lag=Fraction(3)))
    assert timeline.press("Small-sided game", 600 * FRAME) is None  # opened
    shot = timeline.press("Shot", 1500 * FRAME)
    assert shot is not None
    timeline.label(shot.id, Label("Player", "Nguyễn Văn An"))
    timeline.label(shot.id, Label("Outcome", "Goal"))
    pressing = timeline.press("Pressing", 2000 * FRAME)
    assert pressing is not None
    timeline.label(pressing.id, Label("Player", "Trần Thị Bình & Lê Văn Cường"))
    late = timeline.press("Shot", Fraction(120))
    assert late is not None
    timeline.label(late.id, Label("Outcome", "Saved"))
    timeline.press("Small-sided game", 3600 * FRAME)  # closed
    return timeline


def test_a_press_makes_an_event_from_its_lead_to_its_lag_and_a_toggle_spans_the_drill() -> None:
    timeline = _coded_session()
    shot = min((e for e in timeline.events if e.code == "Shot"), key=lambda e: e.start)
    assert shot.start == 1500 * FRAME - 5 and shot.end == 1500 * FRAME + 2
    (drill,) = (e for e in timeline.events if e.code == "Small-sided game")
    assert (drill.start, drill.end) == (600 * FRAME, 3600 * FRAME)
    early = CodeTimeline([CodeButton("Shot", lead=Fraction(5))])
    event = early.press("Shot", Fraction(2))
    assert event is not None and event.start == 0  # not before the video starts


def test_the_sportscode_timeline_is_read_by_kloppy_and_imported_back_to_the_millisecond(
    tmp_path: Path,
) -> None:
    from kloppy import sportscode

    timeline = _coded_session()
    exported = tmp_path / "session.xml"
    write_sportscode(exported, timeline.events, timeline.buttons)

    read_by_kloppy = sportscode.load(str(exported))
    assert len(read_by_kloppy.codes) == len(timeline.events)
    ours = sorted(timeline.events, key=lambda e: (e.start, e.id))
    for theirs, event in zip(read_by_kloppy.codes, ours, strict=True):
        assert theirs.code == event.code
        assert abs(theirs.timestamp - timedelta(seconds=float(event.start))) <= timedelta(milliseconds=1)
        assert abs(theirs.end_timestamp - timedelta(seconds=float(event.end))) <= timedelta(milliseconds=1)
        assert theirs.labels == {label.group: label.text for label in event.labels}

    back, buttons = read_sportscode(exported)
    for again, event in zip(back, ours, strict=True):
        assert (again.code, again.labels) == (event.code, event.labels)
        assert abs(again.start - event.start) <= Fraction(1, 1000)
        assert abs(again.end - event.end) <= Fraction(1, 1000)
    assert {b.code: b.colour for b in buttons}["Shot"] == (220, 30, 30)  # the <ROWS> colours


def test_a_timeline_kloppy_wrote_is_imported(tmp_path: Path) -> None:
    from kloppy import sportscode

    timeline = _coded_session()
    ours = tmp_path / "ours.xml"
    write_sportscode(ours, timeline.events, timeline.buttons)
    theirs = tmp_path / "kloppy.xml"
    sportscode.save(sportscode.load(str(ours)), str(theirs))
    events, _ = read_sportscode(theirs)
    assert [(e.code, e.labels) for e in events] == [
        (e.code, e.labels) for e in sorted(timeline.events, key=lambda e: (e.start, e.id))
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_real_exports_in_utf16_or_with_a_bare_ampersand_are_read(tmp_path: Path, encoding: str) -> None:
    # As exports come: UTF-16 with or without a byte-order mark, a bare "&" and "<" in a label.
    declared = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
    xml = (
        f'<?xml version="1.0" encoding="{declared}"?>\n<file><ALL_INSTANCES>\n'
        "<instance><ID>7</ID><start>12.04</start><end>19.5</end><code>Tấn công</code>"
        "<label><group>Kết quả</group><text>Sút & ghi bàn</text></label>"
        "<label><text>2 < 3 hậu vệ</text></label></instance>\n"
        "</ALL_INSTANCES></file>\n"
    )
    path = tmp_path / "export.xml"
    path.write_bytes(xml.encode(encoding))
    events, _ = read_sportscode(path)
    assert len(events) == 1
    assert events[0].code == "Tấn công" and events[0].start == Fraction("12.04")
    assert events[0].labels == (Label("Kết quả", "Sút & ghi bàn"), Label(None, "2 < 3 hậu vệ"))


def test_the_spreadsheet_and_the_matrix_count_codes_by_label(tmp_path: Path) -> None:
    timeline = _coded_session()
    sheet = tmp_path / "codes.csv"
    write_csv(sheet, timeline.events)
    assert sheet.read_bytes().startswith(codecs.BOM_UTF8)  # Excel shows the Vietnamese names
    back = read_csv(sheet)
    ours = sorted(timeline.events, key=lambda e: (e.start, e.id))
    assert [(e.code, e.labels) for e in back] == [(e.code, e.labels) for e in ours]
    assert all(abs(a.start - b.start) <= Fraction(1, 1000) for a, b in zip(back, ours, strict=True))
    matrix = code_matrix(timeline.events)
    assert matrix.loc["Shot", "Outcome: Goal"] == 1 and matrix.loc["Shot", "Outcome: Saved"] == 1
    assert matrix.loc["Shot", "total"] == 2
    assert matrix.loc["Small-sided game", NO_LABEL] == 1


def test_the_coach_codes_from_a_script_and_a_broken_import_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "session"
    folder.mkdir()
    code = ["session", "code", str(folder)]
    assert (
        main([*code, "--button", "Shot", "--key", "s", "--lead", "5", "--lag", "2", "--colour", "220,30,30"])
        == 0
    )
    assert main([*code, "--press", "Shot", "--at", "61.5"]) == 0
    assert main([*code, "--label", "1", "Player: Nguyễn Văn An"]) == 0
    capsys.readouterr()
    assert main([*code, "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert events == [
        {
            "id": 1,
            "code": "Shot",
            "start_s": 56.5,
            "end_s": 63.5,
            "labels": [{"group": "Player", "text": "Nguyễn Văn An"}],
        }
    ]
    exported = tmp_path / "out.xml"
    assert main([*code, "--export", str(exported)]) == 0
    before = (folder / CODES_FILE).read_bytes()

    broken = tmp_path / "broken.xml"
    broken.write_text("<file><ALL_INSTANCES><instance><ID>1</ID><start>1</start>\n<end>2</start>", "utf-8")
    assert main([*code, "--import", str(broken), "--press", "Shot", "--at", "90"]) == 2
    message = capsys.readouterr().err
    assert "broken.xml" in message and "line 2" in message and "Traceback" not in message
    assert (folder / CODES_FILE).read_bytes() == before  # the press after the bad import was not kept

    missing_end = tmp_path / "missing.xml"
    missing_end.write_text(
        "<file><ALL_INSTANCES><instance><ID>4</ID><start>1</start><code>Shot</code></instance></ALL_INSTANCES></file>"
    )
    assert main([*code, "--import", str(missing_end)]) == 2
    assert "instance 1 (ID 4) has no <end>" in capsys.readouterr().err

    assert main([*code, "--import", str(exported), "--matrix"]) == 0
    out = capsys.readouterr().out
    assert "1 events imported from out.xml" in out and "Player: Nguyễn Văn An" in out
    assert main(["session", "code", str(tmp_path / "nowhere"), "--json"]) == 2


def test_the_events_of_a_code_become_one_captioned_reel(
    sample_match: SampleMatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "session"
    video = sample_match.camera_path("cam1_wide")
    assert (
        main(["session", "new", str(folder), "--team", "U19", "--date", "2026-12-05", "--video", str(video)])
        == 0
    )
    code = ["session", "code", str(folder)]
    assert main([*code, "--button", "Shot", "--lead", "1", "--lag", "1"]) == 0
    assert main([*code, "--button", "Pass"]) == 0
    assert main([*code, "--press", "Shot", "--at", "4.4", "--label", "1", "Player: Home 10"]) == 0
    assert main([*code, "--press", "Shot", "--at", "9"]) == 0
    assert main([*code, "--press", "Pass", "--at", "6"]) == 0
    reel = tmp_path / "shots.mp4"
    capsys.readouterr()
    assert main(["session", "export", str(folder), "--reel", str(reel), "--code", "Shot"]) == 0
    assert "2 events, 102 frames" in capsys.readouterr().out  # 2 s + a frame each, at 25 fps
    with open_video(reel, read_ahead=0) as cut, open_video(video, read_ahead=0) as source:
        assert cut.info.frame_count == 102
        first, original = np.asarray(cut.frame(0)), np.asarray(source.frame(85))  # 3.4 s
        height = first.shape[0]
        top = slice(0, int(height * 0.8))
        assert cv2.PSNR(first[top], original[top]) > 30  # the shot's first frame
        assert cv2.PSNR(first[height - 40 :], original[height - 40 :]) < 25  # with its caption
    assert main(["session", "export", str(folder), "--reel", str(reel), "--code", "Goal"]) == 2
    assert 'no events to put in the reel (code "Goal")' in capsys.readouterr().err
