"""The review file: incidents and signed decisions in an append-only chain that exposes any tampering."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from matchdesk.sample.match import SampleMatch
from var.review_log import ReviewFileError, verify
from var.review_record import Review
from var.review_state import IncidentType
from var.signing import fingerprint, key_path

REFEREE = "Nguyễn Văn An"


@pytest.fixture
def review(tmp_path: Path, sample_match: SampleMatch) -> Path:
    path = tmp_path / "match.review"
    with Review.create(path, "Hà Nội FC v Công An Hà Nội", sample_match.camera_paths, REFEREE) as created:
        created.set_offset(1, 23, "audio", 0.9, REFEREE)
        created.set_offset(2, 47, "audio", 0.85, REFEREE)
        incident = created.add_incident(
            IncidentType.OFFSIDE, 95, 135, ["Home 9", "Away 5"], "through ball", REFEREE
        )
        created.record_decision(incident, "goal", "offside", "no goal", "60 cm beyond the line", REFEREE)
    return path


def sqlite3_tool(path: Path, statement: str) -> subprocess.CompletedProcess[str]:
    """What a person tampering by hand would do: the sqlite3 command-line tool."""
    return subprocess.run(["sqlite3", str(path), statement], capture_output=True, text=True, timeout=60)


def test_incidents_and_decisions_are_recorded_with_reviewer_and_time(review: Path) -> None:
    with Review.open(review) as opened:
        state = opened.state()
    assert state.match == "Hà Nội FC v Công An Hà Nội"
    assert state.offsets == [0, 23, 47]
    (incident,) = state.incidents.values()
    assert (incident.type, incident.first_frame, incident.last_frame) == (IncidentType.OFFSIDE, 95, 135)
    assert incident.players == ("Home 9", "Away 5")
    decision = state.decision(incident.id)
    assert decision is not None
    assert (decision.final_decision, decision.reviewer) == ("no goal", REFEREE)
    assert decision.created_at.endswith("+00:00")


def test_the_signing_key_is_made_on_first_use_and_kept_private(review: Path) -> None:
    assert key_path().exists()
    assert key_path().stat().st_mode & 0o077 == 0
    result = verify(review)
    assert result.ok and result.signed == 1
    with Review.open(review) as opened:
        decision = opened.state().decision(next(iter(opened.state().incidents)))
    assert decision is not None and result.signers == [fingerprint(decision.public_key)]


def test_a_correction_is_a_new_entry_that_points_at_the_old_one(review: Path) -> None:
    with Review.open(review) as opened:
        incident = next(iter(opened.state().incidents))
        first = opened.state().decision(incident)
        opened.record_decision(
            incident,
            "goal",
            "offside",
            "goal stands",
            "the line was drawn on the wrong frame",
            "Lê Minh Châu",
        )
        state = opened.state()
    history = state.decisions[incident]
    assert [d.final_decision for d in history] == ["no goal", "goal stands"]
    assert history[1].corrects == first.seq if first else False
    assert verify(review).ok


def test_the_log_refuses_edits_and_deletes(review: Path) -> None:
    assert "append-only" in sqlite3_tool(review, "UPDATE entries SET author = 'x' WHERE seq = 1;").stderr
    assert "append-only" in sqlite3_tool(review, "DELETE FROM entries WHERE seq = 2;").stderr
    assert verify(review).ok


def test_readable_views_show_the_decision(review: Path) -> None:
    result = sqlite3_tool(review, "SELECT final_decision, reviewer, signed FROM decisions;")
    assert result.stdout.strip() == f"no goal|{REFEREE}|1"


def test_editing_a_decision_by_hand_is_detected_and_named(review: Path) -> None:
    result = sqlite3_tool(
        review,
        "DROP TRIGGER entries_are_never_changed;"
        " UPDATE entries SET payload = replace(payload, 'no goal', 'goal') WHERE kind = 'decision';",
    )
    assert result.returncode == 0, result.stderr
    assert sqlite3_tool(review, "SELECT final_decision FROM decisions;").stdout.strip() == "goal"
    found = verify(review)
    assert not found.ok
    assert found.problems == ["entry 8 (decision) was altered: its content no longer matches its hash"]


def test_deleting_a_row_is_detected_and_named(review: Path) -> None:
    sqlite3_tool(
        review, "DROP TRIGGER entries_are_never_deleted; DELETE FROM entries WHERE kind = 'incident';"
    )
    found = verify(review)
    assert not found.ok and found.problems[0].startswith("entry 7 removed")


def test_cutting_off_the_last_decision_is_detected_from_this_machines_receipt(review: Path) -> None:
    sqlite3_tool(
        review, "DROP TRIGGER entries_are_never_deleted; DELETE FROM entries WHERE kind = 'decision';"
    )
    found = verify(review)
    assert not found.ok and "entries 8-8 removed from the end" in found.problems[0]


def test_forging_a_decision_with_a_recomputed_hash_fails_the_signature(review: Path) -> None:
    import json

    from var.review_log import entry_hash

    connection = sqlite3.connect(review)
    row = connection.execute(
        "SELECT seq, kind, payload, author, created_at, refers_to, prev_hash, public_key"
        " FROM entries WHERE seq = 8"
    ).fetchone()
    payload = json.loads(row[2])
    payload["final_decision"] = "goal"
    forged = entry_hash(
        row[6],
        {
            "seq": row[0],
            "kind": row[1],
            "payload": payload,
            "author": row[3],
            "created_at": row[4],
            "refers_to": row[5],
            "public_key": row[7],
        },
    )
    connection.executescript("DROP TRIGGER entries_are_never_changed;")
    from matchdesk.hash_chain import canonical

    connection.execute("UPDATE entries SET payload = ?, hash = ? WHERE seq = 8", (canonical(payload), forged))
    connection.commit()
    connection.close()
    found = verify(review)
    assert not found.ok and found.problems == ["entry 8 (decision) has an invalid signature"]


def test_verify_command_exit_status_tells_scripts(review: Path) -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "matchdesk", "verify", str(review)], capture_output=True, text=True
    )
    assert ok.returncode == 0 and "intact: 8 entries, 1 signed decisions verified" in ok.stdout
    sqlite3_tool(
        review, "DROP TRIGGER entries_are_never_changed; UPDATE entries SET author = 'x' WHERE seq = 3;"
    )
    bad = subprocess.run(
        [sys.executable, "-m", "matchdesk", "verify", str(review)], capture_output=True, text=True
    )
    assert bad.returncode == 1 and "TAMPERED: entry 3 (angle_added) was altered" in bad.stdout


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from var.review_record import Review
    from var.review_state import IncidentType
    with Review.open(Path(sys.argv[1])) as review:
        incident = review.add_incident(IncidentType.FOUL, 170, 190, [], "", "writer")
        for n in range(10_000):
            decision = review.record_decision(incident, "play on", "penalty", f"penalty {n}", "", "writer")
            print(decision.seq, flush=True)
    """
)


