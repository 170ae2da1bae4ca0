"""``matchdesk athletes``: consent, the access log, export of one athlete's data, erasure, accounts,
encryption of the laptop's file, and the statistics that may leave the department."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from athletes.vocabulary import PURPOSES, ROLES
from matchdesk.commands.athletes_session import athlete_id, signed_in_database, write_result
from matchdesk.errors import MatchdeskError


def register_protection(actions: Any, common: argparse.ArgumentParser) -> None:
    consent = actions.add_parser("consent", parents=[common], help="record consent given or withdrawn")
    consent.add_argument("athlete")
    consent.add_argument("--purpose", choices=PURPOSES, required=True)
    consent.add_argument("--withdraw", action="store_true")
    consent.add_argument("--guardian", help="parent or guardian giving consent (athletes under 16)")
    consent.add_argument("--json", action="store_true")
    consent.set_defaults(handler=run_consent)

    log = actions.add_parser(
        "access-log", parents=[common], help="who read or changed what (admins, athletes)"
    )
    log.add_argument("--athlete")
    log.add_argument("--verify", action="store_true", help="check the hash chain; exit 1 when broken")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=run_access_log)

    export = actions.add_parser("export-data", parents=[common], help="everything held about one athlete")
    export.add_argument("athlete")
    export.add_argument("--out", type=Path, required=True, help="FILE.zip")
    export.add_argument("--language", choices=["vi", "en"], default="vi")
    export.set_defaults(handler=run_export_data)

    erase = actions.add_parser("erase", parents=[common], help="erase one athlete's personal and health data")
    erase.add_argument("athlete")
    erase.add_argument("--confirm", action="store_true", help="required: erasure cannot be undone")
    erase.set_defaults(handler=run_erase)

    correct = actions.add_parser("correct", parents=[common], help="correct the record (old value kept)")
    correct.add_argument("athlete")
    correct.add_argument("field")
    correct.add_argument("value")
    correct.set_defaults(handler=run_correct)

    statistics = actions.add_parser(
        "statistics", parents=[common], help="anonymous statistics for the province (groups of 5 or more)"
    )
    statistics.add_argument("--json", action="store_true")
    statistics.set_defaults(handler=run_statistics)

    user = actions.add_parser("user", help="accounts")
    user_actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_actions.add_parser("add", parents=[common], help="add an account (admins)")
    add.add_argument("login")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--team", action="append", default=[], help="a team in their care (coach, medical)")
    add.add_argument("--athlete", help="their own record (athlete)")
    add.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    add.set_defaults(handler=run_user_add)

    encrypt = actions.add_parser(
        "encrypt", help="encrypt a plain SQLite athletes file with MATCHDESK_DB_KEY (nothing lost)"
    )
    encrypt.add_argument("file", type=Path)
    encrypt.set_defaults(handler=run_encrypt)
    rekey = actions.add_parser("rekey", help="change the key of an encrypted athletes file")
    rekey.add_argument("file", type=Path)
    rekey.add_argument(
        "--new-key-stdin", action="store_true", required=True, help="read the new key from stdin"
    )
    rekey.set_defaults(handler=run_rekey)


def run_consent(arguments: argparse.Namespace) -> int:
    from athletes.access.consent import record_consent
    from athletes.records import find_athlete

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        consent = record_consent(
            session, actor, athlete, arguments.purpose, not arguments.withdraw, arguments.guardian
        )
        state = "given" if consent.given else "withdrawn"
        line = f"{athlete.name}: {arguments.purpose} consent {state} by {actor.login}"
    write_result(
        {"athlete": athlete.id, "purpose": arguments.purpose, "given": consent.given}, arguments.json, line
    )
    return 0


def run_access_log(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_entries, verify_log
    from athletes.access.actor import AccessRefused
    from athletes.records import find_athlete

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete) if arguments.athlete else None
        own = athlete is not None and actor.athlete_id == athlete.id
        if not (actor.is_admin or own):
            raise AccessRefused(f"{actor.login} ({actor.role}) may not read the access log")
        if arguments.verify:
            check = verify_log(session)
            state = "intact" if check.ok else f"TAMPERED: {check.problem}"
            line = f"access log: {state}, {check.entries} entries"
            write_result(
                {"ok": check.ok, "entries": check.entries, "problem": check.problem}, arguments.json, line
            )
            return 0 if check.ok else 1
        entries = log_entries(session, athlete.id if athlete else None)
    if arguments.json:
        write_result(entries, True)
    else:
        for e in entries:
            who = ", ".join(f"#{a}" for a in e["athletes"]) or "-"
            sys.stdout.write(
                f"{e['seq']:>6} {e['at']} {e['user']:<16} {e['action']:<8} {who}  {e['detail']}\n"
            )
    return 0


def run_export_data(arguments: argparse.Namespace) -> int:
    from athletes.access.rights import export_data

    database, actor = signed_in_database(arguments)
    written = export_data(database, actor, athlete_id(database, arguments.athlete, actor), arguments.out,
                          arguments.language)  # fmt: skip
    sys.stdout.write(f"{written}\n")
    return 0


def run_erase(arguments: argparse.Namespace) -> int:
    from athletes.access.rights import erase

    if not arguments.confirm:
        raise MatchdeskError("erasure cannot be undone: add --confirm", arguments.athlete)
    database, actor = signed_in_database(arguments)
    done = erase(database, actor, athlete_id(database, arguments.athlete, actor))
    sys.stdout.write(
        f"athlete #{done['athlete']} erased ({done['sessions']} sessions); "
        "the access log keeps that it happened\n"
    )
    return 0


def run_correct(arguments: argparse.Namespace) -> int:
    from athletes.access.rights import correct_record

    database, actor = signed_in_database(arguments)
    correct_record(
        database, actor, athlete_id(database, arguments.athlete, actor), arguments.field, arguments.value
    )
    return 0


def run_statistics(arguments: argparse.Namespace) -> int:
    from athletes.access.statistics import province_statistics

    database, actor = signed_in_database(arguments)
    found = province_statistics(database, actor)
    if arguments.json:
        write_result(found, True)
        return 0
    for g in found["groups"]:
        sys.stdout.write(
            f"{g['team'] or '-':<20} {g['sport'] or '-':<12} {g['sex']:<7} {g['level'] or '-':<11}"
            f" {g['athletes']:>4} athletes {g['sessions']:>5} sessions {g['minutes']:>8.0f} min\n"
        )
    sys.stdout.write(
        f"(groups under {found['smallest_group']} athletes suppressed; erased: {found['erased']})\n"
    )
    return 0


def run_user_add(arguments: argparse.Namespace) -> int:
    from athletes.access.accounts import add_user

    password = sys.stdin.readline().rstrip("\n")
    database, actor = signed_in_database(arguments)
    add_user(database, actor, arguments.login, arguments.role, password, arguments.team, arguments.athlete)
    sys.stdout.write(f"account {arguments.login} ({arguments.role}) added\n")
    return 0


def run_encrypt(arguments: argparse.Namespace) -> int:
    from athletes.access.encryption import encrypt_file

    rows = encrypt_file(arguments.file, _key_of(arguments.file))
    sys.stdout.write(f"{arguments.file}: encrypted ({rows} rows, all kept)\n")
    return 0


def run_rekey(arguments: argparse.Namespace) -> int:
    from athletes.access.encryption import rekey

    old = _key_of(arguments.file)
    new = sys.stdin.readline().rstrip("\n")
    if len(new) < 8:
        raise MatchdeskError("the new key has at least 8 characters", arguments.file)
    rekey(arguments.file, old, new)
    sys.stdout.write(f"{arguments.file}: key changed\n")
    return 0


def _key_of(file: Path) -> str:
    """The file's key (MATCHDESK_DB_KEY, the keyring, or asked on a terminal)."""
    from athletes.access.encryption import KEY_VARIABLE, find_key

    key = find_key(file, ask=True)
    if not key:
        raise MatchdeskError(f"no key: set {KEY_VARIABLE} (or keep one in the keyring)", file)
    return key
