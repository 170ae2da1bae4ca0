"""The VAR workflow from the shell: sync angles, keep the review file, check it, export the evidence."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from matchdesk.commands import review_request_commands
from matchdesk.commands.arguments import parse_point
from matchdesk.errors import MatchdeskError
from matchdesk.settings import load_settings
from var.review_record import Review
from var.review_state import IncidentId, IncidentType
from var.sports.catalogue import DEFAULT_SPORT, find_profile
from var.sports.profile import SportProfile, parse_overrides, read_profile, with_overrides


def register(commands: Any) -> None:
    sync = commands.add_parser(
        "sync", help="find each angle's sync offset from sound (or motion), or a recording's from its clock"
    )
    sync.add_argument(
        "angles",
        type=Path,
        nargs="+",
        metavar="ANGLE",
        help="the first is the reference; or one recording folder (matchdesk capture), synced by its clock",
    )
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(handler=run_sync)

    check = commands.add_parser("verify", help="check a review file's chain and signatures")
    check.add_argument("review", type=Path, metavar="REVIEW_DB")
    check.set_defaults(handler=run_verify)

    export = commands.add_parser("export", help="export an incident: clips, split screen, stills, PDF report")
    export.add_argument("review", type=Path, metavar="REVIEW_DB")
    export.add_argument("incident", type=int, metavar="INCIDENT")
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--slow", type=int, default=1, help="slow motion factor (2: half speed)")
    export.add_argument(
        "--still",
        type=int,
        action="append",
        default=[],
        metavar="FRAME",
        help="reference frame to export as full-resolution PNG (repeatable)",
    )
    export.add_argument(
        "--lang", choices=["vi", "en"], default=None, help="report language (default: settings)"
    )
    export.set_defaults(handler=run_export)

    var = commands.add_parser("var", help="keep a review file: angles, incidents, offside lines, decisions")
    actions = var.add_subparsers(dest="var_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="start a review file for one match")
    new.add_argument("review", type=Path, metavar="REVIEW_DB")
    new.add_argument("angles", type=Path, nargs="+", metavar="ANGLE")
    new.add_argument("--match", required=True, help='e.g. "Hà Nội FC v Công An Hà Nội, 21/11/2026"')
    new.add_argument("--sync", action="store_true", help="find the offsets automatically")
    new.add_argument("--offset", type=int, action="append", metavar="FRAMES", help="offset of angle 2, 3, 4")
    new.add_argument("--reviewer")
    new.add_argument(
        "--sport", help="the sport whose review rules apply (matchdesk sports); default football_fvs"
    )
    new.add_argument("--profile", type=Path, metavar="FILE", help="a review profile the department wrote")
    new.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a competition's own count, e.g. quota.count=2",
    )
    new.add_argument(
        "--sides", nargs=2, metavar="SIDE", help="the two sides, where the sport names them per match"
    )
    new.set_defaults(handler=run_new)

    incident = actions.add_parser("incident", help="log an incident")
    incident.add_argument("review", type=Path, metavar="REVIEW_DB")
    incident.add_argument("--type", required=True, choices=[t.value for t in IncidentType])
    incident.add_argument(
        "--frames", required=True, metavar="FIRST-LAST", help="reference frames, e.g. 100-130"
    )
    incident.add_argument("--player", action="append", default=[], help='e.g. "Home 9" (repeatable)')
    incident.add_argument("--notes", default="")
    incident.add_argument("--reviewer")
    incident.set_defaults(handler=run_incident)

    offside = actions.add_parser("offside", help="calibrate a frame and measure an offside")
    offside.add_argument("review", type=Path, metavar="REVIEW_DB")
    offside.add_argument("incident", type=int, metavar="INCIDENT")
    offside.add_argument("--angle", type=int, required=True, help="1-based angle number")
    offside.add_argument("--frame", type=int, required=True, help="reference frame (the moment of the pass)")
    offside.add_argument(
        "--point",
        action="append",
        default=[],
        required=True,
        metavar="NAME=X,Y",
        help='a pitch point clicked on the image, e.g. "centre spot=480,300" (4 or more)',
    )
    offside.add_argument("--attacker", required=True, metavar="X,Y")
    offside.add_argument("--defender", required=True, metavar="X,Y")
    offside.add_argument(
        "--direction",
        type=int,
        choices=[1, -1],
        required=True,
        help="+1: attacking towards the right-hand goal line of the template; -1: the left",
    )
    offside.add_argument("--reviewer")
    offside.set_defaults(handler=run_offside)

    decide = actions.add_parser("decide", help="record (and sign) the decision on an incident")
    decide.add_argument("review", type=Path, metavar="REVIEW_DB")
    decide.add_argument("incident", type=int, metavar="INCIDENT")
    decide.add_argument("--on-field", default="")
    decide.add_argument("--recommendation", default="")
    decide.add_argument("--final", required=True)
    decide.add_argument("--reason", default="")
    decide.add_argument("--reviewer")
    decide.set_defaults(handler=run_decide)

    review_request_commands.register_actions(actions, reviewer_name)

    show = actions.add_parser("show", help="print a review's incidents and decisions")
    show.add_argument("review", type=Path, metavar="REVIEW_DB")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)


def reviewer_name(given: str | None) -> str:
    return given or load_settings().reviewer_name or getpass.getuser()


def run_sync(arguments: argparse.Namespace) -> int:
    from var.capture.clock_sync import angles_of_recording
    from var.sync import sync_angles

    recorded = angles_of_recording(arguments.angles)
    if recorded is not None:  # placed by the capture clock: nothing to search for
        arguments.angles, offsets = recorded
    else:
        offsets = sync_angles(arguments.angles)
    if arguments.json:
        document = {"reference": str(arguments.angles[0]), "angles": [o.to_json_dict() for o in offsets]}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        for offset in offsets:
            found = "—" if offset.offset_frames is None else f"{offset.offset_frames:+d} frames"
            sys.stdout.write(
                f"{offset.path}: {found} ({offset.method}, confidence {offset.confidence:.2f})"
                + (f": {offset.problem}" if offset.problem else "")
                + "\n"
            )
    return 1 if any(o.offset_frames is None for o in offsets) else 0


def run_verify(arguments: argparse.Namespace) -> int:
    from var.review_log import verify

    result = verify(arguments.review)
    sys.stdout.write(result.summary(arguments.review) + "\n")
    return 0 if result.ok else 1


def run_export(arguments: argparse.Namespace) -> int:
    from var.export import ExportOptions, export_incident
    from var.report import write_incident_report

    language = arguments.lang or load_settings().language
    options = ExportOptions(slow_motion=arguments.slow, stills=tuple(arguments.still), language=language)
    if arguments.slow < 1:
        raise MatchdeskError("--slow is a whole factor of 1 or more")
    incident = IncidentId(arguments.incident)

    def announce(name: str) -> None:
        sys.stderr.write(f"wrote {name}\n")

    result = export_incident(arguments.review, incident, arguments.out, options, on_progress=announce)
    rate = result.frame_rate
    report = write_incident_report(
        arguments.review,
        incident,
        result.stills,
        arguments.out / f"incident_{incident}_report_{language}.pdf",
        language,
        rate,
    )
    for path in [*result.clips, result.split_screen, *result.stills, report]:
        sys.stdout.write(f"{path}\n")
    return 0


def run_new(arguments: argparse.Namespace) -> int:
    from var.media import open_video
    from var.sync import sync_angles

    author = reviewer_name(arguments.reviewer)
    profile = _sport_profile(arguments)
    for angle in arguments.angles:
        with open_video(angle, read_ahead=0):
            pass  # a missing or broken angle stops here, before any file is written
    sides = tuple(arguments.sides or ())
    review = Review.create(
        arguments.review,
        arguments.match,
        arguments.angles,
        author,
        profile,
        parse_overrides(arguments.override),
        sides,
    )
    with review:
        if arguments.sync:
            for index, found in enumerate(sync_angles(arguments.angles)[1:], start=1):
                if found.offset_frames is None:
                    sys.stderr.write(f"{found.path}: {found.problem}; set its offset by hand in the desk\n")
                    continue
                review.set_offset(index, found.offset_frames, found.method, found.confidence, author)
        for index, offset in enumerate(arguments.offset or [], start=1):
            review.set_offset(index, offset, "manual", 1.0, author)
        state = review.state()
    sys.stdout.write(f"{arguments.review}: {len(state.angle_paths)} angles, offsets {state.offsets}\n")
    return 0


def _sport_profile(arguments: argparse.Namespace) -> SportProfile:
    """The profile ``var new`` names (``--profile`` FILE, else ``--sport``), with its overrides applied."""
    profile = (
        read_profile(arguments.profile)
        if arguments.profile
        else find_profile(arguments.sport or DEFAULT_SPORT)
    )
    if arguments.profile and arguments.sport and profile.name != arguments.sport:
        raise MatchdeskError(
            f"the profile is for {profile.name!r}, not {arguments.sport!r}", arguments.profile
        )
    return with_overrides(profile, parse_overrides(arguments.override))


def _frame_range(text: str) -> tuple[int, int]:
    try:
        first, last = (int(part) for part in text.split("-", 1))
    except ValueError as error:
        raise MatchdeskError(f"--frames takes FIRST-LAST, e.g. 100-130, not {text!r}") from error
    return first, last


def run_incident(arguments: argparse.Namespace) -> int:
    first, last = _frame_range(arguments.frames)
    with Review.open(arguments.review) as review:
        incident = review.add_incident(
            IncidentType(arguments.type),
            first,
            last,
            arguments.player,
            arguments.notes,
            reviewer_name(arguments.reviewer),
        )
    sys.stdout.write(f"{incident}\n")
    return 0


def run_offside(arguments: argparse.Namespace) -> int:
    from var.media import open_video
    from var.offside import CalibrationError, analysis_record, calibrate, offside_lines, verdict_in_words

    clicks = []
    for item in arguments.point:
        name, _, position = item.rpartition("=")
        clicks.append((name.strip(), parse_point(position)))
    try:
        calibration = calibrate(clicks)
    except CalibrationError as error:
        raise MatchdeskError(f"calibration: {error}", arguments.review) from error
    angle = arguments.angle - 1
    with Review.open(arguments.review) as review:
        state = review.state()
        if not 0 <= angle < len(state.angle_paths):
            raise MatchdeskError(f"there is no angle {arguments.angle}", arguments.review)
        with open_video(state.angle_paths[angle], read_ahead=0) as video:
            frame_rate = video.info.frame_rate
        lines = offside_lines(
            calibration,
            parse_point(arguments.attacker),
            parse_point(arguments.defender),
            arguments.direction,
            frame_rate=frame_rate,
        )
        own = arguments.frame - state.offsets[angle]
        record = analysis_record(angle, own, arguments.frame, calibration, lines)
        review.record_offside(IncidentId(arguments.incident), record, reviewer_name(arguments.reviewer))
    sys.stdout.write(
        f"{lines.distance_cm:+.1f} ± {lines.uncertainty_cm:.1f} cm "
        f"({verdict_in_words(lines.verdict)}); reprojection error "
        f"{calibration.reprojection_error_px:.2f} px\n"
    )
    return 0


def run_decide(arguments: argparse.Namespace) -> int:
    with Review.open(arguments.review) as review:
        decision = review.record_decision(
            IncidentId(arguments.incident),
            arguments.on_field,
            arguments.recommendation,
            arguments.final,
            arguments.reason,
            reviewer_name(arguments.reviewer),
        )
    sys.stdout.write(f"decision {decision.seq} on incident {decision.incident} recorded and signed\n")
    return 0


def run_show(arguments: argparse.Namespace) -> int:
    with Review.open(arguments.review) as review:
        state = review.state()
    if arguments.json:
        document = {
            "match": state.match,
            "angles": [
                {"path": str(p), "offset_frames": o, "method": m}
                for p, o, m in zip(state.angle_paths, state.offsets, state.offset_methods, strict=True)
            ],
            "incidents": [
                {
                    **{k: v for k, v in asdict(i).items() if k != "type"},
                    "type": i.type.value,
                    "decision": asdict(d) if (d := state.decision(i.id)) else None,
                    "offside_cm": state.offside[i.id]["distance_cm"] if i.id in state.offside else None,
                }
                for i in state.incidents.values()
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
        return 0
    sys.stdout.write(f"{state.match}\n")
    for incident in state.incidents.values():
        decision = state.decision(incident.id)
        sys.stdout.write(
            f"  {incident.id}: {incident.type.value} frames {incident.first_frame}-{incident.last_frame}"
            f" — {decision.final_decision if decision else 'no decision yet'}\n"
        )
    return 0