def test_a_writer_killed_mid_way_loses_no_recorded_decision(review: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(review)], stdout=subprocess.PIPE, text=True, env={**os.environ}
    )
    assert process.stdout is not None
    confirmed = [int(process.stdout.readline()) for _ in range(40)]
    os.kill(process.pid, signal.SIGKILL)  # mid-way through the next decisions
    process.wait()
    found = verify(review)
    assert found.ok, found.problems
    with Review.open(review) as opened:
        stored = {d.seq for history in opened.state().decisions.values() for d in history}
    assert set(confirmed) <= stored
    assert sqlite3_tool(review, "PRAGMA integrity_check;").stdout.strip() == "ok"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            lambda r: r.add_incident(IncidentType.FOUL, 200, 100, [], "", REFEREE),
            "ends (frame 100) before it starts",
        ),
        (lambda r: r.record_decision(99, "", "", "goal", "", REFEREE), "there is no incident 99"),  # type: ignore[arg-type]
        (lambda r: r.record_decision(7, "", "", " ", "", REFEREE), "needs a final decision"),  # type: ignore[arg-type]
        (lambda r: r.record_decision(7, "", "", "goal", "", ""), "needs the reviewer's name"),  # type: ignore[arg-type]
        (lambda r: r.set_offset(0, 5, "manual", 1.0, REFEREE), "angle 1 is the reference"),
    ],
)
def test_impossible_records_are_refused_with_a_reason(review: Path, action: object, message: str) -> None:
    with Review.open(review) as opened, pytest.raises(ReviewFileError, match=re.escape(message)):
        action(opened)  # type: ignore[operator]
    assert verify(review).ok


def test_opening_something_that_is_not_a_review_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.review"
    notes.write_text("not a database")
    with pytest.raises(ReviewFileError, match="not a matchdesk review file"):
        Review.open(notes)
    with pytest.raises(ReviewFileError, match="review file not found"):
        Review.open(tmp_path / "missing.review")
